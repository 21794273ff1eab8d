// Which servers get their FDs read by kind this tick. A breakdown costs a readlink per FD (~7 µs each), so beyond
// the servers that must be read (the selected one, one whose FD count rose) the others take turns, within a budget
// of FDs per tick: every server's kinds are sampled regularly, which per-kind verdicts need, at a bounded cost.
import type { ProcKey } from './types.js';

/** FDs read by kind per tick for the turn-taking servers (~2 ms); the must-reads come on top. */
export const KINDS_FD_BUDGET = 250;

export interface KindsCandidate {
  readonly key: ProcKey;
  /** FDs of the tree now (undefined: unknown, counted as one). */
  readonly fds: number | undefined;
}

/** Round robin over the servers, in the order given, resumed where the last tick stopped. */
export class KindsRota {
  private next: ProcKey | undefined;

  constructor(private readonly budget = KINDS_FD_BUDGET) {}

  /** Keys to read this tick: every must-read, then others in turn until the budget is spent (at least one). */
  pick(servers: readonly KindsCandidate[], must: ReadonlySet<ProcKey>): Set<ProcKey> {
    const chosen = new Set<ProcKey>(must);
    if (servers.length === 0) return chosen;
    let start = this.next === undefined ? 0 : servers.findIndex((s) => s.key === this.next);
    if (start < 0) start = 0;
    let spent = 0;
    let i = 0;
    for (; i < servers.length; i++) {
      const s = servers[(start + i) % servers.length]!;
      if (chosen.has(s.key)) continue;
      const cost = Math.max(1, s.fds ?? 1);
      if (spent > 0 && spent + cost > this.budget) break;
      chosen.add(s.key);
      spent += cost;
    }
    this.next = servers[(start + i) % servers.length]?.key;
    return chosen;
  }
}
