// Public face of the leak-verdict engine: evidence (TrackSet, MetricTrack), judgeMetric (cached, due on a schedule), the queue, worstVerdict.
import { VERDICT_ORDER, type MetricVerdict, type ServerMetric, type Verdict } from '../types.js';
import type { TrackKind } from './track.js';
import type { MetricTrack } from './metric-track.js';
import { MIN_SAMPLES, countingUp, judge } from './judge.js';

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

/**
 * A track is re-judged once per 1/48 to 1/24 of its samples (its evidence has 12 windows: a verdict changes only when a
 * window gains a share of new samples), not every tick: 100 servers x 6 metrics must stay well under a millisecond a
 * tick. A column that held one value since the baseline can only be "flat" (or not enough data yet): once per 1/12 to
 * 1/6 of its samples refreshes its wording ("over 12 min"), and the first value that moves makes it due at once. Once
 * it reads "flat" with no work since the baseline, only its "over ..." moves: at most every FLAT_STEP samples (an idle
 * server's first minutes would otherwise re-word each column every 2-8 ticks), and at once when work starts.
 * The schedule depends only on the track's own samples (count, constancy, and its set's seed from its first sample, so
 * a server's metrics fall due together and servers started together spread), so a replay re-judges at the same ticks.
 */
const SLOTS = 24;
const CONSTANT_SLOTS = 6;
/** The least step of a column judged flat with no work (its level cannot change until it moves or work starts). */
export const FLAT_STEP = 32;
/** Points between re-counts of a verdict still waiting for MIN_SAMPLES points. */
const PROGRESS_STEP = 4;

/**
 * The sample count at which a verdict judged now falls due: the next count past this one on a grid of step `every`
 * offset by the set's seed. Always ahead of the count, so a verdict is re-judged for as long as samples come (a slot
 * number that divided the count by its own share stopped changing after ~24 x 24 samples). The step is the share (1/24
 * or 1/6 of the count) rounded down to a power of two, so the grid holds still from one doubling to the next (a step
 * that followed the count moved the grid at every judgement: due again after about a fifth of the step).
 */
export function dueAt(track: MetricTrack, idleFlat = false): number {
  const count = track.count;
  // A gauge is shown, never judged: its verdict changes once, when it has enough samples (or a round ends).
  if (track.kind === 'gauge') return count < MIN_SAMPLES ? MIN_SAMPLES : Infinity;
  // Fewer points since the baseline than a verdict needs: "not enough evidence yet, n of 12" is re-counted every
  // PROGRESS_STEP points, and judged on the very sample that makes MIN_SAMPLES.
  const points = track.set.points;
  if (track.baselineT !== undefined && points < MIN_SAMPLES) return count + Math.min(PROGRESS_STEP - (points % PROGRESS_STEP), MIN_SAMPLES - points);
  const share = Math.floor(count / (track.constant ? CONSTANT_SLOTS : SLOTS));
  const every = Math.max(share < 2 ? 1 : 2 ** (31 - Math.clz32(share)), idleFlat ? FLAT_STEP : 1);
  return count + every - ((count + track.seed) % every);
}

/** Judged "flat" on a column that held one value, with no work since the baseline (dueAt's FLAT_STEP applies). */
const idleFlat = (track: MetricTrack, v: MetricVerdict): boolean =>
  track.constant && v.enoughData && v.verdict === 'ok' && !(track.set.points > 0 && track.set.work > track.set.pointAt(0, 1));

/** True when the metric's cached verdict no longer stands: new evidence reached its due count, moved, or a round ended. */
export function verdictDue(metric: ServerMetric, track: MetricTrack): boolean {
  const hit = track.judged;
  if (hit?.metric !== metric) return true;
  if (hit.version === track.version) return false;
  return track.count >= hit.dueAt || track.rounds !== hit.rounds || (hit.constant && !track.constant)
    || (hit.idleWork !== undefined && track.set.work !== hit.idleWork);
}

/** Judging it is O(1) (a gauge, start-up before the baseline, an idle column counting up to 12): done at once, never queued. */
export const cheapToJudge = (track: MetricTrack): boolean => track.kind === 'gauge' || track.baselineT === undefined || countingUp(track);

/**
 * Verdict of one metric of one server, cached on its track until it falls due (verdictDue). `fresh` forces a judgement
 * over every sample so far (the exit summary asks for it).
 */
export function judgeMetric(metric: ServerMetric, track: MetricTrack, opts?: { readonly fresh?: boolean }): MetricVerdict {
  const hit = track.judged?.metric === metric ? track.judged : undefined;
  if (hit && hit.version === track.version) return hit.verdict;
  if (hit && !opts?.fresh && !verdictDue(metric, track)) return hit.verdict;
  const verdict = judge(metric, track);
  const idle = idleFlat(track, verdict);
  track.judged = {
    metric, version: track.version, dueAt: dueAt(track, idle), rounds: track.rounds, constant: track.constant,
    idleWork: idle ? track.set.work : undefined, verdict,
  };
  return verdict;
}

/** The worst of several verdicts; "ok" for none. */
export function worstVerdict(vs: readonly Verdict[]): Verdict {
  let worst: Verdict = 'ok';
  for (let i = 0; i < vs.length; i++) if (VERDICT_ORDER[vs[i]!] > VERDICT_ORDER[worst]) worst = vs[i]!;
  return worst;
}
