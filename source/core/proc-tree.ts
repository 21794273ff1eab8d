// Pure walks over a process listing's ppid links: the ancestors of a process, and the whole tree of a launched root.
import type { ProcEntry } from './types.js';

type TreeRow = Pick<ProcEntry, 'pid' | 'ppid' | 'pgid' | 'sid'>;

/** Pids above `pid` (parent, grandparent... up to PID 1), as far as the listing links them; stops on a cycle. */
export function ancestorPids(pid: number, byPid: ReadonlyMap<number, Pick<ProcEntry, 'ppid'>>): Set<number> {
  const out = new Set<number>();
  for (let cur = byPid.get(pid)?.ppid; cur !== undefined && cur > 0 && cur !== pid && !out.has(cur); cur = byPid.get(cur)?.ppid) out.add(cur);
  return out;
}

/**
 * The tree of a launched root: members of its process group and session (the root leads both, being spawned
 * detached) plus every ppid descendant of any member or of the root itself (children that setsid away keep
 * their parent link while it lives). Pids in `exclude` are never members.
 */
export function launchedTree<T extends TreeRow>(rootPid: number, table: readonly T[], exclude: ReadonlySet<number>): T[] {
  const chosen = new Map<number, T>();
  for (const r of table) {
    if (r.pid === rootPid || r.pgid === rootPid || r.sid === rootPid) chosen.set(r.pid, r);
  }
  const children = new Map<number, T[]>();
  for (const r of table) {
    const list = children.get(r.ppid);
    if (list) list.push(r); else children.set(r.ppid, [r]);
  }
  const queue = [...chosen.keys(), rootPid];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    for (const c of children.get(pid) ?? []) {
      if (!chosen.has(c.pid)) { chosen.set(c.pid, c); queue.push(c.pid); }
    }
  }
  for (const p of exclude) chosen.delete(p);
  return [...chosen.values()];
}
