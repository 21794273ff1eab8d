// The Linux ProcessSource: every process fact read straight from /proc, synchronously, with no child process.
import { arch, endianness } from 'node:os';
import type { ProcessSource } from '../core/ports.js';
import type { FdKindCounts, FdKindsResult, ProcEntry, ProcMetrics } from '../core/types.js';
import {
  AT_CLKTCK, AT_PAGESZ, bytesEqual, classifyFdLink, newStatScratch, pageSizeFromRss, parseAuxv, parseBtime, parseEnviron,
  parseLimits, parseStatBytes, splitNul,
} from './procfs-parse.js';
import type { StatScratch } from './procfs-parse.js';
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

/**
 * What the backend knows of one pid, kept across ticks and overwritten in place: the tick path allocates nothing for a
 * process whose stat did not change (the same entry and metrics objects are handed out again).
 */
interface Known {
  startTime: number;
  readonly statPath: string;
  readonly fdPath: string;
  /** The entry last listed; replaced only when a listed field changed. */
  entry: ProcEntry;
  uid: number | undefined;
  utime: number | undefined;
  stime: number | undefined;
  numThreads: number | undefined;
  vsizeBytes: number | undefined;
  rssPages: number | undefined;
  /** The list() pass that last read it; measure() takes that read once instead of reading stat again. */
  listedIn: number;
  fresh: boolean;
  /** The metrics last measured, handed out again while every figure is the same. */
  metrics: ProcMetrics | undefined;
}

/** Bytes read of /proc/PID/stat: the record is ~300 bytes; a comm of 64 bytes and 52 twenty-digit fields still fit. */
const STAT_BYTES = 2048;

export class LinuxProcessSource implements ProcessSource {
  readonly name = 'linux' as const;
  /** Clock ticks per second of /proc times (USER_HZ). */
  readonly clockTicks: number;
  readonly pageBytes: number;
  private readonly reader: ProcReader;
  /** Every listed pid (bounded by the live processes: list() drops the ones gone). */
  private readonly known = new Map<number, Known>();
  private pass = 0;
  private readonly buf = Buffer.allocUnsafe(STAT_BYTES);
  private readonly st: StatScratch = newStatScratch();
  private btimeSec: number | undefined | null = null;
  /** The last list(), so mcptop can count its own children without another scan. */
  private lastList: readonly ProcEntry[] | undefined;
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
    const pass = ++this.pass;
    const out: ProcEntry[] = [];
    for (const name of names) {
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const k = this.read(Number(name), name);
      if (k === undefined) continue;
      k.listedIn = pass;
      k.fresh = true;
      out.push(k.entry);
    }
    for (const [pid, k] of this.known) if (k.listedIn !== pass) this.known.delete(pid);
    this.lastList = out;
    return out;
  }

  /** Direct children of pid seen by the last list(); undefined before the first one. */
  childCount(pid: number): number | undefined {
    if (this.lastList === undefined) return undefined;
    let n = 0;
    for (const e of this.lastList) if (e.ppid === pid) n++;
    return n;
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
      let k = this.known.get(pid);
      // The stat read by this pass's list() is used once; any other measure reads it again.
      if (k !== undefined && k.fresh && k.listedIn === this.pass) k.fresh = false;
      else k = this.read(pid, String(pid));
      if (k === undefined) continue;
      let fds = this.countFds(k.fdPath);
      // The fd directory vanished after the scan: the process exited, so it has no metrics.
      if (fds === 'gone') continue;
      // An exiting process drops its memory, then its FD table, then turns zombie: an empty table seen then is not
      // "0 FDs" but unknown. Only an empty count pays for the second stat read.
      if (fds === 0 && this.exiting(pid)) fds = undefined;
      const { utime, stime, rssPages } = k;
      const rssBytes = rssPages === undefined ? undefined : rssPages * this.pageBytes;
      const cpuTimeMs = utime === undefined || stime === undefined ? undefined : ((utime + stime) * 1000) / this.clockTicks;
      let m = k.metrics;
      if (m === undefined || m.fds !== fds || m.rssBytes !== rssBytes || m.vmsBytes !== k.vsizeBytes
        || m.cpuTimeMs !== cpuTimeMs || m.threads !== k.numThreads) {
        m = { fds, rssBytes, vmsBytes: k.vsizeBytes, cpuTimeMs, threads: k.numThreads };
        k.metrics = m;
      }
      out.set(pid, m);
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
    this.known.clear();
    this.lastList = undefined;
  }

  /**
   * Reads /proc/PID/stat into what is known of the pid (a new record when the pid is new or was reused: another start
   * time); undefined when it cannot be read or has no parent or start time (as list() always skipped those).
   */
  private read(pid: number, name: string): Known | undefined {
    let k = this.known.get(pid);
    const st = this.st;
    let len: number;
    try {
      len = this.reader.readInto(k?.statPath ?? `/proc/${name}/stat`, this.buf);
    } catch {
      return undefined;
    }
    if (!parseStatBytes(this.buf, len, st) || st.pid !== pid || st.ppid === undefined || st.startTime === undefined) return undefined;
    const { ppid, startTime, state, pgrp, session } = st;
    if (k === undefined || k.startTime !== startTime) {
      const uid = this.ownerOf(pid);
      const entry: ProcEntry = { pid, startTime, ppid, comm: this.buf.toString('utf8', st.commStart, st.commEnd), state, uid, pgid: pgrp, sid: session };
      k = {
        startTime, statPath: k?.statPath ?? `/proc/${name}/stat`, fdPath: k?.fdPath ?? `/proc/${name}/fd`, entry, uid,
        utime: undefined, stime: undefined, numThreads: undefined, vsizeBytes: undefined, rssPages: undefined,
        listedIn: 0, fresh: false, metrics: undefined,
      };
      this.known.set(pid, k);
    } else {
      const e = k.entry;
      const sameComm = bytesEqual(this.buf, st.commStart, st.commEnd, e.comm);
      if (!sameComm || e.ppid !== ppid || e.state !== state || e.pgid !== pgrp || e.sid !== session) {
        const comm = sameComm ? e.comm : this.buf.toString('utf8', st.commStart, st.commEnd);
        k.entry = { pid, startTime, ppid, comm, state, uid: k.uid, pgid: pgrp, sid: session };
      }
    }
    k.utime = st.utime;
    k.stime = st.stime;
    k.numThreads = st.numThreads;
    k.vsizeBytes = st.vsizeBytes;
    k.rssPages = st.rssPages;
    return k;
  }

  /** Owner of /proc/PID (the effective uid; root for non-dumpable processes), stat'ed once per identity. */
  private ownerOf(pid: number): number | undefined {
    try {
      return this.reader.stat(`/proc/${pid}`).uid;
    } catch {
      return undefined;
    }
  }

  /** True when the process is caught ending: gone, a zombie, or its address space already released. */
  private exiting(pid: number): boolean {
    let len: number;
    try {
      len = this.reader.readInto(`/proc/${pid}/stat`, this.buf);
    } catch {
      return true;
    }
    const st = this.st;
    return !parseStatBytes(this.buf, len, st) || st.state === 'Z' || st.state === 'X' || st.vsizeBytes === 0;
  }

  /** Open FDs: st_size of the fd directory (Linux >= 6.2), else its entry count; undefined when denied. */
  private countFds(dir: string): number | undefined | 'gone' {
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
