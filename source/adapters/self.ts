// The SelfSource: mcptop's own CPU, RSS, FDs and children, without spawning anything.
import type { Clock, SelfSource } from '../core/ports.js';
import type { SelfInfo } from '../core/types.js';
import { systemClock } from './clock.js';
import { parseStat } from './procfs-parse.js';
import { createRealProcReader } from './procfs-reader.js';
import type { ProcReader } from './procfs-reader.js';

export interface NodeSelfSourceOptions {
  readonly clock?: Clock;
  readonly reader?: ProcReader;
  /** The CPU time source, injectable so a test can feed known deltas. */
  readonly cpuUsage?: () => { user: number; system: number };
  /**
   * The child count of the scan the monitor runs anyway (e.g. `() => linuxSource.childCount(process.pid)`: its last
   * list, a tick old at most), used first: reading /proc/self/task/TID/children costs an open and a read per thread
   * every tick. Without it (or before the first scan) the children files are read, and where the kernel lacks them, one
   * pass over /proc.
   */
  readonly childCount?: () => number | undefined;
  /** FDs the process source holds open to read watched processes (reported beside the total). */
  readonly heldFds?: () => number | undefined;
}

export class NodeSelfSource implements SelfSource {
  readonly pid = process.pid;
  private readonly clock: Clock;
  private readonly reader: ProcReader;
  private readonly cpuUsage: () => { user: number; system: number };
  private readonly childCount: (() => number | undefined) | undefined;
  private readonly heldFds: (() => number | undefined) | undefined;
  private last: { cpuUs: number; atMs: number } | undefined;
  /** False once the kernel turned out to lack /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN off). */
  private childrenFile = true;

  constructor(opts: NodeSelfSourceOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.reader = opts.reader ?? createRealProcReader();
    this.cpuUsage = opts.cpuUsage ?? (() => process.cpuUsage());
    this.childCount = opts.childCount;
    this.heldFds = opts.heldFds;
  }

  async read(): Promise<SelfInfo> {
    const atMs = this.clock.now();
    const u = this.cpuUsage();
    const cpuUs = u.user + u.system;
    const prev = this.last;
    this.last = { cpuUs, atMs };
    const cpuPct = prev !== undefined && atMs > prev.atMs ? ((cpuUs - prev.cpuUs) / 10) / (atMs - prev.atMs) : undefined;
    const heldFds = this.heldFds?.();
    return {
      pid: this.pid, cpuPct, rssBytes: process.memoryUsage.rss(), fds: this.fds(), children: this.children(),
      ...(heldFds === undefined ? {} : { heldFds }),
    };
  }

  private fds(): number | undefined {
    try {
      const size = this.reader.stat('/proc/self/fd').size;
      // readdir holds one FD of its own on the directory while it lists it.
      return size > 0 ? size : this.reader.readdir('/proc/self/fd').length - 1;
    } catch {
      return undefined;
    }
  }

  private children(): number | undefined {
    const scanned = this.childCount?.();
    if (scanned !== undefined) return scanned;
    if (this.childrenFile) {
      try {
        const kids = new Set<string>();
        for (const tid of this.reader.readdir('/proc/self/task')) {
          for (const pid of this.reader.readText(`/proc/self/task/${tid}/children`).split(/\s+/)) {
            if (pid !== '') kids.add(pid);
          }
        }
        return kids.size;
      } catch {
        this.childrenFile = false;
      }
    }
    // Without either: one pass over /proc/*/stat (a few ms with hundreds of processes, no spawn).
    try {
      let n = 0;
      for (const name of this.reader.readdir('/proc')) {
        const c = name.charCodeAt(0);
        if (c < 48 || c > 57) continue;
        try {
          if (parseStat(this.reader.readText(`/proc/${name}/stat`))?.ppid === this.pid) n++;
        } catch {
          // Exited while we looked.
        }
      }
      return n;
    } catch {
      return undefined;
    }
  }
}
