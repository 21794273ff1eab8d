// Connects the stress controller to the CLI: the TUI's actions, and a --stress run started at launch.
import type { Monitor } from '../core/monitor.js';
import type { McpConnector, ProcessSource, SelfSource } from '../core/ports.js';
import type { AppActions } from '../core/types.js';
import type { CliOptions } from '../options.js';
import { systemClock } from '../adapters/clock.js';
import type { NodeLauncher, NodeLaunchedProcess } from '../adapters/launcher.js';
import { freemem } from 'node:os';
import { StressController } from '../stress/controller.js';
import { LOAD_CONCURRENCY_CAP } from '../core/stress/load-engine.js';
import type { Owned } from './owned.js';
import type { ToolArgs } from './tool-args.js';

export interface StressWiring {
  readonly actions: AppActions;
  runAtStart(kind: 'load' | 'churn' | 'profile'): Promise<void>;
}

export interface StressDeps {
  readonly monitor: Monitor;
  readonly launcher: NodeLauncher;
  readonly source: ProcessSource;
  readonly self: SelfSource;
  readonly launched: readonly NodeLaunchedProcess[];
  readonly url?: McpConnector;
  readonly owned: Owned;
  /** --tool-args, read before anything started. */
  readonly toolArgs?: ToolArgs;
  /** --heap: where snapshots go (checked before anything started). */
  readonly heapDir?: string;
}

/** What one concurrent load caller may cost (an SDK client and its session, buffers), for the memory bound. */
const BYTES_PER_CALLER = 1024 * 1024;

/** The load concurrency bound: the stated cap, lowered to what half the free memory can hold. */
export function loadConcurrency(freeBytes = freemem()): number {
  return Math.max(1, Math.min(LOAD_CONCURRENCY_CAP, Math.floor((freeBytes * 0.5) / BYTES_PER_CALLER)));
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => { setImmediate(resolve); });

export async function buildStress(o: CliOptions, d: StressDeps): Promise<StressWiring> {
  const { toolArgs } = d;
  // The inspector client (ws, zod: ~12 MB RSS at import) is loaded for --heap only.
  const heap = d.heapDir === undefined ? undefined : new (await import('../stress/heap-session.js')).HeapSession(d.heapDir, d.monitor);
  const controller = new StressController({
    loadLimits: { maxConcurrency: loadConcurrency(), yieldToLoop },
    monitor: d.monitor, launcher: d.launcher, source: d.source, self: d.self, clock: systemClock, launched: d.launched,
    selfPid: process.pid, era: o.era, ...(d.url === undefined ? {} : { connectors: { url: d.url } }), ...(toolArgs === undefined ? {} : { toolArgs }), ...(heap === undefined ? {} : { heap }),
  });
  d.owned.add('stress', () => controller.dispose());
  if (heap) d.owned.add('heap inspector', () => heap.dispose());
  return {
    actions: controller.actions(),
    runAtStart: (kind) => (kind === 'churn' ? controller.run('churn', o.churn) : controller.run(kind, o.load)),
  };
}
