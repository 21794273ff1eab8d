// Judging one tool of a profile: growth per call of FDs, RSS and processes from settled baselines, with a verdict each.
// Until core/verdict exposes a pure judge over (work, value) points, the rule is the same in spirit: the first round is
// warm-up, and a leak needs growth past a floor, per call, in every later round.
import type { LatencyMs, ProcKey, RoundBaseline, Snapshot, Verdict } from '../types.js';
import { worstVerdict } from '../verdict/index.js';

export const PROFILE_METRICS = ['fds', 'rssBytes', 'procs'] as const;
export type ProfileMetric = (typeof PROFILE_METRICS)[number];

/** The spelling of "not decided" (core/types Verdict). */
export const INCONCLUSIVE: Verdict = 'inconclusive';

/** Growth past both floors is a leak when it is steady: per call, and in total over the judged rounds. */
export const PROFILE_FLOORS: Readonly<Record<ProfileMetric, { readonly perCall: number; readonly total: number }>> = {
  fds: { perCall: 0.05, total: 3 },
  rssBytes: { perCall: 8 * 1024, total: 4 * 1024 * 1024 },
  procs: { perCall: 0.02, total: 2 },
};

/** A settled reading of the profiled server: after `calls` calls of this tool. */
export interface ProfilePoint {
  readonly calls: number;
  readonly fds?: number;
  readonly rssBytes?: number;
  readonly procs?: number;
}

export interface ProfileMetricResult {
  /** Growth per call over the judged rounds (units: FDs, bytes, processes); undefined when unknown. */
  readonly perCall?: number;
  readonly verdict: Verdict;
}

/** One tool's line of the profile table. */
export interface ProfileToolRow {
  readonly tool: string;
  /** done: judged; failed: its load failed (reported, the profile goes on); skipped: not run (note says why). */
  readonly state: 'done' | 'failed' | 'skipped' | 'aborted';
  readonly note?: string;
  readonly calls: number;
  readonly ok: number;
  readonly failed: number;
  readonly latencyMs: LatencyMs;
  readonly metrics: Readonly<Record<ProfileMetric, ProfileMetricResult>>;
  /** Worst of the metrics' verdicts ("ok" for a skipped tool is never claimed: it is inconclusive). */
  readonly verdict: Verdict;
}

export interface ProfileResult {
  readonly state: 'done' | 'aborted' | 'failed';
  readonly message?: string;
  readonly serverKey?: ProcKey;
  /** Leaking tools first, then inconclusive, then ok; skipped last. */
  readonly tools: readonly ProfileToolRow[];
}

/** Growth per call and its verdict for one metric over settled points (first point: before the tool's first call). */
export function judgeProfileMetric(points: readonly ProfilePoint[], metric: ProfileMetric): ProfileMetricResult {
  const pts = points.filter((p) => p[metric] !== undefined);
  if (pts.length < 2 || pts.length !== points.length) return { verdict: INCONCLUSIVE };
  // With two rounds or more, the first is warm-up (JIT, pools, caches filling): judged from its end on.
  const judged = pts.length >= 3 ? pts.slice(1) : pts;
  const first = judged[0]!;
  const last = judged[judged.length - 1]!;
  const calls = last.calls - first.calls;
  if (calls <= 0) return { verdict: INCONCLUSIVE };
  const growth = (last[metric] ?? 0) - (first[metric] ?? 0);
  const perCall = growth / calls;
  const floor = PROFILE_FLOORS[metric];
  if (growth < floor.total || perCall < floor.perCall) return { perCall, verdict: 'ok' };
  const steady = judged.every((p, i) => i === 0 || (p[metric] ?? 0) > (judged[i - 1]![metric] ?? 0));
  return { perCall, verdict: steady ? 'leak' : INCONCLUSIVE };
}

/** The profiled server's settled reading in a snapshot; undefined when it is not listed or not alive. */
export function pointOf(s: Snapshot, key: ProcKey | undefined, calls: number): ProfilePoint | undefined {
  const v = key === undefined ? undefined : s.servers.find((x) => x.key === key);
  if (v === undefined || !v.alive) return undefined;
  return { calls, fds: v.latest?.fds, rssBytes: v.latest?.rssBytes, procs: v.latest?.procs };
}

/** Points from a load's settled round baselines. */
export function pointsOfRounds(rounds: readonly RoundBaseline[], key: ProcKey | undefined): ProfilePoint[] {
  return rounds.filter((r) => r.serverKey === key).map((r) => ({ calls: r.callsSoFar, fds: r.fds, rssBytes: r.rssBytes, procs: r.procs }));
}

export function judgeTool(points: readonly ProfilePoint[]): { metrics: Record<ProfileMetric, ProfileMetricResult>; verdict: Verdict } {
  const metrics = Object.fromEntries(PROFILE_METRICS.map((m) => [m, judgeProfileMetric(points, m)])) as Record<ProfileMetric, ProfileMetricResult>;
  return { metrics, verdict: worstVerdict(PROFILE_METRICS.map((m) => metrics[m].verdict)) };
}

const RANK: Readonly<Record<string, number>> = { leak: 0, warn: 1, inconclusive: 1, ok: 2 };

/** Leaking tools first (biggest FD then RSS growth per call first), then inconclusive, ok, and tools not judged. */
export function orderRows(rows: readonly ProfileToolRow[]): ProfileToolRow[] {
  const judged = (r: ProfileToolRow): number => (r.state === 'done' ? 0 : 1);
  return [...rows].sort((a, b) => judged(a) - judged(b) || (RANK[a.verdict] ?? 1) - (RANK[b.verdict] ?? 1)
    || (b.metrics.fds.perCall ?? 0) - (a.metrics.fds.perCall ?? 0) || (b.metrics.rssBytes.perCall ?? 0) - (a.metrics.rssBytes.perCall ?? 0));
}

export const unjudged = (): Record<ProfileMetric, ProfileMetricResult> =>
  ({ fds: { verdict: INCONCLUSIVE }, rssBytes: { verdict: INCONCLUSIVE }, procs: { verdict: INCONCLUSIVE } });

/** A recorded `profile` event's detail as a ProfileResult, when it has the shape (a replay trusts nothing more). */
export function asProfileResult(x: unknown): ProfileResult | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as { state?: unknown; tools?: unknown };
  if (typeof r.state !== 'string' || !Array.isArray(r.tools)) return undefined;
  const rowOk = (t: unknown): boolean => typeof t === 'object' && t !== null && typeof (t as { tool?: unknown }).tool === 'string'
    && typeof (t as { metrics?: unknown }).metrics === 'object' && (t as { metrics?: unknown }).metrics !== null;
  return r.tools.every(rowOk) ? (x as ProfileResult) : undefined;
}
