// Pure walks over a process listing's ppid links: the pid and children index, ancestors, and the tree of a launched root.
import type { ProcEntry, ProcKey } from './types.js';

type TreeRow = Pick<ProcEntry, 'pid' | 'ppid' | 'pgid' | 'sid'>;

/** A listing indexed both ways: by pid, and by parent pid (children in listing order). */
export interface ProcIndex<T> {
  readonly byPid: Map<number, T>;
  readonly children: Map<number, T[]>;
}

export function indexProcs<T extends Pick<ProcEntry, 'pid' | 'ppid'>>(entries: Iterable<T>): ProcIndex<T> {
  const byPid = new Map<number, T>();
  const children = new Map<number, T[]>();
  for (const e of entries) {
    byPid.set(e.pid, e);
    const list = children.get(e.ppid);
    if (list) list.push(e); else children.set(e.ppid, [e]);
  }
  return { byPid, children };
}

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
  const { children } = indexProcs(table);
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

/** The root's entry of a server (undefined once the root exited): a loop, no closure (every server, every tick). */
export function rootOf(server: { readonly key: ProcKey; readonly members: readonly { readonly key: ProcKey; readonly entry: ProcEntry }[] }): ProcEntry | undefined {
  const ms = server.members;
  for (let i = 0; i < ms.length; i++) if (ms[i]!.key === server.key) return ms[i]!.entry;
  return undefined;
}
