// Everything the Monitor remembers about one server: history, status, its baseline rule, verdicts (server-verdicts.ts), how to show it.
import { redactArgv, redactText } from './redact.js';
import { ServerHistory } from './history.js';
import { shortLabel } from './label.js';
import { metricSummary } from './summary.js';
import { StatusTracker } from './thresholds.js';
import type { ProcFds } from './thresholds.js';
import type { Thresholds } from './config.js';
import type { LaunchedProcess } from './ports.js';
import { FD_KINDS } from './types.js';
import type { Status } from './types.js';
import type {
  Culprit, FdKindsResult, ProcKey, ProcessView, ServerMetric, ServerSample, ServerSummary, ServerView,
} from './types.js';
import { JudgeQueue } from './verdict/index.js';
import type { LoadMarks } from './verdict/index.js';
import { ServerVerdicts } from './server-verdicts.js';

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

/** The status of a stopped server: at least WARN, "stopped" first among the reasons. */
export const STOPPED_REASON = 'stopped (SIGSTOP or a debugger): not running';
function stoppedStatus(cur: Status): Status {
  return { level: cur.level === 'ok' ? 'warn' : cur.level, reasons: [STOPPED_REASON, ...cur.reasons] };
}

export class ServerState {
  readonly history: ServerHistory;
  readonly status: StatusTracker;
  /** Verdict evidence, what falls due after each sample, and the verdicts it holds. */
  private readonly judged: ServerVerdicts;
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
  constructor(public id: ServerIdentity, thresholds: Thresholds, intervalMs: number, windowSize: number, queue: JudgeQueue = new JudgeQueue()) {
    this.history = new ServerHistory(windowSize);
    this.status = new StatusTracker(thresholds, intervalMs);
    this.judged = new ServerVerdicts(intervalMs, queue);
  }

  /** Bytes of verdict evidence this server holds (fixed at construction). */
  get evidenceBytes(): number {
    return this.judged.evidenceBytes;
  }

  /** An FD breakdown read this tick (shown in the detail pane; a counted one also feeds the per-kind verdicts). */
  recordKinds(t: number, kinds: FdKindsResult | undefined, load: LoadMarks): void {
    this.fdKinds = kinds;
    this.judged.pushKinds(t, kinds, load);
  }

  /** The tree's FDs at the previous sample (to notice a rising count). */
  get lastFds(): number | undefined {
    return this.history.latest?.fds;
  }

  record(sample: ServerSample, procs: readonly ProcessView[], procFds: readonly ProcFds[], load: LoadMarks): void {
    this.history.push(sample);
    this.status.update(sample, procFds);
    // A root stopped by a signal (SIGSTOP, a debugger) answers nothing: shown as such, never as OK (looked at again only
    // when the views changed: an idle server hands the same array every tick).
    if (procs !== this.processes) {
      this.processes = procs;
      let rootState: string | undefined;
      for (let i = 0; i < procs.length && rootState === undefined; i++) if (procs[i]!.depth === 0) rootState = procs[i]!.state;
      this.stopped = rootState === 'T' || rootState === 't';
    }
    // A zombie is a process the tree failed to reap: for the leak verdict it counts (the table shows it apart).
    this.judged.push(sample, load);
    if (this.baselineT === undefined && this.settle.push(sample, procs, this.id, this.readyAt)) this.judged.markBaseline(sample.t);
    this.judged.schedule(sample.t);
  }

  /** When the baseline was taken (samples before it are start-up: shown, never judged); undefined until then. */
  get baselineT(): number | undefined {
    return this.judged.baselineT;
  }

  /** The server answered (a stress session opened and listed its tools): its next clean sample is the baseline. */
  markReady(t: number): void {
    this.readyAt ??= t;
  }

  markRoundEnd(_t: number, _round: number): void {
    this.judged.markRoundEnd();
  }

  /** Dropped from the book: what waits in the shared judging queue lets go of this server. */
  dispose(): void {
    this.judged.dispose();
  }

  end(t: number): void {
    this.alive = false;
    this.endedAt = t;
    this.status.ended();
    this.processes = this.processes.map((p) => ({ ...p, alive: false }));
  }

  /** True while the root process is stopped (state T or t). */
  private stopped = false;

  /** `label`: the one shown (the Monitor's, made distinct from other servers'; its own by default). */
  view(label = this.id.label): ServerView {
    const v: { -readonly [K in keyof ServerView]: ServerView[K] } = {
      key: this.id.key, label, pid: this.id.pid, command: this.id.command,
      alive: this.alive, launched: this.launched !== undefined,
      latest: this.history.latest, status: this.stopped && this.alive ? stoppedStatus(this.status.status) : this.status.status,
      worstStatus: this.status.worst,
      verdict: this.judged.worst, metricVerdicts: this.judged.metrics, fdKindVerdicts: this.judged.kinds,
      series: this.history.series(), processes: this.processes,
      fdKinds: this.fdKinds, stderrTail: this.launched?.stderrTail(), flags: this.flags,
    };
    // Added when present (absent, not undefined), without spreading a new object into every view every tick.
    if (this.host !== undefined) v.host = this.host;
    if (this.stdinPeer !== undefined) v.stdinPeer = this.stdinPeer;
    return v;
  }

  /** A process leak's culprits: every member but the root at the end (bounded), zombies apart; ended if mcptop launched it. */
  private culprits(): Culprit[] | undefined {
    if (this.judged.metrics.procs?.verdict !== 'leak') return undefined;
    return this.processes.filter((p) => p.pid !== this.id.pid).slice(0, MAX_CULPRITS).map((p) => ({
      pid: p.pid, ppid: p.ppid, state: p.state, command: p.command, kind: p.state === 'Z' ? 'zombie' : 'child', ended: this.launched !== undefined,
    }));
  }

  summary(): ServerSummary {
    this.judged.judgeFresh();
    const culprits = this.culprits();
    const ms = (m: ServerMetric) => metricSummary(this.history.statsOf(m), this.judged.metrics[m]);
    return {
      key: this.id.key, label: this.id.label, pid: this.id.pid, command: this.id.command,
      verdict: this.judged.worst, worstStatus: this.status.worst, alive: this.alive,
      metrics: { fds: ms('fds'), rssBytes: ms('rssBytes'), vmsBytes: ms('vmsBytes'), procs: ms('procs'), threads: ms('threads') },
      ...(this.judged.kindsRead
        ? { fdKinds: Object.fromEntries(FD_KINDS.map((k) => [k, metricSummary(this.judged.kindStats(k), this.judged.kinds[k])])) }
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
  for (const s of ended.slice(0, ended.length - max)) {
    servers.delete(s.id.key);
    s.dispose();
  }
}
