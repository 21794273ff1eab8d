// Verdict evidence storage: TrackSet, the columns of one server sampled together, in fixed typed arrays (metric-track.ts: one column).

export type TrackKind = 'count' | 'bytes' | 'gauge';

/**
 * Stress progress at a sample: stress calls made so far and churn cycles done so far (both cumulative), and of those
 * calls the ones that opened a session of their own (--session-per-call; absent: none).
 */
export interface LoadMarks { readonly calls: number; readonly cycles: number; readonly sessions?: number }

/** What one unit of work was since the baseline: growth is reported per call, per session or per churn cycle. */
export type WorkUnit = 'call' | 'session' | 'cycle';

/** A stretch of samples of one column as judging sees it: one raw sample (n = 1) or an aggregate of older ones. Times in ms. */
export interface Segment {
  readonly t0: number;
  /** Work (calls + cycles) at the stretch's first sample. */
  readonly work: number;
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
}

/** Fixed sizes of a set's stores: recent rows at full resolution, older ones coalesced. */
export interface TrackOptions {
  /** Sampling period the caller intends, ms. */
  readonly intervalMs?: number;
  /** Recent samples kept at full resolution (default RAW_CAP). */
  readonly rawCap?: number;
  /** Coalesced older segments kept (default OLD_CAP; even); past it, neighbours merge pairwise. */
  readonly oldCap?: number;
}

/**
 * Recent samples kept at full resolution, then older segments. Judging splits the evidence into at most 12 windows, so
 * 48 older segments give every window several points; the recent ones cover a whole headless run with its hold after
 * the stress (30 s at 200 ms) or 4 minutes at 1 Hz, so a short run is judged on every sample it took (with fewer, a
 * hold's idle samples would squeeze the loaded ones into a handful of segments). Memory is fixed at construction.
 */
export const RAW_CAP = 256;
export const OLD_CAP = 48;

/** Raw row: t, work, then one value per stored column (NaN: a gap). */
const RAW_HEAD = 2;
/** Old segment: t0, work0, n, then lo and hi per stored column (lo = +Infinity: no value in it). */
const OLD_HEAD = 3;

/**
 * The verdict evidence of several metrics sampled together (a server's five metrics, or its five FD kinds): one clock,
 * one work counter and one baseline for all, each column's values beside them. Gauge columns are counted, never stored.
 * Bytes held: 8 x (rawCap x (2 + S) + (oldCap + 1) x (3 + 2S)) for S stored columns, fixed at construction.
 */
export class TrackSet {
  readonly kinds: readonly TrackKind[];
  readonly intervalMs: number;
  /** Bumped on every change, so a verdict can be cached until new data arrives. */
  version = 0;
  /** Clock time of the settled baseline, ms: samples before it are start-up (shown and recorded, never stored or judged). */
  baselineT: number | undefined;
  /** Stress rounds that ended while this set was kept. */
  rounds = 0;
  /** Latest load marks seen, with or without a value. */
  lastLoad: LoadMarks = { calls: 0, cycles: 0 };
  /** Since the baseline, the call count moved (growth is then per call, else per cycle or per minute). */
  callsMoved = false;
  /** Calls and per-call sessions at the latest stored row (the unit compares their moves since the baseline). */
  private callsNow = 0;
  private sessionsNow = 0;
  private sessionsBase = 0;

  /** Per column: samples with a value over the whole life, and pushes without one. */
  readonly pushed: number[];
  readonly gaps: number[];
  /** From the first sample with a value: one per set, so a server's columns fall due together, and servers spread. */
  seed = 0;
  private seeded = false;
  /** Per column: its place among the stored columns, -1 for a gauge. */
  readonly slot: readonly number[];

  private readonly stored: number;
  private readonly rawCap: number;
  private readonly oldCap: number;
  private readonly raw: Float64Array;
  private rawStart = 0;
  private rawLen = 0;
  private readonly old: Float64Array;
  private oldLen = 0;
  /** Samples per old segment; doubles whenever old segments are merged. */
  private oldSize = 1;
  /** The segment being filled from evicted rows (pendN rows so far). */
  private readonly pend: Float64Array;
  private pendN = 0;
  private callsBase: number | undefined;
  /**
   * Per stored column since the baseline: the one value every sample had (NaN: none yet) and whether any differed or
   * was a gap. A constant column's verdict is found by search, not by walking its points (constant.ts).
   */
  private readonly constVal: Float64Array;
  private readonly varied: boolean[];
  /** Columns that stopped being constant so far (a verdict cached as constant falls due when this moves). */
  breaks = 0;
  /** Stored rows' times and work never went backwards (constant.ts may then search them instead of walking). */
  ordered = true;
  private lastT = -Infinity;
  /** Work is never negative: -1 before any row keeps the field a small integer (no boxed number per read). */
  private lastWork = -1;

  constructor(kinds: readonly TrackKind[], opts?: TrackOptions) {
    this.kinds = kinds;
    this.intervalMs = opts?.intervalMs ?? 1000;
    this.rawCap = Math.max(1, opts?.rawCap ?? RAW_CAP);
    this.oldCap = Math.max(2, (opts?.oldCap ?? OLD_CAP) & ~1);
    let s = 0;
    this.slot = kinds.map((k) => (k === 'gauge' ? -1 : s++));
    this.stored = s;
    this.pushed = kinds.map(() => 0);
    this.gaps = kinds.map(() => 0);
    this.raw = new Float64Array(s === 0 ? 0 : this.rawCap * (RAW_HEAD + s));
    this.old = new Float64Array(s === 0 ? 0 : this.oldCap * (OLD_HEAD + 2 * s));
    this.pend = new Float64Array(OLD_HEAD + 2 * s);
    this.constVal = new Float64Array(s).fill(Number.NaN);
    this.varied = Array.from({ length: s }, () => false);
  }

  /** Column c has held one value, without a gap, since the baseline (false before it, or for a gauge). */
  constant(c: number): boolean {
    const s = this.slot[c]!;
    return this.baselineT !== undefined && s >= 0 && !this.varied[s]! && !Number.isNaN(this.constVal[s]!);
  }

  /** Whether stored column s still holds one value since the baseline, after value v (NaN: a gap). */
  private noteConst(s: number, v: number): void {
    if (this.varied[s]) return;
    if (Number.isNaN(this.constVal[s]!) && !Number.isNaN(v)) this.constVal[s] = v;
    else if (v !== this.constVal[s]) { this.varied[s] = true; this.breaks++; }
  }

  /** Work (calls + cycles) at the latest stored row (-1 before one). */
  get work(): number { return this.lastWork; }

  /** Bytes of sample storage this set holds (fixed from construction). */
  get bytes(): number { return this.raw.byteLength + this.old.byteLength + this.pend.byteLength; }

  /** Stored points of a column's history right now (rows, old segments, the pending one): what a judgement walks. */
  get points(): number {
    return this.rawLen + this.oldLen + (this.pendN > 0 ? 1 : 0);
  }

  /** One sample of every column at time t (undefined or non-finite: a gap, never a zero). */
  push(t: number, values: ArrayLike<number | undefined>, load: LoadMarks): void {
    this.version++;
    this.lastLoad = load;
    let any = false;
    for (let c = 0; c < this.kinds.length; c++) {
      const v = values[c];
      if (v === undefined || !Number.isFinite(v)) { this.gaps[c]!++; continue; }
      this.pushed[c]!++;
      if (this.slot[c]! >= 0) any = true;
    }
    if (!this.seeded && any) this.seedFrom(t, values);
    if (!any) return;
    if (this.baselineT !== undefined) {
      if (this.callsBase === undefined) { this.callsBase = load.calls; this.sessionsBase = load.sessions ?? 0; }
      if (load.calls !== this.callsBase) this.callsMoved = true;
      this.callsNow = load.calls;
      this.sessionsNow = load.sessions ?? 0;
    }
    if (this.rawLen === this.rawCap) {
      // Before the baseline nothing is judged: the oldest start-up row is simply overwritten.
      if (this.baselineT !== undefined) this.evictOldestRaw(); else { this.rawStart = (this.rawStart + 1) % this.rawCap; this.rawLen--; }
    }
    const w = RAW_HEAD + this.stored;
    const at = ((this.rawStart + this.rawLen) % this.rawCap) * w;
    const work = load.calls + load.cycles;
    if (t < this.lastT || work < this.lastWork) this.ordered = false;
    this.lastT = t;
    this.lastWork = work;
    this.raw[at] = t;
    this.raw[at + 1] = work;
    for (let c = 0; c < this.kinds.length; c++) {
      const s = this.slot[c]!;
      if (s < 0) continue;
      const v = values[c];
      const x = v === undefined || !Number.isFinite(v) ? Number.NaN : v;
      this.raw[at + RAW_HEAD + s] = x;
      if (this.baselineT !== undefined) this.noteConst(s, x);
    }
    this.rawLen++;
  }

  private seedFrom(t: number, values: ArrayLike<number | undefined>): void {
    let x = Math.abs(t);
    for (let i = 0; i < values.length; i++) { const v = values[i]; if (v !== undefined && Number.isFinite(v)) x += Math.abs(v); }
    this.seed = Math.floor(x) % 9973;
    this.seeded = true;
  }

  /** The baseline is the sample at time t (the server answered, or its figures settled); set once. Earlier rows go. */
  markBaseline(t: number): void {
    if (this.baselineT !== undefined) return;
    this.baselineT = t;
    this.version++;
    const w = RAW_HEAD + this.stored;
    while (this.rawLen > 0 && this.raw[this.rawStart * w]! < t) { this.rawStart = (this.rawStart + 1) % this.rawCap; this.rawLen--; }
    if (this.rawLen > 0) {
      this.callsBase = this.callsNow = this.lastLoad.calls;
      this.sessionsBase = this.sessionsNow = this.lastLoad.sessions ?? 0;
    }
    for (let k = 0; k < this.rawLen; k++) {
      const at = ((this.rawStart + k) % this.rawCap) * w;
      for (let s = 0; s < this.stored; s++) this.noteConst(s, this.raw[at + RAW_HEAD + s]!);
    }
  }

  /** Per session when every call since the baseline opened its own session; per call for other loads; else per cycle. */
  get unit(): WorkUnit {
    if (!this.callsMoved) return 'cycle';
    const calls = this.callsNow - (this.callsBase ?? 0);
    return calls > 0 && this.sessionsNow - this.sessionsBase === calls ? 'session' : 'call';
  }

  markRoundEnd(): void {
    this.version++;
    this.rounds++;
  }

  /** Time (field 0) or work (field 1) of stored point i, in forEach's order: old segments, the pending one, then rows. */
  pointAt(i: number, field: 0 | 1): number {
    if (i < this.oldLen) return this.old[i * (OLD_HEAD + 2 * this.stored) + field]!;
    let r = i - this.oldLen;
    if (this.pendN > 0) {
      if (r === 0) return this.pend[field]!;
      r--;
    }
    return this.raw[((this.rawStart + r) % this.rawCap) * (RAW_HEAD + this.stored) + field]!;
  }

  /** Walks column c's history since the baseline, oldest first, without allocating (what a judgement uses). */
  forEach(c: number, fn: (t0: number, work: number, lo: number, hi: number, n: number) => void): void {
    const s = this.slot[c]!;
    if (s < 0) return;
    const ow = OLD_HEAD + 2 * this.stored;
    for (let k = 0; k < this.oldLen; k++) {
      const at = k * ow;
      const lo = this.old[at + OLD_HEAD + 2 * s]!;
      if (lo !== Infinity) fn(this.old[at]!, this.old[at + 1]!, lo, this.old[at + OLD_HEAD + 2 * s + 1]!, this.old[at + 2]!);
    }
    if (this.pendN > 0) {
      const lo = this.pend[OLD_HEAD + 2 * s]!;
      if (lo !== Infinity) fn(this.pend[0]!, this.pend[1]!, lo, this.pend[OLD_HEAD + 2 * s + 1]!, this.pend[2]!);
    }
    const w = RAW_HEAD + this.stored;
    for (let k = 0; k < this.rawLen; k++) {
      const at = ((this.rawStart + k) % this.rawCap) * w;
      const v = this.raw[at + RAW_HEAD + s]!;
      if (!Number.isNaN(v)) fn(this.raw[at]!, this.raw[at + 1]!, v, v, 1);
    }
  }

  private evictOldestRaw(): void {
    const w = RAW_HEAD + this.stored;
    const at = this.rawStart * w;
    const p = this.pend;
    if (this.pendN === 0) {
      p[0] = this.raw[at]!; p[1] = this.raw[at + 1]!; p[2] = 0;
      for (let s = 0; s < this.stored; s++) { p[OLD_HEAD + 2 * s] = Infinity; p[OLD_HEAD + 2 * s + 1] = -Infinity; }
    }
    p[2] = p[2]! + 1;
    for (let s = 0; s < this.stored; s++) {
      const v = this.raw[at + RAW_HEAD + s]!;
      if (Number.isNaN(v)) continue;
      if (v < p[OLD_HEAD + 2 * s]!) p[OLD_HEAD + 2 * s] = v;
      if (v > p[OLD_HEAD + 2 * s + 1]!) p[OLD_HEAD + 2 * s + 1] = v;
    }
    this.pendN++;
    this.rawStart = (this.rawStart + 1) % this.rawCap;
    this.rawLen--;
    if (this.pendN < this.oldSize) return;
    const ow = OLD_HEAD + 2 * this.stored;
    if (this.oldLen === this.oldCap) this.halveOld(ow);
    this.old.set(p, this.oldLen * ow);
    this.oldLen++;
    this.pendN = 0;
  }

  /** Merges old segments pairwise in place: resolution halves, memory stays what it was. */
  private halveOld(ow: number): void {
    const o = this.old;
    for (let k = 0; k < this.oldLen / 2; k++) {
      const a = 2 * k * ow; const b = a + ow; const to = k * ow;
      o[to] = o[a]!; o[to + 1] = o[a + 1]!; o[to + 2] = o[a + 2]! + o[b + 2]!;
      for (let j = OLD_HEAD; j < ow; j += 2) {
        o[to + j] = Math.min(o[a + j]!, o[b + j]!);
        o[to + j + 1] = Math.max(o[a + j + 1]!, o[b + j + 1]!);
      }
    }
    this.oldLen /= 2;
    this.oldSize *= 2;
  }
}
