// One tick's arithmetic: CPU rates from cumulative times, tree sums into a ServerSample, FD-kind totals, bounded fan-out.
import type { TreeMember } from './discovery.js';
import { FD_KINDS } from './types.js';
import type { FdKind, FdKindCounts, FdKindsResult, ProcKey, ProcMetrics, ProcessView, ServerSample } from './types.js';

/** Reads in flight at once: enough to be quick, few enough that mcptop never runs itself out of FDs. */
export const IO_CONCURRENCY = 32;

/** Like Promise.all over fn(item), at most `limit` at a time; order of results follows items. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** CPU percent of one core from cumulative CPU time: the first sample of a process has no rate. */
export class CpuMeter {
  private readonly last = new Map<ProcKey, { t: number; cpuMs: number }>();

  rate(key: ProcKey, t: number, cpuTimeMs: number | undefined): number | undefined {
    if (cpuTimeMs === undefined) return undefined;
    const prev = this.last.get(key);
    if (prev === undefined) {
      this.last.set(key, { t, cpuMs: cpuTimeMs });
      return undefined;
    }
    // Updated in place: one record per watched process for its whole life, nothing allocated per tick.
    const { t: prevT, cpuMs: prevMs } = prev;
    prev.t = t;
    prev.cpuMs = cpuTimeMs;
    if (t <= prevT) return undefined;
    // A sleeping process: no CPU used, no arithmetic needed.
    if (cpuTimeMs === prevMs) return 0;
    const pct = ((cpuTimeMs - prevMs) / (t - prevT)) * 100;
    // Cumulative time going backwards means a different process or a bad read: no honest rate.
    return pct >= 0 ? pct : undefined;
  }

  /** Processes with a previous reading (bounded by the watched set: retain() drops the rest). */
  get size(): number {
    return this.last.size;
  }

  /** Drop processes that are no longer watched. */
  retain(keys: ReadonlySet<ProcKey>): void {
    for (const k of this.last.keys()) if (!keys.has(k)) this.last.delete(k);
  }
}

export interface MemberSample {
  readonly member: TreeMember;
  readonly metrics: ProcMetrics;
  readonly fdLimit?: number;
  readonly cpuPct?: number;
}

const add = (sum: number | undefined, x: number | undefined): number | undefined => (x === undefined ? sum : (sum ?? 0) + x);

/** The tree at one tick: sums of what could be read (undefined when nothing could), zombies counted apart. One pass, no arrays. */
export function serverSample(t: number, members: readonly MemberSample[]): ServerSample {
  let fdPct: number | undefined;
  let fds: number | undefined;
  let rssBytes: number | undefined;
  let vmsBytes: number | undefined;
  let cpuPct: number | undefined;
  let threads: number | undefined;
  let zombies = 0;
  // An indexed loop: the tick path runs mostly unoptimised, where for-of allocates an iterator result per step.
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const x = m.metrics;
    if (m.member.entry.state === 'Z') zombies++;
    fds = add(fds, x.fds);
    rssBytes = add(rssBytes, x.rssBytes);
    vmsBytes = add(vmsBytes, x.vmsBytes);
    cpuPct = add(cpuPct, m.cpuPct);
    threads = add(threads, x.threads);
    if (x.fds === undefined || m.fdLimit === undefined || m.fdLimit <= 0) continue;
    const pct = (x.fds / m.fdLimit) * 100;
    if (fdPct === undefined || pct > fdPct) fdPct = pct;
  }
  return { t, fds, rssBytes, vmsBytes, cpuPct, threads, procs: members.length - zombies, zombies, fdPctOfLimit: fdPct };
}

/** A tree's figures again at time t (its member samples are the same objects): no pass over the members. */
export const retimed = (s: ServerSample, t: number): ServerSample => ({
  t, fds: s.fds, rssBytes: s.rssBytes, vmsBytes: s.vmsBytes, cpuPct: s.cpuPct, threads: s.threads, procs: s.procs,
  zombies: s.zombies, fdPctOfLimit: s.fdPctOfLimit,
});

/** FD kinds of a tree: the sum of the readable processes; "denied" only when none was readable. */
export function sumFdKinds(results: readonly FdKindsResult[]): FdKindsResult | undefined {
  if (results.length === 0) return undefined;
  let sum: Record<FdKind, number> | undefined;
  let denied = false;
  for (const r of results) {
    if (r === 'denied') denied = true;
    if (typeof r !== 'object') continue;
    sum ??= Object.fromEntries(FD_KINDS.map((k) => [k, 0])) as Record<FdKind, number>;
    for (const k of FD_KINDS) sum[k] += r[k];
  }
  if (sum !== undefined) return sum as FdKindCounts;
  return denied ? 'denied' : 'gone';
}

/** A live member as the detail pane shows it. */
export function processView(m: MemberSample, command: string, startedAtMs: number | undefined): ProcessView {
  const e = m.member.entry;
  return {
    pid: e.pid, startTime: e.startTime, ppid: e.ppid, comm: e.comm, command, state: e.state, depth: m.member.depth,
    alive: true, metrics: m.metrics, fdLimit: m.fdLimit, cpuPct: m.cpuPct, uid: e.uid, startedAtMs,
  };
}
