// Issue 11 item 2: load concurrency is bounded (a stated cap, a bounded session pool) and the loop stays responsive.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LOAD_CONCURRENCY_CAP, LoadRun } from '../../source/core/stress/load-engine.js';
import type { CallOutcome, McpConnector, McpSession } from '../../source/core/ports.js';
import { loadConcurrency } from '../../source/wiring/stress.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { EVERYTHING, descendantsOf, eventually, isAlive, runCli } from '../helpers/cli.js';

/** A connector whose calls finish a microtask later, counting sessions and calls in flight. */
function countingConnector(): McpConnector & { opened: number; inFlight: number; maxInFlight: number; calls: number } {
  const c = {
    transport: 'stdio' as const, opened: 0, inFlight: 0, maxInFlight: 0, calls: 0,
    open(): Promise<McpSession> {
      c.opened += 1;
      return Promise.resolve({
        listTools: () => Promise.resolve([{ name: 'echo', required: ['message'], properties: ['message'] }]),
        callTool: async (): Promise<CallOutcome> => {
          c.inFlight += 1; c.calls += 1;
          c.maxInFlight = Math.max(c.maxInFlight, c.inFlight);
          await Promise.resolve();
          c.inFlight -= 1;
          return { ok: true, latencyMs: 1 };
        },
        close: () => Promise.resolve(),
      });
    },
  };
  return c;
}

describe('load concurrency cap', () => {
  test('far more users than the cap: at most the cap in flight and open, every planned call made, the loop yielded to', async () => {
    const conn = countingConnector();
    let yields = 0;
    const run = new LoadRun({ users: 5000, calls: 2, rounds: 1, delayMs: 0, timeoutMs: 1000 },
      { clock: new FakeClock(), connector: conn, settle: false, maxConcurrency: 16, yieldToLoop: () => { yields += 1; return Promise.resolve(); } });
    const v = await run.run();
    assert.equal(v.state, 'done');
    assert.equal(v.calls, 10_000);
    assert.equal(conn.calls, 10_000);
    assert.ok(conn.maxInFlight <= 16, `in flight ${conn.maxInFlight}`);
    assert.ok(conn.opened <= 16, `sessions ${conn.opened}`);
    assert.ok(yields >= 16 * Math.floor(10_000 / 16 / 32), `each caller yields every 32 calls: ${yields}`);
    assert.match(v.message ?? '', /5000 users run as 16 concurrent callers/);
  });

  test('the stated cap holds whatever the memory bound says; memory lowers it', () => {
    const conn = countingConnector();
    const run = new LoadRun({ users: 1_000_000, calls: 1, rounds: 1, delayMs: 0, timeoutMs: 1000 }, { clock: new FakeClock(), connector: conn, maxConcurrency: 10_000 });
    assert.match(run.view().message ?? '', new RegExp(`as ${LOAD_CONCURRENCY_CAP} concurrent`));
    assert.equal(loadConcurrency(64 * 1024 ** 3), LOAD_CONCURRENCY_CAP);
    assert.equal(loadConcurrency(20 * 1024 ** 2), 10);
    assert.equal(loadConcurrency(0), 1);
  });

  test('SIGTERM under a huge load: the summary comes within 2 s and the server is ended', async (t) => {
    const run = runCli(['--headless', '--interval', '250', '--stress', 'load', '--users', '1000000', '--calls', '1', '--rounds', '1',
      '--json', '-', '--', process.execPath, EVERYTHING]);
    t.after(() => run.kill());
    await run.waitFor((o) => /load running .*[1-9][\d,]* ?\/[\d,]+ calls/.test(o.stderr), 20_000, 'calls being made');
    const children = descendantsOf(run.child.pid ?? 0);
    const t0 = Date.now();
    run.child.kill('SIGTERM');
    const { code } = await run.done;
    const took = Date.now() - t0;
    assert.equal(code, 143, run.stderr().slice(-2000));
    assert.ok(took < 2000, `summary ${took} ms after SIGTERM (timing on a shared machine)`);
    const s = JSON.parse(run.stdout()) as { stress?: { state?: string } };
    assert.ok(s.stress !== undefined, 'the summary carries the load');
    for (const pid of children) await eventually(() => !isAlive(pid), 5000, `child ${pid} to be gone`);
  });
});

test('an abort does not wait for calls in flight on a hung server; late outcomes are not counted', async () => {
  const { FakeConnector } = await import('../core/stress/fakes.js');
  const { flush } = await import('../helpers/fake-clock.js');
  const conn = new FakeConnector(() => 'hold');
  const clock = new FakeClock();
  const run = new LoadRun({ users: 4, calls: 10, rounds: 1, delayMs: 0, timeoutMs: 60_000 }, { clock, connector: conn, settle: false });
  const done = run.run();
  for (let i = 0; i < 20 && conn.held.length < 4; i++) await flush();
  assert.equal(conn.held.length, 4, 'four calls in flight');
  run.abort();
  await flush();
  clock.advance(500); // the grace for calls in flight, not the 60 s timeout
  const v = await done;
  assert.equal(v.state, 'aborted');
  assert.equal(v.calls, 0);
  assert.equal(clock.pending, 0, 'no timer left behind');
  conn.release();
  await flush();
  assert.equal(run.view().calls, 0, 'a call finishing after the end is not counted');
});
