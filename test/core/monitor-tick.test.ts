import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LaunchedProcess } from '../../source/core/ports.js';
import { MAX_ENDED_SERVERS } from '../../source/core/monitor.js';
import { REFRESH_TICKS } from '../../source/core/kinds-rota.js';
import { kinds } from '../helpers/fake-source.js';
import { SELF, setup } from './monitor-setup.js';

describe('monitor tick', () => {
  test('a rejected list() becomes a notice and the next tick works', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', metrics: { fds: 5 } });
    source.failListOnce('EMFILE: too many open files');
    const bad = await monitor.tick();
    assert.equal(bad.servers.length, 0);
    assert.deepEqual(bad.notices, ['process list failed: EMFILE: too many open files']);
    const good = await monitor.tick();
    assert.equal(good.servers[0]?.latest?.fds, 5);
    assert.equal(good.tick, 2);
  });

  test('a rejected measure() leaves the tree listed with unknown metrics', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', metrics: { fds: 5, rssBytes: 1e6 } });
    source.failMeasureOnce();
    const s = await monitor.tick();
    assert.equal(s.servers[0]?.latest?.procs, 1);
    assert.equal(s.servers[0]?.latest?.fds, undefined);
    assert.equal(s.servers[0]?.latest?.rssBytes, undefined);
    assert.match(s.notices[0] ?? '', /measure failed/);
    assert.equal((await monitor.tick()).servers[0]?.latest?.fds, 5);
  });

  test('a pid that vanishes between list() and measure() does not break the tick', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', metrics: { fds: 5 } });
    source.add({ pid: 201, ppid: 200, comm: 'worker', metrics: { fds: 3 } });
    await monitor.tick();
    source.vanishBeforeMeasure(201);
    const s = await monitor.tick();
    const view = s.servers[0];
    assert.equal(view?.latest?.fds, 5);
    assert.deepEqual(view?.processes.find((p) => p.pid === 201)?.metrics, {});
    assert.deepEqual((await monitor.tick()).servers[0]?.processes.map((p) => p.pid), [200]);
  });

  test('CPU is a rate over the tick; the server sums its members; fdPct is the worst member', async () => {
    const { clock, source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', metrics: { cpuTimeMs: 0, fds: 100 }, fdLimit: 1000 });
    source.add({ pid: 201, ppid: 200, comm: 'w', metrics: { cpuTimeMs: 0, fds: 60 }, fdLimit: 100 });
    const first = await monitor.tick();
    assert.equal(first.servers[0]?.latest?.cpuPct, undefined, 'no rate on a first sample');
    clock.advance(2000);
    source.set(200, { cpuTimeMs: 1000 });
    source.set(201, { cpuTimeMs: 500 });
    const s = await monitor.tick();
    assert.equal(s.servers[0]?.latest?.cpuPct, 75);
    assert.deepEqual(s.servers[0]?.processes.map((p) => p.cpuPct), [50, 25]);
    assert.equal(s.servers[0]?.latest?.fds, 160);
    assert.equal(s.servers[0]?.latest?.fdPctOfLimit, 60);
    assert.equal(s.servers[0]?.status.level, 'warn');
    assert.deepEqual(s.servers[0]?.status.reasons, ['FDs 60 (60% of limit 100)']);
  });

  test('command lines and limits are read once per identity', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv' });
    await monitor.tick();
    const after1 = { ...source.calls };
    await monitor.tick();
    await monitor.tick();
    assert.equal(source.calls.cmdline, after1.cmdline);
    assert.equal(source.calls.fdLimit, after1.fdLimit);
    assert.equal(after1.fdLimit, 1, 'limits only for watched processes');
    source.add({ pid: 300, comm: 'other' });
    await monitor.tick();
    assert.equal(source.calls.cmdline, after1.cmdline + 1);
  });

  test('pid targets alone do not read every command line', async () => {
    const { source, monitor } = setup({ targets: { pids: [200] } });
    for (let i = 0; i < 20; i++) source.add({ pid: 300 + i, comm: 'x' });
    source.add({ pid: 200, comm: 'srv', argv: ['srv', '--stdio'] });
    const s = await monitor.tick();
    assert.equal(source.calls.cmdline, 1);
    assert.equal(s.servers[0]?.command, 'srv --stdio');
  });

  test('FD kinds are read for the focused server, for a rising count, and for the others in turns within a budget', async () => {
    const { source, monitor } = setup({ targets: { names: ['a', 'b'] } });
    // 300 FDs each: over the 250-FD budget, so one server takes its turn per tick.
    source.add({ pid: 200, comm: 'a', metrics: { fds: 300 }, fdKinds: kinds({ socket: 100, file: 200 }) });
    source.add({ pid: 300, comm: 'b', metrics: { fds: 300 } });
    await monitor.tick();
    assert.equal(source.calls.fdKinds, 2, 'first tick: counts unknown, both fit');
    await monitor.tick();
    assert.equal(source.calls.fdKinds, 3, 'a\'s turn (its count is known now)');
    let s = await monitor.tick();
    assert.equal(source.calls.fdKinds, 4, 'b\'s turn');
    assert.deepEqual(s.servers[1]?.fdKinds, kinds({ other: 300 }));
    source.set(300, { fds: 302 });
    s = await monitor.tick();
    assert.equal(source.calls.fdKinds, 5, 'b because its count rose; a is steady and waits for its refresh');
    assert.deepEqual(s.servers[1]?.fdKinds, kinds({ other: 302 }));
    monitor.setFocus(s.servers[1]?.key);
    s = await monitor.tick();
    assert.equal(source.calls.fdKinds, 6, 'b focused (on top of the budget)');
    monitor.setFocus(undefined);
    for (let i = 0; i < REFRESH_TICKS; i++) await monitor.tick();
    assert.equal(source.calls.fdKinds, 6, 'a steady table: both breakdowns came out as the read before, so each waits 2 x REFRESH_TICKS');
    for (let i = 0; i < REFRESH_TICKS; i++) await monitor.tick();
    assert.equal(source.calls.fdKinds, 8, 'then each once more, no more');
    assert.deepEqual(monitor.getSnapshot().servers[0]?.fdKinds, kinds({ socket: 100, file: 200 }));
  });

  test('a server whose processes all exit stays listed, not alive, with its history', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', metrics: { fds: 7 } });
    await monitor.tick();
    await monitor.tick();
    source.remove(200);
    const s = await monitor.tick();
    assert.equal(s.servers.length, 1);
    assert.equal(s.servers[0]?.alive, false);
    assert.deepEqual(s.servers[0]?.series.fds, [7, 7]);
    assert.equal(s.servers[0]?.processes[0]?.alive, false);
    assert.equal(s.watchedProcs, 0);
  });

  test(`at most ${MAX_ENDED_SERVERS} ended servers are kept, the first to end dropped first`, async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    for (let i = 0; i < MAX_ENDED_SERVERS + 5; i++) source.add({ pid: 1000 + i, comm: 'srv' });
    await monitor.tick();
    for (let i = 0; i < 5; i++) {
      source.remove(1000 + i);
      await monitor.tick();
    }
    for (let i = 5; i < MAX_ENDED_SERVERS + 5; i++) source.remove(1000 + i);
    const s = await monitor.tick();
    assert.equal(s.servers.length, MAX_ENDED_SERVERS);
    assert.ok(!s.servers.some((v) => v.pid < 1005), 'the five that ended first are gone');
  });

  test('a launched process is watched with its stderr; a churn child of mcptop is not', async () => {
    const { source, monitor } = setup({ targets: { names: ['node'] } });
    source.add({ pid: 150, ppid: SELF, comm: 'node', argv: undefined });
    source.add({ pid: 151, ppid: 150, comm: 'node' });
    source.add({ pid: 160, ppid: SELF, comm: 'node', argv: ['node', 'churn.js'] });
    const proc: LaunchedProcess = {
      pid: 150, command: ['node', 'demo/leaky.js'], stderrTail: () => ['listening'], exited: new Promise(() => undefined),
      alive: () => true, stop: async () => undefined,
    };
    monitor.attachLaunched(150, proc);
    const s = await monitor.tick();
    assert.equal(s.servers.length, 1);
    const v = s.servers[0];
    assert.equal(v?.launched, true);
    assert.equal(v?.label, 'node leaky.js');
    assert.equal(v?.command, 'node demo/leaky.js');
    assert.deepEqual(v?.stderrTail, ['listening']);
    assert.deepEqual(v?.processes.map((p) => [p.pid, p.depth]), [[150, 0], [151, 1]]);
  });

  test('a process caught before exec is matched once it execs, and renamed', async () => {
    const { source, monitor } = setup({ targets: { patterns: [/server\.js/] } });
    source.add({ pid: 200, comm: 'bash', argv: ['bash'] });
    assert.equal((await monitor.tick()).servers.length, 0);
    Object.assign(source.get(200), { comm: 'node', argv: ['node', 'server.js'] });
    const s = await monitor.tick();
    assert.equal(s.servers[0]?.label, 'node server.js');
  });

  test('the labeler overrides the short label', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] }, monitor: { labeler: (argv) => (argv.includes('--fs') ? 'cursor/filesystem' : undefined) } });
    source.add({ pid: 200, comm: 'srv', argv: ['srv', '--fs'] });
    source.add({ pid: 201, comm: 'srv', argv: ['srv', 'x'] });
    assert.deepEqual((await monitor.tick()).servers.map((v) => v.label), ['cursor/filesystem', 'srv x']);
  });

  test('copies of one server are told apart, and the distinct labels follow servers that come, go and exec', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', argv: ['srv', '--debug'] });
    source.add({ pid: 201, comm: 'srv', argv: ['srv', 'other'] });
    const labels = async (): Promise<string[]> => (await monitor.tick()).servers.map((v) => v.label);
    assert.deepEqual(await labels(), ['srv', 'srv other']);
    assert.deepEqual(await labels(), ['srv', 'srv other'], 'the same on the next tick');
    source.add({ pid: 202, comm: 'srv', argv: ['srv', '--verbose'] });
    assert.deepEqual(await labels(), ['srv [--debug]', 'srv other', 'srv [--verbose]'], 'a copy joins: both are told apart');
    source.remove(202);
    await monitor.tick();
    assert.deepEqual(await labels(), ['srv [--debug]', 'srv other', 'srv [--verbose]'], 'an ended copy stays listed with its label');
    Object.assign(source.get(201), { comm: 'srv-exec', argv: ['srv', '--quiet'] }); // exec: a new comm, so argv is read again
    assert.deepEqual(await labels(), ['srv [--debug]', 'srv [--quiet]', 'srv [--verbose]'], 'an exec into a third copy');
  });

  test('sinks get one sample per watched process per tick, events and round ends', async () => {
    const { source, monitor, records } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', metrics: { fds: 1 } });
    source.add({ pid: 201, ppid: 200, comm: 'w', metrics: { fds: 2 } });
    await monitor.tick();
    await monitor.tick();
    monitor.markRoundEnd(1);
    monitor.event('stress-start', { users: 2 });
    const samples = records.filter((r) => r.type === 'sample');
    assert.equal(samples.length, 4);
    assert.deepEqual(samples.map((r) => r.type === 'sample' && r.proc.pid), [200, 201, 200, 201]);
    assert.equal(samples[0]?.type === 'sample' && samples[0].fdLimit, 1024);
    const events = records.flatMap((r) => (r.type === 'event' ? [[r.event, r.detail]] : []));
    // Each FD breakdown read is recorded too (a replay reads kinds at exactly those ticks): both ticks here.
    const key = monitor.getSnapshot().servers[0]?.key;
    const kindsRead = ['fd-kinds', { serverKey: key, socket: 0, pipe: 0, anon_inode: 0, file: 0, other: 3 }];
    assert.deepEqual(events, [kindsRead, kindsRead, ['round-end', { round: 1 }], ['stress-start', { users: 2 }]]);
  });

  test('a notice is bounded and repeats are counted', async () => {
    const { monitor } = setup();
    for (let i = 0; i < 3; i++) monitor.notice('spawn failed');
    for (let i = 0; i < 30; i++) monitor.notice(`n${i}`);
    const notices = monitor.getSnapshot().notices;
    assert.equal(notices.length, 20);
    assert.equal(notices[notices.length - 1], 'n29');
    monitor.notice('n29');
    assert.equal(monitor.getSnapshot().notices.at(-1), 'n29 (×2)');
  });
});

describe('Monitor redaction', () => {
  test('secrets in a command line never reach the view, the summary or the processes list; matching still sees them', async () => {
    const { source, monitor } = setup({ targets: { patterns: [/server-github/] } });
    source.add({ pid: 200, ppid: 1, comm: 'node', argv: ['node', 'server-github.js', '--token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'GITHUB_TOKEN=supersecretvalue'] });
    const snap = await monitor.tick();
    const view = snap.servers[0];
    assert.ok(view !== undefined, 'matched on the real argv');
    const everything = JSON.stringify({ view, summary: monitor.summary() });
    assert.doesNotMatch(everything, /ghp_abcdefghij/);
    assert.doesNotMatch(everything, /supersecretvalue/);
    assert.match(view.command, /server-github\.js --token \*\*\*/);
  });
});

describe('Monitor: configured servers that are not running', () => {
  test('every live argv is offered, recomputed only when the set of processes changes, carried in the snapshot', async () => {
    let calls = 0;
    const { source, monitor } = setup({
      targets: { pids: [] },
      monitor: {
        notRunning: (argvs) => {
          calls += 1;
          return argvs.some((a) => a.join(' ').includes('server-memory')) ? [] : ['cursor/memory'];
        },
      },
    });
    assert.deepEqual((await monitor.tick()).notRunning, ['cursor/memory']);
    await monitor.tick();
    assert.equal(calls, 1, 'nothing changed, nothing recomputed');
    source.add({ pid: 300, ppid: 1, comm: 'node', argv: ['node', '/x/server-memory/dist/index.js'] });
    assert.deepEqual((await monitor.tick()).notRunning, [], 'a process that runs it, even unwatched, counts');
    assert.equal(calls, 2);
    source.remove(300);
    assert.deepEqual((await monitor.tick()).notRunning, ['cursor/memory']);
  });
});
