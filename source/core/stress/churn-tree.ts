// Pure process-table logic for churn: a cycle's tree before it closes, and what of it (or like it) is still alive after.
import { launchedTree } from '../proc-tree.js';
import { procKey, type ProcEntry } from '../types.js';

/** Identity key of a process (pid@startTime), the same string as procKey. */
export const idOf = procKey;

/** Members of a launched root's tree: its process group and session, plus every ppid descendant of a member. */
export { launchedTree as treeOf };

export interface Leftovers {
  /** Tree members (same identity) still running: ours, safe to end. */
  readonly owned: readonly ProcEntry[];
  /** Tree members left as zombies. */
  readonly zombies: readonly ProcEntry[];
  /** New processes re-parented to PID 1, not ours by identity: lookalikes if their command line matches the server's. */
  readonly orphans: readonly ProcEntry[];
}

const dead = (p: ProcEntry): boolean => p.state === 'Z' || p.state === 'X';

/**
 * What is left after a cycle closed. `before` is the tree captured while the server ran; `known` holds every identity
 * that existed when churn started (a process already there is never an orphan of ours).
 */
export function leftovers(
  before: readonly ProcEntry[], rootPid: number, after: readonly ProcEntry[], exclude: ReadonlySet<number>, known: ReadonlySet<string>,
): Leftovers {
  const wanted = new Set(before.map(idOf));
  const owned = new Map<string, ProcEntry>();
  const zombies: ProcEntry[] = [];
  for (const p of after) if (wanted.has(idOf(p))) { if (dead(p)) zombies.push(p); else owned.set(idOf(p), p); }
  // Whatever the group or session still holds (forked while closing) is ours too, unless the root's PID was reused.
  const rootReused = after.some((p) => p.pid === rootPid && !wanted.has(idOf(p)));
  if (!rootReused) {
    for (const p of launchedTree(rootPid, after, exclude)) if (!dead(p) && !owned.has(idOf(p))) owned.set(idOf(p), p);
  }
  const orphans = after.filter((p) => !dead(p) && p.ppid === 1 && !owned.has(idOf(p)) && !known.has(idOf(p)) && !exclude.has(p.pid));
  return { owned: [...owned.values()], zombies, orphans };
}
