// Which servers get their FDs read by kind this tick. A breakdown costs a readlink per FD (~7 µs each), so beyond
// the servers that must be read (the selected one, one whose FD count rose) the others take turns, within a budget
// of FDs per tick: every server's kinds are sampled regularly, which per-kind verdicts need, at a bounded cost. A
// server whose FD count has not moved since its last breakdown waits REFRESH_TICKS for its next one, and twice as
// long after each breakdown that came out the same (up to MAX_REFRESH_TICKS): an idle table is not read again and again.
import { FD_KINDS } from './types.js';
import type { FdKindsResult, ProcKey } from './types.js';

/** FDs read by kind per tick for the turn-taking servers (~2 ms); the must-reads come on top. */
export const KINDS_FD_BUDGET = 250;
/**
 * A server whose FD count did not change since its last breakdown is read again after this many ticks: with 500 servers
 * the budget alone spaced reads ~8 ticks apart already; per-kind verdicts (a kind rising while another falls by as much,
 * the settle after a load) need a read every few ticks (test/core/fd-kind-verdicts.test.ts, test/report.test.ts).
 */
export const REFRESH_TICKS = 5;
/** The longest wait of a server whose breakdowns keep coming out the same (a kind moving while another falls by as much). */
export const MAX_REFRESH_TICKS = 60;

export interface KindsCandidate {
  readonly key: ProcKey;
  /** FDs of the tree now (undefined: unknown, counted as one). */
  readonly fds: number | undefined;
}

/** Round robin over the servers, in the order given, resumed where the last tick stopped. */
export class KindsRota {
  private next: ProcKey | undefined;
  private tick = 0;
  /**
   * FD count, tick, the breakdown and the wait before the next of each server's last breakdown (bounded by the
   * servers given: pick() forgets the others).
   */
  private readonly last = new Map<ProcKey, { fds: number | undefined; tick: number; every: number; kinds: FdKindsResult | undefined }>();

  constructor(private readonly budget = KINDS_FD_BUDGET, private readonly refreshTicks = REFRESH_TICKS,
    private readonly maxRefreshTicks = Math.max(refreshTicks, MAX_REFRESH_TICKS)) {}

  /** A breakdown read for a server: the same as its last one doubles its wait; another resets it to refreshTicks. */
  observed(key: ProcKey, kinds: FdKindsResult | undefined): void {
    const last = this.last.get(key);
    if (last === undefined) return;
    last.every = sameKinds(last.kinds, kinds) ? Math.min(this.maxRefreshTicks, last.every * 2) : this.refreshTicks;
    last.kinds = kinds;
  }

  /**
   * Keys to read this tick: every must-read, then the others that are due (never read, FD count changed since their
   * last breakdown, or REFRESH_TICKS passed) in turn until the budget is spent (at least one when any is due).
   */
  pick(servers: readonly KindsCandidate[], must: ReadonlySet<ProcKey>): Set<ProcKey> {
    this.tick += 1;
    const chosen = new Set<ProcKey>(must);
    if (must.size > 0) for (let i = 0; i < servers.length; i++) if (must.has(servers[i]!.key)) this.noteRead(servers[i]!);
    if (this.last.size > servers.length) this.forget(servers);
    if (servers.length === 0) return chosen;
    let start = this.next === undefined ? 0 : servers.findIndex((s) => s.key === this.next);
    if (start < 0) start = 0;
    let spent = 0;
    let i = 0;
    for (; i < servers.length; i++) {
      const s = servers[(start + i) % servers.length]!;
      if (chosen.has(s.key) || !this.due(s)) continue;
      const cost = Math.max(1, s.fds ?? 1);
      if (spent > 0 && spent + cost > this.budget) break;
      chosen.add(s.key);
      this.noteRead(s);
      spent += cost;
    }
    this.next = servers[(start + i) % servers.length]?.key;
    return chosen;
  }

  private due(s: KindsCandidate): boolean {
    const last = this.last.get(s.key);
    return last === undefined || last.fds !== s.fds || this.tick - last.tick >= last.every;
  }

  private noteRead(s: KindsCandidate): void {
    const last = this.last.get(s.key);
    if (last === undefined) this.last.set(s.key, { fds: s.fds, tick: this.tick, every: this.refreshTicks, kinds: undefined });
    else {
      if (last.fds !== s.fds) last.every = this.refreshTicks;
      last.fds = s.fds;
      last.tick = this.tick;
    }
  }

  private forget(servers: readonly KindsCandidate[]): void {
    const keep = new Set(servers.map((s) => s.key));
    for (const k of this.last.keys()) if (!keep.has(k)) this.last.delete(k);
  }
}

/** Two breakdowns with the same count of every kind (unreadable ones never count as the same). */
function sameKinds(a: FdKindsResult | undefined, b: FdKindsResult | undefined): boolean {
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  for (const k of FD_KINDS) if (a[k] !== b[k]) return false;
  return true;
}
