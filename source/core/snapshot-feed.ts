// The Monitor's snapshot listeners, and the update of a published snapshot when a server's cleanup flags change.
import { errorText } from './notices.js';
import type { ProcKey, Snapshot } from './types.js';

/** A list of snapshot listeners; one that throws is reported and the others still run. */
export class SnapshotFeed {
  private readonly listeners = new Set<(s: Snapshot) => void>();

  constructor(private readonly onError: (message: string) => void) {}

  add(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(snapshot: Snapshot): void {
    for (const fn of [...this.listeners]) {
      try { fn(snapshot); } catch (err) { this.onError(`listener failed: ${errorText(err)}`); }
    }
  }
}

/** Same flags in the same order; no list and an empty one both mean none. */
export function sameFlags(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((f, i) => f === y[i]);
}

/** The snapshot with one server's flags replaced (a new object; the old one is left as it was), or undefined when it does not list the server. */
export function withFlags(snap: Snapshot, key: ProcKey, flags: readonly string[] | undefined): Snapshot | undefined {
  if (!snap.servers.some((v) => v.key === key)) return undefined;
  return { ...snap, servers: snap.servers.map((v) => (v.key === key ? { ...v, flags } : v)) };
}
