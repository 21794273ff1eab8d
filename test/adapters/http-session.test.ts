import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { NodeLauncher, type NodeLaunchedProcess } from '../../source/adapters/launcher.js';
import { HttpConnector, httpConnector } from '../../source/adapters/http-session.js';
import { systemClock } from '../../source/adapters/clock.js';
import { LoadRun } from '../../source/core/stress/load-engine.js';
import type { LoadShape } from '../../source/core/types.js';
import { EVERYTHING, NODE, ROOT, collectStdout, stopAll, waitFor } from '../stress/helpers.js';

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const addr = s.address();
    s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
  });
});

const shape = (over: Partial<LoadShape> = {}): LoadShape => ({ users: 4, calls: 25, rounds: 2, delayMs: 0, timeoutMs: 10_000, ...over });
const count = (text: string, re: RegExp): number => text.split('\n').filter((l) => re.test(l)).length;

async function startEverything(mode: 'streamableHttp' | 'sse'): Promise<{ proc: NodeLaunchedProcess; url: string; out: () => string }> {
  const port = await freePort();
  const proc = await new NodeLauncher().launch([NODE, EVERYTHING, mode], { cwd: ROOT, env: { PORT: String(port) } });
  const out = collectStdout(proc);
  await waitFor(() => proc.stderrTail().some((l) => /listening on port|running on port/i.test(l)) || /running on port/i.test(out.text()), 20_000, `${mode} server to listen`);
  return { proc, url: `http://127.0.0.1:${port}/${mode === 'sse' ? 'sse' : 'mcp'}`, out: out.text };
}

describe('Streamable HTTP connector against server-everything', () => {
  let srv: Awaited<ReturnType<typeof startEverything>>;
  before(async () => { srv = await startEverything('streamableHttp'); });
  after(() => stopAll([srv.proc]));

  test('one session per user with a full handshake, calls succeed, every session DELETEd at the end', async () => {
    const base = srv.out();
    const v = await new LoadRun(shape(), { clock: systemClock, connector: new HttpConnector({ url: srv.url }), settle: false }).run();
    assert.equal(v.state, 'done', v.message);
    assert.equal(v.transport, 'http');
    assert.equal(v.ok, 200);
    const log = srv.out().slice(base.length);
    assert.equal(count(log, /Session initialized with ID/), 4);
    assert.equal(count(log, /session termination request/), 4);
  });

  test('noDelete leaves the sessions open; sessionPerCall opens (and ends) one per call', async () => {
    let base = srv.out();
    await new LoadRun(shape({ users: 2, calls: 3, rounds: 1 }), { clock: systemClock, connector: httpConnector(srv.url, { noDelete: true }), settle: false }).run();
    let log = srv.out().slice(base.length);
    assert.equal(count(log, /Session initialized with ID/), 2);
    assert.equal(count(log, /session termination request/), 0);
    base = srv.out();
    const v = await new LoadRun(shape({ users: 2, calls: 5, rounds: 1, sessionPerCall: true }), { clock: systemClock, connector: httpConnector(srv.url), settle: false }).run();
    assert.equal(v.ok, 10);
    log = srv.out().slice(base.length);
    assert.equal(count(log, /Session initialized with ID/), 11);
    assert.equal(count(log, /session termination request/), 11);
  });

  test('many concurrent HTTP calls print no MaxListenersExceeded warning', async (t) => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => { warnings.push(`${w.name}: ${w.message}`); };
    process.on('warning', onWarning);
    t.after(() => { process.off('warning', onWarning); });
    const v = await new LoadRun(shape({ users: 24, calls: 10, rounds: 1 }), { clock: systemClock, connector: httpConnector(srv.url), settle: false }).run();
    assert.equal(v.ok, 240, v.message);
    // A long run on few sessions: each request has its own timeout signal, so nothing piles up on a shared one.
    const long = await new LoadRun(shape({ users: 2, calls: 300, rounds: 1 }), { clock: systemClock, connector: httpConnector(srv.url), settle: false }).run();
    assert.equal(long.ok, 600, long.message);
    assert.equal(long.era, 'legacy', 'server-everything (v1) speaks the legacy era');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings.filter((w) => /MaxListeners/.test(w)), []);
  });
});

describe('HTTP failures', () => {
  test('nothing listening: the run fails with the reason, promptly', async () => {
    const port = await freePort();
    const v = await new LoadRun(shape(), { clock: systemClock, connector: httpConnector(`http://127.0.0.1:${port}/mcp`), settle: false }).run();
    assert.equal(v.state, 'failed');
    assert.match(v.message ?? '', /cannot open an MCP session at/);
  });

  test('the server dies mid-run: calls fail as closed and the run ends', async (t) => {
    const srv = await startEverything('streamableHttp');
    t.after(() => stopAll([srv.proc]));
    const run = new LoadRun(shape({ users: 2, calls: 100_000, rounds: 1, timeoutMs: 2000 }), { clock: systemClock, connector: httpConnector(srv.url), settle: false, viewEveryMs: 20 });
    const p = run.run();
    await waitFor(() => run.view().ok > 20, 20_000, 'calls flowing');
    await srv.proc.stop(0);
    const v = await p;
    assert.equal(v.state, 'failed');
    assert.ok(v.errors.closed + v.errors.other + v.errors.timeout >= 1, JSON.stringify(v.errors));
  });
});

describe('legacy SSE connector', () => {
  test('server-everything in sse mode: calls succeed', async (t) => {
    const srv = await startEverything('sse');
    t.after(() => stopAll([srv.proc]));
    const v = await new LoadRun(shape({ users: 2, calls: 10, rounds: 1 }), { clock: systemClock, connector: httpConnector(srv.url, { sse: true }), settle: false }).run();
    assert.equal(v.state, 'done', v.message);
    assert.equal(v.transport, 'sse');
    assert.equal(v.ok, 20);
  });
});
