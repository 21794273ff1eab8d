// The portable ProcessSource (macOS, BSD; `--backend portable` on Linux): pidtree, pidusage, ps and lsof.
import pidtree from 'pidtree';
import pidusage from 'pidusage';
import type { ProcessSource } from '../core/ports.js';
import type { FdKindsResult, ProcEntry, ProcMetrics } from '../core/types.js';
import { runCommand } from './portable-exec.js';
import type { Runner } from './portable-exec.js';
import {
  parseArgs, parseLsofCounts, parseLsofKinds, parseLsofName, parsePrlimit, parseProcstatLimits, parsePsExtra,
  parsePsTable,
} from './portable-parse.js';

export interface PortableProcessSourceOptions {
  readonly runner?: Runner;
  readonly platform?: NodeJS.Platform;
}

/** Commands this backend runs for itself; they show up in the process table as our children and are left out. */
const HELPERS: ReadonlySet<string> = new Set(['ps', 'lsof', 'prlimit', 'procstat']);

/**
 * Cost: every list() runs two commands (pidtree's `ps -A -o ppid,pid`, and a ps for names, states and start times),
 * every measure() three (pidusage's ps, a ps for vsz/threads, one batched lsof), so a tick forks five processes and
 * costs tens of ms of CPU, most of it in lsof; the Linux backend forks none. fdKinds, cmdline and fdLimit run one
 * command each, once per identity or on demand.
 */
export class PortableProcessSource implements ProcessSource {
  readonly name = 'portable' as const;
  private readonly run: Runner;
  private readonly platform: NodeJS.Platform;
  /** When ps cannot say when a process started, the time it was first seen stands in (stable per pid). */
  private readonly firstSeen = new Map<number, number>();

  constructor(opts: PortableProcessSourceOptions = {}) {
    this.run = opts.runner ?? runCommand;
    this.platform = opts.platform ?? process.platform;
  }

  async list(): Promise<readonly ProcEntry[]> {
    const withSid = this.platform === 'linux';
    const cols = withSid ? 'pid=,pgid=,sid=,uid=,stat=,lstart=,comm=' : 'pid=,pgid=,uid=,stat=,lstart=,comm=';
    const [tree, table] = await Promise.all([
      pidtree(-1, { advanced: true }).catch(() => undefined),
      this.run('ps', ['-A', '-o', cols]),
    ]);
    if (tree === undefined) return [];
    const rows = new Map(parsePsTable(table.stdout, withSid).map((r) => [r.pid, r]));
    const now = Date.now();
    const out: ProcEntry[] = [];
    const live = new Set<number>();
    for (const { pid, ppid } of tree) {
      const row = rows.get(pid);
      // Started or ended between the two ps runs: it will be seen whole on the next tick.
      if (row === undefined && rows.size > 0) continue;
      const comm = row === undefined ? '?' : this.platform === 'darwin' ? basename(row.comm) : row.comm;
      if (ppid === process.pid && HELPERS.has(comm)) continue;
      live.add(pid);
      let startTime = row?.startMs;
      if (startTime === undefined) {
        startTime = this.firstSeen.get(pid) ?? now;
        this.firstSeen.set(pid, startTime);
      }
      out.push({ pid, ppid, startTime, comm, state: row?.state ?? '?', uid: row?.uid, pgid: row?.pgid, sid: row?.sid });
    }
    for (const pid of this.firstSeen.keys()) if (!live.has(pid)) this.firstSeen.delete(pid);
    return out;
  }

  async cmdline(pid: number): Promise<readonly string[] | undefined> {
    return parseArgs((await this.run('ps', ['-ww', '-o', 'args=', '-p', String(pid)])).stdout);
  }

  async measure(pids: readonly number[]): Promise<ReadonlyMap<number, ProcMetrics>> {
    const out = new Map<number, ProcMetrics>();
    if (pids.length === 0) return out;
    const list = pids.join(',');
    const extraCols = this.platform === 'darwin' ? 'pid=,vsz=' : 'pid=,vsz=,nlwp=';
    const [usage, extra, lsof] = await Promise.all([
      // usePs: pidusage's procfile mode keeps /proc/PID/stat open for a minute per pid (mcptop's own FDs would grow
      // with the watched set) and needs its history timer; maxage 0 keeps no history and starts no timer.
      pidusage([...pids], { usePs: true, maxage: 0 }).catch(() => ({}) as Record<string, pidusage.Status>),
      this.run('ps', ['-o', extraCols, '-p', list]),
      this.run('lsof', ['-n', '-P', '-w', '-a', '-p', list, '-d', '0-999999', '-F', 'f']),
    ]);
    const more = parsePsExtra(extra.stdout);
    const fds = parseLsofCounts(lsof.stdout);
    for (const pid of pids) {
      const u = usage[pid];
      if (u === undefined) continue;
      const x = more.get(pid);
      out.set(pid, {
        // lsof lists nothing for a process it may not inspect: unknown, not 0.
        fds: fds.get(pid),
        rssBytes: u.memory,
        vmsBytes: x?.vmsBytes,
        // procps prints TIME in whole seconds, so on Linux this backend's CPU time is coarse (macOS has 1/100 s).
        cpuTimeMs: u.ctime,
        threads: x?.threads,
      });
    }
    return out;
  }

  async fdLimit(pid: number): Promise<number | undefined> {
    if (this.platform === 'linux') {
      const r = await this.run('prlimit', ['--pid', String(pid), '--nofile', '--raw', '--noheadings', '--output', 'SOFT']);
      return r.code === 0 ? parsePrlimit(r.stdout) : undefined;
    }
    if (this.platform === 'freebsd') return parseProcstatLimits((await this.run('procstat', ['-l', String(pid)])).stdout);
    // macOS has no way to read another process's RLIMIT_NOFILE without special privileges.
    return undefined;
  }

  async fdKinds(pid: number): Promise<FdKindsResult> {
    const r = await this.run('lsof', ['-n', '-P', '-w', '-a', '-p', String(pid), '-d', '0-999999', '-F', 'ft']);
    const kinds = parseLsofKinds(r.stdout);
    if (kinds !== undefined) return kinds;
    const alive = liveness(pid);
    return alive === 'alive' ? { socket: 0, pipe: 0, anon_inode: 0, file: 0, other: 0 } : alive;
  }

  startedAtMs(entry: ProcEntry): number | undefined {
    return entry.startTime;
  }

  async environment(pid: number): Promise<{ cwd?: string; env?: Record<string, string> } | undefined> {
    const cwd = parseLsofName((await this.run('lsof', ['-n', '-P', '-w', '-a', '-p', String(pid), '-d', 'cwd', '-F', 'n'])).stdout);
    // `ps -E` appends the environment to the command text, which cannot be split back reliably: cwd only.
    if (cwd === undefined && liveness(pid) === 'gone') return undefined;
    return { cwd };
  }

  close(): void {
    this.firstSeen.clear();
    pidusage.clear();
  }
}

function liveness(pid: number): 'alive' | 'gone' | 'denied' {
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM' ? 'denied' : 'gone';
  }
}

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
