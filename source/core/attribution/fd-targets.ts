// FD attribution: what a server's FDs point at, the baseline remembered per server, and the targets that grew since.
import { redactText } from '../redact.js';
import type { FdKind, ProcKey } from '../types.js';

/** FDs of a tree sharing one target ("file /srv/app/data.json", "tcp 127.0.0.1:* -> 127.0.0.1:8080 ESTABLISHED"). */
export interface FdTargetCount {
  /** The target as a person reads it; ephemeral ports and pipe inodes are folded so like FDs group together. */
  readonly target: string;
  readonly kind: FdKind;
  readonly count: number;
}

/** A tree's FDs grouped by target, largest first; "denied": another user's process (never shown as none). */
export type FdTargetsResult = readonly FdTargetCount[] | 'denied' | 'gone';

/** Reads the FD targets of a process tree (its live members' pids, root first). */
export interface FdTargetReader {
  /**
   * `launched: false`: mcptop did not start this tree, so no pipe of it ends in mcptop (mcptop's own FDs, which include
   * two held per watched process, are then not read for it). Undefined: they are read.
   */
  read(pids: readonly number[], opts?: { readonly launched?: boolean }): Promise<FdTargetsResult>;
}

/** A target whose FDs grew since the server's baseline read. */
export interface FdTargetGrowth {
  readonly target: string;
  readonly kind: FdKind;
  /** FDs on this target at the baseline read (0: not open then). */
  readonly baseline: number;
  readonly count: number;
  /** count - baseline, > 0. */
  readonly growth: number;
}

/** Targets kept per server (the reader folds the rest into one "other targets" row): bounds every map here. */
export const MAX_TARGETS = 200;
/** Growing targets shown per server (detail pane, summary, --json). */
export const MAX_GROWING = 8;
/** The folded row's target name. */
export const OTHER_TARGETS = '(other targets)';

/** Groups beyond MAX_TARGETS fold into one row, so a tree with 10,000 distinct files still costs a bounded map. */
export function capTargets(groups: ReadonlyMap<string, { kind: FdKind; count: number }>, max = MAX_TARGETS): FdTargetCount[] {
  const all = [...groups].map(([target, g]) => ({ target, kind: g.kind, count: g.count }));
  all.sort((a, b) => b.count - a.count || (a.target < b.target ? -1 : 1));
  if (all.length <= max) return all;
  const kept = all.slice(0, max - 1);
  const rest = all.slice(max - 1).reduce((n, g) => n + g.count, 0);
  kept.push({ target: OTHER_TARGETS, kind: 'other', count: rest });
  return kept;
}

/** Targets that grew from `baseline` to `now`, largest growth first, at most `limit`. */
export function growingTargets(baseline: readonly FdTargetCount[], now: readonly FdTargetCount[], limit = MAX_GROWING): FdTargetGrowth[] {
  const before = new Map(baseline.map((b) => [b.target, b.count]));
  const out: FdTargetGrowth[] = [];
  for (const g of now) {
    const was = before.get(g.target) ?? 0;
    if (g.count > was) out.push({ target: g.target, kind: g.kind, baseline: was, count: g.count, growth: g.count - was });
  }
  out.sort((a, b) => b.growth - a.growth || (a.target < b.target ? -1 : 1));
  // A path can carry a token ("/tmp/session-<secret>"): what leaves this room is redacted, only the shown few.
  return out.slice(0, limit).map((g) => ({ ...g, target: redactText(g.target) }));
}

interface Tracked {
  baseline: readonly FdTargetCount[];
  growing: readonly FdTargetGrowth[];
}

/**
 * Per server: the first target read is the baseline, each later read is diffed against it. Bounded by the servers
 * watched (retain() drops the others) times MAX_TARGETS rows; a read that failed changes nothing.
 */
export class FdAttribution {
  private readonly servers = new Map<ProcKey, Tracked>();

  has(key: ProcKey): boolean {
    return this.servers.has(key);
  }

  observe(key: ProcKey, result: FdTargetsResult): void {
    if (typeof result !== 'object') return;
    const seen = this.servers.get(key);
    if (seen === undefined) this.servers.set(key, { baseline: result, growing: [] });
    else seen.growing = growingTargets(seen.baseline, result);
  }

  /** Targets that grew, or undefined when nothing has grown (or the server was never read). */
  growing(key: ProcKey): readonly FdTargetGrowth[] | undefined {
    const g = this.servers.get(key)?.growing;
    return g !== undefined && g.length > 0 ? g : undefined;
  }

  retain(keys: ReadonlySet<ProcKey>): void {
    for (const k of this.servers.keys()) if (!keys.has(k)) this.servers.delete(k);
  }

  get size(): number {
    return this.servers.size;
  }
}
