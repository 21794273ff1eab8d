import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { NodeLauncher, type NodeLaunchedProcess } from '../../source/adapters/launcher.js';
import { systemClock } from '../../source/adapters/clock.js';
import { LinuxProcessSource } from '../../source/adapters/procfs.js';
import { readProcTable } from '../../source/adapters/churn-probe.js';
import { StressController } from '../../source/stress/controller.js';
import type { ChurnShape } from '../../source/core/types.js';
import type { SelfSource } from '../../source/core/ports.js';
import { ROOT, fixtureArgv, killAll, ownFds, stopAll, tsArgv, waitFor } from './helpers.js';
import { LiveMonitorStub } from './monitor-stub.js';

const shape = (over: Partial<ChurnShape> = {}): ChurnShape => ({ cycles: 3, mode: 'eof', callTool: true, viaNpx: false, eofDeadlineMs: 2000, ...over });

/** Our own FDs and live children, as mcptop's SelfSource reports them. */
const testSelf: SelfSource = {
  pid: process.pid,
  read: async () => {
    const kids = (await readProcTable()).filter((r) => r.ppid === process.pid && r.state !== 'Z').length;
    return { pid: process.pid, fds: ownFds(), children: kids };
  },
};

async function setup(t: { after(fn: () => unknown): void }, argv: string[]): Promise<{ monitor: LiveMonitorStub; ctl: StressController; proc: NodeLaunchedProcess }> {
  const launcher = new NodeLauncher();
  const proc = await launcher.launch(argv, { cwd: ROOT });
  const monitor = new LiveMonitorStub();
  monitor.attachLaunched(proc.pid, proc);
  const ctl = new StressController({ monitor, launcher, source: new LinuxProcessSource(), clock: systemClock, launched: [proc], self: testSelf });
  t.after(async () => { await ctl.dispose(); await stopAll([proc]); });
  return { monitor, ctl, proc };
}

/** Running processes whose command line mentions `marker`, except children of `notOf`. */
async function withMarker(marker: string, notOf = -1): Promise<number[]> {
  const out: number[] = [];
  for (const r of await readProcTable()) {
    try {
      if (r.ppid !== notOf && r.state !== 'Z' && readFileSync(`/proc/${r.pid}/cmdline`, 'utf8').includes(marker)) out.push(r.pid);
    } catch { /* gone */ }
  }
  return out;
}

describe('StressController: churn', () => {
  for (const mode of ['eof', 'term', 'kill'] as const) {
    test(`mode ${mode}: cycles complete with no survivors against a well-behaved server`, async (t) => {
      const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js'));
      await ctl.run('churn', shape({ mode }));
      const v = monitor.lastChurn();
      assert.equal(v?.state, 'done', v?.message);
      assert.equal(v?.done, 3);
      assert.equal(v?.failed, 0);
      assert.equal(v?.survivors, 0, v?.survivorSamples.join('; '));
      assert.equal(v?.eofChecked, mode === 'eof' ? 3 : 0);
      assert.equal(v?.eofCompliant, mode === 'eof' ? 3 : 0);
    });
  }

  test('the demo server (SDK, tsx) exits on EOF: fully compliant', async (t) => {
    const { monitor, ctl } = await setup(t, tsArgv('source/demo/healthy-server.ts'));
    await ctl.run('churn', shape({ cycles: 2 }));
    const v = monitor.lastChurn();
    assert.equal(v?.state, 'done', v?.message);
    assert.deepEqual([v?.eofCompliant, v?.eofChecked, v?.survivors, v?.failed], [2, 2, 0, 0]);
  });

  test('a server that ignores stdin EOF is not compliant, still ended by escalation', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js', '--ignore-eof'));
    await ctl.run('churn', shape({ cycles: 2, eofDeadlineMs: 300 }));
    const v = monitor.lastChurn();
    assert.equal(v?.state, 'done');
    assert.deepEqual([v?.eofCompliant, v?.eofChecked, v?.survivors], [0, 2, 0]);
  });

  test('a server that leaves a child behind: reported as a survivor, then ended', async (t) => {
    t.after(async () => killAll(await withMarker('left-behind-by-raw-server')));
    const before = await withMarker('left-behind-by-raw-server');
    // The watched original leaves its own child too (a child of it while it runs): not churn's to count or end.
    const { monitor, ctl, proc } = await setup(t, fixtureArgv('raw-server.js', '--leave-child'));
    await ctl.run('churn', shape({ cycles: 2 }));
    const v = monitor.lastChurn();
    assert.equal(v?.state, 'done');
    assert.ok((v?.survivors ?? 0) >= 2, `survivors ${v?.survivors}`);
    assert.ok(v?.survivorSamples.some((s) => s.includes('left-behind-by-raw-server')), v?.survivorSamples.join('; '));
    const after = (await withMarker('left-behind-by-raw-server', proc.pid)).filter((p) => !before.includes(p));
    assert.deepEqual(after, [], 'survivors were ended after being counted');
  });

  test('a server that crashes at its first call: the cycle counts as failed, churn goes on', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js', '--crash-after', '0'));
    await ctl.run('churn', shape({ cycles: 2 }));
    const v = monitor.lastChurn();
    assert.equal(v?.state, 'done');
    assert.equal(v?.failed, 2);
    assert.equal(v?.done, 2);
  });

  test('via npx (npm exec -> sh -> node): no survivors in any mode', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js'));
    for (const mode of ['eof', 'kill'] as const) {
      await ctl.run('churn', shape({ cycles: 1, viaNpx: true, mode, eofDeadlineMs: 5000 }));
      const v = monitor.lastChurn();
      assert.equal(v?.state, 'done', v?.message);
      assert.equal(v?.failed, 0, v?.message);
      assert.equal(v?.survivors, 0, `${mode}: ${v?.survivorSamples.join('; ')}`);
    }
  });

  test('abort ends churn between cycles', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js'));
    const p = ctl.run('churn', shape({ cycles: 1000 }));
    await waitFor(() => (monitor.lastChurn()?.done ?? 0) >= 2, 20_000, 'two cycles');
    ctl.abortStress();
    await p;
    const v = monitor.lastChurn();
    assert.equal(v?.state, 'aborted');
    assert.ok((v?.done ?? 0) < 1000);
  });

  test('50 cycles: our own FDs and children do not drift', async (t) => {
    const { monitor, ctl } = await setup(t, fixtureArgv('raw-server.js'));
    const childrenBefore = (await testSelf.read()).children;
    await ctl.run('churn', shape({ cycles: 50 }));
    const v = monitor.lastChurn();
    assert.equal(v?.state, 'done');
    assert.equal(v?.done, 50);
    assert.equal(v?.failed, 0);
    assert.equal(v?.survivors, 0);
    // FDs close asynchronously after the last cycle: allow the event loop to settle, then compare.
    await waitFor(() => ownFds() <= (v?.selfFdsStart ?? 0), 5000, `own FDs back to ${v?.selfFdsStart} (now ${ownFds()})`);
    assert.equal(v?.selfFdsNow, v?.selfFdsStart, `self FDs ${v?.selfFdsStart} -> ${v?.selfFdsNow}`);
    const kids = (await readProcTable()).filter((r) => r.ppid === process.pid);
    assert.equal(v?.selfChildrenNow, childrenBefore, `children drifted: ${kids.map((k) => `${k.pid} ${k.comm} ${k.state}`).join(', ')}`);
    assert.equal(readdirSync('/proc/self/task').length > 0, true);
  });
});
