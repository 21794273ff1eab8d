// Public face of the leak-verdict engine: evidence (TrackSet, MetricTrack), judgeMetric (cached, due on a schedule), the queue, worstVerdict.
import { SERVER_METRICS, VERDICT_ORDER, type MetricVerdict, type ServerMetric, type Verdict } from '../types.js';
import type { TrackKind } from './track.js';
import type { MetricTrack } from './metric-track.js';
import { judge } from './judge.js';

export { TrackSet } from './track.js';
export { MetricTrack } from './metric-track.js';
export type { TrackKind, LoadMarks, Segment, TrackOptions, WorkUnit } from './track.js';
export { JudgeQueue, JUDGE_BUDGET, JUDGE_FIXED } from './queue.js';
export type { JudgeItem } from './queue.js';
export { MIN_SAMPLES } from './judge.js';

/** The track kind each server metric is judged as. */
export const METRIC_KIND = {
  fds: 'count', procs: 'count', threads: 'count', rssBytes: 'bytes', vmsBytes: 'bytes', cpuPct: 'gauge',
} as const satisfies Record<ServerMetric, TrackKind>;

/** Spreads the metrics of one server over different re-judge ticks. */
const METRIC_PHASE = Object.fromEntries(SERVER_METRICS.map((m, i) => [m, i * 17])) as Record<ServerMetric, number>;

/**
 * A track is re-judged once per 1/24 of its samples (its evidence has 12 windows: a verdict changes only when a window
 * gains a share of new samples), not every tick: 100 servers x 6 metrics must stay well under a millisecond a tick. The schedule depends only on the
 * track's own samples (count, and a seed from its first one, so tracks that started together spread over different
 * ticks), so a replay re-judges at the same ticks as the live run.
 */
function slotOf(track: MetricTrack, metric: ServerMetric): number {
  const count = track.count;
  const every = Math.max(1, Math.floor(count / 24));
  return every === 1 ? count : Math.floor((count + ((track.seed + METRIC_PHASE[metric]) % every)) / every);
}

/** True when the metric's cached verdict no longer stands: new evidence reached its next slot, or a round ended. */
export function verdictDue(metric: ServerMetric, track: MetricTrack): boolean {
  const hit = track.judged;
  if (hit?.metric !== metric) return true;
  if (hit.version === track.version) return false;
  return slotOf(track, metric) !== hit.slot || track.rounds !== hit.rounds;
}

/**
 * Its cached verdict is "ok" on a column that has held one value since the baseline, and still does: a re-judgement can
 * only reword it ("flat ... over 12m"), so it waits in the queue's low lane (queue.ts) behind evidence that moved.
 */
export const onlyRewords = (track: MetricTrack): boolean => track.judged?.flat === true && track.constant;

/** Judging it is O(1) (a gauge, or start-up before the baseline): done at once, never queued. */
export const cheapToJudge = (track: MetricTrack): boolean => track.kind === 'gauge' || track.baselineT === undefined;

/**
 * Verdict of one metric of one server, cached on its track until it falls due (verdictDue). `fresh` forces a judgement
 * over every sample so far (the exit summary asks for it).
 */
export function judgeMetric(metric: ServerMetric, track: MetricTrack, opts?: { readonly fresh?: boolean }): MetricVerdict {
  const hit = track.judged?.metric === metric ? track.judged : undefined;
  if (hit && hit.version === track.version) return hit.verdict;
  const slot = slotOf(track, metric);
  if (hit && !opts?.fresh && slot === hit.slot && track.rounds === hit.rounds) return hit.verdict;
  const verdict = judge(metric, track);
  const flat = verdict.verdict === 'ok' && verdict.enoughData && track.constant;
  track.judged = { metric, version: track.version, slot, rounds: track.rounds, verdict, flat };
  return verdict;
}

/** The worst of several verdicts; "ok" for none. */
export function worstVerdict(vs: readonly Verdict[]): Verdict {
  let worst: Verdict = 'ok';
  for (const v of vs) if (VERDICT_ORDER[v] > VERDICT_ORDER[worst]) worst = v;
  return worst;
}
