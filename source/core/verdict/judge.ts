// The leak rules for a MetricTrack: its samples since the settled baseline, judged by judgeSeries (start-up never judged).
import type { MetricVerdict, ServerMetric } from '../types.js';
import type { MetricTrack } from './metric-track.js';
import { MIN_POINTS, judgeSeries, tooFewPoints, type SeriesPoint } from './series.js';
import { METRIC_NOUN } from './text.js';
import { judgeConstant } from './constant.js';

/** Samples needed after the baseline before any verdict but "inconclusive". */
export const MIN_SAMPLES = MIN_POINTS;

type MutablePoint = { -readonly [K in keyof SeriesPoint]: SeriesPoint[K] };
/**
 * The points handed to judgeSeries, reused from one judgement to the next (judging is synchronous and a verdict keeps
 * no point): a judgement allocates no object per sample. At most a track's stored points (RAW_CAP + OLD_CAP + 1).
 */
const pool: MutablePoint[] = [];
const points: MutablePoint[] = [];

/** A gauge's verdict, one object per noun and data state (it falls due often: the same object keeps views unchanged). */
const gaugeVerdicts = [new Map<string, MetricVerdict>(), new Map<string, MetricVerdict>()] as const;
function shownOnly(noun: string, enoughData: boolean): MetricVerdict {
  const byNoun = gaugeVerdicts[enoughData ? 1 : 0];
  let v = byNoun.get(noun);
  if (v === undefined) byNoun.set(noun, v = Object.freeze({ verdict: 'ok', enoughData, reason: `${noun} is shown, never judged as a leak` }));
  return v;
}

/** The verdict before a baseline, one object per noun (due at every sample until then: the same object changes nothing). */
const startUps = new Map<string, MetricVerdict>();
function startUp(noun: string): MetricVerdict {
  let v = startUps.get(noun);
  if (v === undefined) {
    startUps.set(noun, v = Object.freeze({
      verdict: 'inconclusive', enoughData: false, reason: `${noun}: start-up, no settled baseline yet (earlier samples are shown, never judged)`,
      hint: 'let it settle: a baseline is taken once the server answered or its figures held still',
    }));
  }
  return v;
}

/**
 * A column that held one value since its baseline (no gap, rows in time order) and has fewer than MIN_SAMPLES points:
 * its verdict is "not enough evidence yet, n of 12" (judgeSeries's and judgeConstant's), so judging it is O(1).
 */
export const countingUp = (track: MetricTrack): boolean => track.constant && track.set.ordered && track.set.points < MIN_SAMPLES;

/** Those verdicts, one object per metric and count (every idle column passes through them after its baseline). */
const counts = new Map<ServerMetric, MetricVerdict[]>();
function countedUp(metric: ServerMetric, n: number): MetricVerdict {
  let byN = counts.get(metric);
  if (byN === undefined) counts.set(metric, byN = []);
  // The reason names the noun and the count only (not the unit of work): one object serves every track of the metric.
  return byN[n] ??= Object.freeze(vmsNote(metric, tooFewPoints(n, { kind: 'count', noun: METRIC_NOUN[metric], unit: 'cycle' })));
}

/** Address space is reserved in large steps (heap spaces, thread stacks): shown with its trend, never a verdict alone. */
const vmsNote = (metric: ServerMetric, v: MetricVerdict): MetricVerdict =>
  (metric === 'vmsBytes' ? { ...v, verdict: 'ok', reason: `${v.reason} (VMS is never judged alone)` } : v);

/** Judges one metric of one server (a column constant since its baseline by search: constant.ts). Pure; index.ts caches it per track version. */
export function judge(metric: ServerMetric, track: MetricTrack): MetricVerdict {
  const noun = METRIC_NOUN[metric];
  if (metric === 'cpuPct' || track.kind === 'gauge') return shownOnly(noun, track.count >= MIN_SAMPLES);
  const from = track.baselineT;
  if (from === undefined) return startUp(noun);
  if (countingUp(track)) return countedUp(metric, track.set.points);
  const o = { kind: track.kind === 'bytes' ? 'bytes' : 'count', noun, unit: track.unit } as const;
  return vmsNote(metric, (track.constant ? judgeConstant(track.set, o) : undefined) ?? judgeSeries(pointsOf(track, from), o));
}

/** The track's points since `from`, in the reused pool. */
function pointsOf(track: MetricTrack, from: number): readonly SeriesPoint[] {
  let n = 0;
  track.forEach((t, work, lo, hi) => {
    if (t < from) return;
    const p = pool[n] ??= { t, work, lo, hi };
    p.t = t; p.work = work; p.lo = lo; p.hi = hi;
    points[n++] = p;
  });
  points.length = n;
  return points;
}
