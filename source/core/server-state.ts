// Everything the Monitor remembers about one server: history, verdict tracks, status, and how to show it.
import { redactArgv, redactText } from './redact.js';
import { ServerHistory } from './history.js';
import { shortLabel } from './label.js';
import { metricSummary } from './summary.js';
import { StatusTracker } from './thresholds.js';
import type { ProcFds } from './thresholds.js';
import type { Thresholds } from './config.js';
import type { LaunchedProcess } from './ports.js';
import { RunningStats } from './stats.js';
import { FD_KINDS, SERVER_METRICS } from './types.js';
import type { Status } from './types.js';
import type {
  Culprit, FdKind, FdKindsResult, MetricVerdict, ProcKey, ProcessView, ServerMetric, ServerSample, ServerSummary, ServerView, Verdict,
} from './types.js';
import { JUDGE_FIXED, JudgeQueue, METRIC_KIND, MetricTrack, TrackSet, cheapToJudge, judgeMetric, verdictDue, worstVerdict } from './verdict/index.js';
import type { JudgeItem, LoadMarks } from './verdict/index.js';

export interface ServerIdentity {
  readonly key: ProcKey;
  readonly pid: number;
  readonly label: string;
  readonly command: string;
}

/** Name and command line of a server from its root's argv (launched command when unreadable; comm in brackets last). */
export function serverIdentity(key: ProcKey, pid: number, argv: readonly string[], comm: string,
  labeler?: (argv: readonly string[], comm: string) => string | undefined): ServerIdentity {
  // Matching and labelling see the real argv; everything shown or recorded gets it with secrets redacted.
  const shown = redactArgv(argv);
  return {
    key, pid, command: shown.length > 0 ? shown.join(' ') : `[${comm}]`,
    label: redactText(labeler?.(argv, comm) ?? shortLabel(shown, comm)),
  };
}

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
  constructor(private readonly track: MetricTrack, readonly run: () => void) {}
  get cost(): number { return this.track.set.points + JUDGE_FIXED; }
}

/** Culprits listed per server at most (the count of processes says how many there are). */
const MAX_CULPRITS = 20;

/** Samples a server is watched before its baseline when nothing says it answered. */
const SETTLE_SAMPLES = 5;
/** ... of which the last this many must agree on every count (FDs, threads, processes). */
const SETTLE_STEADY = 3;
/** Past this many samples, a server whose counts never hold still gets its baseline anyway. */
const SETTLE_CAP = 30;

/**
 * The baseline rule: a clean sample (root alive, not mid-exit, command line unchanged: not mid-exec) taken once the
 * server answered, or after a settle period with its counts steady. Earlier samples are start-up.
 */
class SettleWatch {
  private seen = 0;
  private steady = 0;
  private lastKey = '';
  private lastCommand: string | undefined;

  push(sample: ServerSample, procs: readonly ProcessView[], id: ServerIdentity, readyAt: number | undefined): boolean {
    const root = procs.find((p) => p.pid === id.pid);
    const clean = root !== undefined && root.state !== 'Z' && root.state !== 'X' && this.lastCommand === id.command && sample.fds !== undefined;
    this.lastCommand = id.command;
    if (!clean) { this.steady = 0; this.lastKey = ''; return false; }
    this.seen++;
    const key = `${sample.fds}:${sample.threads ?? '-'}:${sample.procs + sample.zombies}`;
    this.steady = key === this.lastKey ? this.steady + 1 : 1;
    this.lastKey = key;
    if (readyAt !== undefined && sample.t >= readyAt) return true;
    return (this.seen >= SETTLE_SAMPLES && this.steady >= SETTLE_STEADY) || this.seen >= SETTLE_CAP;
  }
}

/** A kind's confirmed leak counts for the server; its "not enough data" yet (kinds are sampled sparsely) does not. */
const kindSignal = (v: MetricVerdict): Verdict => (v.verdict === 'leak' && v.enoughData ? 'leak' : 'ok');

/** The status of a stopped server: at least WARN, "stopped" first among the reasons. */
export const STOPPED_REASON = 'stopped (SIGSTOP or a debugger): not running';
function stoppedStatus(cur: Status): Status {
  return { level: cur.level === 'ok' ? 'warn' : cur.level, reasons: [STOPPED_REASON, ...cur.reasons] };
}

export class ServerState {
  readonly history: ServerHistory;
  readonly status: StatusTracker;
  /** The five metrics' verdict evidence, one set (CPU is counted, never stored). */
  private readonly set: TrackSet;
  private readonly tracks: Record<ServerMetric, MetricTrack>;
  private readonly values: (number | undefined)[] = SERVER_METRICS.map(() => undefined);
  private readonly metricJobs: Record<ServerMetric, TrackJudgement>;
  private readonly kindJobs: Record<FdKind, TrackJudgement>;
  private verdicts: Partial<Record<ServerMetric, MetricVerdict>> = {};
  private readonly kinds: KindTracks;
  private kindVerdicts: Partial<Record<FdKind, MetricVerdict>> = {};
  private verdictNow: Verdict = 'ok';
  alive = true;
  /** Clock time the last member exited, ms. */
  endedAt: number | undefined;
  launched: LaunchedProcess | undefined;
  processes: readonly ProcessView[] = [];
  fdKinds: FdKindsResult | undefined;
  flags: readonly string[] | undefined;
  /** Zero-config discovery: the MCP host above the server (undefined: none). */
  host: { readonly name: string; readonly pid: number } | undefined;
  /** Why the server's stdin is a dead end (core/discovery-rules.ts stdinPeerReason). */
  stdinPeer: string | undefined;

  /** The root's argv the identity was built from (re-built when exec changes it). */
  argvSeen: readonly string[] | undefined;
  /** Clock time the Monitor learnt the server answered (a stress session's initialize and tools/list), ms. */
  private readyAt: number | undefined;
  private readonly settle = new SettleWatch();

  /** `queue`: where due re-judgements wait their turn (the Monitor's, shared by all its servers; else one of its own). */
  constructor(public id: ServerIdentity, thresholds: Thresholds, intervalMs: number, windowSize: number,
    private readonly queue: JudgeQueue = new JudgeQueue()) {
    this.history = new ServerHistory(windowSize);
    this.status = new StatusTracker(thresholds, intervalMs);
    this.set = new TrackSet(SERVER_METRICS.map((m) => METRIC_KIND[m]), { intervalMs });
    const tracks = {} as Record<ServerMetric, MetricTrack>;
    const jobs = {} as Record<ServerMetric, TrackJudgement>;
    SERVER_METRICS.forEach((m, col) => {
      tracks[m] = new MetricTrack(METRIC_KIND[m], { shared: { set: this.set, col } });
      jobs[m] = new TrackJudgement(tracks[m], () => this.setMetric(m, judgeMetric(m, tracks[m])));
    });
    this.tracks = tracks;
    this.metricJobs = jobs;
    this.kinds = new KindTracks(intervalMs);
    const kindJobs = {} as Record<FdKind, TrackJudgement>;
    for (const k of FD_KINDS) kindJobs[k] = new TrackJudgement(this.kinds.tracks[k], () => this.setKind(k, this.kinds.judgeOne(k, false)));
    this.kindJobs = kindJobs;
  }

  /** Bytes of verdict evidence this server holds (fixed at construction: both sets' typed arrays). */
  get evidenceBytes(): number {
    return this.set.bytes + this.kinds.set.bytes;
  }

  /** An FD breakdown read this tick (shown in the detail pane; a counted one also feeds the per-kind verdicts). */
  recordKinds(t: number, kinds: FdKindsResult | undefined, load: LoadMarks): void {
    this.fdKinds = kinds;
    this.kinds.push(t, kinds, load);
  }

  /** The tree's FDs at the previous sample (to notice a rising count). */
  get lastFds(): number | undefined {
    return this.history.latest?.fds;
  }

  record(sample: ServerSample, procs: readonly ProcessView[], procFds: readonly ProcFds[], load: LoadMarks): void {
    this.history.push(sample);
    this.status.update(sample, procFds);
    this.processes = procs;
    // A root stopped by a signal (SIGSTOP, a debugger) answers nothing: shown as such, never as OK.
    const rootState = procs.find((p) => p.depth === 0)?.state;
    this.stopped = rootState === 'T' || rootState === 't';
    // A zombie is a process the tree failed to reap: for the leak verdict it counts (the table shows it apart).
    SERVER_METRICS.forEach((m, i) => { this.values[i] = m === 'procs' ? sample.procs + sample.zombies : sample[m]; });
    this.set.push(sample.t, this.values, load);
    if (this.baselineT === undefined && this.settle.push(sample, procs, this.id, this.readyAt)) this.setBaseline(sample.t);
    this.schedule(sample.t);
  }

  /** When the baseline was taken (samples before it are start-up: shown, never judged); undefined until then. */
  get baselineT(): number | undefined {
    return this.tracks.fds.baselineT;
  }

  /** The server answered (a stress session opened and listed its tools): its next clean sample is the baseline. */
  markReady(t: number): void {
    this.readyAt ??= t;
  }

  private setBaseline(t: number): void {
    this.set.markBaseline(t);
    this.kinds.markBaseline(t);
  }

  markRoundEnd(_t: number, _round: number): void {
    this.set.markRoundEnd();
    this.kinds.markRoundEnd();
  }

  end(t: number): void {
    this.alive = false;
    this.endedAt = t;
    this.status.ended();
    this.processes = this.processes.map((p) => ({ ...p, alive: false }));
  }

  /**
   * After a sample: a verdict that fell due is judged at once when that is O(1), else queued; then the queue runs
   * within this tick's budget (a lone server's due verdicts run now; many servers' spread over a few ticks).
   */
  private schedule(t: number): void {
    for (const m of SERVER_METRICS) {
      const track = this.tracks[m];
      if (!verdictDue(m, track)) continue;
      if (cheapToJudge(track)) this.setMetric(m, judgeMetric(m, track)); else this.queue.add(this.metricJobs[m]);
    }
    if (this.kinds.read) {
      for (const k of FD_KINDS) {
        const track = this.kinds.tracks[k];
        if (!verdictDue('fds', track)) continue;
        if (cheapToJudge(track)) this.setKind(k, this.kinds.judgeOne(k, false)); else this.queue.add(this.kindJobs[k]);
      }
    }
    this.queue.drain(t);
  }

  private setMetric(m: ServerMetric, v: MetricVerdict): void {
    if (this.verdicts[m] === v) return;
    this.verdicts = { ...this.verdicts, [m]: v };
    this.rankWorst();
  }

  private setKind(k: FdKind, v: MetricVerdict): void {
    if (this.kindVerdicts[k] === v) return;
    this.kindVerdicts = { ...this.kindVerdicts, [k]: v };
    this.rankWorst();
  }

  private rankWorst(): void {
    this.verdictNow = worstVerdict([...Object.values(this.verdicts).map((v) => v.verdict), ...Object.values(this.kindVerdicts).map(kindSignal)]);
  }

  /** Every verdict judged now over every sample so far (the exit summary must include the last minutes). */
  private judgeFresh(): void {
    const vs: Partial<Record<ServerMetric, MetricVerdict>> = {};
    for (const m of SERVER_METRICS) vs[m] = judgeMetric(m, this.tracks[m], { fresh: true });
    this.verdicts = vs;
    const ks: Partial<Record<FdKind, MetricVerdict>> = {};
    if (this.kinds.read) for (const k of FD_KINDS) ks[k] = this.kinds.judgeOne(k, true);
    this.kindVerdicts = ks;
    this.rankWorst();
  }

  /** True while the root process is stopped (state T or t). */
  private stopped = false;

  view(): ServerView {
    return {
      key: this.id.key, label: this.id.label, pid: this.id.pid, command: this.id.command,
      alive: this.alive, launched: this.launched !== undefined,
      latest: this.history.latest, status: this.stopped && this.alive ? stoppedStatus(this.status.status) : this.status.status,
      worstStatus: this.status.worst,
      verdict: this.verdictNow, metricVerdicts: this.verdicts, fdKindVerdicts: this.kindVerdicts,
      series: this.history.series(), processes: this.processes,
      fdKinds: this.fdKinds, stderrTail: this.launched?.stderrTail(), flags: this.flags,
      ...(this.host === undefined ? {} : { host: this.host }), ...(this.stdinPeer === undefined ? {} : { stdinPeer: this.stdinPeer }),
    };
  }

  /** A process leak's culprits: every member but the root at the end (bounded), zombies apart; ended if mcptop launched it. */
  private culprits(): Culprit[] | undefined {
    if (this.verdicts.procs?.verdict !== 'leak') return undefined;
    return this.processes.filter((p) => p.pid !== this.id.pid).slice(0, MAX_CULPRITS).map((p) => ({
      pid: p.pid, ppid: p.ppid, state: p.state, command: p.command, kind: p.state === 'Z' ? 'zombie' : 'child', ended: this.launched !== undefined,
    }));
  }

  summary(): ServerSummary {
    this.judgeFresh();
    const culprits = this.culprits();
    const ms = (m: ServerMetric) => metricSummary(this.history.statsOf(m), this.verdicts[m]);
    return {
      key: this.id.key, label: this.id.label, pid: this.id.pid, command: this.id.command,
      verdict: this.verdictNow, worstStatus: this.status.worst, alive: this.alive,
      metrics: { fds: ms('fds'), rssBytes: ms('rssBytes'), vmsBytes: ms('vmsBytes'), procs: ms('procs'), threads: ms('threads') },
      ...(this.kinds.read
        ? { fdKinds: Object.fromEntries(FD_KINDS.map((k) => [k, metricSummary(this.kinds.stats[k].get(), this.kindVerdicts[k])])) }
        : {}),
      ...(this.host === undefined ? {} : { host: this.host }), ...(this.stdinPeer === undefined ? {} : { stdinPeer: this.stdinPeer }),
      ...(culprits === undefined ? {} : { culprits }),
    };
  }
}

/** Drops the servers that ended first, so that at most max ended ones stay listed. */
export function dropOldEnded(servers: Map<ProcKey, ServerState>, max: number): void {
  const ended = [...servers.values()].filter((s) => !s.alive);
  if (ended.length <= max) return;
  ended.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  for (const s of ended.slice(0, ended.length - max)) servers.delete(s.id.key);
}
