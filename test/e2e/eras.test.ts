// Both MCP eras end to end through the built CLI: a v1 reference server (legacy), a v2 modern-only and a v2 dual server,
// over stdio and Streamable HTTP: load, churn and a verdict on each, and the era each one spoke in --json.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { EVERYTHING, ROOT, descendantsOf, runCli } from '../helpers/cli.js';

const ERA_SERVER = join(ROOT, 'dist/demo/era-server.js');
const VERDICTS = ['ok', 'warn', 'inconclusive', 'leak'];

interface Summary {
  verdict: string;
  servers: { pid: number; verdict: string; era?: string; metrics: { fds: { growth: number } } }[];
  stress: { calls: number; ok: number; failed: number; era?: string; transport?: string } | null;
  churn: { cycles: number; failed: number; survivors: number; era?: string } | null;
}

const STDIO: readonly (readonly [string, McpEraName, readonly string[]])[] = [
  ['server-everything (v1, legacy)', 'legacy', [EVERYTHING]],
  ['a v2 server in modern mode', 'modern', [ERA_SERVER, 'modern']],
  ['a v2 server that serves both eras', 'modern', [ERA_SERVER, 'dual']],
];
type McpEraName = 'modern' | 'legacy';

async function json(t: TestContext, args: readonly string[]): Promise<{ s: Summary; code: number | null; stderr: string }> {
  const run = runCli(['--headless', '--interval', '250', '--json', '-', ...args]);
  t.after(() => run.kill());
  const { code } = await run.done;
  assert.ok(run.stdout().trim().startsWith('{'), `JSON on stdout (exit ${code})\n${run.stderr()}`);
  assert.equal(descendantsOf(run.child.pid ?? 0).length, 0, 'nothing left behind');
  return { s: JSON.parse(run.stdout()) as Summary, code, stderr: run.stderr() };
}

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const a = s.address();
    s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
  });
});

/** Start an HTTP server process and wait until it listens; ended by the test. */
async function httpServer(t: TestContext, argv: readonly string[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  t.after(() => { child.kill('SIGKILL'); });
  let text = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen: ${text}`)), 20_000);
    const on = (d: Buffer): void => { text += d.toString(); if (/listening/i.test(text)) { clearTimeout(timer); resolve(); } };
    child.stdout?.on('data', on);
    child.stderr?.on('data', on);
    child.once('exit', () => { clearTimeout(timer); reject(new Error(`server exited: ${text}`)); });
  });
  return child;
}

const LOAD = ['--stress', 'load', '--users', '2', '--calls', '60', '--rounds', '2', '--delay', '100'];

describe('both MCP eras through the built CLI', () => {
  for (const [name, era, argv] of STDIO) {
    test(`stdio, ${name}: load and churn speak the ${era} era, a verdict on each`, async (t) => {
      const load = await json(t, [...LOAD, '--', process.execPath, ...argv]);
      assert.equal(load.s.stress?.failed, 0, load.stderr);
      assert.equal(load.s.stress?.calls, 240);
      assert.equal(load.s.stress?.era, era);
      assert.equal(load.s.servers[0]?.era, era, 'the server row names its era');
      assert.ok(VERDICTS.includes(load.s.servers[0]?.verdict ?? ''), load.s.servers[0]?.verdict);
      const churn = await json(t, ['--stress', 'churn', '--cycles', '3', '--churn-call', '--', process.execPath, ...argv]);
      assert.deepEqual([churn.s.churn?.cycles, churn.s.churn?.failed, churn.s.churn?.survivors, churn.s.churn?.era], [3, 0, 0, era], churn.stderr);
    });
  }

  test('--era legacy makes a dual server speak legacy; --era modern refuses a legacy-only server (no calls run)', async (t) => {
    const forced = await json(t, [...LOAD, '--era', 'legacy', '--', process.execPath, ERA_SERVER, 'dual']);
    assert.equal(forced.s.stress?.era, 'legacy');
    assert.equal(forced.s.stress?.failed, 0, forced.stderr);
    const refused = await json(t, [...LOAD, '--era', 'modern', '--', process.execPath, EVERYTHING]);
    assert.equal(refused.s.stress?.calls, 0);
    assert.match(refused.stderr, /does not speak the modern era/);
  });

  test('modern era: growth is per request, so a server that keeps an FD per call is a leak', async (t) => {
    const { s, code, stderr } = await json(t, ['--stress', 'load', '--users', '2', '--calls', '150', '--rounds', '3', '--delay', '300',
      '--session-per-call', '--', process.execPath, ERA_SERVER, 'modern', '--leak']);
    assert.equal(s.stress?.era, 'modern');
    assert.match(stderr, /--session-per-call does not apply in the modern era/);
    assert.ok((s.servers[0]?.metrics.fds.growth ?? 0) >= 100, `FDs grow per request: ${s.servers[0]?.metrics.fds.growth}`);
    assert.equal(s.servers[0]?.verdict, 'leak', stderr);
    assert.equal(code, 1);
  });

  const HTTP: readonly (readonly [string, McpEraName, (port: number) => [string[], Record<string, string>]])[] = [
    ['server-everything (v1, legacy, sessions)', 'legacy', (port) => [[EVERYTHING, 'streamableHttp'], { PORT: String(port) }]],
    ['a v2 server in modern mode', 'modern', (port) => [[ERA_SERVER, 'modern', '--http', String(port)], {}]],
    ['a v2 server that serves both eras', 'modern', (port) => [[ERA_SERVER, 'dual', '--http', String(port)], {}]],
  ];
  for (const [name, era, make] of HTTP) {
    test(`Streamable HTTP, ${name}: load negotiates the ${era} era, a verdict, the watched pid names its era`, async (t) => {
      const port = await freePort();
      const [argv, env] = make(port);
      const server = await httpServer(t, argv, env);
      const { s, stderr } = await json(t, [...LOAD, '--url', `http://127.0.0.1:${port}/mcp`, '--pid', String(server.pid)]);
      assert.equal(s.stress?.transport, 'http');
      assert.equal(s.stress?.failed, 0, stderr);
      assert.equal(s.stress?.era, era);
      assert.equal(s.servers[0]?.era, era);
      assert.ok(VERDICTS.includes(s.servers[0]?.verdict ?? ''));
    });
  }
});
