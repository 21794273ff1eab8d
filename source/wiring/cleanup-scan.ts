// What cleanup detection needs beside a Monitor snapshot: the tick's own process list, and the parents of watched
// processes (a reaper such as `systemd --user` is told by its name and command line); plus the Monitor-based scan
// of `mcptop cleanup`, whose statuses make runaways visible.
import { Monitor } from '../core/monitor.js';
import type { Targets, Thresholds } from '../core/config.js';
import type { Clock, ProcessSource } from '../core/ports.js';
import { procKey, type ProcEntry, type ProcKey } from '../core/types.js';
import type { CleanupSnapshot, ProcInfo } from '../core/cleanup/types.js';
import type { CleanupScan } from '../cleanup-command.js';

/** A ProcessSource that keeps what its last list() returned, so cleanup reuses the tick's scan instead of a second one. */
export interface TappedSource {
  readonly source: ProcessSource;
  /** The last full listing (empty before the first tick). */
  lastList(): readonly ProcEntry[];
}

export function tapSource(inner: ProcessSource): TappedSource {
  let last: readonly ProcEntry[] = [];
  const source: ProcessSource = {
    name: inner.name,
    list: async () => (last = await inner.list()),
    cmdline: (pid) => inner.cmdline(pid),
    measure: (pids) => inner.measure(pids),
    fdLimit: (pid) => inner.fdLimit(pid),
    fdKinds: (pid) => inner.fdKinds(pid),
    ...(inner.startedAtMs ? { startedAtMs: (entry: ProcEntry) => inner.startedAtMs?.(entry) } : {}),
    ...(inner.environment ? { environment: (pid: number) => inner.environment?.(pid) ?? Promise.resolve(undefined) } : {}),
    ...(inner.close ? { close: () => inner.close?.() } : {}),
  };
  return { source, lastList: () => last };
}

/**
 * Describes the parents of watched processes that are not watched themselves (PID 1, a host app, systemd --user):
 * only those are looked up in the listing, and each one's command line is read once per identity.
 */
export class ParentInfo {
  private readonly commands = new Map<ProcKey, string>();
  private readonly reading = new Map<ProcKey, Promise<void>>();

  constructor(private readonly source: Pick<ProcessSource, 'cmdline'>) {}

  /** Now, with the command lines read so far; the missing ones are read in the background for the next call. */
  now(snapshot: CleanupSnapshot, entries: readonly ProcEntry[]): Map<number, ProcInfo> {
    const parents = this.parents(snapshot, entries);
    for (const e of parents) this.read(e);
    return this.infos(parents);
  }

  /** With every command line read first (the headless command has the time). */
  async complete(snapshot: CleanupSnapshot, entries: readonly ProcEntry[]): Promise<Map<number, ProcInfo>> {
    const parents = this.parents(snapshot, entries);
    await Promise.all(parents.map((e) => this.read(e)));
    return this.infos(parents);
  }

  private parents(snapshot: CleanupSnapshot, entries: readonly ProcEntry[]): ProcEntry[] {
    const watched = new Set<number>();
    const wanted = new Set<number>();
    for (const s of snapshot.servers) for (const p of s.processes) if (p.alive) watched.add(p.pid);
    for (const s of snapshot.servers) for (const p of s.processes) if (p.alive && !watched.has(p.ppid)) wanted.add(p.ppid);
    const out = wanted.size === 0 ? [] : entries.filter((e) => wanted.has(e.pid));
    const present = new Set(out.map(procKey));
    for (const key of this.commands.keys()) if (!present.has(key)) this.commands.delete(key);
    return out;
  }

  private read(e: ProcEntry): Promise<void> {
    const key = procKey(e);
    if (this.commands.has(key)) return Promise.resolve();
    let p = this.reading.get(key);
    if (p === undefined) {
      p = this.source.cmdline(e.pid).then(
        (argv) => { this.commands.set(key, argv !== undefined && argv.length > 0 ? argv.join(' ') : `[${e.comm}]`); },
        () => { this.commands.set(key, `[${e.comm}]`); },
      ).finally(() => { this.reading.delete(key); });
      this.reading.set(key, p);
    }
    return p;
  }

  private infos(parents: readonly ProcEntry[]): Map<number, ProcInfo> {
    const out = new Map<number, ProcInfo>();
    for (const e of parents) {
      const command = this.commands.get(procKey(e));
      out.set(e.pid, { pid: e.pid, ppid: e.ppid, comm: e.comm, startTime: e.startTime, uid: e.uid, ...(command === undefined ? {} : { command }) });
    }
    return out;
  }
}

export interface MonitorScanOptions {
  readonly source: ProcessSource;
  readonly clock: Clock;
  readonly targets: Targets;
  readonly thresholds: Thresholds;
  readonly intervalMs: number;
  readonly selfPid: number;
}

/**
 * `deps.scan` of runCleanupCommand as a Monitor over the same targets and thresholds: each call is one tick, so the
 * servers carry statuses (a CRIT server is a runaway) and the watched set is exactly the monitor's.
 */
export function monitorScan(opts: MonitorScanOptions): { scan: () => Promise<CleanupScan>; dispose: () => Promise<void> } {
  const tap = tapSource(opts.source);
  const monitor = new Monitor({
    source: tap.source, clock: opts.clock, targets: opts.targets, thresholds: opts.thresholds, intervalMs: opts.intervalMs,
    selfPid: opts.selfPid,
  });
  const parents = new ParentInfo(opts.source);
  return {
    scan: async () => {
      const snapshot = await monitor.tick();
      const entries = tap.lastList();
      return { snapshot, entries, procs: await parents.complete(snapshot, entries) };
    },
    dispose: () => monitor.stop(),
  };
}
