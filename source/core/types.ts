// The shared vocabulary of mcptop: processes, metrics, statuses, verdicts and the snapshot every view reads.

/** A process identity: a PID alone can be reused, a PID with its start time cannot. */
export interface ProcIdentity {
  readonly pid: number;
  /** Opaque start time: clock ticks since boot on Linux, ms since the epoch on the portable backend. */
  readonly startTime: number;
}

/** String form of a ProcIdentity, usable as a Map key: "pid@startTime". */
export type ProcKey = string;

export const procKey = (id: ProcIdentity): ProcKey => `${id.pid}@${id.startTime}`;

/** Process state letter as /proc/PID/stat gives it (R running, S sleeping, D disk, Z zombie, T stopped, ...). */
export type ProcState = 'R' | 'S' | 'D' | 'Z' | 'T' | 't' | 'X' | 'I' | 'W' | 'P' | 'K' | '?';

/** What every backend gives for every visible process, cheaply, once per tick (phase 1 of a tick). */
export interface ProcEntry extends ProcIdentity {
  readonly ppid: number;
  /** Kernel process name (comm; at most 15 chars on Linux). */
  readonly comm: string;
  readonly state: ProcState;
  /** Real user id of the owner, when known. */
  readonly uid?: number;
  /** Process group id, when known (used by churn and cleanup). */
  readonly pgid?: number;
  /** Session id, when known. */
  readonly sid?: number;
}

/** Metrics of one process at one tick. A field that could not be read is undefined, never 0. */
export interface ProcMetrics {
  /** Open file descriptors. */
  readonly fds?: number;
  /** Resident set size, bytes. */
  readonly rssBytes?: number;
  /** Virtual memory size, bytes. */
  readonly vmsBytes?: number;
  /** Cumulative user+system CPU time, milliseconds. */
  readonly cpuTimeMs?: number;
  /** Number of threads. */
  readonly threads?: number;
}

export const FD_KINDS = ['socket', 'pipe', 'anon_inode', 'file', 'other'] as const;
export type FdKind = (typeof FD_KINDS)[number];
/** FDs of one process by kind (readlink of /proc/PID/fd/*). */
export type FdKindCounts = Readonly<Record<FdKind, number>>;
/** An FD breakdown, or why there is none: "denied" is another user's process, never shown as 0. */
export type FdKindsResult = FdKindCounts | 'denied' | 'gone';

export type StatusLevel = 'ok' | 'warn' | 'crit';
export const STATUS_ORDER: Readonly<Record<StatusLevel, number>> = { ok: 0, warn: 1, crit: 2 };

export interface Status {
  readonly level: StatusLevel;
  /** Why, one short phrase per breached threshold, worst first ("FDs 870/1024 (85% of limit)"). */
  readonly reasons: readonly string[];
}

/** Leak verdict of a metric, a server or the whole run. "warn" means suspect, not yet proven. */
export type Verdict = 'ok' | 'warn' | 'leak';
export const VERDICT_ORDER: Readonly<Record<Verdict, number>> = { ok: 0, warn: 1, leak: 2 };

/** The metrics a server (a process tree) is summarised by. */
export const SERVER_METRICS = ['fds', 'rssBytes', 'vmsBytes', 'procs', 'threads', 'cpuPct'] as const;
export type ServerMetric = (typeof SERVER_METRICS)[number];

/** One server (a root process and its tree) at one tick. Sums over the live members; undefined = unknown. */
export interface ServerSample {
  /** Clock time of the tick, ms. */
  readonly t: number;
  readonly fds?: number;
  readonly rssBytes?: number;
  readonly vmsBytes?: number;
  /** CPU, percent of one core, summed over the tree; undefined on a process's first sample. */
  readonly cpuPct?: number;
  readonly threads?: number;
  /** Live processes in the tree. */
  readonly procs: number;
  /** Zombies in the tree. */
  readonly zombies: number;
  /** Highest FDs / soft RLIMIT_NOFILE over the tree's processes, percent. */
  readonly fdPctOfLimit?: number;
}

/** Running aggregates of one metric over the whole run (the ring only keeps a window). */
export interface MetricStats {
  readonly initial?: number;
  readonly final?: number;
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  /** final - initial. */
  readonly growth?: number;
  /** growth / initial * 100; undefined when initial is 0 or unknown. */
  readonly growthPct?: number;
  /** Samples that had a value. */
  readonly count: number;
}

/** The verdict of one metric of one server, with the evidence a person can check. */
export interface MetricVerdict {
  readonly verdict: Verdict;
  /** One line: "FDs +1.00 per call over 1,800 calls; floor rose in 6 of 6 windows". */
  readonly reason: string;
  /** False when there were too few samples to judge (then verdict is "warn", never "ok"). */
  readonly enoughData: boolean;
  /** Growth per 1,000 calls when a load ran, per churn cycle when churn ran, else undefined. */
  readonly perKiloCalls?: number;
  readonly perCycle?: number;
  /** Late-window slope, units per minute. */
  readonly slopePerMin?: number;
}

/** One process of a server's tree, for the expanded row and the detail pane. */
export interface ProcessView extends ProcIdentity {
  readonly ppid: number;
  readonly comm: string;
  /** Full command line, or comm in brackets when unreadable. */
  readonly command: string;
  readonly state: ProcState;
  /** Depth below the server's root (root = 0). */
  readonly depth: number;
  readonly alive: boolean;
  readonly metrics: ProcMetrics;
  /** Soft RLIMIT_NOFILE. */
  readonly fdLimit?: number;
  /** CPU, percent of one core; undefined on the first sample. */
  readonly cpuPct?: number;
  readonly uid?: number;
  /** Process start, ms since the epoch, when the backend can tell. */
  readonly startedAtMs?: number;
}

export type ServerMetricSeries = Readonly<Record<'fds' | 'rssBytes' | 'vmsBytes' | 'cpuPct' | 'procs', readonly (number | undefined)[]>>;

/** Everything a view needs about one server. Built by the Monitor once per tick; views never sample. */
export interface ServerView {
  /** ProcKey of the root: stable for the server's life. */
  readonly key: ProcKey;
  /** Name shown in the table: a configured name ("cursor/filesystem"), else comm + a short command. */
  readonly label: string;
  readonly pid: number;
  readonly command: string;
  /** False once the root and every member have exited; the server stays listed with its history. */
  readonly alive: boolean;
  /** True when mcptop spawned it (`mcptop -- cmd`, --demo). */
  readonly launched: boolean;
  readonly latest?: ServerSample;
  readonly status: Status;
  /** Worst status reached so far, with the reason it was reached for. */
  readonly worstStatus: Status;
  readonly verdict: Verdict;
  readonly metricVerdicts: Partial<Readonly<Record<ServerMetric, MetricVerdict>>>;
  /** The recent window, oldest first, one entry per tick (undefined = gap). */
  readonly series: ServerMetricSeries;
  readonly processes: readonly ProcessView[];
  /** FD breakdown of the tree, when it was read (selected server, or a rising count). */
  readonly fdKinds?: FdKindsResult;
  /** Last lines of a launched server's stderr. */
  readonly stderrTail?: readonly string[];
  /** Flags from cleanup detection: orphan, duplicate, zombie, runaway. */
  readonly flags?: readonly string[];
}

/** Host-wide figures for the header; refreshed off the tick, so possibly a few seconds old. */
export interface HostInfo {
  readonly memTotalBytes?: number;
  readonly memAvailableBytes?: number;
  readonly load1?: number;
  readonly load5?: number;
  readonly load15?: number;
  /** /proc/sys/fs/file-nr: allocated file handles and the system maximum. */
  readonly filesOpen?: number;
  readonly filesMax?: number;
  readonly cpus?: number;
}

/** mcptop's own footprint, shown in the header so a user can see the monitor is not the leak. */
export interface SelfInfo {
  readonly pid: number;
  readonly cpuPct?: number;
  readonly rssBytes?: number;
  readonly fds?: number;
  readonly children?: number;
}

/** Read-only picture of the whole monitor at one tick: the only thing views and sinks read. */
export interface Snapshot {
  readonly tick: number;
  /** Clock time of this tick, ms. */
  readonly t: number;
  readonly startedAt: number;
  readonly elapsedMs: number;
  readonly intervalMs: number;
  readonly paused: boolean;
  readonly host?: HostInfo;
  readonly self?: SelfInfo;
  readonly servers: readonly ServerView[];
  readonly watchedProcs: number;
  /** Short messages for the status line (a spawn that failed, a target that vanished...). */
  readonly notices: readonly string[];
  /** Stress / churn state, filled by the stress layer (issue 3); absent when none ran. */
  readonly stress?: StressView;
  readonly churn?: ChurnView;
  readonly verdict: Verdict;
}

/** Latency percentiles, ms. */
export interface LatencyMs {
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly max?: number;
}

export const CALL_ERROR_KINDS = ['timeout', 'jsonrpc', 'toolError', 'closed', 'garbage', 'other'] as const;
export type CallErrorKind = (typeof CALL_ERROR_KINDS)[number];

/** Live and final state of a load run. */
export interface StressView {
  readonly state: 'preparing' | 'running' | 'pause' | 'settling' | 'done' | 'aborted' | 'failed';
  readonly transport: 'stdio' | 'http' | 'sse';
  readonly tool?: string;
  /** Why that tool (picked automatically, or given). */
  readonly toolNote?: string;
  readonly users: number;
  readonly callsPerUser: number;
  readonly rounds: number;
  readonly round: number;
  readonly planned: number;
  readonly calls: number;
  readonly ok: number;
  readonly failed: number;
  readonly errors: Readonly<Record<CallErrorKind, number>>;
  readonly callsPerSec?: number;
  readonly latencyMs: LatencyMs;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly message?: string;
  /** Settled baseline of each server after each round. */
  readonly roundBaselines: readonly RoundBaseline[];
}

export interface RoundBaseline {
  readonly round: number;
  readonly serverKey: ProcKey;
  readonly callsSoFar: number;
  readonly fds?: number;
  readonly rssBytes?: number;
  readonly procs?: number;
}

/** Live and final state of a churn run. */
export interface ChurnView {
  readonly state: 'running' | 'done' | 'aborted' | 'failed';
  readonly mode: 'eof' | 'term' | 'kill';
  readonly viaNpx: boolean;
  readonly cycles: number;
  readonly done: number;
  readonly failed: number;
  /** Processes still alive after their cycle ended (descendants, re-parented matches). */
  readonly survivors: number;
  readonly zombies: number;
  /** Cycles whose server exited within the deadline after stdin closed. */
  readonly eofCompliant: number;
  readonly eofChecked: number;
  /** mcptop's own FDs at start and now. */
  readonly selfFdsStart?: number;
  readonly selfFdsNow?: number;
  readonly selfChildrenNow?: number;
  readonly latencyMs: LatencyMs;
  readonly message?: string;
  readonly survivorSamples: readonly string[];
}

/** Per-metric line of the exit summary (the `--json` shape of shared/CLI.md, plus extras). */
export interface MetricSummary extends MetricStats {
  readonly verdict: Verdict;
  readonly reason?: string;
}

/** One server in the exit summary. */
export interface ServerSummary {
  readonly key: ProcKey;
  readonly label: string;
  readonly pid: number;
  readonly command: string;
  readonly verdict: Verdict;
  readonly worstStatus: Status;
  readonly alive: boolean;
  readonly metrics: {
    readonly fds: MetricSummary;
    readonly rssBytes: MetricSummary;
    readonly vmsBytes: MetricSummary;
    readonly procs: MetricSummary;
    readonly threads?: MetricSummary;
  };
}

/** The whole exit summary; `--json` writes exactly this (CLI.md fields are a subset). */
export interface RunSummary {
  readonly verdict: Verdict;
  readonly durationMs: number;
  readonly samples: number;
  readonly servers: readonly ServerSummary[];
  readonly stress: {
    readonly calls: number; readonly ok: number; readonly failed: number; readonly callsPerSec: number;
    readonly latencyMs: LatencyMs; readonly tool?: string; readonly transport?: string;
    readonly errors?: Readonly<Record<CallErrorKind, number>>; readonly rounds?: readonly RoundBaseline[];
  } | null;
  readonly churn: {
    readonly cycles: number; readonly failed: number; readonly survivors: number; readonly mode?: string;
    readonly eofComplianceRate?: number; readonly selfFdDrift?: number; readonly zombies?: number;
  } | null;
  /** True when any server reached CRIT (exit code 1 like a leak). */
  readonly critReached: boolean;
}

/** What the interactive view needs from the Monitor: read snapshots, subscribe, say what is focused. */
export interface MonitorHandle {
  getSnapshot(): Snapshot;
  /** Called after every tick; returns the unsubscribe function. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** The selected server: the Monitor reads its FD kinds each tick. */
  setFocus(key: ProcKey | undefined): void;
}

/** Shape of a load run: `users` concurrent clients, each making `calls` calls per round. */
export interface LoadShape {
  readonly users: number;
  readonly calls: number;
  readonly rounds: number;
  /** Pause between rounds, ms. */
  readonly delayMs: number;
  /** Tool to call; undefined = pick a cheap one from tools/list. */
  readonly tool?: string;
  /** Arguments (JSON object); "{i}" inside a string becomes the call index. */
  readonly args?: Readonly<Record<string, unknown>>;
  /** Per-call timeout, ms. */
  readonly timeoutMs: number;
  /** HTTP: a new session for every call. */
  readonly sessionPerCall?: boolean;
  /** HTTP: do not DELETE sessions at the end. */
  readonly noDelete?: boolean;
}

export type ChurnMode = 'eof' | 'term' | 'kill';

/** Shape of a churn run: spawn -> initialize -> (call) -> close, `cycles` times. */
export interface ChurnShape {
  readonly cycles: number;
  readonly mode: ChurnMode;
  /** Call one tool per cycle (the load tool rules pick it). */
  readonly callTool: boolean;
  /** Launch the server through `npx` so the wrapper chain is exercised. */
  readonly viaNpx: boolean;
  /** How long a server may take to exit after stdin EOF before it needs a signal, ms. */
  readonly eofDeadlineMs: number;
}

/** Where a load run would go for a given server. */
export type LoadTarget =
  | { readonly kind: 'ready'; readonly transport: 'stdio' | 'http' | 'sse'; readonly description: string }
  | { readonly kind: 'twin'; readonly command: string }
  | { readonly kind: 'none'; readonly why: string };

/** What the TUI can ask of the rest of mcptop (built by cli.tsx; every member optional so views test alone). */
export interface AppActions {
  loadTarget?(serverKey: ProcKey | undefined): LoadTarget;
  /** Launch a twin of a watched server (same argv, cwd, env) and return its key once watched. */
  launchTwin?(serverKey: ProcKey): Promise<ProcKey | undefined>;
  startLoad?(shape: LoadShape, serverKey: ProcKey | undefined): void;
  startChurn?(shape: ChurnShape, serverKey: ProcKey | undefined): void;
  /** Abort the running load or churn cleanly. */
  abortStress?(): void;
}
