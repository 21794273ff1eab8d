// What the stress engines need from the rest of mcptop: the Monitor's stress-facing surface and the churn host port.
import type { ChurnView, ProcKey, Snapshot, StressView } from '../types.js';
import type { Clock, LaunchedProcess, McpConnector, McpSession } from '../ports.js';
import type { SettleOptions } from './settle.js';

/** The part of the Monitor the engines use (core/monitor.ts's Monitor satisfies it). */
export interface StressMonitor {
  getSnapshot(): Snapshot;
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  setStress(view: StressView | undefined): void;
  setChurn(view: ChurnView | undefined): void;
  markRoundEnd(round: number): void;
  event(name: string, detail?: Record<string, unknown>): void;
  notice(message: string): void;
  /** A sample at a work checkpoint (current run's calls or cycles); shares a tick in flight. Optional for fakes. */
  checkpoint?(work: { readonly calls?: number; readonly cycles?: number }, fresh?: boolean): Promise<void>;
  /** The servers answered (initialize, tools/list): their next clean sample is the verdict's baseline. */
  markReady?(keys?: ReadonlySet<ProcKey>): void;
}

/** One server launched by churn, with the ways a host can end it. */
export interface ChurnServer {
  readonly proc: LaunchedProcess;
  /** Initialize an MCP session over its pipes. */
  open(timeoutMs: number): Promise<McpSession>;
  /** Close stdin (EOF). */
  endStdin(): void;
  /** SIGTERM to the server process. */
  term(): void;
  /** SIGKILL to the server's whole process group. */
  killGroup(): void;
}

/** What a load run (load-engine.ts) is given. */
export interface LoadDeps {
  readonly clock: Clock;
  readonly connector: McpConnector;
  /** Receives the view (setStress), round marks and events; optional so the engine runs alone in tests. */
  readonly monitor?: StressMonitor;
  /** Servers whose settled baselines are recorded after each round (default: every live server). */
  readonly serverKeys?: ReadonlySet<ProcKey>;
  /** Live view period, ms (default 100). */
  readonly viewEveryMs?: number;
  /** How to wait for the metrics to settle after a round; false = read the snapshot at once. */
  readonly settle?: SettleOptions | false;
  readonly onView?: (view: StressView) => void;
  /** Timeout for opening sessions and tools/list, ms (default: the shape's call timeout, at least 10 s). */
  readonly prepareTimeoutMs?: number;
  /**
   * Most calls in flight at once (default LOAD_CONCURRENCY_CAP); the wiring lowers it to what memory can hold. More
   * users than this are simulated by this many callers taking the users' calls in turn: the planned total is kept.
   */
  readonly maxConcurrency?: number;
  /** Lets the event loop run (timers, I/O, signals) between batches of calls; without it fast calls starve it. */
  readonly yieldToLoop?: () => Promise<void>;
}
