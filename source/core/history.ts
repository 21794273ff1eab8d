// The recorded past of one server: a window of each plotted metric (rings) and whole-run stats of every metric.
import { Ring } from './ring.js';
import { RunningStats } from './stats.js';
import { SERVER_METRICS } from './types.js';
import type { MetricStats, ServerMetric, ServerMetricSeries, ServerSample } from './types.js';

/** The metrics kept as series for sparklines and the chart. */
export const SERIES_METRICS = ['fds', 'rssBytes', 'vmsBytes', 'cpuPct', 'procs'] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** Samples kept per series: 5 minutes at 1 s (5 metrics x 300 numbers per server, whatever the run's length). */
export const DEFAULT_WINDOW = 300;

type Window = readonly (number | undefined)[];
const EMPTY: Window = Object.freeze([]);
/** The series of a history with no window (headless): one shared view, nothing made per push. */
const NO_SERIES: ServerMetricSeries = Object.freeze({ fds: EMPTY, rssBytes: EMPTY, vmsBytes: EMPTY, cpuPct: EMPTY, procs: EMPTY });

export class ServerHistory {
  /** Undefined with a window of 0: nothing draws series (headless), so none is kept. */
  private readonly rings: Record<SeriesMetric, Ring<number | undefined>> | undefined;
  private readonly stats: Record<ServerMetric, RunningStats>;
  private readonly times: Ring<number> | undefined;
  private last: ServerSample | undefined;
  private pushed = 0;
  /** Windows copied out at push number copiesAt (one array per metric at most, made on first read; stale after a push). */
  private copies: Partial<Record<SeriesMetric, Window>> = {};
  private copiesAt = 0;
  /** The view handed out since the last push: a dead server's history hands out the same one tick after tick. */
  private view: ServerMetricSeries | undefined;

  constructor(readonly windowSize: number = DEFAULT_WINDOW) {
    if (!Number.isInteger(windowSize) || windowSize < 0) throw new RangeError(`history window must be a whole number >= 0, got ${windowSize}`);
    if (windowSize > 0) {
      const ring = (): Ring<number | undefined> => new Ring<number | undefined>(windowSize);
      this.rings = { fds: ring(), rssBytes: ring(), vmsBytes: ring(), cpuPct: ring(), procs: ring() };
      this.times = new Ring<number>(windowSize);
    }
    const st = {} as Record<ServerMetric, RunningStats>;
    for (const m of SERVER_METRICS) st[m] = new RunningStats();
    this.stats = st;
  }

  push(sample: ServerSample): void {
    // Each metric by name: the tick path runs mostly in V8's baseline tier, where a loop of obj[name] over changing names
    // is a generic lookup every time (a test pushes one sample and checks every metric got it).
    const r = this.rings;
    if (r) {
      r.fds.push(sample.fds); r.rssBytes.push(sample.rssBytes); r.vmsBytes.push(sample.vmsBytes);
      r.cpuPct.push(sample.cpuPct); r.procs.push(sample.procs);
    }
    const st = this.stats;
    st.fds.push(sample.fds); st.rssBytes.push(sample.rssBytes); st.vmsBytes.push(sample.vmsBytes);
    st.procs.push(sample.procs); st.threads.push(sample.threads); st.cpuPct.push(sample.cpuPct);
    this.times?.push(sample.t);
    this.last = sample;
    this.pushed += 1;
    this.view = undefined;
  }

  get latest(): ServerSample | undefined {
    return this.last;
  }

  /** Samples pushed over the whole run (not just the window): the version a series view was taken at. */
  get samples(): number {
    return this.pushed;
  }

  /**
   * The window, oldest first, aligned with sampleTimes(), as a read-only view: nothing is copied until a metric is
   * read (a sparkline of a visible row, the chart of the selected server), then that one metric once per push. A view
   * read after newer pushes still shows the window as it was when taken (the newer samples left out).
   */
  series(): ServerMetricSeries {
    if (!this.rings) return NO_SERIES;
    if (this.view) return this.view;
    const at = this.pushed;
    const w = (m: SeriesMetric): Window => this.windowAt(m, at);
    const view: ServerMetricSeries = {
      get fds() { return w('fds'); }, get rssBytes() { return w('rssBytes'); }, get vmsBytes() { return w('vmsBytes'); },
      get cpuPct() { return w('cpuPct'); }, get procs() { return w('procs'); },
    };
    this.view = view;
    return view;
  }

  /** Windows copied out since the last push (for tests: reading nothing copies nothing). */
  get copiedSincePush(): number {
    return this.copiesAt === this.pushed ? Object.keys(this.copies).length : 0;
  }

  private windowAt(m: SeriesMetric, at: number): Window {
    if (!this.rings) return EMPTY;
    // Reset on the first read after a push, not on every push (a history nobody reads makes nothing).
    if (this.copiesAt !== this.pushed) { this.copies = {}; this.copiesAt = this.pushed; }
    const now = (this.copies[m] ??= Object.freeze(this.rings[m].toArray()));
    if (at === this.pushed) return now;
    return Object.freeze(now.slice(0, Math.max(0, now.length - (this.pushed - at))));
  }

  /** Clock times of the window's samples, ms. */
  sampleTimes(): number[] {
    return this.times?.toArray() ?? [];
  }

  statsOf(metric: ServerMetric): MetricStats {
    return this.stats[metric].get();
  }
}
