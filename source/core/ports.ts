// The ports through which the pure core reaches time and the operating system; adapters implement them.
import type { StdinLink } from './discovery-rules.js';
import type {
  FdKindsResult, HostInfo, ProcEntry, ProcIdentity, ProcMetrics, SelfInfo, CallErrorKind, McpEra,
} from './types.js';

/** An opaque timer handle from a Clock. */
export type TimerHandle = { readonly __timer: true } | object;

/** Time, injected: the system clock in production, a fake clock stepped by hand in tests. */
export interface Clock {
  /** Milliseconds, monotonic enough for intervals (the system clock uses performance.timeOrigin + now()). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Where process facts come from. One tick: list() (every process, cheap), cmdline() for identities not seen
 * before, measure() for the watched set. No method throws for a process that vanished or is forbidden:
 * it is left out of the result, or its fields are undefined.
 */
export interface ProcessSource {
  readonly name: 'linux' | 'portable' | 'fake';
  /** Every visible process now: identity, parent, name, state. */
  list(): Promise<readonly ProcEntry[]>;
  /** argv of a process; read once per identity. undefined when gone or unreadable (kernel threads give []). */
  cmdline(pid: number): Promise<readonly string[] | undefined>;
  /** Metrics of the given processes, keyed by pid; a pid that could not be read at all is absent. */
  measure(pids: readonly number[]): Promise<ReadonlyMap<number, ProcMetrics>>;
  /** Soft RLIMIT_NOFILE; read once per identity. */
  fdLimit(pid: number): Promise<number | undefined>;
  /** FD breakdown by kind; only asked for the selected server or when an FD count rises. */
  fdKinds(pid: number): Promise<FdKindsResult>;
  /** Start time of a process as ms since the epoch, when the backend can tell (for ages and orphan grace). */
  startedAtMs?(entry: ProcEntry): number | undefined;
  /** Working directory and environment (for launching a twin of a watched server). */
  environment?(pid: number): Promise<{ cwd?: string; env?: Record<string, string> } | undefined>;
  /** Live children of a process from the last list(), when the backend keeps them (saves mcptop a second scan). */
  childCount?(pid: number): number | undefined;
  /** FDs the backend holds open to read watched processes (part of mcptop's own FDs, bounded by the backend). */
  readonly heldFds?: number;
  /** Release anything held (caches, lazily loaded libraries). */
  close?(): void;
}

/**
 * Stdin ends (Linux /proc): what a process's fd 0 is, and whether another process holds its other end. Read for
 * children of MCP hosts (once per identity) and for server roots when their ancestry changes; never throws.
 */
export interface StdinPeerSource {
  /** readlink of /proc/PID/fd/0; undefined when gone or unreadable. */
  stdinLink(pid: number): string | undefined;
  /** Whether pid holds the other end of this stdin (a pipe's write end, a socketpair's peer); undefined when unreadable. */
  holdsPeer(pid: number, stdin: StdinLink): boolean | undefined;
}

/** Host-wide header figures; slow, so the Monitor refreshes them off the tick. */
export interface HostSource {
  read(): Promise<HostInfo>;
}

/** mcptop's own footprint. */
export interface SelfSource {
  readonly pid: number;
  read(): Promise<SelfInfo>;
}

/** A stdio MCP server mcptop spawned and owns (from `mcptop -- cmd`, --demo, a twin, or churn). */
export interface LaunchedProcess {
  readonly pid: number;
  readonly command: readonly string[];
  /** Last lines of stderr, bounded, secrets redacted; stderr is always drained. */
  stderrTail(): readonly string[];
  /** Resolves with the exit code / signal once the direct child exits. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** True while the direct child is alive. */
  alive(): boolean;
  /** End the whole tree: TERM to the process group and known descendants, grace, KILL, reap. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns stdio MCP servers in their own process group, with the user's whole environment, stderr drained. */
export interface Launcher {
  launch(argv: readonly string[], opts?: { cwd?: string; env?: Readonly<Record<string, string>> }): Promise<LaunchedProcess>;
}

/** Result of one tools/call. */
export type CallOutcome =
  | { readonly ok: true; readonly latencyMs: number; /** Modern era: the server answered `resultType: "input_required"`. */ readonly inputRequired?: true }
  | { readonly ok: false; readonly latencyMs: number; readonly kind: CallErrorKind; readonly message: string };

export interface ToolInfo {
  readonly name: string;
  readonly description?: string;
  /** Names of required arguments from the input schema. */
  readonly required: readonly string[];
  readonly properties: readonly string[];
}

/** An initialized MCP session, over any transport. The stress engines only see this. */
export interface McpSession {
  listTools(timeoutMs: number): Promise<readonly ToolInfo[]>;
  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome>;
  /** Close the session (stdio: the transport only, never the launched process; HTTP: DELETE unless told not to). */
  close(): Promise<void>;
  /** Lines the server wrote that were not JSON-RPC (skipped), so far; stdio only. */
  garbageLines?(): number;
  /** The era this session speaks ('modern': stateless, no session state on the server; 'legacy': initialize). */
  readonly era?: McpEra;
}

/** Opens MCP sessions for the stress engines: one per simulated user, or per call with --session-per-call. */
export interface McpConnector {
  readonly transport: 'stdio' | 'http' | 'sse';
  open(): Promise<McpSession>;
}

/** Ends processes for cleanup; every signal is checked against the identity first and logged. */
export interface Killer {
  /** Send a signal if and only if pid still has this start time. */
  signal(id: ProcIdentity, signal: 'SIGTERM' | 'SIGKILL'): 'sent' | 'gone' | 'reused' | 'denied';
  isAlive(id: ProcIdentity): boolean;
}

/** Where every sample and event goes as it happens (CSV, NDJSON recording). */
export interface SampleSink {
  write(record: SinkRecord): void;
  close(): Promise<void>;
}

/**
 * Event names a recording carries and a replay understands. The Monitor writes `load` ({calls, cycles}: the work
 * counter over every run) with every tick once any work was done, `round-end` ({round}) when a stress round has settled,
 * `ready` ({serverKeys}) when stressed servers answered (their next sample is the verdict baseline), and `fd-kinds`
 * ({serverKey, socket, pipe, ...}) for each FD breakdown it read (a replay reads kinds at those ticks).
 */
export const EVENTS = { load: 'load', roundEnd: 'round-end', roundStart: 'round-start', churnCycle: 'churn-cycle', fdKinds: 'fd-kinds', ready: 'ready' } as const;

export type SinkRecord =
  | { readonly type: 'sample'; readonly t: number; readonly serverKey: string; readonly label: string; readonly proc: ProcEntry; readonly metrics: ProcMetrics; readonly fdLimit?: number }
  | { readonly type: 'event'; readonly t: number; readonly event: string; readonly detail?: Readonly<Record<string, unknown>> };
