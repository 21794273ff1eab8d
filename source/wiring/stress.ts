// Connects the stress controller to the CLI: the TUI's actions, and a --stress run started at launch.
import type { Monitor } from '../core/monitor.js';
import type { McpConnector, ProcessSource, SelfSource } from '../core/ports.js';
import type { AppActions } from '../core/types.js';
import type { CliOptions } from '../options.js';
import { systemClock } from '../adapters/clock.js';
import type { NodeLauncher, NodeLaunchedProcess } from '../adapters/launcher.js';
import { StressController } from '../stress/controller.js';
import type { Owned } from './owned.js';

export interface StressWiring {
  readonly actions: AppActions;
  runAtStart(kind: 'load' | 'churn'): Promise<void>;
}

export interface StressDeps {
  readonly monitor: Monitor;
  readonly launcher: NodeLauncher;
  readonly source: ProcessSource;
  readonly self: SelfSource;
  readonly launched: readonly NodeLaunchedProcess[];
  readonly url?: McpConnector;
  readonly owned: Owned;
}

export function buildStress(o: CliOptions, d: StressDeps): StressWiring {
  const controller = new StressController({
    monitor: d.monitor, launcher: d.launcher, source: d.source, self: d.self, clock: systemClock, launched: d.launched,
    selfPid: process.pid, ...(d.url === undefined ? {} : { connectors: { url: d.url } }),
  });
  d.owned.add('stress', () => controller.dispose());
  return {
    actions: controller.actions(),
    runAtStart: (kind) => (kind === 'load' ? controller.run('load', o.load) : controller.run('churn', o.churn)),
  };
}
