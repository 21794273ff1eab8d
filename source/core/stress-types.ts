// Stress and churn vocabulary: load and churn shapes, their live views, and the actions the TUI can ask for.
import type { ProcKey } from './types.js';

/** Latency percentiles, ms. */
export interface LatencyMs {
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly max?: number;
}

/** Latencies in fixed buckets, cumulative (Prometheus histogram form); ms. */
export interface LatencyBuckets {
  /** Upper bounds, ms, ascending; the same for every run. */
  readonly boundsMs: readonly number[];
  /** Calls at or under each bound. */
  readonly cumulative: readonly number[];
  readonly sumMs: number;
  readonly count: number;
}

/** The MCP protocol era a server spoke: 'modern' = 2026-07-28+ (stateless, server/discover), 'legacy' = 2025 (initialize, sessions). */
export type McpEra = 'modern' | 'legacy';
/** `--era`: negotiate per server (auto), or force one era. */
export type EraChoice = 'auto' | McpEra;
export const ERA_CHOICES = ['auto', 'modern', 'legacy'] as const;

export const CALL_ERROR_KINDS = ['timeout', 'jsonrpc', 'toolError', 'closed', 'garbage', 'other'] as const;
export type CallErrorKind = (typeof CALL_ERROR_KINDS)[number];

/** An error count per kind, all zero: where every load's tally starts. */
export const zeroErrors = (): Record<CallErrorKind, number> => Object.fromEntries(CALL_ERROR_KINDS.map((k) => [k, 0])) as Record<CallErrorKind, number>;

/** Live and final state of a load run. */
export interface StressView {
  readonly state: 'preparing' | 'running' | 'pause' | 'settling' | 'done' | 'aborted' | 'failed';
  readonly transport: 'stdio' | 'http' | 'sse';
  /** The era the stressed server spoke (known once the first session is open). */
  readonly era?: McpEra;
  /** Calls answered with a multi-round-trip `input_required` result (modern era): counted apart, neither ok nor failed. */
  readonly inputRequired?: number;
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
  /** The same latencies in fixed buckets, for exporters. */
  readonly latencyBuckets?: LatencyBuckets;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly message?: string;
  /** Settled baseline of each server after each round. */
  readonly roundBaselines: readonly RoundBaseline[];
  /** The servers the calls go to; absent = not known (then every server is judged per call, as before). */
  readonly targets?: readonly ProcKey[];
  /** Every call opens and closes a session of its own (--session-per-call, legacy era): growth is judged per session. */
  readonly sessionPerCall?: true;
}

export interface RoundBaseline {
  readonly round: number;
  readonly serverKey: ProcKey;
  readonly callsSoFar: number;
  readonly fds?: number;
  readonly rssBytes?: number;
  readonly procs?: number;
}

/** How a churn cycle ends its server: close stdin, SIGTERM, or SIGKILL its group. */
export type ChurnMode = 'eof' | 'term' | 'kill';

/** Live and final state of a churn run. */
export interface ChurnView {
  readonly state: 'running' | 'done' | 'aborted' | 'failed';
  readonly mode: ChurnMode;
  readonly viaNpx: boolean;
  /** The era the churned servers spoke (the last cycle's). */
  readonly era?: McpEra;
  readonly cycles: number;
  readonly done: number;
  readonly failed: number;
  /** Processes still alive after their cycle ended (descendants, re-parented matches). */
  readonly survivors: number;
  readonly zombies: number;
  /** Cycles whose server exited within the deadline after stdin closed. */
  readonly eofCompliant: number;
  readonly eofChecked: number;
  /** mcptop's own FDs at start and now (less those held to read watched processes: SelfInfo.heldFds). */
  readonly selfFdsStart?: number;
  readonly selfFdsNow?: number;
  readonly selfChildrenNow?: number;
  readonly latencyMs: LatencyMs;
  /** Cycle durations in fixed buckets, for exporters. */
  readonly latencyBuckets?: LatencyBuckets;
  readonly message?: string;
  readonly survivorSamples: readonly string[];
  /** The survivors themselves (the first few): who they are and whether mcptop ended them. */
  readonly survivorList?: readonly Culprit[];
}

/** A process named as a leak's culprit: a churn survivor, a leaked child or a persistent zombie. */
export interface Culprit {
  readonly pid: number;
  readonly ppid: number;
  /** One-letter /proc state (Z = zombie). */
  readonly state: string;
  readonly command: string;
  readonly kind: 'survivor' | 'child' | 'zombie';
  /** mcptop ended it (a survivor of its own churn, a child of a server it launched); false: left as found. */
  readonly ended: boolean;
  /** Churn cycle it outlived. */
  readonly cycle?: number;
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
  /** The load against each tool in turn (`--stress profile`). */
  startProfile?(shape: LoadShape, serverKey: ProcKey | undefined): void;
  /** Abort the running load or churn cleanly. */
  abortStress?(): void;
  /** Launch the bundled demo servers (offered when zero-config discovery found nothing). */
  startDemo?(): Promise<void>;
}
