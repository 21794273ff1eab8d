// Synthetic metric series for the verdict tests: a seeded PRNG and a driver that pushes a run into a MetricTrack.
import { MetricTrack, judgeMetric, type TrackKind } from '../../../source/core/verdict/index.js';
import type { MetricVerdict, ServerMetric } from '../../../source/core/types.js';

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Run {
  readonly n: number;
  readonly value: (i: number) => number | undefined;
  /** Cumulative calls at sample i (default: no load). */
  readonly calls?: (i: number) => number;
  readonly cycles?: (i: number) => number;
  /** Sample indexes after which a stress round ended. */
  readonly roundEnds?: readonly number[];
  readonly intervalMs?: number;
  /** Sample index taken as the baseline (default 0: the first sample; -1: none, start-up never ends). */
  readonly baselineAt?: number;
}

/** Pushes the run, judging after every tick like the Monitor does; returns the track, the final verdict and every verdict. */
export function drive(kind: TrackKind, metric: ServerMetric, run: Run): { track: MetricTrack; final: MetricVerdict; all: MetricVerdict[] } {
  const dt = run.intervalMs ?? 1000;
  const track = new MetricTrack(kind, { intervalMs: dt });
  const all: MetricVerdict[] = [];
  const ends = new Set(run.roundEnds ?? []);
  let round = 0;
  for (let i = 0; i < run.n; i++) {
    track.push(i * dt, run.value(i), { calls: run.calls?.(i) ?? 0, cycles: run.cycles?.(i) ?? 0 });
    if (i === (run.baselineAt ?? 0)) track.markBaseline(i * dt);
    if (ends.has(i)) track.markRoundEnd(i * dt, ++round);
    all.push(judgeMetric(metric, track));
  }
  return { track, final: all[all.length - 1]!, all };
}

/** Index of the first tick whose verdict was `leak`, or -1. */
export const firstLeak = (all: readonly MetricVerdict[]): number => all.findIndex((v) => v.verdict === 'leak');
