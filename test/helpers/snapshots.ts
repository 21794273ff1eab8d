// Builders of Snapshot / ServerView / RunSummary test data: every field filled with plausible values, overridable.
import type {
  ChurnView, MetricSummary, ProcessView, RunSummary, ServerSample, ServerSummary, ServerView, Snapshot, StressView,
} from '../../source/core/types.js';

type Series = ServerView['series'];

/** A window of `n` samples of every series, FDs and RSS taken from the given arrays when present. */
export function makeSeries(fds: readonly (number | undefined)[] = [20, 21, 21, 22], rss?: readonly (number | undefined)[]): Series {
  const n = fds.length;
  return {
    fds,
    rssBytes: rss ?? fds.map((v) => (v === undefined ? undefined : 40_000_000 + v * 100_000)),
    vmsBytes: Array.from({ length: n }, () => 1_100_000_000),
    cpuPct: Array.from({ length: n }, () => 1.5),
    procs: Array.from({ length: n }, () => 1),
  };
}

export function makeProcess(over: Partial<ProcessView> & { pid: number }): ProcessView {
  return {
    startTime: 1000 + over.pid,
    ppid: 1,
    comm: 'node',
    command: `node worker-${over.pid}.js`,
    state: 'S',
    depth: 0,
    alive: true,
    metrics: { fds: 10, rssBytes: 20_000_000, vmsBytes: 500_000_000, threads: 7, cpuTimeMs: 100 },
    fdLimit: 1024,
    cpuPct: 0.5,
    ...over,
  };
}

export interface ServerOver extends Partial<Omit<ServerView, 'latest'>> {
  readonly pid?: number;
  readonly latest?: Partial<ServerSample>;
}

/** A live, OK server named `label` (key derived from pid), with one root process. */
export function makeServer(over: ServerOver = {}): ServerView {
  const pid = over.pid ?? 1234;
  const key = over.key ?? `${pid}@${1000 + pid}`;
  const latest: ServerSample = {
    t: 4000, fds: 22, rssBytes: 48_200_000, vmsBytes: 1_100_000_000, cpuPct: 1.5, threads: 11, procs: 1, zombies: 0,
    fdPctOfLimit: 2.1, ...over.latest,
  };
  return {
    label: `node server-${pid}.js`,
    command: `node server-${pid}.js --stdio`,
    alive: true,
    launched: false,
    status: { level: 'ok', reasons: [] },
    worstStatus: { level: 'ok', reasons: [] },
    verdict: 'ok',
    metricVerdicts: {},
    series: makeSeries(),
    processes: [makeProcess({ pid, ppid: 1, comm: 'node', command: `node server-${pid}.js --stdio` })],
    ...over,
    key,
    pid,
    latest,
  };
}

export function makeStress(over: Partial<StressView> = {}): StressView {
  return {
    state: 'running', transport: 'stdio', tool: 'echo', users: 4, callsPerUser: 100, rounds: 3, round: 2,
    planned: 1200, calls: 600, ok: 597, failed: 3,
    errors: { timeout: 2, jsonrpc: 0, toolError: 1, closed: 0, garbage: 0, other: 0 },
    callsPerSec: 410.2, latencyMs: { p50: 3.2, p95: 12, p99: 40 }, roundBaselines: [], ...over,
  };
}

export function makeChurn(over: Partial<ChurnView> = {}): ChurnView {
  return {
    state: 'running', mode: 'eof', viaNpx: false, cycles: 50, done: 12, failed: 1, survivors: 2, zombies: 0,
    eofCompliant: 11, eofChecked: 12, selfFdsStart: 23, selfFdsNow: 24, latencyMs: { p50: 80 }, survivorSamples: [],
    ...over,
  };
}

export function makeSnapshot(over: Partial<Snapshot> = {}): Snapshot {
  const servers = over.servers ?? [makeServer()];
  return {
    tick: 4, t: 1_700_000_004_000, startedAt: 1_700_000_000_000, elapsedMs: 4000, intervalMs: 1000, paused: false,
    host: { memTotalBytes: 8 * 2 ** 30, memAvailableBytes: 5 * 2 ** 30, load1: 0.52, load5: 0.4, load15: 0.33, filesOpen: 12_345, filesMax: 9.223372036854776e18, cpus: 2 },
    self: { pid: 999, cpuPct: 1.2, rssBytes: 60_000_000, fds: 23, children: 0 },
    watchedProcs: servers.reduce((n, s) => n + (s.latest?.procs ?? 0), 0),
    notices: [],
    verdict: 'ok',
    ...over,
    servers,
  };
}

export function makeMetric(over: Partial<MetricSummary> = {}): MetricSummary {
  return { initial: 21, final: 870, min: 21, max: 870, avg: 445.5, growth: 849, growthPct: 4042.9, count: 62, verdict: 'ok', ...over };
}

export function makeServerSummary(over: Partial<ServerSummary> = {}): ServerSummary {
  return {
    key: '123@4567', label: 'node index.js', pid: 123, command: 'node index.js --stdio', verdict: 'leak', alive: true,
    worstStatus: { level: 'crit', reasons: ['FDs 870/1024 (85% of limit)'] },
    metrics: {
      fds: makeMetric({ verdict: 'leak', reason: 'FDs +1.00 per call over 1,800 calls; floor rose in 6 of 6 windows' }),
      rssBytes: makeMetric({ initial: 48_200_000, final: 96_400_000, min: 48_000_000, max: 97_000_000, avg: 70_000_000, growth: 48_200_000, growthPct: 100 }),
      vmsBytes: makeMetric({ initial: 1_100_000_000, final: 1_100_000_000, min: 1_100_000_000, max: 1_100_000_000, avg: 1_100_000_000, growth: 0, growthPct: 0 }),
      procs: makeMetric({ initial: 1, final: 1, min: 1, max: 1, avg: 1, growth: 0, growthPct: 0 }),
    },
    ...over,
  };
}

export function makeSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    verdict: 'leak', durationMs: 62_000, samples: 62, servers: [makeServerSummary()], critReached: true,
    stress: {
      calls: 1800, ok: 1795, failed: 5, callsPerSec: 410.25, latencyMs: { p50: 3, p95: 12, p99: 40 }, tool: 'echo', transport: 'stdio',
      errors: { timeout: 3, jsonrpc: 0, toolError: 0, closed: 2, garbage: 0, other: 0 },
      rounds: [{ round: 1, serverKey: '123@4567', callsSoFar: 600, fds: 321, rssBytes: 60_000_000, procs: 1 }],
    },
    churn: { cycles: 50, failed: 1, survivors: 2, mode: 'eof', eofComplianceRate: 0.96, selfFdDrift: 0 },
    ...over,
  };
}
