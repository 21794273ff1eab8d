// A MonitorHandle driven by hand: tests push snapshots and read back what the view focused.
import type { MonitorHandle, ProcKey, Snapshot } from '../../source/core/types.js';
import { makeSnapshot } from './snapshots.js';

export class FakeMonitor implements MonitorHandle {
  private snapshot: Snapshot;
  private readonly listeners = new Set<(s: Snapshot) => void>();
  /** Every setFocus call, in order. */
  readonly focusCalls: (ProcKey | undefined)[] = [];

  constructor(initial: Snapshot = makeSnapshot()) {
    this.snapshot = initial;
  }

  getSnapshot(): Snapshot {
    return this.snapshot;
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  setFocus(key: ProcKey | undefined): void {
    this.focusCalls.push(key);
  }

  /** Publishes a new snapshot as the Monitor does after a tick. */
  push(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    for (const l of [...this.listeners]) l(snapshot);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
