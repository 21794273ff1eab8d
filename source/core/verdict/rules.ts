// The evidence tests behind a verdict: rising window floors, sustained growth, round-to-round baselines.
import type { Baseline, Window } from './evidence.js';

/** Per metric kind: the smallest floor move that counts as a rise, the growth that proves a leak. */
export interface Bars {
  readonly step: number;
  readonly growth: number;
  /** Counts must also clear the first window's whole band (short-lived children, brief zombies). */
  readonly clearBand: boolean;
  /** Window transitions needed before floors can prove anything. */
  readonly minJudged: number;
  /** Samples after warm-up needed before floors can prove anything. */
  readonly minSamples: number;
  /** Late growth rate must be at least this share of the early rate (a warm-up curve flattens, a leak does not). */
  readonly sustain: number;
  /** Under load, floor growth per call below this is heap sizing, not a leak (bytes only). */
  readonly perCall?: number;
  /** Under load, calls after warm-up before a leak can be called (bytes: a Node heap settles within a few thousand). */
  readonly minCalls?: number;
}

export interface FloorEvidence {
  readonly rises: number;
  /** Transitions that count: every one without load; with load, the loaded ones (an idle flat stretch is neutral). */
  readonly judged: number;
  /** Last window floor minus first. */
  readonly growth: number;
  /** A later floor came back to the first one, or the last floor fell well below the highest: saw-tooth or pool. */
  readonly returned: boolean;
  /** One of the last two transitions rose. */
  readonly lateRise: boolean;
  /** The later half grows at least `sustain` as fast as the earlier half (per call with load, per ms without): not a warm-up curve. */
  readonly sustained: boolean;
  readonly clearsBand: boolean;
  /** Floor growth per unit of work (a call, or ms without load) over the later half of the judged transitions. */
  readonly lateRate: number;
}

export function floorEvidence(windows: readonly Window[], b: Bars, loadRan: boolean): FloorEvidence {
  // With load, a transition counts when about a typical share of the work happened across it; a stretch that
  // was mostly idle is neutral unless its floor rose anyway.
  const work = (a: Window, w: Window): number => (w.calls0 - a.calls0) + (w.cycles0 - a.cycles0);
  const works: number[] = [];
  for (let i = 1; i < windows.length; i++) { const x = work(windows[i - 1]!, windows[i]!); if (x > 0) works.push(x); }
  works.sort((x, y) => x - y);
  const typical = works[Math.floor(works.length / 2)] ?? 0;
  let rises = 0; let lateRise = false;
  const steps: { dg: number; dx: number }[] = [];
  for (let i = 1; i < windows.length; i++) {
    const a = windows[i - 1]!; const w = windows[i]!;
    const dg = w.floor - a.floor;
    const rose = dg >= b.step;
    const dx = loadRan ? work(a, w) : w.t0 - a.t0;
    const active = !loadRan || dx >= 0.5 * typical;
    if (rose) rises++;
    if (rose || active) steps.push({ dg, dx });
    if (rose && i >= windows.length - 2) lateRise = true;
  }
  const first = windows[0]!;
  const lastFloor = windows[windows.length - 1]!.floor;
  const later = windows.slice(1).map((w) => w.floor);
  const highest = Math.max(...later);
  const returned = Math.min(...later) <= first.floor || lastFloor < highest - Math.max(2 * b.step, 0.25 * (highest - first.floor));
  const half = Math.floor(steps.length / 2);
  const rate = (xs: readonly { dg: number; dx: number }[]): number => {
    const dg = xs.reduce((s, x) => s + x.dg, 0); const dx = xs.reduce((s, x) => s + x.dx, 0);
    return dx > 0 ? dg / dx : dg > 0 ? Infinity : 0;
  };
  const early = rate(steps.slice(0, half)); const late = rate(steps.slice(half));
  const sustained = late > 0 && (early <= 0 || late >= b.sustain * early);
  const clearsBand = !b.clearBand || lastFloor > first.max;
  return { rises, judged: steps.length, growth: lastFloor - first.floor, returned, lateRise, sustained, clearsBand, lateRate: late };
}

export interface LoadRate {
  readonly perKiloCalls?: number;
  readonly perCycle?: number;
  /** Calls, cycles and time between the first and the last window's start (where their floors sit while rising). */
  readonly calls: number;
  readonly cycles: number;
  readonly ms: number;
}

export function loadRate(windows: readonly Window[], growth: number): LoadRate {
  const a = windows[0]!; const z = windows[windows.length - 1]!;
  const calls = z.calls0 - a.calls0;
  const cycles = z.cycles0 - a.cycles0;
  return {
    perKiloCalls: calls > 0 ? (growth / calls) * 1000 : undefined,
    perCycle: cycles > 0 ? growth / cycles : undefined,
    calls, cycles, ms: z.t0 - a.t0,
  };
}

export interface RoundEvidence {
  readonly steps: readonly number[];
  readonly total: number;
  readonly calls: number;
  readonly cycles: number;
  /** Every compared round left a higher settled baseline, two or more times, past the growth bar. */
  readonly proves: boolean;
  readonly suspect: boolean;
}

/** Bytes skip the before-load -> round 1 step: the first round warms the heap and JIT up. */
export function roundEvidence(bs: readonly Baseline[], b: Bars, bytes: boolean): RoundEvidence {
  const used = bytes && bs[0]?.label === 'before load' ? bs.slice(1) : bs;
  const steps = used.slice(1).map((x, i) => x.floor - used[i]!.floor);
  const all = steps.length > 0 && steps.every((s) => s >= b.step);
  const total = steps.reduce((s, x) => s + x, 0);
  const f = used[0]; const z = used[used.length - 1];
  return {
    steps, total,
    calls: f && z ? z.calls - f.calls : 0,
    cycles: f && z ? z.cycles - f.cycles : 0,
    proves: all && steps.length >= 2 && total >= b.growth,
    suspect: all,
  };
}
