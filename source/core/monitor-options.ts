// What a Monitor is built from: its ports, targets, thresholds and cadence.
import type { Targets, Thresholds } from './config.js';
import type { Clock, HostSource, ProcessSource, SampleSink, SelfSource, StdinPeerSource } from './ports.js';
import type { ProcKey } from './types.js';
import type { FdTargetReader } from './attribution/fd-targets.js';

export interface MonitorOptions {
  source: ProcessSource;
  clock: Clock;
  host?: HostSource;
  self?: SelfSource;
  targets: Targets;
  thresholds: Thresholds;
  /** Sampling period, ms. */
  intervalMs: number;
  selfPid: number;
  /** Series length kept for views, samples (default 300). */
  windowSize?: number;
  sinks?: SampleSink[];
  /** Overrides the short label of a server (configured names). */
  labeler?: (argv: readonly string[], comm: string) => string | undefined;
  /** Labels of configured servers (client configs) that no live process runs; given every live command line. */
  notRunning?: (argvs: readonly (readonly string[])[]) => readonly string[];
  /** Host figures refresh period, ms (default 5000). */
  hostRefreshMs?: number;
  /**
   * A replay's servers whose FD kinds the recording has at this tick: exactly those are read (live, kinds are read in
   * turns, for a rising count and for the selected server, and each read is recorded as an `fd-kinds` event).
   */
  kindsRecorded?: () => ReadonlySet<ProcKey>;
  /** Stdin ends (Linux): the stdin-peer flag of every server, and host children for zero-config discovery. */
  peers?: StdinPeerSource;
  /** Zero-config discovery rule 1: whether a command line runs a server defined in a client config. */
  configured?: (argv: readonly string[]) => boolean;
  /** FD attribution (live only): read for a server whose FD count rose, its baseline on its first FD-kinds turn. */
  fdTargets?: FdTargetReader;
}
