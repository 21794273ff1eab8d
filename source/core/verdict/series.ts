// judgeSeries: one metric's verdict from (work, value) points after its baseline — the one evidence rule (also for attribution).
import type { MetricVerdict, Verdict } from '../types.js';
import { mannKendall, sortedCopy, theilSen } from './trend.js';
import { amount, int, span } from './text.js';

/** One sample (or an aggregate of several) after the baseline. Work is cumulative calls or cycles; time in ms. */
export interface SeriesPoint {
  readonly t: number;
  readonly work: number;
  /** Lowest and highest value in the point (equal for one sample). */
  readonly lo: number;
  readonly hi: number;
}

export interface SeriesOptions {
  readonly kind: 'count' | 'bytes';
  /** "FDs", "RSS": starts every reason. */
  readonly noun: string;
  /** What one unit of work is: "call", "cycle", "session". */
  readonly unit: string;
}

/** One-sided false-alarm rate of the trend test per metric judged. */
export const ALPHA = 0.01;
/** Above this p-value there is no sign of a trend at all: ok. Between ALPHA and this: inconclusive. */
const NO_TREND = 0.1;
/** Samples after the baseline before anything but "inconclusive". */
export const MIN_POINTS = 12;
export const MAX_WINDOWS = 12;
/** Samples after the load that a count's persistence needs. */
const TAIL_MIN = 3;
/** Growth below this is noise whatever the statistics say (a small absolute floor, not a gate on rates). */
const FLOOR = { count: 2, bytes: 2 * 1024 * 1024 } as const;
/**
 * Bytes: growth a garbage-collected heap may hold before a major GC, as a share of the baseline. V8 lets the old space
 * grow to about twice its live size before compacting, so a healthy Node server's RSS rises steadily for thousands of
 * calls (measured on the demo's healthy server: +28 MB over 4,000 echo calls from a 66 MB baseline, faster in the
 * second round than the first). Significant growth within it is `ok`.
 */
export const GC_HEADROOM = 0.5;
/**
 * Bytes: growth that a heap may still give back, as a share of the baseline. Before its first major collection V8
 * holds every promoted object, dead or alive, and after it grows its heap in steps, so RSS rises in a line that no
 * test on RSS alone tells from a leak. Sustained growth between GC_HEADROOM and this is `inconclusive` (more work
 * decides: garbage levels off, a leak keeps rising); only past it is it a leak. Measured on the corpus (170 runs,
 * fitted growth over the baseline): healthy servers at most 0.97x (a v1-SDK HTTP server that frees its sessions, over
 * 1,000 sessions: +71 MB from 73 MB, in heap steps, then level; +41 MB over its first 100 sessions; an LRU cache's
 * evictions +38 MB over 1,000 calls); leaks at the size the issue bounds them, at least 1.35x (sessions whose state
 * is never freed, 500 sessions) and mostly 1.5-2.9x.
 */
export const UNCOLLECTED_HEADROOM = 1.2;
/** Late growth must be at least this share of what the whole-run slope predicts: a warm-up curve flattens, a leak does not. */
const SUSTAIN = 0.3;

interface Win { readonly x: number; readonly floor: number }

/**
 * Splits the points into k windows of equal work (equal time with no load), so a long run whose older samples were
 * merged into fewer points is not judged mostly on its last minutes; empty windows are dropped.
 */
function windows(ps: readonly SeriesPoint[], k: number, byWork: boolean): Win[] {
  const key = (p: SeriesPoint): number => (byWork ? p.work : p.t);
  const x0 = key(ps[0]!); const width = (key(ps[ps.length - 1]!) - x0) / k;
  const floor = new Array<number>(k).fill(Infinity); const sum = new Array<number>(k).fill(0); const cnt = new Array<number>(k).fill(0);
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    const x = byWork ? p.work : p.t;
    const w = width > 0 ? Math.min(k - 1, Math.floor((x - x0) / width)) : Math.floor((i * k) / ps.length);
    floor[w] = Math.min(floor[w]!, p.lo); sum[w] = sum[w]! + x; cnt[w] = cnt[w]! + 1;
  }
  const out: Win[] = [];
  for (let w = 0; w < k; w++) if (cnt[w]! > 0) out.push({ x: sum[w]! / cnt[w]!, floor: floor[w]! });
  return out;
}

/** Median of a few dozen numbers (sorts a copy, in a reused scratch array). */
function median(xs: readonly number[]): number {
  const s = sortedCopy(xs);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// The verdicts judgeSeries gives before any statistics, and its flat one: shared with constant.ts, which finds the same
// verdict for a column that held one value without walking its points.
const moreWork = (byWork: boolean, work: number, o: SeriesOptions): string => (byWork ? `run >= ${int(Math.max(100, work))} more ${o.unit}s` : 'watch it longer');

export const tooFewPoints = (n: number, o: SeriesOptions): MetricVerdict => ({
  verdict: 'inconclusive', enoughData: false, reason: `${o.noun}: not enough evidence yet, ${n} of ${MIN_POINTS} samples since the baseline`,
  hint: 'keep it running: more samples (a load takes one every few calls)',
});

export const fewUnderLoad = (active: number, byWork: boolean, work: number, o: SeriesOptions): MetricVerdict => ({
  verdict: 'inconclusive', enoughData: false, reason: `${o.noun}: only ${active} samples under load since the baseline`, hint: moreWork(byWork, work, o),
});

export const fewStretches = (kw: number, k: number, byWork: boolean, work: number, o: SeriesOptions): MetricVerdict => ({
  verdict: 'inconclusive', enoughData: false, reason: `${o.noun}: samples in only ${kw} of ${k} stretches of the run`, hint: moreWork(byWork, work, o),
});

/** "over 1,200 calls" under load, else "over 3.5 min". */
export const overText = (byWork: boolean, work: number, spanMs: number, o: SeriesOptions): string =>
  (byWork ? `over ${int(work)} ${o.unit}s` : `over ${span(spanMs)}`);

/** The figures every judged verdict carries: the fitted slope in the unit of the work, and the trend test's p. */
export function seriesFields(byWork: boolean, unit: string, slope: number, p: number): SeriesFields {
  // Literal objects, no spreads: a flat verdict is made for every idle column every few minutes.
  if (!byWork) return { enoughData: true, slopePerMin: slope * 60_000, pValue: p };
  if (unit === 'call') return { enoughData: true, perKiloCalls: slope * 1000, pValue: p };
  if (unit === 'cycle') return { enoughData: true, perCycle: slope, pValue: p };
  if (unit === 'session') return { enoughData: true, perSession: slope, pValue: p };
  return { enoughData: true, pValue: p };
}

type SeriesFields = Pick<MetricVerdict, 'enoughData' | 'slopePerMin' | 'perKiloCalls' | 'perCycle' | 'perSession' | 'pValue'>;

/** No growth past the floor, nothing kept after the load. */
export const flatVerdict = (fields: SeriesFields, total: number, over: string, kw: number, o: SeriesOptions): MetricVerdict =>
  ({ ...fields, verdict: 'ok', reason: `${o.noun} flat: floor ${amount(o.kind === 'bytes', total)} ${over} (${kw} windows)` });

const pText = (p: number): string => (p < 0.001 ? 'p<0.001' : `p=${p.toFixed(3)}`);

/**
 * Judges one metric from its points since the baseline (the first point is the baseline). Pure and deterministic:
 * the same points give the same verdict live and in a replay.
 */
export function judgeSeries(ps: readonly SeriesPoint[], o: SeriesOptions): MetricVerdict {
  const bytes = o.kind === 'bytes';
  const floorAbs = FLOOR[o.kind];
  const first = ps[0]; const last = ps[ps.length - 1];
  if (!first || !last || ps.length < MIN_POINTS) return tooFewPoints(ps.length, o);
  const base = first.lo;
  const work = last.work - first.work;
  const byWork = work > 0;
  // The loaded stretch ends where the work reached its final count; what follows is the tail after the load.
  let end = ps.length - 1;
  if (byWork) while (end > 0 && ps[end - 1]!.work === last.work) end--;
  const active = ps.slice(0, end + 1);
  const tail = byWork ? ps.slice(end + 1) : [];
  const k = Math.min(MAX_WINDOWS, Math.floor(active.length / 2));
  const settledNow = tail.length >= TAIL_MIN ? Math.min(...tail.slice(-TAIL_MIN).map((p) => p.lo)) : undefined;
  const per = byWork ? o.unit : 'min';
  const scale = byWork ? 1 : 60_000;
  const over = overText(byWork, work, last.t - first.t, o);
  const rate = (slope: number): string => `${amount(bytes, slope * scale)} per ${per}`;

  if (k < 6) return fewUnderLoad(active.length, byWork, work, o);
  const ws = windows(active, k, byWork);
  if (ws.length < 6) return fewStretches(ws.length, k, byWork, work, o);
  const floors = ws.map((w) => w.floor);
  const xs = ws.map((w) => w.x);
  const kw = ws.length;
  const total = floors[kw - 1]! - floors[0]!;
  const mk = mannKendall(floors);
  const ts = theilSen(xs, floors, mk.varS);
  const slope = ts?.slope ?? 0;
  // The fitted line: Theil-Sen slope through the median intercept, so a step at the start (warm-up, a cache filling)
  // moves the intercept, not the growth the work is charged with.
  const icpt = median(floors.map((f, i) => f - slope * xs[i]!));
  const grown = Math.min(total, slope * (xs[kw - 1]! - xs[0]!));
  const fields = seriesFields(byWork, o.unit, slope, mk.p);
  const done = (verdict: Verdict, reason: string, hint?: string): MetricVerdict => ({ ...fields, verdict, reason: `${o.noun} ${reason}`, ...(hint === undefined ? {} : { hint }) });
  const rose = floors.slice(1).filter((f, i) => f > floors[i]!).length;
  const evidence = `floor rose in ${rose} of ${kw - 1} windows, Mann-Kendall ${pText(mk.p)}`;
  const ci = ts ? ` (95% CI ${rate(ts.lo)} .. ${rate(ts.hi)})` : '';

  if (total < floorAbs && (settledNow === undefined || settledNow - base < floorAbs)) {
    return flatVerdict(fields, total, over, kw, o);
  }
  // Effect size against the server's own noise: the floors' scatter around the fitted line.
  const noise = 1.4826 * median(floors.map((f, i) => Math.abs(f - icpt - slope * xs[i]!)));
  const mid = Math.floor(kw / 2);
  const lateGrowth = floors[kw - 1]! - floors[mid]!;
  const sustained = lateGrowth >= Math.max(floorAbs / 2, SUSTAIN * slope * (xs[kw - 1]! - xs[mid]!));
  const headroom = bytes ? GC_HEADROOM * Math.max(0, base) : 0;
  const uncollected = bytes ? UNCOLLECTED_HEADROOM * Math.max(0, base) : 0;
  const real = grown >= Math.max(floorAbs, 3 * noise);
  const big = real && grown >= uncollected;
  const more = byWork ? `run >= ${int(Math.max(100, work))} more ${o.unit}s` : `watch it >= ${span(Math.max(30_000, last.t - first.t))} longer`;
  // Below the absolute floor by the fitted line (what rose came in a step at the start, or is scatter): no growth.
  if (grown < floorAbs) {
    return done('ok', `no growth charged to the work: the fitted line rises ${amount(bytes, grown)} ${over}, under the ${amount(bytes, floorAbs).slice(1)} floor (${evidence})`);
  }

  if (mk.p < ALPHA && big && sustained) {
    const head = `${rate(slope)} ${over}${ci}; ${evidence}`;
    if (settledNow !== undefined) {
      const kept = settledNow - base;
      if (kept >= Math.max(floorAbs, 0.5 * total)) return done('leak', `${head}; still ${amount(bytes, kept)} above the baseline after the load`);
      if (kept < floorAbs) return done('ok', `returned to its baseline after the load (${amount(bytes, kept)} kept; rose ${amount(bytes, total)} under load)`);
      return done('inconclusive', `gave back part of its growth after the load: ${amount(bytes, kept)} kept of ${amount(bytes, total)}; ${head}`, 'let it settle longer: what is kept decides');
    }
    // Under load, growth is named once it outlasts the load: a count must persist, and bytes must not be given back (a
    // verdict called mid-load could flip when a heap levels off or garbage is collected).
    if (byWork) return done('inconclusive', `rising under load: ${head}`, 'let it settle: growth must outlast the load');
    return done('leak', head);
  }
  // Growth given back after the load, back within the floor of the baseline (a major collection came, the pool
  // drained): nothing was kept, whatever its shape under load. A leak cannot give back what it keeps; a heap that gave
  // back only part (a leak under its garbage) stays undecided below.
  if (settledNow !== undefined && real && settledNow - base < floorAbs) {
    return done('ok', `returned to its baseline after the load (${amount(bytes, settledNow - base)} kept; rose ${amount(bytes, total)} under load)`);
  }
  if (mk.p < ALPHA && real && grown < headroom) {
    return done('ok', `within GC headroom: ${amount(bytes, grown)} ${over} is under ${Math.round(GC_HEADROOM * 100)}% of the ${amount(true, base).slice(1)} baseline (${evidence})`);
  }
  // A fill (a cache, a pool, a heap finding its size) is a concave curve that flattens: flat over the last third of the
  // work, whatever it did before, is not a leak (a leak that pauses that long is named once it rises again).
  const third = floors[kw - 1]! - floors[kw - 1 - Math.ceil(kw / 3)]!;
  if (third < floorAbs / 2) {
    return done('ok', `levelled off: ${amount(bytes, total)} ${over}, flat over the last third (${evidence})`);
  }
  if (mk.p >= NO_TREND || total < floorAbs) return done('ok', `no trend: ${amount(bytes, total)} ${over}; ${evidence}`);
  if (mk.p < ALPHA && real && sustained && grown < uncollected) {
    const toGo = slope > 0 ? Math.ceil((uncollected - grown) / slope) : work;
    return done('inconclusive', `rising, but may be garbage not yet collected: ${rate(slope)} ${over}${ci}, ${amount(bytes, grown)} is under the ${amount(true, uncollected).slice(1)} a heap may grow by before its major collection (${Math.round(UNCOLLECTED_HEADROOM * 100)}% of the baseline); ${evidence}`,
      byWork ? `run >= ${int(Math.max(100, toGo))} more ${o.unit}s: garbage levels off, a leak keeps rising past it` : more);
  }
  if (mk.p < ALPHA && real && !sustained) return done('inconclusive', `rising, but slower late than early: ${rate(slope)} ${over}; ${evidence}`, `${more} to tell a warm-up from a leak`);
  return done('inconclusive', `rising, not proven: ${rate(slope)} ${over}; ${evidence}`, more);
}
