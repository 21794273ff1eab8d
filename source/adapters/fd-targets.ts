// The open FDs of one process with their targets (what `lsof -p` shows): /proc/PID/fd read by readlink, bounded.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { FdKind } from '../core/types.js';
import { failureOf } from './procfs-reader.js';
import { classifyFdLink } from './procfs-parse.js';

/** One open FD: its number, the readlink target ("socket:[123]", "/tmp/x.log", "anon_inode:[eventfd]"), its kind. */
export interface FdTarget {
  readonly fd: number;
  readonly target: string;
  readonly kind: FdKind;
  /** Inode of a pipe or socket ("pipe:[123]" -> 123): what another process's FD must show to share it. */
  readonly inode?: number;
}

/** The FDs read, in FD order; `total` counts every FD seen (more than `fds` when the list was cut at `max`). */
export type FdTargetsResult = { readonly fds: readonly FdTarget[]; readonly total: number } | 'denied' | 'gone';

/** Default cap on the FDs one read returns: a view shows a page, attribution sums; neither needs 60,000 links. */
export const FD_TARGETS_MAX = 2000;

/** "pipe:[123]" / "socket:[123]" -> 123; anything else -> undefined. */
export function parseFdInode(link: string): number | undefined {
  const m = /^(?:pipe|socket):\[(\d+)\]$/.exec(link);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** A readlink target as an FdTarget. */
export function parseFdTarget(fd: number, link: string): FdTarget {
  const inode = parseFdInode(link);
  return { fd, target: link, kind: classifyFdLink(link), ...(inode === undefined ? {} : { inode }) };
}

/** The access mode of an FD from its /proc/PID/fdinfo text: "flags:\t0100001" -> 'w' (O_WRONLY). */
export function parseFdAccess(fdinfo: string): 'r' | 'w' | 'rw' | undefined {
  const m = /^flags:\s*([0-7]+)\s*$/m.exec(fdinfo);
  if (m?.[1] === undefined) return undefined;
  const acc = Number.parseInt(m[1], 8) & 3;
  return acc === 0 ? 'r' : acc === 1 ? 'w' : acc === 2 ? 'rw' : undefined;
}

/** Every FD of a process with its target, at most `max` of them (lowest numbers first). Never throws. */
export function readFdTargets(pid: number, max = FD_TARGETS_MAX): FdTargetsResult {
  const dir = `/proc/${pid}/fd`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    return failureOf(err) === 'gone' ? 'gone' : 'denied';
  }
  const nums = names.map(Number).filter((n) => Number.isInteger(n) && n >= 0).sort((a, b) => a - b);
  const fds: FdTarget[] = [];
  for (const fd of nums) {
    if (fds.length >= max) break;
    try {
      fds.push(parseFdTarget(fd, readlinkSync(`${dir}/${fd}`)));
    } catch (err) {
      // An FD closed between readdir and readlink is simply not listed.
      if (failureOf(err) !== 'gone') return 'denied';
    }
  }
  return { fds, total: nums.length };
}

/** What one FD points at (fd 0: a server's stdin), or why it cannot be told. */
export function readFdLink(pid: number, fd: number): string | 'denied' | 'gone' {
  try {
    return readlinkSync(`/proc/${pid}/fd/${fd}`);
  } catch (err) {
    return failureOf(err) === 'denied' ? 'denied' : 'gone';
  }
}

/** How an FD was opened (read end / write end of a pipe); undefined when it cannot be read. */
export function readFdAccess(pid: number, fd: number): 'r' | 'w' | 'rw' | undefined {
  try {
    return parseFdAccess(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
  } catch {
    return undefined;
  }
}
