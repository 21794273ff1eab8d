import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { NodeLauncher } from '../../source/adapters/launcher.js';
import { openStdioSession } from '../../source/adapters/stdio-session.js';
import { stopAll, tsArgv, waitFor } from '../stress/helpers.js';

const fdCount = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

describe('demo servers', () => {
  const launcher = new NodeLauncher();

  test('healthy stays flat, leaky keeps one FD per call; both list echo and add and exit on stdin EOF', async (t) => {
    const healthy = await launcher.launch(tsArgv('source/demo/healthy-server.ts'));
    const leaky = await launcher.launch(tsArgv('source/demo/leaky-server.ts'));
    t.after(() => stopAll([healthy, leaky]));
    const [hs, ls] = await Promise.all([openStdioSession(healthy, 30_000), openStdioSession(leaky, 30_000)]);
    const names = (await ls.listTools(5000)).map((x) => x.name).sort();
    assert.deepEqual(names, ['add', 'echo']);
    // Warm up once so lazily opened FDs of the runtime are counted in the baseline.
    await hs.callTool('echo', { message: 'warm' }, 5000);
    await ls.callTool('echo', { message: 'warm' }, 5000);
    const h0 = fdCount(healthy.pid);
    const l0 = fdCount(leaky.pid);
    const N = 150;
    const outs = await Promise.all(Array.from({ length: N }, (_, i) => Promise.all([
      hs.callTool('echo', { message: `m${i}` }, 10_000),
      ls.callTool(i % 2 === 0 ? 'echo' : 'add', i % 2 === 0 ? { message: `m${i}` } : { a: i, b: 1 }, 10_000),
    ])));
    assert.ok(outs.every(([a, b]) => a.ok && b.ok), 'every call succeeded');
    const hGrowth = fdCount(healthy.pid) - h0;
    const lGrowth = fdCount(leaky.pid) - l0;
    assert.ok(lGrowth >= N, `leaky grew by ${lGrowth} FDs over ${N} calls`);
    assert.ok(hGrowth <= 3, `healthy grew by ${hGrowth} FDs`);
    healthy.endStdin();
    leaky.endStdin();
    const exits = await Promise.all([healthy.exited, leaky.exited]);
    assert.deepEqual(exits.map((e) => e.code), [0, 0]);
  });

  test('a bad argument is a tool or protocol error, never a crash', async (t) => {
    const healthy = await launcher.launch(tsArgv('source/demo/healthy-server.ts'));
    t.after(() => stopAll([healthy]));
    const s = await openStdioSession(healthy, 30_000);
    const bad = await s.callTool('add', { a: 'x' }, 5000);
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.ok(bad.kind === 'toolError' || bad.kind === 'jsonrpc', bad.kind);
    const good = await s.callTool('add', { a: 2, b: 3 }, 5000);
    assert.equal(good.ok, true);
    await waitFor(() => healthy.alive(), 1000, 'still alive');
  });
});
