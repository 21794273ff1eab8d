// A bounded latency histogram (log buckets, ~2% resolution): percentiles over millions of calls in constant memory.

import type { LatencyBuckets } from '../stress-types.js';

const MIN_MS = 0.01;
const MAX_MS = 3_600_000;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(MAX_MS / MIN_MS) / LOG_GROWTH) + 1;

/** Upper bounds (ms) of the fixed buckets exporters publish (Prometheus histograms need bounds that never change). */
export const EXPORT_BOUNDS_MS = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  /** Per EXPORT_BOUNDS_MS bound, the calls at or under it and over the previous one; the last slot is over every bound. */
  private readonly exportCounts = new Uint32Array(EXPORT_BOUNDS_MS.length + 1);
  private sum = 0;
  private n = 0;
  private maxMs: number | undefined;

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    let b = 0;
    while (b < EXPORT_BOUNDS_MS.length && ms > (EXPORT_BOUNDS_MS[b] ?? Infinity)) b += 1;
    this.exportCounts[b] = (this.exportCounts[b] ?? 0) + 1;
    this.sum += ms;
    const idx = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(ms / MIN_MS) / LOG_GROWTH) + 1);
    this.counts[idx] = (this.counts[idx] ?? 0) + 1;
    this.n += 1;
    if (this.maxMs === undefined || ms > this.maxMs) this.maxMs = ms;
  }

  get count(): number {
    return this.n;
  }

  get max(): number | undefined {
    return this.maxMs;
  }

  /** The q-quantile (0..1), as the geometric middle of its bucket; undefined before any sample. */
  quantile(q: number): number | undefined {
    if (this.n === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) {
        if (i === 0) return MIN_MS;
        const lo = MIN_MS * GROWTH ** (i - 1);
        const mid = lo * Math.sqrt(GROWTH);
        return this.maxMs !== undefined ? Math.min(mid, this.maxMs) : mid;
      }
    }
    return this.maxMs;
  }

  /** Cumulative counts at each EXPORT_BOUNDS_MS bound, the sum of every latency and the count: a Prometheus histogram. */
  buckets(): LatencyBuckets {
    const cumulative: number[] = [];
    let seen = 0;
    for (let b = 0; b < EXPORT_BOUNDS_MS.length; b++) cumulative.push((seen += this.exportCounts[b] ?? 0));
    return { boundsMs: EXPORT_BOUNDS_MS, cumulative, sumMs: this.sum, count: this.n };
  }

  summary(): { p50?: number; p95?: number; p99?: number; max?: number } {
    if (this.n === 0) return {};
    const r = (v: number | undefined): number | undefined => (v === undefined ? undefined : Math.round(v * 1000) / 1000);
    return { p50: r(this.quantile(0.5)), p95: r(this.quantile(0.95)), p99: r(this.quantile(0.99)), max: r(this.maxMs) };
  }
}
