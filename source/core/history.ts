// The recorded past of one server: a window of each plotted metric (rings) and whole-run stats of every metric.
import { Ring } from './ring.js';
import { RunningStats } from './stats.js';
import { SERVER_METRICS } from './types.js';
import type { MetricStats, ServerMetric, ServerMetricSeries, ServerSample } from './types.js';

/** The metrics kept as series for sparklines and the chart. */
export const SERIES_METRICS = ['fds', 'rssBytes', 'vmsBytes', 'cpuPct', 'procs'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

export const DEFAULT_WINDOW = 300;

export class ServerHistory {
  private readonly rings: Record<SeriesMetric, Ring<number | undefined>>;
  private readonly stats: Record<ServerMetric, RunningStats>;
  private readonly times: Ring<number>;
  private last: ServerSample | undefined;
  private pushed = 0;

  constructor(readonly windowSize: number = DEFAULT_WINDOW) {
    const ring = (): Ring<number | undefined> => new Ring<number | undefined>(windowSize);
    this.rings = { fds: ring(), rssBytes: ring(), vmsBytes: ring(), cpuPct: ring(), procs: ring() };
    this.times = new Ring<number>(windowSize);
    const st = {} as Record<ServerMetric, RunningStats>;
    for (const m of SERVER_METRICS) st[m] = new RunningStats();
    this.stats = st;
  }

  push(sample: ServerSample): void {
    for (const m of SERIES_METRICS) this.rings[m].push(sample[m]);
    for (const m of SERVER_METRICS) this.stats[m].push(sample[m]);
    this.times.push(sample.t);
    this.last = sample;
    this.pushed += 1;
  }

  get latest(): ServerSample | undefined {
    return this.last;
  }

  /** Samples pushed over the whole run (not just the window). */
  get samples(): number {
    return this.pushed;
  }

  /** Copies of the window, oldest first, aligned with times(). */
  series(): ServerMetricSeries {
    return {
      fds: this.rings.fds.toArray(), rssBytes: this.rings.rssBytes.toArray(), vmsBytes: this.rings.vmsBytes.toArray(),
      cpuPct: this.rings.cpuPct.toArray(), procs: this.rings.procs.toArray(),
    };
  }

  /** Clock times of the window's samples, ms. */
  sampleTimes(): number[] {
    return this.times.toArray();
  }

  statsOf(metric: ServerMetric): MetricStats {
    return this.stats[metric].get();
  }
}
