// The Monitor's snapshot feeds: subscribe (once per tick) and onChange (every new snapshot, between-tick ones coalesced),
// and what of a server's flags or a stress view is worth a publication between ticks.
import { errorText } from './notices.js';
import type { Clock, TimerHandle } from './ports.js';
import type { ChurnView, ProcKey, Snapshot, StressView } from './types.js';

/**
 * Least time between an onChange publication and a between-tick one after it, ms. A frame of the TUI costs ~22 ms of CPU
 * with 100 servers (and ~45 ms with its tick), so a burst of changes (notices, a load's round ending) is capped at 10
 * frames a second, and one change after a quiet spell still shows within a timer turn.
 */
export const CHANGE_GAP_MS = 100;

/** A list of snapshot listeners; one that throws is reported and the others still run. */
export class SnapshotFeed {
  private readonly listeners = new Set<(s: Snapshot) => void>();

  constructor(private readonly onError: (message: string) => void) {}

  get size(): number {
    return this.listeners.size;
  }

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

/**
 * subscribe's feed hears of ticks only; onChange's of each tick and of changes between ticks. A change between ticks
 * (soon) is published on a clock timer, once for every change made before it fires, CHANGE_GAP_MS at least after the
 * last publication; a tick's publication (or publish) supersedes a pending one. close() clears the timer for good.
 */
export class SnapshotFeeds {
  readonly ticked: SnapshotFeed;
  readonly changed: SnapshotFeed;
  private timer: TimerHandle | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(private readonly clock: Clock, private readonly current: () => Snapshot, onError: (message: string) => void) {
    this.ticked = new SnapshotFeed(onError);
    this.changed = new SnapshotFeed(onError);
  }

  /** A tick's snapshot to subscribe's listeners, then onChange's the current one (with what those listeners changed). */
  tick(snapshot: Snapshot): void {
    this.ticked.emit(snapshot);
    this.publish(this.current());
  }

  /** To onChange's listeners now. */
  publish(snapshot: Snapshot): void {
    this.cancel();
    this.lastAt = this.clock.now();
    this.changed.emit(snapshot);
  }

  /** The current snapshot changed between ticks: published later (nothing is armed with no onChange listener to hear it). */
  soon(): void {
    if (this.closed || this.timer !== undefined || this.changed.size === 0) return;
    const wait = Math.max(0, this.lastAt + CHANGE_GAP_MS - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.publish(this.current());
    }, wait);
  }

  close(): void {
    this.closed = true;
    this.cancel();
  }

  private cancel(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * Whether a new stress or churn view says something the last did not: a start or an end, another state, round or
 * message, churn survivors or zombies found. Counters moving are not: the load engine sends its progress ten times a
 * second, which would redraw the whole table as often; progress shows at the next tick.
 */
export function newStage(a: StressView | ChurnView | undefined, b: StressView | ChurnView | undefined): boolean {
  if (a === undefined || b === undefined) return a !== b;
  if (a.state !== b.state || a.message !== b.message) return true;
  if ('round' in a && 'round' in b) return a.round !== b.round;
  return 'survivors' in a && 'survivors' in b && (a.survivors !== b.survivors || a.zombies !== b.zombies);
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
