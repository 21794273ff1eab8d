// Ends a launched server's whole tree (its process group, its session and every ppid descendant): TERM, grace, KILL, wait.
import { ancestorPids, launchedTree } from '../core/proc-tree.js';
import { procKey } from '../core/types.js';
import { readProcRow, readProcTable, readProcTableSync, type ProcRow } from './churn-probe.js';
import { countSignal } from './signals-sent.js';

/** PIDs that are never signalled: PID 0/1, mcptop itself and its ancestors. */
export function protectedPids(table: readonly ProcRow[], selfPid: number): Set<number> {
  return new Set<number>([0, 1, selfPid, ...ancestorPids(selfPid, new Map(table.map((r) => [r.pid, r])))]);
}

/** The tree of a launched root (group, session, ppid descendants), protected PIDs left out. Pure: the caller reads the table. */
export function selectTree(rootPid: number, table: readonly ProcRow[], protect: ReadonlySet<number>): ProcRow[] {
  return launchedTree(rootPid, table, protect);
}

/** Current tree of a root, read from /proc now. */
export async function findTree(rootPid: number, selfPid: number = process.pid): Promise<ProcRow[]> {
  const table = await readProcTable();
  return selectTree(rootPid, table, protectedPids(table, selfPid));
}

/** The same, synchronously (emergency exit paths that cannot await). */
export function findTreeSync(rootPid: number, selfPid: number = process.pid): ProcRow[] {
  const table = readProcTableSync();
  return selectTree(rootPid, table, protectedPids(table, selfPid));
}

export type Signal = 'SIGTERM' | 'SIGKILL';

/** True when the same process (pid + start time) still runs; a zombie is dead for our purposes. */
async function stillRunning(m: ProcRow): Promise<boolean> {
  const now = await readProcRow(m.pid);
  return now !== undefined && now.startTime === m.startTime && now.state !== 'Z' && now.state !== 'X';
}

/** Signal one verified process; 'gone' when it exited or its PID was reused. */
export async function signalVerified(m: ProcRow, signal: Signal, protect: ReadonlySet<number>): Promise<'sent' | 'gone' | 'denied'> {
  if (protect.has(m.pid) || !(await stillRunning(m))) return 'gone';
  try {
    process.kill(m.pid, signal);
    countSignal(signal);
    return 'sent';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'denied' : 'gone';
  }
}

/** Signal a whole process group, unless mcptop or an ancestor belongs to it. */
function signalGroup(pgid: number, signal: Signal, table: readonly ProcRow[], protect: ReadonlySet<number>): void {
  if (pgid <= 1) return;
  if (table.some((r) => r.pgid === pgid && protect.has(r.pid))) return;
  try { process.kill(-pgid, signal); countSignal(signal); } catch { /* group already empty */ }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Waits until none of `members` runs, polling /proc; returns those still running at the deadline. */
export async function waitGone(members: readonly ProcRow[], deadlineMs: number, pollMs = 20): Promise<ProcRow[]> {
  const until = performance.now() + deadlineMs;
  let alive = [...members];
  for (;;) {
    const flags = await Promise.all(alive.map(stillRunning));
    alive = alive.filter((_, i) => flags[i]);
    if (alive.length === 0 || performance.now() >= until) return alive;
    await sleep(Math.min(pollMs, Math.max(1, until - performance.now())));
  }
}

export interface KillTreeResult {
  /** Processes found in the tree at the start. */
  readonly found: number;
  /** Processes that needed SIGKILL after the grace period. */
  readonly killed: number;
  /** Processes still running at the end (other users', or stuck in D state). */
  readonly remaining: readonly ProcRow[];
}

/**
 * TERM the tree, wait up to graceMs, then KILL what is left (including anything it forked meanwhile).
 * `initial` lets a caller pass a tree captured earlier, while the root was alive and the ppid links intact.
 */
export async function killTree(rootPid: number, graceMs: number, initial?: readonly ProcRow[], selfPid: number = process.pid): Promise<KillTreeResult> {
  const table = await readProcTable();
  const protect = protectedPids(table, selfPid);
  const members = new Map<number, ProcRow>();
  for (const m of initial ?? []) if (!protect.has(m.pid)) members.set(m.pid, m);
  for (const m of selectTree(rootPid, table, protect)) members.set(m.pid, m);
  const found = members.size;
  if (graceMs > 0) {
    signalGroup(rootPid, 'SIGTERM', table, protect);
    await Promise.all([...members.values()].map((m) => signalVerified(m, 'SIGTERM', protect)));
  }
  let survivors = await waitGone([...members.values()], graceMs);
  // Whatever forked during the grace period is in the group/session or below a survivor: look again.
  const table2 = (await readProcTable()).filter((r) => r.state !== 'Z' && r.state !== 'X');
  const again = new Map(survivors.map((m) => [m.pid, m]));
  for (const m of selectTree(rootPid, table2, protect)) again.set(m.pid, m);
  for (const s of survivors) for (const m of selectTree(s.pid, table2, protect)) again.set(m.pid, m);
  survivors = [...again.values()];
  if (survivors.length > 0) {
    signalGroup(rootPid, 'SIGKILL', table2, protect);
    await Promise.all(survivors.map((m) => signalVerified(m, 'SIGKILL', protect)));
  }
  const remaining = await waitGone(survivors, 3000);
  return { found, killed: survivors.length, remaining };
}

/**
 * End specific processes known by identity (churn survivors): TERM each still-running one, wait up to graceMs,
 * KILL what is left. A PID that now belongs to another process is never signalled.
 */
export async function endProcesses(procs: readonly { pid: number; startTime: number }[], graceMs: number, selfPid: number = process.pid): Promise<readonly ProcRow[]> {
  const table = await readProcTable();
  const protect = protectedPids(table, selfPid);
  const wanted = new Set(procs.map(procKey));
  const members = table.filter((r) => wanted.has(procKey(r)) && !protect.has(r.pid));
  await Promise.all(members.map((m) => signalVerified(m, 'SIGTERM', protect)));
  const left = await waitGone(members, graceMs);
  await Promise.all(left.map((m) => signalVerified(m, 'SIGKILL', protect)));
  return waitGone(left, 3000);
}
