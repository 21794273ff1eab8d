// The measurements a verdict rests on: warm-up cut, window floors, late slope, settled baselines per stress round.
import type { RoundMark, Segment } from './track.js';

/** One judging window: its floor (minimum) is what survives saw-tooth and short-lived spikes. */
export interface Window {
  readonly t0: number;
  readonly t1: number;
  readonly n: number;
  readonly floor: number;
  readonly max: number;
  readonly mean: number;
  readonly calls0: number;
  readonly calls1: number;
  readonly cycles0: number;
  readonly cycles1: number;
}

export const sumN = (segs: readonly Segment[]): number => segs.reduce((a, s) => a + s.n, 0);

/**
 * Drops the warm-up: the first 15% of the run (at least 2 samples, at most `capMs`), and again 15% of what
 * follows the start of a load that began later, so start-up allocations, pools filling and a first-call spike
 * are never read as growth.
 */
export function cutWarmup(segs: readonly Segment[], capMs: number): Segment[] {
  const skip = (from: number): number => {
    const start = segs[from];
    if (!start) return from;
    const wantN = Math.max(2, Math.ceil(sumN(segs.slice(from)) * 0.15));
    let n = 0;
    let k = from;
    while (k < segs.length && n < wantN && segs[k]!.t1 - start.t0 < capMs) { n += segs[k]!.n; k++; }
    return k;
  };
  let k = skip(0);
  const loadStart = segs.findIndex((s) => s.calls1 > s.calls0 || s.cycles1 > s.cycles0);
  if (loadStart >= k) k = skip(loadStart);
  return segs.slice(k);
}

/** Splits segments into `k` consecutive windows of about equal sample counts (a segment is never split). */
export function splitWindows(segs: readonly Segment[], k: number): Window[] {
  const total = sumN(segs);
  const out: Window[] = [];
  let acc: Segment[] = [];
  let n = 0;
  let boundary = total / k;
  const flush = (): void => {
    const a = acc[0];
    const z = acc[acc.length - 1];
    if (!a || !z) return;
    let floor = Infinity;
    let max = -Infinity;
    let sum = 0;
    let cnt = 0;
    for (const s of acc) { floor = Math.min(floor, s.min); max = Math.max(max, s.max); sum += s.mean * s.n; cnt += s.n; }
    out.push({ t0: a.t0, t1: z.t1, n: cnt, floor, max, mean: sum / cnt, calls0: a.calls0, calls1: z.calls1, cycles0: a.cycles0, cycles1: z.cycles1 });
    acc = [];
  };
  for (const s of segs) {
    acc.push(s);
    n += s.n;
    if (n >= boundary - 1e-9 && out.length < k - 1) { flush(); boundary = (total * (out.length + 1)) / k; }
  }
  flush();
  return out;
}

/** Least-squares slope of the segment means against time, weighted by sample count; units per ms. */
export function slopePerMs(segs: readonly Segment[]): number | undefined {
  let sw = 0; let st = 0; let sv = 0;
  for (const s of segs) { const t = (s.t0 + s.t1) / 2; sw += s.n; st += s.n * t; sv += s.n * s.mean; }
  if (sw < 3) return undefined;
  const mt = st / sw; const mv = sv / sw;
  let num = 0; let den = 0;
  for (const s of segs) { const dt = (s.t0 + s.t1) / 2 - mt; num += s.n * dt * (s.mean - mv); den += s.n * dt * dt; }
  return den > 0 ? num / den : undefined;
}

/** The settled level after a stress round: the floor from the round's end until load resumes (or the data ends). */
export interface Baseline {
  readonly label: string;
  readonly floor: number;
  readonly calls: number;
  readonly cycles: number;
  readonly n: number;
}

/**
 * Baseline before the first load (when there was an idle stretch) and after each marked round end.
 * A baseline needs at least `minN` settled samples, else that round is skipped.
 */
export function roundBaselines(segs: readonly Segment[], rounds: readonly RoundMark[], minN: number): Baseline[] {
  const out: Baseline[] = [];
  const firstLoad = segs.findIndex((s) => s.calls1 > s.calls0 || s.cycles1 > s.cycles0 || s.calls0 > 0 || s.cycles0 > 0);
  if (firstLoad > 0) {
    const pre = segs.slice(0, firstLoad);
    const n = sumN(pre);
    if (n >= minN) out.push({ label: 'before load', floor: Math.min(...pre.map((s) => s.min)), calls: 0, cycles: 0, n });
  }
  for (let r = 0; r < rounds.length; r++) {
    const mark = rounds[r]!;
    const nextT = rounds[r + 1]?.t ?? Infinity;
    let floor = Infinity; let n = 0; let calls = 0; let cycles = 0; let started = false;
    for (const s of segs) {
      if (s.t0 < mark.t || s.t0 >= nextT) continue;
      if (!started) { calls = s.calls0; cycles = s.cycles0; started = true; }
      if (s.calls1 > calls || s.cycles1 > cycles) break;
      floor = Math.min(floor, s.min); n += s.n;
    }
    if (n >= minN) out.push({ label: `round ${mark.round}`, floor, calls, cycles, n });
  }
  return out;
}

/** What a count kept once the load stopped: the idle tail's floor against the level before the load. */
export interface Tail { readonly growth: number; readonly ms: number; readonly n: number }

export function settledTail(segs: readonly Segment[], post: readonly Segment[], minN: number): Tail | undefined {
  const last = segs[segs.length - 1];
  if (!last) return undefined;
  let k = segs.length;
  while (k > 0 && segs[k - 1]!.calls0 === last.calls1 && segs[k - 1]!.cycles0 === last.cycles1) k--;
  const tail = segs.slice(k);
  const n = sumN(tail);
  if (n < minN || k === segs.length) return undefined;
  const firstLoad = segs.findIndex((s) => s.calls1 > 0 || s.cycles1 > 0);
  const idleBefore = firstLoad > 0 ? segs.slice(0, firstLoad) : [];
  const ref = idleBefore.length > 0 ? idleBefore : post.slice(0, Math.max(1, Math.ceil(post.length / 8)));
  const before = Math.min(...ref.map((s) => s.min));
  const after = Math.min(...tail.map((s) => s.min));
  return { growth: after - before, ms: last.t1 - tail[0]!.t0, n };
}
