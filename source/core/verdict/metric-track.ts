// MetricTrack: one column of a TrackSet as judging sees it, with the verdict it last got (judgeMetric's cache).
import type { MetricVerdict, ServerMetric } from '../types.js';
import { TrackSet } from './track.js';
import type { LoadMarks, Segment, TrackKind, TrackOptions, WorkUnit } from './track.js';

/** The verdict a track last got, and the evidence it stood on (index.ts judgeMetric's cache: one per track, no lookup). */
export interface JudgedMark {
  readonly metric: ServerMetric;
  readonly version: number;
  /** The sample count at which it falls due again (index.ts dueAt). */
  readonly dueAt: number;
  readonly rounds: number;
  /** Judged on a column that held one value: its first moved value makes it due at once. */
  readonly constant: boolean;
  /** Judged flat with no work since the baseline (index.ts FLAT_STEP): the set's work then; work that moves makes it due. */
  readonly idleWork: number | undefined;
  readonly verdict: MetricVerdict;
}

/** One column of a TrackSet: what judging reads (a track of its own when built from a kind alone). */
export class MetricTrack {
  readonly set: TrackSet;
  readonly col: number;
  /** judgeMetric's cached verdict for this track. */
  judged: JudgedMark | undefined;

  /** A one-column track of its own, or (`shared`) a view of column `col` of a set. */
  constructor(kind: TrackKind, opts?: TrackOptions & { readonly shared?: { readonly set: TrackSet; readonly col: number } }) {
    this.set = opts?.shared?.set ?? new TrackSet([kind], opts);
    this.col = opts?.shared?.col ?? 0;
  }

  get kind(): TrackKind { return this.set.kinds[this.col]!; }
  get version(): number { return this.set.version; }
  get baselineT(): number | undefined { return this.set.baselineT; }
  get rounds(): number { return this.set.rounds; }
  /** From the first sample: spreads re-judging of tracks that started together over different ticks (see index.ts). */
  get seed(): number { return this.set.seed; }
  /** Samples with a value, over the whole life of the track. */
  get count(): number { return this.set.pushed[this.col]!; }
  /** Pushes that carried no value (process unreadable): gaps, never zeros. */
  get gaps(): number { return this.set.gaps[this.col]!; }
  get callsMoved(): boolean { return this.set.callsMoved; }
  get unit(): WorkUnit { return this.set.unit; }
  /** One value, without a gap, since the baseline. */
  get constant(): boolean { return this.set.constant(this.col); }

  /** A sample of this track alone (a view of a shared set is pushed through its set). */
  push(t: number, value: number | undefined, load: LoadMarks): void {
    this.set.push(t, [value], load);
  }

  markBaseline(t: number): void { this.set.markBaseline(t); }
  /** A stress round ended (time and number are not kept: a judgement needs only that evidence changed). */
  markRoundEnd(_t?: number, _round?: number): void { this.set.markRoundEnd(); }

  forEach(fn: (t0: number, work: number, lo: number, hi: number, n: number) => void): void {
    this.set.forEach(this.col, fn);
  }

  /** The stored history as objects, oldest first (tests and tools; judging walks it with forEach instead). */
  segments(): Segment[] {
    const out: Segment[] = [];
    this.forEach((t0, work, lo, hi, n) => { out.push({ t0, work, lo, hi, n }); });
    return out;
  }
}
