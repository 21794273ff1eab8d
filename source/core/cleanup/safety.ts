// The safety rules of cleanup: which processes may never be signalled, and why, as one readable reason.
import { ancestorPids } from '../proc-tree.js';
import { procKey, type ProcEntry, type ProcIdentity, type ProcKey } from '../types.js';

export interface SafetyContext {
  readonly selfPid: number;
  /** Real uid mcptop runs as; undefined when unknown (then every process with a known owner is compared to nothing and refused). */
  readonly selfUid?: number;
  /** Pids that are never signalled, with why: mcptop's ancestors, its session leader, its process group. */
  readonly protectedPids: ReadonlyMap<number, string>;
  /** Root only: allow signalling processes of other users. */
  readonly allowOtherUsers: boolean;
}

/**
 * The processes around mcptop that must survive any cleanup: every ancestor (the shell it runs under, the
 * terminal emulator, tmux...), the leader of its session (the login shell of its terminal) and every member
 * of its own process group (a pipeline such as `mcptop cleanup | tee log`). Derived from one process listing.
 */
export function protectedPids(selfPid: number, entries: Iterable<ProcEntry>): Map<number, string> {
  const byPid = new Map<number, ProcEntry>();
  for (const e of entries) byPid.set(e.pid, e);
  const out = new Map<number, string>();
  for (const pid of ancestorsOf(selfPid, byPid.values())) {
    const e = byPid.get(pid);
    out.set(pid, `an ancestor of mcptop${e === undefined ? '' : ` (${e.comm})`}`);
  }
  const self = byPid.get(selfPid);
  if (self?.sid !== undefined && self.sid > 0 && !out.has(self.sid) && self.sid !== selfPid) {
    out.set(self.sid, "mcptop's session leader (its terminal's shell)");
  }
  if (self?.pgid !== undefined && self.pgid > 0) {
    for (const e of byPid.values()) {
      if (e.pgid === self.pgid && e.pid !== selfPid && !out.has(e.pid)) out.set(e.pid, "in mcptop's own process group");
    }
  }
  return out;
}

/** Why this process must not be signalled, or undefined when the rules allow it. */
export function refusal(
  target: ProcIdentity & { readonly uid?: number },
  watched: ReadonlySet<ProcKey>,
  ctx: SafetyContext,
): string | undefined {
  if (target.pid <= 1) return target.pid === 1 ? 'PID 1 (init) is never signalled' : 'not a process';
  if (target.pid === ctx.selfPid) return 'mcptop itself';
  const prot = ctx.protectedPids.get(target.pid);
  if (prot !== undefined) return prot;
  if (!watched.has(procKey(target))) return 'not in the watched set';
  if (target.uid === undefined) return 'owner unknown';
  if (ctx.selfUid === undefined || target.uid !== ctx.selfUid) {
    const who = `owned by uid ${target.uid}`;
    if (ctx.selfUid !== 0) return `${who}, another user (mcptop runs as uid ${ctx.selfUid ?? '?'})`;
    if (!ctx.allowOtherUsers) return `${who}, another user: pass --allow-other-users to include it`;
  }
  return undefined;
}

/** Pids of every ancestor of `selfPid` in a listing (its parent, grandparent... up to PID 1). */
export function ancestorsOf(selfPid: number, entries: Iterable<ProcEntry>): Set<number> {
  const byPid = new Map<number, ProcEntry>();
  for (const e of entries) byPid.set(e.pid, e);
  return ancestorPids(selfPid, byPid);
}
