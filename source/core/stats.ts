// Running aggregates of one metric over a whole run, in O(1) memory (the ring only keeps a window).
import type { MetricStats } from './types.js';

export class RunningStats {
  // Every field holds a number from construction (NaN: none yet), so V8 keeps them as doubles written in place: a push
  // allocates nothing (a field that once held undefined boxes every fractional value stored in it).
  private initial = Number.NaN;
  private final = Number.NaN;
  private min = Infinity;
  private max = -Infinity;
  private sum = 0;
  private count = 0;

  /** An undefined value is a gap: it is not counted and does not move any aggregate. */
  push(value: number | undefined): void {
    if (value === undefined || !Number.isFinite(value)) return;
    if (this.count === 0) this.initial = value;
    this.final = value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.sum += value;
    this.count += 1;
  }

  get(): MetricStats {
    if (this.count === 0) return statsOf(undefined, undefined, undefined, undefined, undefined, 0);
    return statsOf(this.initial, this.final, this.min, this.max, this.sum / this.count, this.count);
  }
}

function statsOf(initial: number | undefined, final: number | undefined, min: number | undefined, max: number | undefined,
  avg: number | undefined, count: number): MetricStats {
  const growth = initial !== undefined && final !== undefined ? final - initial : undefined;
  // A growth percentage from a zero base is infinite, which no reader can use.
  const growthPct = growth !== undefined && initial !== undefined && initial !== 0 ? (growth / initial) * 100 : undefined;
  return { initial, final, min, max, avg, growth, growthPct, count };
}

/** Aggregates of a finished list of values (offline reports re-analyse recordings with this). */
export function statsFromValues(values: Iterable<number | undefined>): MetricStats {
  const s = new RunningStats();
  for (const v of values) s.push(v);
  return s.get();
}
