// The shared vocabulary of mcptop: processes, metrics, statuses, verdicts and the snapshot every view reads.
import type { ChurnView, McpEra, StressView } from './stress-types.js';
import type { FdTargetGrowth } from './attribution/fd-targets.js';

// Stress and summary types live in their own modules; this path keeps serving every one of them.
export * from './stress-types.js';
export * from './summary-types.js';

/** A process identity: a PID alone can be reused, a PID with its start time cannot. */
export interface ProcIdentity {
  readonly pid: number;
  /** Opaque start time: clock ticks since boot on Linux, ms since the epoch on the portable backend. */
  readonly startTime: number;
}

/** String form of a ProcIdentity, usable as a Map key: "pid@startTime". */
export type ProcKey = string;

/** Keys made so far, per identity object: a backend that hands out the same entry while a process lives gets its key built once. */
const keys = new WeakMap<ProcIdentity, ProcKey>();

export const procKey = (id: ProcIdentity): ProcKey => {
  let key = keys.get(id);
  if (key === undefined) {
    key = `${id.pid}@${id.startTime}`;
    keys.set(id, key);
  }
  return key;
};
/** The PID a key names. */
export const pidOfKey = (key: ProcKey): number => Number(key.slice(0, key.indexOf('@')));

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

/** Leak verdict of a metric, a server or the whole run: "inconclusive" says why and what would decide it. */
export type Verdict = 'ok' | 'inconclusive' | 'leak';
export const VERDICT_ORDER: Readonly<Record<Verdict, number>> = { ok: 0, inconclusive: 1, leak: 2 };

/** Reads a verdict from old or new JSON/recordings: "warn" was the first spelling of "inconclusive". */
export function readVerdict(v: unknown): Verdict | undefined {
  if (v === 'ok' || v === 'leak' || v === 'inconclusive') return v;
  return v === 'warn' ? 'inconclusive' : undefined;
}

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
  /** False when there were too few samples to judge (then verdict is "inconclusive", never "ok"). */
  readonly enoughData: boolean;
  /** Growth per 1,000 calls when a load ran, per churn cycle when churn ran, else undefined. */
  readonly perKiloCalls?: number;
  readonly perCycle?: number;
  /** Growth per session when every call opened a session of its own (--session-per-call over HTTP, legacy era). */
  readonly perSession?: number;
  /** Theil-Sen slope of the window floors, units per minute (a series judged over time, with no load). */
  readonly slopePerMin?: number;
  /** One-sided Mann-Kendall p-value of "the floor rises" (undefined before there was enough to test). */
  readonly pValue?: number;
  /** For an inconclusive verdict: what would decide it ("run >= 2,000 more calls", "let it settle"). */
  readonly hint?: string;
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
  /** The MCP era the server spoke to mcptop's client, once a session was opened. */
  readonly era?: McpEra;
  readonly latest?: ServerSample;
  readonly status: Status;
  /** Worst status reached so far, with the reason it was reached for. */
  readonly worstStatus: Status;
  readonly verdict: Verdict;
  readonly metricVerdicts: Partial<Readonly<Record<ServerMetric, MetricVerdict>>>;
  /** Verdicts on the FDs of each kind, once the kinds have been read (sampled in turns, see core/kinds-rota.ts). */
  readonly fdKindVerdicts?: Partial<Readonly<Record<FdKind, MetricVerdict>>>;
  /** The recent window, oldest first, one entry per tick (undefined = gap). */
  readonly series: ServerMetricSeries;
  readonly processes: readonly ProcessView[];
  /** FD breakdown of the tree, when it was read (selected server, or a rising count). */
  readonly fdKinds?: FdKindsResult;
  /** FD targets that grew since the server's baseline target read (core/attribution), largest growth first. */
  readonly fdTargets?: readonly FdTargetGrowth[];
  /** Last lines of a launched server's stderr. */
  readonly stderrTail?: readonly string[];
  /** Flags from cleanup detection: orphan, duplicate, zombie, runaway. */
  readonly flags?: readonly string[];
  /** Zero-config discovery: the MCP host the server runs under ("cursor", pid); absent = no host. */
  readonly host?: { readonly name: string; readonly pid: number };
  /** Why the server's stdin is a dead end: "stdin peer gone (...)", "stdin held only by wrapper npx (pid 12)...". */
  readonly stdinPeer?: string;
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
  /** Of those FDs, the ones the process source holds to read watched processes (bounded; they come and go with them). */
  readonly heldFds?: number;
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
  /** Servers defined in MCP client configs that no live process runs ("cursor/filesystem"). */
  readonly notRunning?: readonly string[];
  /** Set when no target was given: the servers are what zero-config discovery found, grouped by host; what it looks for. */
  readonly discovery?: { readonly lookedFor: readonly string[] };
}

/** What the interactive view needs from the Monitor: read snapshots, subscribe, say what is focused. */
export interface MonitorHandle {
  getSnapshot(): Snapshot;
  /**
   * Called with new snapshots, at least once per tick; returns the unsubscribe function. The Monitor's own subscribe
   * calls exactly once per tick; Monitor.view, the handle the TUI gets, also calls when flags change between ticks.
   */
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** The selected server: the Monitor reads its FD kinds each tick. */
  setFocus(key: ProcKey | undefined): void;
}
