// Public face of the leak-verdict engine: per-metric history (MetricTrack), judgeMetric (cached) and worstVerdict.
import { VERDICT_ORDER, type MetricVerdict, type ServerMetric, type Verdict } from '../types.js';
import type { MetricTrack, TrackKind } from './track.js';
import { judge } from './judge.js';

export { MetricTrack } from './track.js';
export type { TrackKind, LoadMarks, Segment, RoundMark } from './track.js';
export { MIN_SAMPLES } from './judge.js';

/** The track kind each server metric is judged as. */
export const METRIC_KIND = {
  fds: 'count', procs: 'count', threads: 'count', rssBytes: 'bytes', vmsBytes: 'bytes', cpuPct: 'gauge',
} as const satisfies Record<ServerMetric, TrackKind>;

const cache = new WeakMap<MetricTrack, Map<ServerMetric, { version: number; verdict: MetricVerdict }>>();

/** Verdict of one metric of one server; recomputed only when the track changed since the last call. */
export function judgeMetric(metric: ServerMetric, track: MetricTrack): MetricVerdict {
  let byMetric = cache.get(track);
  if (!byMetric) { byMetric = new Map(); cache.set(track, byMetric); }
  const hit = byMetric.get(metric);
  if (hit && hit.version === track.version) return hit.verdict;
  const verdict = judge(metric, track);
  byMetric.set(metric, { version: track.version, verdict });
  return verdict;
}

/** The worst of several verdicts; "ok" for none. */
export function worstVerdict(vs: readonly Verdict[]): Verdict {
  let worst: Verdict = 'ok';
  for (const v of vs) if (VERDICT_ORDER[v] > VERDICT_ORDER[worst]) worst = v;
  return worst;
}
