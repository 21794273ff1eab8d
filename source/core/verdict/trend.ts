// The statistics a verdict rests on: Mann-Kendall trend test (one-sided, tie-corrected) and Theil-Sen slope with its CI.

/** Standard normal upper tail P(Z > z) (Abramowitz-Stegun 26.2.17, error < 7.5e-8). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  const d = 0.3989422804014327 * Math.exp(-z * z / 2);
  return d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
}

/** zOf's answers: it is called with a handful of fixed ps (the CI level), so each bisection runs once. */
const zs = new Map<number, number>();

/** Inverse of normalTail for p in (0, 0.5]: the z with P(Z > z) = p (bisection, once per p). */
export function zOf(p: number): number {
  let z = zs.get(p);
  if (z === undefined) {
    z = bisectZ(p);
    if (zs.size < 64) zs.set(p, z);
  }
  return z;
}

function bisectZ(p: number): number {
  let lo = 0; let hi = 10;
  for (let i = 0; i < 60; i++) { const mid = (lo + hi) / 2; if (normalTail(mid) > p) lo = mid; else hi = mid; }
  return (lo + hi) / 2;
}

/**
 * Scratch arrays reused from one judgement to the next (judging is synchronous and keeps no array): two slots, grown
 * to the largest size asked (a few dozen windows: at most a few KB).
 */
const scratches: Float64Array[] = [new Float64Array(16), new Float64Array(128)];
export function scratch(slot: 0 | 1, size: number): Float64Array {
  if (scratches[slot]!.length < size) scratches[slot] = new Float64Array(Math.max(size, scratches[slot]!.length * 2));
  return scratches[slot]!;
}

/** ys sorted ascending, in scratch slot 0 (valid until the next call). */
export function sortedCopy(ys: readonly number[]): Float64Array {
  const out = scratch(0, ys.length).subarray(0, ys.length);
  for (let i = 0; i < ys.length; i++) out[i] = ys[i]!;
  return out.sort();
}

export interface MannKendall {
  /** Concordant minus discordant pairs (ties count nothing). */
  readonly s: number;
  /** Variance of S under no trend, corrected for ties. */
  readonly varS: number;
  /** One-sided p-value of "increasing" (continuity-corrected normal approximation); 1 when there is no evidence. */
  readonly p: number;
}

/** Mann-Kendall on a series in order (window floors): is it increasing? O(n^2) over a few dozen windows. */
export function mannKendall(ys: readonly number[]): MannKendall {
  const n = ys.length;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(ys[j]! - ys[i]!);
  // Tie groups: values equal within a relative 1e-12 (counts are whole numbers; bytes rarely tie exactly).
  const sorted = sortedCopy(ys);
  let tieTerm = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j]! - sorted[i]! <= 1e-12 * Math.max(1, Math.abs(sorted[i]!))) j++;
    const t = j - i;
    if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5);
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  if (varS <= 0 || s <= 0) return { s, varS, p: 1 };
  return { s, varS, p: normalTail((s - 1) / Math.sqrt(varS)) };
}

export interface TheilSen {
  /** Median of pairwise slopes, units per x. */
  readonly slope: number;
  /** Two-sided confidence interval of the slope at the level asked for (Sen 1968, from the variance of S). */
  readonly lo: number;
  readonly hi: number;
}

/** Theil-Sen slope of y against x (pairs with equal x are skipped); undefined with fewer than two distinct x. */
export function theilSen(xs: readonly number[], ys: readonly number[], varS: number, level = 0.95): TheilSen | undefined {
  const n = xs.length;
  const all = scratch(1, (n * (n - 1)) / 2);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx !== 0) all[m++] = (ys[j]! - ys[i]!) / dx;
    }
  }
  if (m === 0) return undefined;
  // A typed array sorts numerically, in place, with no comparator to call.
  const slopes = all.subarray(0, m).sort();
  const median = m % 2 === 1 ? slopes[(m - 1) / 2]! : (slopes[m / 2 - 1]! + slopes[m / 2]!) / 2;
  const c = zOf((1 - level) / 2) * Math.sqrt(Math.max(0, varS));
  const lower = Math.max(0, Math.min(m - 1, Math.floor((m - c) / 2)));
  const upper = Math.max(0, Math.min(m - 1, Math.ceil((m + c) / 2)));
  return { slope: median, lo: slopes[lower]!, hi: slopes[upper]! };
}
