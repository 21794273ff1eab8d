// The exit summary: per-metric, per-server and whole-run figures that `--json`, JUnit and the summary text write.
import type { FdKind, MetricStats, ProcKey, Status, Verdict } from './types.js';
import type { CallErrorKind, Culprit, LatencyMs, McpEra, RoundBaseline } from './stress-types.js';
import type { FdTargetGrowth } from './attribution/fd-targets.js';
import type { ProfileResult } from './stress/profile-judge.js';
import type { HeapReport } from './attribution/heap.js';

/** Per-metric line of the exit summary (the `--json` shape of shared/CLI.md, plus extras). */
export interface MetricSummary extends MetricStats {
  readonly verdict: Verdict;
  readonly reason?: string;
  /** For an inconclusive verdict: what would decide it. */
  readonly hint?: string;
  /**
   * Growth per unit of work the verdict measured (the trend's slope; bytes or a count): per call for a plain load, per
   * session when every call opened its own (--session-per-call), per churn cycle, per minute with no work; absent
   * before there was enough to judge.
   */
  readonly rate?: GrowthRate;
}

export interface GrowthRate {
  readonly per: 'call' | 'session' | 'cycle' | 'minute';
  readonly value: number;
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
  /** The MCP era the server spoke to mcptop's client, when a session was opened. */
  readonly era?: McpEra;
  readonly metrics: {
    readonly fds: MetricSummary;
    readonly rssBytes: MetricSummary;
    readonly vmsBytes: MetricSummary;
    readonly procs: MetricSummary;
    readonly threads?: MetricSummary;
  };
  /**
   * FDs by kind (socket / pipe / anon_inode / file / other), each with its verdict; absent when the kinds were never
   * read (another user's process). They explain the FD verdict; a kind's confirmed leak also makes the server's.
   */
  readonly fdKinds?: Partial<Readonly<Record<FdKind, MetricSummary>>>;
  /** Zero-config discovery: the MCP host the server ran under (absent: none). */
  readonly host?: { readonly name: string; readonly pid: number };
  /** Why its stdin was a dead end when last judged (peer gone, held only by a wrapper). */
  readonly stdinPeer?: string;
  /** FD targets that grew (file path, socket ends and state, pipe peer, anon type); absent when none grew or none was read. */
  readonly fdTargets?: readonly FdTargetGrowth[];
  /** When processes leak: the tree's members besides the root at the end (the first 20), zombies named as such. */
  readonly culprits?: readonly Culprit[];
}

/** The whole exit summary; `--json` writes exactly this (CLI.md fields are a subset). */
export interface RunSummary {
  readonly verdict: Verdict;
  readonly durationMs: number;
  readonly samples: number;
  readonly servers: readonly ServerSummary[];
  readonly stress: {
    readonly calls: number; readonly ok: number; readonly failed: number; readonly callsPerSec: number;
    readonly latencyMs: LatencyMs; readonly tool?: string; readonly transport?: string; readonly era?: McpEra;
    readonly inputRequired?: number;
    readonly errors?: Readonly<Record<CallErrorKind, number>>; readonly rounds?: readonly RoundBaseline[];
    /** How the load ended ("done", "aborted", "failed") and why, when it did not just finish. */
    readonly state?: string; readonly message?: string;
  } | null;
  readonly churn: {
    readonly cycles: number; readonly failed: number; readonly survivors: number; readonly mode?: string;
    readonly eofComplianceRate?: number; readonly selfFdDrift?: number; readonly zombies?: number; readonly era?: McpEra;
    readonly state?: string; readonly message?: string;
    /** The survivors named (the first few), and whether mcptop ended them. */
    readonly survivorList?: readonly Culprit[];
  } | null;
  /** True when any server reached CRIT (exit code 1 like a leak). */
  readonly critReached: boolean;
  /** Per-tool profile (`--stress profile`): a row per tool, leaking tools first; absent when none ran. */
  readonly profile?: ProfileResult;
  /** `--heap`: the classes whose objects grew per call between the snapshots at the start and end of the load. */
  readonly heap?: readonly HeapReport[];
}
