import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { LoadRun } from '../../../source/core/stress/load-engine.js';
import type { LoadShape } from '../../../source/core/types.js';
import { FakeClock, flush } from '../../helpers/fake-clock.js';
import { makeServer, makeSnapshot } from '../../helpers/snapshots.js';
import { FakeConnector, FakeStressMonitor } from './fakes.js';

const shape = (over: Partial<LoadShape> = {}): LoadShape => ({ users: 3, calls: 4, rounds: 2, delayMs: 0, timeoutMs: 1000, ...over });

describe('LoadRun', () => {
  test('runs users x calls x rounds, marks each round, records baselines and ends done', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector();
    const monitor = new FakeStressMonitor();
    monitor.snapshot = makeSnapshot({ servers: [makeServer({ pid: 10, latest: { fds: 30, procs: 2 } })] });
    const final = await new LoadRun(shape(), { clock, connector: conn, monitor, settle: false }).run();
    assert.equal(final.state, 'done');
    assert.equal(final.calls, 24);
    assert.equal(final.ok, 24);
    assert.equal(final.planned, 24);
    assert.equal(final.tool, 'echo');
    assert.match(final.toolNote ?? '', /echo-like/);
    assert.deepEqual(monitor.rounds, [1, 2]);
    assert.deepEqual(final.roundBaselines.map((b) => [b.round, b.serverKey, b.callsSoFar, b.fds, b.procs]), [[1, '10@1010', 12, 30, 2], [2, '10@1010', 24, 30, 2]]);
    assert.deepEqual(monitor.events.map((e) => e.name), ['stress.start', 'stress.round.start', 'stress.round.end', 'stress.round.start', 'stress.round.end', 'stress.end']);
    assert.equal(monitor.stress.at(-1)?.state, 'done');
    assert.equal(clock.pending, 0, 'no timer left behind');
    assert.ok(conn.closed >= 1, 'sessions closed at the end');
  });

  test('"{i}" in the arguments becomes the call index; an echo-like tool is preferred over a risky no-arg one', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector(undefined, [{ name: 'toggle-thing', required: [], properties: [] }, { name: 'echo', required: ['message'], properties: ['message'] }]);
    await new LoadRun(shape({ users: 2, calls: 3, rounds: 1 }), { clock, connector: conn, settle: false }).run();
    const msgs = conn.calls.map((c) => c.args.message);
    assert.equal(new Set(msgs).size, 6);
    assert.ok(msgs.includes('mcptop load 0') && msgs.includes('mcptop load 5'));
    const given = new FakeConnector();
    await new LoadRun(shape({ users: 1, calls: 2, rounds: 1, tool: 'add', args: { a: 1, nested: { s: 'x{i}y' } } }), { clock, connector: given, settle: false }).run();
    assert.deepEqual(given.calls.map((c) => [c.name, c.args]), [['add', { a: 1, nested: { s: 'x0y' } }], ['add', { a: 1, nested: { s: 'x1y' } }]]);
  });

  test('counts errors by kind, latency percentiles and garbage lines', async () => {
    const clock = new FakeClock();
    const kinds = ['timeout', 'jsonrpc', 'toolError', 'other'] as const;
    const box: { conn?: FakeConnector } = {};
    const conn = new FakeConnector((_n, _a, n) => {
      // The server starts printing junk after the session was opened: 7 lines mid-run.
      if (n === 10 && box.conn) box.conn.garbage = 7;
      return n % 5 === 0 ? { ok: false, latencyMs: 50, kind: kinds[(n / 5) % 4] ?? 'other', message: 'x' } : { ok: true, latencyMs: n };
    });
    box.conn = conn;
    const p = new LoadRun(shape({ users: 2, calls: 20, rounds: 1 }), { clock, connector: conn, settle: false }).run();
    const v = await p;
    assert.equal(v.calls, 40);
    assert.equal(v.failed, 8);
    assert.deepEqual([v.errors.timeout, v.errors.jsonrpc, v.errors.toolError, v.errors.other], [2, 2, 2, 2]);
    assert.equal(v.errors.garbage, 7);
    assert.ok(v.latencyMs.p50 !== undefined && v.latencyMs.p99 !== undefined && v.latencyMs.p50 <= v.latencyMs.p99);
  });

  test('over stdio a closed connection (the server crashed) fails the run at once', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector((_n, _a, n) => (n > 5 ? { ok: false, latencyMs: 1, kind: 'closed', message: 'Connection closed' } : { ok: true, latencyMs: 1 }));
    const v = await new LoadRun(shape({ users: 2, calls: 100, rounds: 3 }), { clock, connector: conn, settle: false }).run();
    assert.equal(v.state, 'failed');
    assert.match(v.message ?? '', /closed the connection/);
    assert.ok(v.calls < 12, `stopped issuing: ${v.calls} calls`);
  });

  test('a server that stops answering fails the run after two waves of timeouts', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector((_n, _a, n) => (n > 3 ? { ok: false, latencyMs: 1000, kind: 'timeout', message: 'timed out' } : { ok: true, latencyMs: 1 }));
    const v = await new LoadRun(shape({ users: 4, calls: 100, rounds: 2 }), { clock, connector: conn, settle: false }).run();
    assert.equal(v.state, 'failed');
    assert.match(v.message ?? '', /stopped answering/);
    assert.ok(v.errors.timeout >= 8 && v.errors.timeout <= 12, String(v.errors.timeout));
  });

  test('abort stops issuing, lets in-flight calls finish and ends aborted', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector(() => 'hold');
    const monitor = new FakeStressMonitor();
    const run = new LoadRun(shape({ users: 3, calls: 50, rounds: 2 }), { clock, connector: conn, monitor, settle: false });
    const p = run.run();
    await flush();
    assert.equal(conn.held.length, 3, 'users calls in flight');
    run.abort();
    conn.release();
    const v = await p;
    assert.equal(v.state, 'aborted');
    assert.equal(v.calls, 3);
    assert.equal(conn.calls.length, 3, 'nothing issued after abort');
    assert.deepEqual(monitor.rounds, []);
    assert.equal(clock.pending, 0);
  });

  test('after a round it waits for the metrics to settle and records the settled values', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector();
    const monitor = new FakeStressMonitor();
    const srv = (fds: number) => makeSnapshot({ servers: [makeServer({ pid: 7, latest: { fds, procs: 1 } })] });
    monitor.snapshot = srv(20);
    const p = new LoadRun(shape({ users: 1, calls: 2, rounds: 1 }), { clock, connector: conn, monitor, settle: { minTicks: 2, maxTicks: 6 } }).run();
    await flush();
    assert.equal(monitor.listenerCount, 1, 'waiting on ticks');
    monitor.tick(srv(25));
    monitor.tick(srv(27));
    await flush();
    assert.equal(monitor.rounds.length, 0, 'still moving: not settled');
    monitor.tick(srv(27));
    const v = await p;
    assert.deepEqual(monitor.rounds, [1]);
    assert.equal(v.roundBaselines[0]?.fds, 27);
    assert.equal(monitor.listenerCount, 0);
  });

  test('a monitor that never ticks cannot hold the run: the settle deadline passes on the clock', async () => {
    const clock = new FakeClock();
    const monitor = new FakeStressMonitor();
    const p = new LoadRun(shape({ users: 1, calls: 1, rounds: 1 }), { clock, connector: new FakeConnector(), monitor }).run();
    await flush();
    await clock.advanceAsync(10_000);
    const v = await p;
    assert.equal(v.state, 'done');
  });

  test('the live view is throttled to the view period, state changes are pushed at once', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector(() => 'hold');
    const monitor = new FakeStressMonitor();
    const run = new LoadRun(shape({ users: 2, calls: 1000, rounds: 1 }), { clock, connector: conn, monitor, settle: false, viewEveryMs: 100 });
    const p = run.run();
    await flush();
    const before = monitor.stress.length;
    for (let i = 0; i < 50; i++) { conn.release(); await flush(2); }
    assert.equal(monitor.stress.length, before, 'no view pushed before the period elapses');
    await clock.advanceAsync(100);
    assert.equal(monitor.stress.length, before + 1);
    assert.ok((monitor.stress.at(-1)?.calls ?? 0) >= 50);
    run.abort();
    conn.release();
    await p;
    assert.equal(clock.pending, 0);
  });

  test('no cheap tool and none given: failed with a hint', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector(undefined, [{ name: 'write_file', required: ['path', 'content'], properties: ['path', 'content'] }]);
    const v = await new LoadRun(shape(), { clock, connector: conn, settle: false }).run();
    assert.equal(v.state, 'failed');
    assert.match(v.message ?? '', /--tool/);
    assert.equal(conn.calls.length, 0);
  });

  test('a connector that cannot open fails cleanly', async () => {
    const clock = new FakeClock();
    const conn = new FakeConnector();
    conn.failOpen = true;
    const v = await new LoadRun(shape(), { clock, connector: conn, settle: false }).run();
    assert.equal(v.state, 'failed');
    assert.match(v.message ?? '', /connection refused/);
  });

  test('HTTP: one session per user, or one per call with sessionPerCall', async () => {
    const clock = new FakeClock();
    const perUser = new FakeConnector(undefined, undefined, 'http');
    await new LoadRun(shape({ users: 4, calls: 3, rounds: 1 }), { clock, connector: perUser, settle: false }).run();
    assert.equal(perUser.opened, 4);
    assert.equal(perUser.closed, 4);
    const perCall = new FakeConnector(undefined, undefined, 'http');
    const done = await new LoadRun(shape({ users: 2, calls: 3, rounds: 1, sessionPerCall: true }), { clock, connector: perCall, settle: false }).run();
    assert.equal(perCall.opened, 1 + 6);
    assert.equal(perCall.closed, 1 + 6);
    assert.equal(done.sessionPerCall, true, 'the view says so: growth is judged per session');
    const plain = await new LoadRun(shape({ users: 2, calls: 3, rounds: 1 }), { clock, connector: new FakeConnector(undefined, undefined, 'http'), settle: false }).run();
    assert.equal(plain.sessionPerCall, undefined);
  });

  test('pauses delayMs between rounds on the clock', async () => {
    const clock = new FakeClock();
    const monitor = new FakeStressMonitor();
    const p = new LoadRun(shape({ users: 1, calls: 1, rounds: 2, delayMs: 5000 }), { clock, connector: new FakeConnector(), monitor, settle: false }).run();
    await flush();
    assert.equal(monitor.stress.at(-1)?.state, 'pause');
    assert.deepEqual(monitor.rounds, [1]);
    await clock.advanceAsync(5000);
    await p;
    assert.deepEqual(monitor.rounds, [1, 2]);
  });
});
