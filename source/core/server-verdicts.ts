// A server's verdicts: its evidence (the metrics' TrackSet, the FD kinds'), what falls due after each sample, the verdicts held.
import { RunningStats } from './stats.js';
import { FD_KINDS, SERVER_METRICS, VERDICT_ORDER } from './types.js';
import type { FdKind, FdKindsResult, MetricStats, MetricVerdict, ServerMetric, ServerSample, Verdict } from './types.js';
import { JUDGE_FIXED, JudgeQueue, METRIC_KIND, MetricTrack, TrackSet, cheapToJudge, judgeMetric, verdictDue } from './verdict/index.js';
import type { JudgeItem, LoadMarks } from './verdict/index.js';

/**
 * A per-kind FD set's stores: kinds are read in turns (every few ticks per server), so 32 recent reads span minutes,
 * and the five kinds share one clock and work column (fixed at construction, like the metrics' set).
 */
const KIND_CAPS = { rawCap: 32, oldCap: 32 } as const;

/** Per-kind FD history: one verdict set for the five kinds and whole-run figures for each. */
class KindTracks {
  readonly set: TrackSet;
  readonly tracks = {} as Record<FdKind, MetricTrack>;
  readonly stats = {} as Record<FdKind, RunningStats>;
  private readonly values: (number | undefined)[] = FD_KINDS.map(() => undefined);

  constructor(intervalMs: number) {
    this.set = new TrackSet(FD_KINDS.map(() => 'count' as const), { intervalMs, ...KIND_CAPS });
    FD_KINDS.forEach((k, col) => {
      this.tracks[k] = new MetricTrack('count', { shared: { set: this.set, col } });
      this.stats[k] = new RunningStats();
    });
  }

  get read(): boolean {
    return this.tracks.socket.count > 0;
  }

  push(t: number, kinds: FdKindsResult | undefined, load: LoadMarks): void {
    if (kinds === undefined || typeof kinds === 'string') return;
    FD_KINDS.forEach((k, i) => { this.values[i] = kinds[k]; this.stats[k].push(kinds[k]); });
    this.set.push(t, this.values, load);
  }

  /** Each kind's verdict (judgeMetric's, kept while it stands) with its reason naming the kind ("socket: FDs ..."). */
  private readonly named = new Map<FdKind, { from: MetricVerdict; v: MetricVerdict }>();

  judgeOne(k: FdKind, fresh: boolean): MetricVerdict {
    const from = judgeMetric('fds', this.tracks[k], { fresh });
    let hit = this.named.get(k);
    if (hit?.from !== from) this.named.set(k, hit = { from, v: { ...from, reason: `${k}: ${from.reason}` } });
    return hit.v;
  }

  markRoundEnd(): void {
    this.set.markRoundEnd();
  }

  markBaseline(t: number): void {
    this.set.markBaseline(t);
  }
}

/** A queued re-judgement of one track of a server: it stores the verdict and refreshes the server's worst. */
class TrackJudgement implements JudgeItem {
  queued = false;
  constructor(private track: MetricTrack | undefined, public run: () => void) {}
  /** A column that held one value is judged by search (constant.ts): the fixed part alone; others walk their points. */
  get cost(): number { return this.track?.constant === true ? JUDGE_FIXED : (this.track?.set.points ?? 0) + JUDGE_FIXED; }

  /** Its server was dropped: never runs, and lets go of the track and the server while it may still wait in the queue. */
  dispose(): void {
    JudgeQueue.drop(this);
    this.track = undefined;
    this.run = noop;
  }
}

const noop = (): void => undefined;

/** Each metric's column in the set (SERVER_METRICS order). */
const COL = Object.fromEntries(SERVER_METRICS.map((m, i) => [m, i])) as Record<ServerMetric, number>;

const worse = (a: Verdict, b: Verdict): Verdict => (VERDICT_ORDER[b] > VERDICT_ORDER[a] ? b : a);

/** A kind's confirmed leak counts for the server; its "not enough data" yet (kinds are sampled sparsely) does not. */
const kindSignal = (v: MetricVerdict): Verdict => (v.verdict === 'leak' && v.enoughData ? 'leak' : 'ok');

export class ServerVerdicts {
  /** The five metrics' verdict evidence, one set (CPU is counted, never stored). */
  private readonly set: TrackSet;
  private readonly tracks: Record<ServerMetric, MetricTrack>;
  /** One sample's columns, written in place (a double array: NaN is a gap; storing a figure allocates nothing). */
  private readonly values = new Float64Array(SERVER_METRICS.length);
  private readonly metricJobs: Record<ServerMetric, TrackJudgement>;
  private readonly kindJobs: Record<FdKind, TrackJudgement>;
  private readonly kindTracks: KindTracks;
  /** Verdicts as they stand (each object replaced, never mutated, when one changes: views can compare by identity). */
  metrics: Partial<Record<ServerMetric, MetricVerdict>> = {};
  kinds: Partial<Record<FdKind, MetricVerdict>> = {};
  worst: Verdict = 'ok';
  /**
   * The metrics' schedule is calm up to this set version: no metric can fall due before it (a push adds at most one to a
   * column's count and at least one to the version), unless a constant column breaks, work moves, or a round or baseline
   * comes (-1: check every metric at the next schedule). An idle server's tick then checks nothing.
   */
  private calmTo = -1;
  private breaksSeen = 0;
  /** The set's work at the last full check: work that starts moving makes an idle column's "flat" due (index.ts FLAT_STEP). */
  private workSeen = -Infinity;
  /** The FD-kind set's version at the last check of its tracks (they fall due only on new evidence). */
  private kindsSeen = -1;
  private fullChecks = 0;

  constructor(intervalMs: number, private readonly queue: JudgeQueue) {
    this.set = new TrackSet(SERVER_METRICS.map((m) => METRIC_KIND[m]), { intervalMs });
    const tracks = {} as Record<ServerMetric, MetricTrack>;
    const jobs = {} as Record<ServerMetric, TrackJudgement>;
    SERVER_METRICS.forEach((m, col) => {
      tracks[m] = new MetricTrack(METRIC_KIND[m], { shared: { set: this.set, col } });
      jobs[m] = new TrackJudgement(tracks[m], () => { this.setMetric(m, judgeMetric(m, tracks[m])); this.settle(m); });
    });
    this.tracks = tracks;
    this.metricJobs = jobs;
    this.kindTracks = new KindTracks(intervalMs);
    const kindJobs = {} as Record<FdKind, TrackJudgement>;
    for (const k of FD_KINDS) kindJobs[k] = new TrackJudgement(this.kindTracks.tracks[k], () => this.setKind(k, this.kindTracks.judgeOne(k, false)));
    this.kindJobs = kindJobs;
  }

  /** Bytes of verdict evidence held (fixed at construction: both sets' typed arrays). */
  get evidenceBytes(): number {
    return this.set.bytes + this.kindTracks.set.bytes;
  }

  get baselineT(): number | undefined {
    return this.set.baselineT;
  }

  /** Some FD breakdown was counted (kinds are then judged and summarised). */
  get kindsRead(): boolean {
    return this.kindTracks.read;
  }

  kindStats(k: FdKind): MetricStats {
    return this.kindTracks.stats[k].get();
  }

  /** A sample: a zombie is a process the tree failed to reap, so for the leak verdict it counts as one. */
  push(sample: ServerSample, load: LoadMarks): void {
    // Each column by name: in V8's baseline tier a loop of sample[name] over changing names is a generic lookup each time.
    const v = this.values;
    v[COL.fds] = sample.fds ?? Number.NaN;
    v[COL.rssBytes] = sample.rssBytes ?? Number.NaN;
    v[COL.vmsBytes] = sample.vmsBytes ?? Number.NaN;
    v[COL.procs] = sample.procs + sample.zombies;
    v[COL.threads] = sample.threads ?? Number.NaN;
    v[COL.cpuPct] = sample.cpuPct ?? Number.NaN;
    this.set.push(sample.t, v, load);
  }

  pushKinds(t: number, kinds: FdKindsResult | undefined, load: LoadMarks): void {
    this.kindTracks.push(t, kinds, load);
  }

  markBaseline(t: number): void {
    this.set.markBaseline(t);
    this.kindTracks.markBaseline(t);
    this.calmTo = -1;
  }

  markRoundEnd(): void {
    this.set.markRoundEnd();
    this.kindTracks.markRoundEnd();
    this.calmTo = -1;
  }

  /**
   * After a sample: a verdict that fell due is judged at once when that is O(1) (cheapToJudge: a gauge, or start-up),
   * else queued (a column that held one value costs the queue its fixed part only: TrackJudgement.cost); then the queue
   * runs within this tick's budget (a lone server's due verdicts run now; many servers' spread over a few ticks).
   */
  schedule(t: number): void {
    if (this.set.version > this.calmTo || this.set.breaks !== this.breaksSeen || this.set.work !== this.workSeen) this.scheduleMetrics();
    if (this.kindTracks.read && this.kindTracks.set.version !== this.kindsSeen) this.scheduleKinds();
    this.queue.drain(t);
  }

  /** Judges or queues every metric that fell due, then finds how long the schedule stays calm (see calmTo). */
  private scheduleMetrics(): void {
    // Indexed loops: per server per tick, mostly unoptimised code, where for-of allocates per step.
    this.fullChecks++;
    let calm = Infinity;
    for (let i = 0; i < SERVER_METRICS.length; i++) {
      const m = SERVER_METRICS[i]!;
      const track = this.tracks[m];
      if (verdictDue(m, track)) {
        // Queued: its next due count is known once it ran (settle).
        if (!cheapToJudge(track)) { this.queue.add(this.metricJobs[m]); continue; }
        this.setMetric(m, judgeMetric(m, track));
      }
      // Pushes this track takes before its count reaches its due count (none if it was never judged).
      const hit = track.judged;
      calm = Math.min(calm, hit?.metric === m ? hit.dueAt - track.count : 0);
    }
    this.breaksSeen = this.set.breaks;
    this.workSeen = this.set.work;
    this.calmTo = calm > 1 ? this.set.version + calm - 1 : -1;
  }

  /** A queued metric was judged: the calm stretch ends by its next due count. */
  private settle(m: ServerMetric): void {
    const hit = this.tracks[m].judged;
    this.calmTo = hit?.metric === m ? Math.min(this.calmTo, this.set.version + hit.dueAt - this.tracks[m].count - 1) : -1;
  }

  /** Judges or queues every FD kind that fell due; only after the kinds' set changed (they are read in turns). */
  private scheduleKinds(): void {
    for (let i = 0; i < FD_KINDS.length; i++) {
      const k = FD_KINDS[i]!;
      const track = this.kindTracks.tracks[k];
      if (!verdictDue('fds', track)) continue;
      if (cheapToJudge(track)) this.setKind(k, this.kindTracks.judgeOne(k, false)); else this.queue.add(this.kindJobs[k]);
    }
    this.kindsSeen = this.kindTracks.set.version;
  }

  /** Full checks of the metrics' schedule so far (an idle server's are rare; tests read it). */
  get checks(): number {
    return this.fullChecks;
  }

  /** Tracks whose verdict fell due and is neither judged nor waiting in the queue: 0 after every schedule (tests check). */
  get overdue(): number {
    let n = 0;
    for (const m of SERVER_METRICS) if (verdictDue(m, this.tracks[m]) && !this.metricJobs[m].queued) n++;
    if (this.kindTracks.read) for (const k of FD_KINDS) if (verdictDue('fds', this.kindTracks.tracks[k]) && !this.kindJobs[k].queued) n++;
    return n;
  }

  /** The server was dropped: its queued re-judgements never run and hold nothing of it. */
  dispose(): void {
    for (const m of SERVER_METRICS) this.metricJobs[m].dispose();
    for (const k of FD_KINDS) this.kindJobs[k].dispose();
  }

  /** Every verdict judged now over every sample so far (the exit summary must include the last minutes). */
  judgeFresh(): void {
    this.calmTo = -1;
    const vs: Partial<Record<ServerMetric, MetricVerdict>> = {};
    for (const m of SERVER_METRICS) vs[m] = judgeMetric(m, this.tracks[m], { fresh: true });
    this.metrics = vs;
    const ks: Partial<Record<FdKind, MetricVerdict>> = {};
    if (this.kindTracks.read) for (const k of FD_KINDS) ks[k] = this.kindTracks.judgeOne(k, true);
    this.kinds = ks;
    this.rankWorst();
  }

  private setMetric(m: ServerMetric, v: MetricVerdict): void {
    if (this.metrics[m] === v) return;
    this.metrics = { ...this.metrics, [m]: v };
    this.rankWorst();
  }

  private setKind(k: FdKind, v: MetricVerdict): void {
    if (this.kinds[k] === v) return;
    this.kinds = { ...this.kinds, [k]: v };
    this.rankWorst();
  }

  private rankWorst(): void {
    let worst: Verdict = 'ok';
    for (const m in this.metrics) worst = worse(worst, this.metrics[m as ServerMetric]!.verdict);
    for (const k in this.kinds) worst = worse(worst, kindSignal(this.kinds[k as FdKind]!));
    this.worst = worst;
  }
}
