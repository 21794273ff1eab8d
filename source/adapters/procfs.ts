// The Linux ProcessSource: every process fact read straight from /proc, synchronously, with no child process.
import { arch, endianness } from 'node:os';
import type { ProcessSource } from '../core/ports.js';
import type { FdKindCounts, FdKindsResult, ProcEntry, ProcMetrics } from '../core/types.js';
import {
  AT_CLKTCK, AT_PAGESZ, classifyFdLink, pageSizeFromRss, parseAuxv, parseBtime, parseEnviron, parseLimits, parseStat,
  splitNul,
} from './procfs-parse.js';
import type { ProcStat } from './procfs-parse.js';
import { createRealProcReader, failureOf } from './procfs-reader.js';
import type { ProcReader } from './procfs-reader.js';

export { parseLimits, parseStat } from './procfs-parse.js';
export type { ProcReader } from './procfs-reader.js';

export interface LinuxProcessSourceOptions {
  /**
   * The fs calls, injectable so tests can make a process look like another user's. The tests run as root, where
   * /proc never says EACCES, so real denial cannot be produced there; the fake reader throws it instead.
   */
  readonly reader?: ProcReader;
}

const WORD_BYTES: 4 | 8 = ['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el'].includes(arch()) ? 8 : 4;

/**
 * USER_HZ is what /proc reports times in. The kernel converts jiffies to USER_HZ for user space, and USER_HZ is 100
 * on every architecture Node runs on (only alpha and old ia64 used 1024), whatever CONFIG_HZ is; sysconf(_SC_CLK_TCK)
 * reads the same value from the auxiliary vector, which is where we look first.
 */
const DEFAULT_CLK_TCK = 100;
const DEFAULT_PAGE_BYTES = 4096;

export class LinuxProcessSource implements ProcessSource {
  readonly name = 'linux' as const;
  /** Clock ticks per second of /proc times (USER_HZ). */
  readonly clockTicks: number;
  readonly pageBytes: number;
  private readonly reader: ProcReader;
  /** Parsed stats of the last list(), handed to measure() once each so a tick reads /proc/PID/stat once. */
  private scan = new Map<number, ProcStat>();
  /** uid per pid, valid for the start time it was read at (a reused pid gets a fresh stat). */
  private readonly uids = new Map<number, { startTime: number; uid: number | undefined }>();
  private btimeSec: number | undefined | null = null;
  /** Children per ppid in the last list(), so mcptop can count its own without another scan. */
  private childCounts: Map<number, number> | undefined;
  /** st_size of /proc/PID/fd counts FDs (Linux >= 6.2); older kernels say 0 and need a readdir. */
  private readonly fdDirSized: boolean;

  constructor(opts: LinuxProcessSourceOptions = {}) {
    this.reader = opts.reader ?? createRealProcReader();
    const aux = this.auxv();
    this.clockTicks = positive(aux?.get(AT_CLKTCK)) ?? DEFAULT_CLK_TCK;
    this.pageBytes = positive(aux?.get(AT_PAGESZ)) ?? this.pageBytesFromRss() ?? DEFAULT_PAGE_BYTES;
    // Our own process always has FDs open, so a 0 here means the kernel does not count them in st_size.
    this.fdDirSized = this.statSize('/proc/self/fd') > 0;
  }

  async list(): Promise<readonly ProcEntry[]> {
    let names: string[];
    try {
      names = this.reader.readdir('/proc');
    } catch {
      return [];
    }
    const scan = new Map<number, ProcStat>();
    const childCounts = new Map<number, number>();
    const out: ProcEntry[] = [];
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const st = this.readStat(name);
      if (st === undefined || st.ppid === undefined || st.startTime === undefined) continue;
      scan.set(st.pid, st);
      childCounts.set(st.ppid, (childCounts.get(st.ppid) ?? 0) + 1);
      out.push({
        pid: st.pid, startTime: st.startTime, ppid: st.ppid, comm: st.comm, state: st.state,
        uid: this.uidOf(st.pid, st.startTime), pgid: st.pgrp, sid: st.session,
      });
    }
    for (const [pid, seen] of this.uids) {
      if (scan.get(pid)?.startTime !== seen.startTime) this.uids.delete(pid);
    }
    this.scan = scan;
    this.childCounts = childCounts;
    return out;
  }

  /** Direct children of pid seen by the last list(); undefined before the first one. */
  childCount(pid: number): number | undefined {
    return this.childCounts === undefined ? undefined : (this.childCounts.get(pid) ?? 0);
  }

  async cmdline(pid: number): Promise<readonly string[] | undefined> {
    try {
      return splitNul(this.reader.readText(`/proc/${pid}/cmdline`));
    } catch {
      return undefined;
    }
  }

  async measure(pids: readonly number[]): Promise<ReadonlyMap<number, ProcMetrics>> {
    const out = new Map<number, ProcMetrics>();
    for (const pid of pids) {
      let st = this.scan.get(pid);
      if (st !== undefined) this.scan.delete(pid);
      else st = this.readStat(String(pid));
      if (st === undefined) continue;
      let fds = this.countFds(pid);
      // The fd directory vanished after the scan: the process exited, so it has no metrics.
      if (fds === 'gone') continue;
      // An exiting process drops its memory, then its FD table, then turns zombie: an empty table seen then is not
      // "0 FDs" but unknown. Only an empty count pays for the second stat read.
      if (fds === 0 && this.exiting(pid)) fds = undefined;
      const { utime, stime, rssPages } = st;
      out.set(pid, {
        fds,
        rssBytes: rssPages === undefined ? undefined : rssPages * this.pageBytes,
        vmsBytes: st.vsizeBytes,
        cpuTimeMs: utime === undefined || stime === undefined ? undefined : ((utime + stime) * 1000) / this.clockTicks,
        threads: st.numThreads,
      });
    }
    return out;
  }

  async fdLimit(pid: number): Promise<number | undefined> {
    try {
      return parseLimits(this.reader.readText(`/proc/${pid}/limits`));
    } catch {
      return undefined;
    }
  }

  async fdKinds(pid: number): Promise<FdKindsResult> {
    const dir = `/proc/${pid}/fd`;
    let names: string[];
    try {
      names = this.reader.readdir(dir);
    } catch (err) {
      return failureOf(err) === 'gone' ? 'gone' : 'denied';
    }
    const counts = { socket: 0, pipe: 0, anon_inode: 0, file: 0, other: 0 };
    for (const fd of names) {
      try {
        counts[classifyFdLink(this.reader.readlink(`${dir}/${fd}`))]++;
      } catch (err) {
        // An FD closed between readdir and readlink is simply not counted.
        if (failureOf(err) !== 'gone') return 'denied';
      }
    }
    return counts satisfies FdKindCounts;
  }

  startedAtMs(entry: ProcEntry): number | undefined {
    if (this.btimeSec === null) {
      try {
        this.btimeSec = parseBtime(this.reader.readText('/proc/stat'));
      } catch {
        this.btimeSec = undefined;
      }
    }
    if (this.btimeSec === undefined) return undefined;
    return Math.round(this.btimeSec * 1000 + (entry.startTime * 1000) / this.clockTicks);
  }

  async environment(pid: number): Promise<{ cwd?: string; env?: Record<string, string> } | undefined> {
    let cwd: string | undefined;
    let env: Record<string, string> | undefined;
    let gone = 0;
    try {
      cwd = this.reader.readlink(`/proc/${pid}/cwd`);
    } catch (err) {
      if (failureOf(err) === 'gone') gone++;
    }
    try {
      env = parseEnviron(this.reader.readText(`/proc/${pid}/environ`));
    } catch (err) {
      if (failureOf(err) === 'gone') gone++;
    }
    return gone === 2 ? undefined : { cwd, env };
  }

  close(): void {
    this.scan.clear();
    this.uids.clear();
  }

  private readStat(pid: string): ProcStat | undefined {
    try {
      return parseStat(this.reader.readText(`/proc/${pid}/stat`));
    } catch {
      return undefined;
    }
  }

  /** Owner of /proc/PID (the effective uid; root for non-dumpable processes), stat'ed once per identity. */
  private uidOf(pid: number, startTime: number): number | undefined {
    const seen = this.uids.get(pid);
    if (seen?.startTime === startTime) return seen.uid;
    let uid: number | undefined;
    try {
      uid = this.reader.stat(`/proc/${pid}`).uid;
    } catch {
      uid = undefined;
    }
    this.uids.set(pid, { startTime, uid });
    return uid;
  }

  /** Open FDs: st_size of the fd directory (Linux >= 6.2), else its entry count; undefined when denied. */
  /** True when the process is caught ending: gone, a zombie, or its address space already released. */
  private exiting(pid: number): boolean {
    const now = this.readStat(String(pid));
    return now === undefined || now.state === 'Z' || now.state === 'X' || now.vsizeBytes === 0;
  }

  private countFds(pid: number): number | undefined | 'gone' {
    const dir = `/proc/${pid}/fd`;
    try {
      // stat first even on old kernels: it is what says EACCES or ENOENT cheaply.
      const size = this.reader.stat(dir).size;
      return this.fdDirSized ? size : this.reader.readdir(dir).length;
    } catch (err) {
      const why = failureOf(err);
      return why === 'gone' ? 'gone' : undefined;
    }
  }

  private statSize(path: string): number {
    try {
      return this.reader.stat(path).size;
    } catch {
      return 0;
    }
  }

  private auxv(): Map<number, number> | undefined {
    try {
      return parseAuxv(this.reader.readBytes('/proc/self/auxv'), WORD_BYTES, endianness() === 'LE');
    } catch {
      return undefined;
    }
  }

  private pageBytesFromRss(): number | undefined {
    try {
      return pageSizeFromRss(this.reader.readText('/proc/self/statm'), this.reader.readText('/proc/self/status'));
    } catch {
      return undefined;
    }
  }
}

const positive = (n: number | undefined): number | undefined => (n !== undefined && n > 0 ? n : undefined);
