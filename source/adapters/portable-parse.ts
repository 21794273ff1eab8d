// Pure parsers for the text of ps, lsof, prlimit and procstat, as the portable backend runs them.
import type { FdKind, FdKindCounts, ProcState } from '../core/types.js';
import { toState } from './procfs-parse.js';

/** One row of `ps -A -o pid=,pgid=,[sid=,]uid=,stat=,lstart=,comm=`. */
export interface PsRow {
  readonly pid: number;
  readonly pgid?: number;
  readonly sid?: number;
  readonly uid?: number;
  readonly state: ProcState;
  /** Start, ms since the epoch (lstart has whole seconds, so it is stable: a good identity). */
  readonly startMs?: number;
  readonly comm: string;
}

const int = (s: string | undefined): number | undefined => {
  if (s === undefined || !/^-?\d+$/.test(s)) return undefined;
  return Number(s);
};

/** macOS says U (uninterruptible) where Linux says D. */
const psState = (stat: string | undefined): ProcState => (stat?.[0] === 'U' ? 'D' : toState(stat?.[0]));

/** lstart in the C locale, "Mon Sep  1 10:00:00 2025" (local time, like the ps that printed it). */
export function parseLstart(tokens: readonly string[]): number | undefined {
  const [, month, day, time, year] = tokens;
  if (month === undefined || day === undefined || time === undefined || year === undefined) return undefined;
  const ms = new Date(`${month} ${day} ${year} ${time}`).getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Parses the process table. withSid says whether the sid column is present (procps has it; BSD ps's `sess` is a
 * kernel address, so it is not asked for there). comm is last because it may hold spaces.
 */
export function parsePsTable(stdout: string, withSid: boolean): PsRow[] {
  const rows: PsRow[] = [];
  const ids = withSid ? 4 : 3;
  for (const line of stdout.split('\n')) {
    const t = line.trim().split(/\s+/);
    if (t.length < ids + 1 + 5 + 1) continue;
    const pid = int(t[0]);
    if (pid === undefined) continue;
    rows.push({
      pid,
      pgid: int(t[1]),
      sid: withSid ? int(t[2]) : undefined,
      uid: int(t[ids - 1]),
      state: psState(t[ids]),
      startMs: parseLstart(t.slice(ids + 1, ids + 6)),
      comm: t.slice(ids + 6).join(' '),
    });
  }
  return rows;
}

/** `ps -o pid=,vsz=[,nlwp=] -p ...`: virtual size (KiB in the output, bytes here) and threads when asked. */
export function parsePsExtra(stdout: string): Map<number, { vmsBytes?: number; threads?: number }> {
  const out = new Map<number, { vmsBytes?: number; threads?: number }>();
  for (const line of stdout.split('\n')) {
    const [pidText, vsz, nlwp] = line.trim().split(/\s+/);
    const pid = int(pidText);
    if (pid === undefined) continue;
    const kib = int(vsz);
    out.set(pid, { vmsBytes: kib === undefined ? undefined : kib * 1024, threads: int(nlwp) });
  }
  return out;
}

/** `ps -o args=` joins argv with spaces, so this split is lossy for arguments holding spaces. */
export function parseArgs(stdout: string): string[] | undefined {
  const line = stdout.split('\n')[0]?.trim();
  if (line === undefined || line.length === 0) return undefined;
  // procps shows a process without argv (a kernel thread) as its name in brackets.
  if (/^\[[^\]]*\]$/.test(line)) return [];
  return line.split(/\s+/);
}

/** Numeric FDs per pid from `lsof -F f` output ("p123", "f0", "f1", ...). */
export function parseLsofCounts(stdout: string): Map<number, number> {
  const out = new Map<number, number>();
  let pid: number | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('p')) {
      pid = int(line.slice(1));
      if (pid !== undefined) out.set(pid, 0);
    } else if (line.startsWith('f') && pid !== undefined && int(line.slice(1)) !== undefined) {
      out.set(pid, (out.get(pid) ?? 0) + 1);
    }
  }
  return out;
}

/** The FdKind of an lsof TYPE column. */
export function lsofTypeKind(type: string): FdKind {
  switch (type) {
    case 'IPv4': case 'IPv6': case 'unix': case 'sock': case 'inet': case 'netlink': case 'raw': case 'systm':
      return 'socket';
    case 'FIFO': case 'PIPE':
      return 'pipe';
    case 'REG': case 'DIR': case 'CHR': case 'BLK': case 'LINK': case 'VREG': case 'VDIR': case 'VCHR':
      return 'file';
    // Linux lsof says a_inode for eventfd/epoll/timerfd; kqueue is macOS's counterpart of epoll.
    case 'a_inode': case 'KQUEUE': case 'PSXSHM': case 'PSXSEM':
      return 'anon_inode';
    default:
      return 'other';
  }
}

/** FD kinds of one process from `lsof -F ft` output; undefined when lsof listed no FD for it. */
export function parseLsofKinds(stdout: string): FdKindCounts | undefined {
  const counts = { socket: 0, pipe: 0, anon_inode: 0, file: 0, other: 0 };
  let seen = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('t')) {
      counts[lsofTypeKind(line.slice(1))]++;
      seen = true;
    }
  }
  return seen ? counts : undefined;
}

/** The first `n` line of `lsof -F n` output (the cwd when asked with `-d cwd`). */
export function parseLsofName(stdout: string): string | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('n'));
  return line === undefined ? undefined : line.slice(1);
}

/** `prlimit --nofile --raw --noheadings --output SOFT`: a number, or undefined for unlimited. */
export function parsePrlimit(stdout: string): number | undefined {
  return int(stdout.trim());
}

/** FreeBSD `procstat -l PID`: the soft limit on the "openfiles" row. */
export function parseProcstatLimits(stdout: string): number | undefined {
  for (const line of stdout.split('\n')) {
    const t = line.trim().split(/\s+/);
    const at = t.indexOf('openfiles');
    if (at >= 0) return int(t[at + 1]);
  }
  return undefined;
}
