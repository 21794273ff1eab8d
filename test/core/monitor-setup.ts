// Shared setup for the Monitor tests: a fake table with init and mcptop itself, a recording sink.
import { DEFAULT_THRESHOLDS } from '../../source/core/config.js';
import type { Targets, Thresholds } from '../../source/core/config.js';
import { Monitor } from '../../source/core/monitor.js';
import type { MonitorOptions } from '../../source/core/monitor.js';
import type { SampleSink, SinkRecord } from '../../source/core/ports.js';
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
