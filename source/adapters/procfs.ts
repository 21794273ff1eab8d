// The Linux ProcessSource: every process fact read straight from /proc, synchronously, with no child process.
import { arch, endianness } from 'node:os';
import type { ProcessSource } from '../core/ports.js';
import type { FdKindCounts, FdKindsResult, ProcEntry, ProcMetrics } from '../core/types.js';
import {
  AT_CLKTCK, AT_PAGESZ, classifyFdLink, pageSizeFromRss, parseAuxv, parseBtime, parseEnviron, parseLimits, splitNul,
} from './procfs-parse.js';
import { ProcScan } from './procfs-scan.js';
import { createRealProcReader, failureOf } from './procfs-reader.js';
import type { ProcReader } from './procfs-reader.js';
import { KEEP_FDS, createRealKeptFiles } from './procfs-kept.js';
import type { KeptFiles } from './procfs-kept.js';

export { parseLimits, parseStat } from './procfs-parse.js';
export { HOST_TURNS, SETTLE_PASSES } from './procfs-scan.js';
export type { ProcReader } from './procfs-reader.js';

export interface LinuxProcessSourceOptions {
  /**
   * The fs calls, injectable so tests can make a process look like another user's. The tests run as root, where
   * /proc never says EACCES, so real denial cannot be produced there; the fake reader throws it instead.
   */
  readonly reader?: ProcReader;
  /**
   * Read the stat of a host process nobody watches once every this many list() calls (1, the default: every call). A
   * process measured by the last tick and one first seen in the last SETTLE_PASSES calls is read every call; the others
   * (the host's hundreds of idle processes) only matter for noticing an exec, a re-parenting or a reused pid, which then
   * shows within `hostTurns` ticks. New pids are always read at once.
   */
  readonly hostTurns?: number;
  /**
   * Watched processes' stat files and fd directories held open and re-read in place (procfs-kept.ts). The real calls
   * by default; with an injected reader, only when given here too (a fake reader then sees every read by path).
   */
  readonly kept?: KeptFiles;
  /** At most this many FDs held that way (KEEP_FDS by default). */
  readonly keepFds?: number;
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
  /** The tick path: list() and measure(). */
  private readonly scan: ProcScan;
  private btimeSec: number | undefined | null = null;

  constructor(opts: LinuxProcessSourceOptions = {}) {
    this.reader = opts.reader ?? createRealProcReader();
    const aux = this.auxv();
    this.clockTicks = positive(aux?.get(AT_CLKTCK)) ?? DEFAULT_CLK_TCK;
    this.pageBytes = positive(aux?.get(AT_PAGESZ)) ?? this.pageBytesFromRss() ?? DEFAULT_PAGE_BYTES;
    // Our own process always has FDs open, so a 0 here means the kernel does not count them in st_size.
    this.scan = new ProcScan({
      reader: this.reader, clockTicks: this.clockTicks, pageBytes: this.pageBytes, fdDirSized: this.statSize('/proc/self/fd') > 0,
      hostTurns: Math.max(1, Math.floor(opts.hostTurns ?? 1)),
      kept: opts.kept ?? (opts.reader === undefined ? createRealKeptFiles() : undefined), keepFds: opts.keepFds ?? KEEP_FDS,
    });
  }

  async list(): Promise<readonly ProcEntry[]> {
    return this.scan.list();
  }

  /** FDs held open for watched processes now (at most keepFds). */
  get heldFds(): number {
    return this.scan.heldFds;
  }

  /** Direct children of pid seen by the last list(); undefined before the first one. */
  childCount(pid: number): number | undefined {
    return this.scan.childCount(pid);
  }

  async cmdline(pid: number): Promise<readonly string[] | undefined> {
    try {
      return splitNul(this.reader.readText(`/proc/${pid}/cmdline`));
    } catch {
      return undefined;
    }
  }

  async measure(pids: readonly number[]): Promise<ReadonlyMap<number, ProcMetrics>> {
    return this.scan.measure(pids);
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
