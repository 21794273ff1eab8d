// judgeConstant: the verdict of a column that has held one value since its baseline, found from its set's times and work
// alone (binary searches over the window boundaries: no walk over the points; one small shape per set version, shared
// by the set's constant columns, and the verdict are all it allocates). It is
// the verdict judgeSeries gives those points: the same builders make it (series.ts), and
// test/core/verdict/constant.test.ts compares the two over many shapes of evidence.
import type { MetricVerdict } from '../types.js';
import type { TrackSet } from './track.js';
import { MAX_WINDOWS, MIN_POINTS, fewStretches, fewUnderLoad, flatVerdict, overText, seriesFields, tooFewPoints } from './series.js';
import type { SeriesOptions } from './series.js';

/**
 * What judgeSeries needs of a constant column that does not depend on the column: its set's times and work. Every
 * constant column of a set has a value on every row since the baseline, so one search serves them all (a server's idle
 * columns fall due together): kept per set (weakly) until its version moves.
 */
interface ConstantShape {
  readonly version: number;
  /** Stored points, and how many of them are under load (up to the first at the final work count). */
  readonly n: number;
  readonly active: number;
  readonly byWork: boolean;
  readonly work: number;
  /** Windows the run is cut into, and how many hold a point. */
  readonly k: number;
  readonly kw: number;
  readonly spanMs: number;
}

const shapes = new WeakMap<TrackSet, ConstantShape>();

/**
 * The verdict of a constant column of `set`; undefined when its rows' times or work ever went backwards (the searches
 * need them in order: judgeSeries then walks the points as always).
 */
export function judgeConstant(set: TrackSet, o: SeriesOptions): MetricVerdict | undefined {
  if (!set.ordered) return undefined;
  let sh = shapes.get(set);
  if (sh?.version !== set.version) shapes.set(set, sh = shapeOf(set));
  const { n, active, byWork, work, k, kw } = sh;
  if (n < MIN_POINTS) return tooFewPoints(n, o);
  if (k < 6) return fewUnderLoad(active, byWork, work, o);
  if (kw < 6) return fewStretches(kw, k, byWork, work, o);
  // Every window's floor is the one value: no growth, no trend (Mann-Kendall's p is 1, the fitted slope 0).
  return flatVerdict(seriesFields(byWork, o.unit, 0, 1), 0, overText(byWork, work, sh.spanMs, o), kw, o);
}

function shapeOf(set: TrackSet): ConstantShape {
  const n = set.points;
  const base = { version: set.version, n, active: n, byWork: false, work: 0, k: 0, kw: 0, spanMs: 0 };
  if (n < MIN_POINTS) return base;
  const lastWork = set.pointAt(n - 1, 1);
  const work = lastWork - set.pointAt(0, 1);
  const byWork = work > 0;
  // The loaded stretch ends at the first point with the final work count (work only rises).
  let end = n - 1;
  if (byWork) {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (set.pointAt(mid, 1) === lastWork) hi = mid; else lo = mid + 1;
    }
    end = lo;
  }
  const active = end + 1;
  const k = Math.min(MAX_WINDOWS, Math.floor(active / 2));
  if (k < 6) return { ...base, active, byWork, work, k };
  // Windows of equal work (time with no load), as series.ts windows() cuts them; a point's window only rises with its
  // index, so each non-empty window is found by one search for the first point past it.
  const field = byWork ? 1 : 0;
  const x0 = set.pointAt(0, field);
  const width = (set.pointAt(end, field) - x0) / k;
  let kw = 0;
  for (let i = 0; i < active;) {
    const w = windowOf(set, field, i, x0, width, k, active);
    kw++;
    let lo = i + 1;
    let hi = active;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (windowOf(set, field, mid, x0, width, k, active) > w) hi = mid; else lo = mid + 1;
    }
    i = lo;
  }
  return { version: set.version, n, active, byWork, work, k, kw, spanMs: set.pointAt(n - 1, 0) - set.pointAt(0, 0) };
}

/** The window of point i, by series.ts windows()'s arithmetic (a function, not a closure: nothing allocated per call). */
function windowOf(set: TrackSet, field: 0 | 1, i: number, x0: number, width: number, k: number, active: number): number {
  return width > 0 ? Math.min(k - 1, Math.floor((set.pointAt(i, field) - x0) / width)) : Math.floor((i * k) / active);
}
