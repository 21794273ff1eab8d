// The watched set of `mcptop cleanup` without a Monitor: match targets in one process listing, add descendants.
import type { Targets } from '../config.js';
import { matchesTargets } from '../discovery.js';
import { indexProcs } from '../proc-tree.js';
import { procKey, type ProcEntry, type ProcessView } from '../types.js';
import type { CleanupServer, CleanupSnapshot, ProcInfo } from './types.js';

/** The same targets as the monitor (core/config.ts); `children` defaults to true. */
export type WatchTargets = Omit<Targets, 'children'> & { readonly children?: boolean };

/** One listed process with what matching needs. */
export interface ScanProc extends ProcEntry {
  /** argv; [] for kernel threads and zombies. */
  readonly argv: readonly string[];
  readonly startedAtMs?: number;
}

export const commandOf = (p: { readonly argv: readonly string[]; readonly comm: string }): string =>
  p.argv.length > 0 ? p.argv.join(' ') : `[${p.comm}]`;

/** The monitor's matching rules (core/discovery.ts), so `mcptop cleanup --name x` means what `mcptop --name x` means. */
export const matchesScan = (p: ScanProc, targets: WatchTargets): boolean =>
  matchesTargets({ ...targets, children: targets.children ?? true }, p, p.argv);

/**
 * Servers of one listing: each match with no matched ancestor is a root, its descendants its members.
 * `exclude` holds pids never watched (mcptop and its ancestors: their command lines may contain the pattern).
 */
export function buildCleanupSnapshot(t: number, procs: readonly ScanProc[], targets: WatchTargets, exclude: ReadonlySet<number>): CleanupSnapshot {
  const { byPid, children } = indexProcs(procs);
  const matched = new Set<number>();
  for (const p of procs) if (p.pid > 1 && !exclude.has(p.pid) && matchesScan(p, targets)) matched.add(p.pid);
  const hasMatchedAncestor = (p: ScanProc): boolean => {
    const seen = new Set<number>();
    for (let cur = byPid.get(p.ppid); cur !== undefined && !seen.has(cur.pid); cur = byPid.get(cur.ppid)) {
      seen.add(cur.pid);
      if (matched.has(cur.pid)) return true;
    }
    return false;
  };
  const withChildren = targets.children ?? true;
  const servers: CleanupServer[] = [];
  for (const pid of matched) {
    const root = byPid.get(pid);
    if (root === undefined || (withChildren && hasMatchedAncestor(root))) continue;
    const processes: ProcessView[] = [];
    const queue: { p: ScanProc; depth: number }[] = [{ p: root, depth: 0 }];
    const seen = new Set<number>();
    while (queue.length > 0) {
      const next = queue.shift();
      if (next === undefined || seen.has(next.p.pid) || exclude.has(next.p.pid)) continue;
      seen.add(next.p.pid);
      processes.push(toView(next.p, next.depth));
      if (withChildren) for (const c of children.get(next.p.pid) ?? []) queue.push({ p: c, depth: next.depth + 1 });
    }
    servers.push({ key: procKey(root), label: root.comm, pid: root.pid, command: commandOf(root), processes });
  }
  return { t, servers };
}

function toView(p: ScanProc, depth: number): ProcessView {
  return {
    pid: p.pid, startTime: p.startTime, ppid: p.ppid, comm: p.comm, command: commandOf(p), state: p.state, depth,
    alive: true, metrics: {}, uid: p.uid, startedAtMs: p.startedAtMs,
  };
}

/** Every listed process as ProcInfo by pid (parents of orphans, hosts of duplicates). */
export function procInfoMap(procs: readonly ScanProc[]): Map<number, ProcInfo> {
  const out = new Map<number, ProcInfo>();
  for (const p of procs) out.set(p.pid, { pid: p.pid, ppid: p.ppid, comm: p.comm, command: commandOf(p), startTime: p.startTime, uid: p.uid });
  return out;
}
