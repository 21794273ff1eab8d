// What the stress engines need from the rest of mcptop: the Monitor's stress-facing surface and the churn host port.
import type { ChurnView, ProcKey, Snapshot, StressView } from '../types.js';
import type { LaunchedProcess, McpSession } from '../ports.js';

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
