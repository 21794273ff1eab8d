// Shared setup for the Monitor tests: a fake table with init and mcptop itself, a recording sink.
import { DEFAULT_THRESHOLDS } from '../../source/core/config.js';
import type { Targets, Thresholds } from '../../source/core/config.js';
import { Monitor } from '../../source/core/monitor.js';
import type { MonitorOptions } from '../../source/core/monitor.js';
import type { SampleSink, SinkRecord } from '../../source/core/ports.js';
import type { Snapshot } from '../../source/core/types.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeProcessSource } from '../helpers/fake-source.js';

export const SELF = 100;

export function setup(opts: { targets?: Partial<Targets>; thresholds?: Partial<Thresholds>; monitor?: Partial<MonitorOptions> } = {}) {
  const clock = new FakeClock();
  const source = new FakeProcessSource();
  source.add({ pid: 1, ppid: 0, comm: 'systemd' });
  source.add({ pid: SELF, ppid: 1, comm: 'node', argv: ['node', 'mcptop'] });
  const records: SinkRecord[] = [];
  const sink: SampleSink = { write: (r) => { records.push(r); }, close: async () => undefined };
  const monitor = new Monitor({
    source, clock, selfPid: SELF, intervalMs: 1000, sinks: [sink],
    targets: { names: [], patterns: [], pids: [], children: true, ...opts.targets },
    thresholds: { ...DEFAULT_THRESHOLDS, ...opts.thresholds },
    ...opts.monitor,
  });
  return { clock, source, monitor, records };
}

/** One server "srv" (pid 200) watched, with every tick's snapshot (subscribe) and every new one (onChange) kept. */
export function listening() {
  const t = setup({ targets: { names: ['srv'] } });
  t.source.add({ pid: 200, comm: 'srv', argv: ['srv', '--stdio'], metrics: { fds: 5 } });
  const ticks: Snapshot[] = [];
  const changes: Snapshot[] = [];
  t.monitor.subscribe((s) => ticks.push(s));
  t.monitor.onChange((s) => changes.push(s));
  return { ...t, ticks, changes };
}
