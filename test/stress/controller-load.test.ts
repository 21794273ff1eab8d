import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { NodeLauncher, type NodeLaunchedProcess } from '../../source/adapters/launcher.js';
import { systemClock } from '../../source/adapters/clock.js';
import { LinuxProcessSource } from '../../source/adapters/procfs.js';
import { StressController } from '../../source/stress/controller.js';
import type { LoadShape } from '../../source/core/types.js';
import { EVERYTHING, NODE, ROOT, fixtureArgv, stopAll, tsArgv, waitFor } from './helpers.js';
import { LiveMonitorStub } from './monitor-stub.js';

const shape = (over: Partial<LoadShape> = {}): LoadShape => ({ users: 4, calls: 100, rounds: 2, delayMs: 0, timeoutMs: 5000, ...over });

async function setup(t: { after(fn: () => unknown): void }, argv: string[]): Promise<{ proc: NodeLaunchedProcess; monitor: LiveMonitorStub; ctl: StressController }> {
  const launcher = new NodeLauncher();
  const proc = await launcher.launch(argv, { cwd: ROOT });
  const monitor = new LiveMonitorStub();
  monitor.attachLaunched(proc.pid, proc);
  monitor.start();
  const ctl = new StressController({ monitor, launcher, source: new LinuxProcessSource(), clock: systemClock, launched: [proc] });
  t.after(async () => { await ctl.dispose(); monitor.stop(); await stopAll([proc]); });
  await waitFor(() => monitor.getSnapshot().servers.length > 0, 5000, 'the server to be listed');
  return { proc, monitor, ctl };
}

describe('StressController: load', () => {
  test('server-everything over stdio: several users and rounds, baselines per round, echo picked', async (t) => {
    const { monitor, ctl, proc } = await setup(t, [NODE, EVERYTHING]);
    const key = monitor.getSnapshot().servers[0]?.key;
    assert.deepEqual(ctl.loadTarget(key).kind, 'ready');
    await ctl.run('load', shape(), key);
    const v = monitor.lastStress();
    assert.equal(v?.state, 'done', v?.message);
    assert.equal(v?.calls, 800);
    assert.equal(v?.ok, 800);
    assert.equal(v?.tool, 'echo');
    assert.deepEqual(monitor.rounds, [1, 2]);
    assert.deepEqual(v?.roundBaselines.map((b) => b.round), [1, 2]);
    assert.ok(v?.roundBaselines.every((b) => b.serverKey === key && b.fds !== undefined));
    assert.ok((v?.callsPerSec ?? 0) > 0);
    assert.ok(proc.alive(), 'the server keeps running after the load');
    assert.ok(monitor.events.includes('stress.round.end'));
  });

  test('the demo leaky server under load: its FD baseline climbs round to round', async (t) => {
    const { monitor, ctl } = await setup(t, tsArgv('source/demo/leaky-server.ts'));
    await ctl.run('load', shape({ users: 2, calls: 50, rounds: 2 }));
    const v = monitor.lastStress();
    assert.equal(v?.state, 'done', v?.message);
    const [r1, r2] = v?.roundBaselines ?? [];
    assert.ok(r1?.fds !== undefined && r2?.fds !== undefined && r2.fds - r1.fds >= 90, `fds ${r1?.fds} -> ${r2?.fds}`);
  });

  test('abort: stops issuing, ends aborted, the server lives on', async (t) => {
    const { monitor, ctl, proc } = await setup(t, fixtureArgv('raw-server.js'));
    const running = ctl.run('load', shape({ users: 2, calls: 1_000_000, rounds: 3 }));
    await waitFor(() => (monitor.lastStress()?.calls ?? 0) > 50, 10_000, 'some calls');
    ctl.abortStress();
    await running;
    const v = monitor.lastStress();
    assert.equal(v?.state, 'aborted');
    assert.ok((v?.calls ?? 0) < 1_000_000);
    assert.ok(proc.alive());
  });

  test('a server that crashes mid-run fails the run with a reason, promptly', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js', '--crash-after', '50'));
    await ctl.run('load', shape({ users: 4, calls: 1000, rounds: 2 }));
    const v = monitor.lastStress();
    assert.equal(v?.state, 'failed');
    assert.match(v?.message ?? '', /closed the connection/);
    assert.ok((v?.errors.closed ?? 0) >= 1);
  });

  test('a server that hangs fails the run after its calls time out', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js', '--hang-after', '10'));
    await ctl.run('load', shape({ users: 2, calls: 1000, rounds: 1, timeoutMs: 200 }));
    const v = monitor.lastStress();
    assert.equal(v?.state, 'failed');
    assert.match(v?.message ?? '', /stopped answering/);
    assert.ok((v?.errors.timeout ?? 0) >= 4);
  });

  test('garbage on stdout is counted, calls still succeed', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js', '--garbage'));
    await ctl.run('load', shape({ users: 2, calls: 20, rounds: 1 }));
    const v = monitor.lastStress();
    assert.equal(v?.state, 'done');
    assert.equal(v?.ok, 40);
    assert.ok((v?.errors.garbage ?? 0) >= 40, String(v?.errors.garbage));
  });

  test('a second start while one runs is refused with a notice', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js'));
    const first = ctl.run('load', shape({ users: 1, calls: 1_000_000, rounds: 1 }));
    await waitFor(() => (monitor.lastStress()?.calls ?? 0) > 5, 10_000, 'first run going');
    await ctl.run('load', shape());
    assert.ok(monitor.notices.some((n) => /already going/.test(n)));
    ctl.abortStress();
    await first;
  });
});
