// MetricTrack: the bounded history one server metric keeps for its verdict (recent samples + coalesced older windows).

export type TrackKind = 'count' | 'bytes' | 'gauge';

/** Stress progress at a sample: stress calls made so far and churn cycles done so far (both cumulative). */
export interface LoadMarks { readonly calls: number; readonly cycles: number }

/** A stretch of samples: one raw sample (n = 1) or an aggregate of older ones. Times in ms. */
export interface Segment {
  readonly t0: number;
  readonly t1: number;
  readonly n: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly first: number;
  readonly last: number;
  readonly calls0: number;
  readonly calls1: number;
  readonly cycles0: number;
  readonly cycles1: number;
}

export interface RoundMark { readonly t: number; readonly round: number }

/** Recent samples kept at full resolution: 5 minutes at 1 Hz (each judgement walks them all). */
const RAW_CAP = 300;
/** Older segments kept; past this, neighbours merge pairwise (resolution halves, memory stays flat). */
const OLD_CAP = 128;
const ROUND_CAP = 512;

type MutableSegment = { -readonly [K in keyof Segment]: Segment[K] };

const single = (t: number, v: number, calls: number, cycles: number): MutableSegment =>
  ({ t0: t, t1: t, n: 1, min: v, max: v, mean: v, first: v, last: v, calls0: calls, calls1: calls, cycles0: cycles, cycles1: cycles });

/**
 * One recent sample seen as a Segment: four fields stored, the rest read through the prototype. A track holds 300 of
 * these, so this is most of mcptop's memory with many servers (measured with `npm run bench -- memory`: a third of a
 * twelve-field segment, whose number fields V8 boxes one by one once any of them has held a fraction).
 */
class Sample implements Segment {
  constructor(readonly t0: number, readonly mean: number, readonly calls0: number, readonly cycles0: number) {}
  get t1(): number { return this.t0; }
  get n(): number { return 1; }
  get min(): number { return this.mean; }
  get max(): number { return this.mean; }
  get first(): number { return this.mean; }
  get last(): number { return this.mean; }
  get calls1(): number { return this.calls0; }
  get cycles1(): number { return this.cycles0; }
}

function absorb(into: MutableSegment, s: Segment): void {
  const n = into.n + s.n;
  into.mean = (into.mean * into.n + s.mean * s.n) / n;
  into.n = n;
  into.t1 = s.t1;
  into.min = Math.min(into.min, s.min);
  into.max = Math.max(into.max, s.max);
  into.last = s.last;
  into.calls1 = s.calls1;
  into.cycles1 = s.cycles1;
}

export class MetricTrack {
  readonly kind: TrackKind;
  /** Sampling period the caller intends, ms (used to turn sample counts into time when judging). */
  readonly intervalMs: number;
  /** Bumped on every change, so a verdict can be cached until new data arrives. */
  version = 0;
  /** Pushes that carried no value (process unreadable): gaps, never zeros. */
  gaps = 0;
  /** From the first sample: spreads re-judging of tracks that started together over different ticks (see index.ts). */
  seed = 0;
  /** Latest load marks seen, with or without a value. */
  lastLoad: LoadMarks = { calls: 0, cycles: 0 };
  /** Clock time of the settled baseline, ms: samples before it are start-up (shown and recorded, never judged). */
  baselineT: number | undefined;

  /** Ring of recent samples, each already a segment so judging allocates nothing per sample. */
  private readonly raw: (Sample | undefined)[] = [];
  private rawStart = 0;
  private rawLen = 0;
  private pushed = 0;
  private readonly old: MutableSegment[] = [];
  /** Samples per old segment; doubles whenever old segments are merged. */
  private oldSize = 1;
  private pending: MutableSegment | undefined;
  private readonly rounds: RoundMark[] = [];

  /** Recent samples kept at full resolution (RAW_CAP unless a sparser track asks for fewer). */
  private readonly rawCap: number;

  constructor(kind: TrackKind, opts?: { intervalMs?: number; rawCap?: number }) {
    this.kind = kind;
    this.intervalMs = opts?.intervalMs ?? 1000;
    this.rawCap = Math.max(1, Math.min(RAW_CAP, opts?.rawCap ?? RAW_CAP));
  }

  push(t: number, value: number | undefined, load: LoadMarks): void {
    this.version++;
    this.lastLoad = load;
    if (value === undefined || !Number.isFinite(value)) { this.gaps++; return; }
    if (this.pushed++ === 0) this.seed = Math.floor(Math.abs(value) + Math.abs(t)) % 9973;
    // A gauge (CPU) is shown, never judged: its count is all a verdict asks of it, so it keeps no history.
    if (this.kind === 'gauge') return;
    if (this.rawLen === this.rawCap) this.evictOldestRaw();
    this.raw[(this.rawStart + this.rawLen) % this.rawCap] = new Sample(t, value, load.calls, load.cycles);
    this.rawLen++;
  }

  /** The baseline is the sample at time t (the server answered, or its figures settled); set once. */
  markBaseline(t: number): void {
    if (this.baselineT !== undefined) return;
    this.baselineT = t;
    this.version++;
  }

  markRoundEnd(t: number, round: number): void {
    this.version++;
    this.rounds.push({ t, round });
    if (this.rounds.length > ROUND_CAP) this.rounds.shift();
  }

  /** Samples with a value, over the whole life of the track. */
  get count(): number {
    return this.pushed;
  }

  roundEnds(): readonly RoundMark[] { return this.rounds; }

  /** Walks the history oldest first without copying it (what judging uses on every tick). */
  forEachSegment(fn: (s: Segment) => void): void {
    for (const s of this.old) fn(s);
    if (this.pending) fn(this.pending);
    for (let k = 0; k < this.rawLen; k++) fn(this.raw[(this.rawStart + k) % this.rawCap]!);
  }

  /** The whole history, oldest first: coalesced segments, then one segment per recent sample. */
  segments(): Segment[] {
    const out: Segment[] = [...this.old];
    if (this.pending) out.push(this.pending);
    for (let k = 0; k < this.rawLen; k++) out.push(this.raw[(this.rawStart + k) % this.rawCap]!);
    return out;
  }

  private evictOldestRaw(): void {
    const r = this.raw[this.rawStart]!;
    const s = single(r.t0, r.mean, r.calls0, r.cycles0);
    this.raw[this.rawStart] = undefined;
    this.rawStart = (this.rawStart + 1) % this.rawCap;
    this.rawLen--;
    if (this.pending) absorb(this.pending, s); else this.pending = s;
    if (this.pending.n < this.oldSize) return;
    this.old.push(this.pending);
    this.pending = undefined;
    if (this.old.length <= OLD_CAP) return;
    const merged: MutableSegment[] = [];
    for (let k = 0; k < this.old.length; k += 2) {
      const a = this.old[k]!;
      const b = this.old[k + 1];
      if (b) absorb(a, b);
      merged.push(a);
    }
    this.old.splice(0, this.old.length, ...merged);
    this.oldSize *= 2;
  }
}
