// The verdict corpus in CI: a few servers of test/fixtures/corpus/ stressed fast through the built CLI, as a user would,
// and each server's per-metric verdicts in the JSON summary checked (a leak named on its metric, a healthy one never
// called a leak). The full corpus at both speeds and intervals is `npm run bench -- verdicts`.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, descendantsOf, isAlive, runCli } from '../helpers/cli.js';

const CORPUS = join(ROOT, 'test/fixtures/corpus');
/**
 * Until the issue-9 verdict engine lands on main, today's engine gets the cases marked `todo` wrong (or right only when
 * the run happens to last long enough). MCPTOP_CORPUS_STRICT=1 runs them as ordinary tests, to see which now pass.
 */
const TODO = 'needs the issue-9 verdict';
const STRICT = process.env.MCPTOP_CORPUS_STRICT === '1';

interface JsonMetric { verdict: string; reason?: string; initial?: number; final?: number }
interface JsonSummary {
  verdict: string;
  servers: { verdict: string; metrics: Record<string, JsonMetric | undefined>; zombies?: { verdict?: string } }[];
  stress: { calls: number; ok: number; failed: number } | null;
}

interface Case {
  readonly name: string;
  readonly file: string;
  readonly args?: readonly string[];
  readonly http?: boolean;
  /** users x calls x 5 rounds. */
  readonly users: number;
  readonly calls: number;
  /** Leak: one of these metrics must say leak. Absent: healthy, no metric may say leak. */
  readonly leakOn?: readonly string[];
  readonly todo?: boolean;
}

/** `warn` was the first spelling of `inconclusive`: both read alike. */
const norm = (v: string | undefined): string | undefined => (v === 'warn' ? 'inconclusive' : v);

function verdicts(s: JsonSummary): Record<string, string | undefined> {
  const server = s.servers[0];
  assert.ok(server !== undefined, 'one server in the summary');
  const out: Record<string, string | undefined> = {};
  for (const [m, v] of Object.entries(server.metrics)) out[m] = norm(v?.verdict);
  if (server.zombies?.verdict !== undefined) out.zombies = norm(server.zombies.verdict);
  return out;
}

function describeRun(s: JsonSummary, stderr: string): string {
  const server = s.servers[0];
  const lines = Object.entries(server?.metrics ?? {}).map(([m, v]) => `${m}: ${v?.initial} -> ${v?.final} ${v?.verdict} (${v?.reason ?? ''})`);
  return `${lines.join('\n')}\nstderr tail:\n${stderr.trim().split('\n').slice(-6).join('\n')}`;
}

/** Starts an HTTP corpus server on a free port; ended when the test ends. */
async function startHttp(t: TestContext, file: string, args: readonly string[]): Promise<{ url: string; pid: number }> {
  const child: ChildProcess = spawn(process.execPath, [join(CORPUS, file), ...args, '--http', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${file}: no "listening" line in 10 s`)), 10_000);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening (http:\S+) pid (\d+)/.exec(out);
      if (m?.[1] !== undefined) { clearTimeout(timer); resolve({ url: m[1], pid: Number(m[2]) }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${file} exited ${code} before listening`)); });
  });
}

async function runCase(t: TestContext, c: Case): Promise<void> {
  const load = ['--headless', '--stress', 'load', '--users', String(c.users), '--calls', String(c.calls), '--rounds', '5', '--delay', '200',
    '--interval', '250', '--json', '-'];
  let target: string[];
  if (c.http === true) {
    const srv = await startHttp(t, c.file, c.args ?? []);
    target = ['--session-per-call', '--url', srv.url, '--pid', String(srv.pid)];
  } else {
    target = ['--', process.execPath, join(CORPUS, c.file), ...(c.args ?? [])];
  }
  const run = runCli([...load, ...target]);
  t.after(() => run.kill());
  const { code } = await run.done;
  let s: JsonSummary;
  try {
    s = JSON.parse(run.stdout()) as JsonSummary;
  } catch {
    assert.fail(`no JSON summary (exit ${code})\n${run.stderr()}`);
  }
  const total = c.users * c.calls * 5;
  assert.ok(s.stress !== null, run.stderr());
  assert.equal(s.stress.ok, total, `every call answered\n${run.stderr()}`);
  const v = verdicts(s);
  const leaks = Object.keys(v).filter((m) => v[m] === 'leak');
  if (c.leakOn !== undefined) {
    assert.ok(c.leakOn.some((m) => v[m] === 'leak'), `leak named on ${c.leakOn.join(' or ')}; verdicts ${JSON.stringify(v)}\n${describeRun(s, run.stderr())}`);
    assert.equal(code, 1, 'a leak exits 1');
  } else {
    assert.deepEqual(leaks, [], `no leak on a healthy server\n${describeRun(s, run.stderr())}`);
    assert.notEqual(code, 1, 'a healthy server does not exit 1');
  }
  if (c.http !== true) assert.equal(descendantsOf(run.child.pid ?? 0).filter(isAlive).length, 0, 'mcptop left nothing running');
}

const CASES: readonly Case[] = [
  // Named within 100 calls: samples at work checkpoints, persistence judged after the load.
  { name: 'FD leak (files) at 100 calls: leak on fds', file: 'fd-files.js', users: 4, calls: 5, leakOn: ['fds'] },
  { name: 'FD leak (sockets) at 100 calls: leak on fds', file: 'fd-sockets.js', users: 4, calls: 5, leakOn: ['fds'] },
  { name: 'child-process leak at 100 calls: leak on procs', file: 'child-leak.js', users: 4, calls: 5, leakOn: ['procs'] },
  { name: 'zombie leak at 100 calls: leak on zombies (or procs)', file: 'zombie-leak.js', users: 4, calls: 5, leakOn: ['zombies', 'procs'] },
  // Start-up is not growth: the baseline is taken once the server answered.
  { name: 'warm-up spike at 250 calls: no leak', file: 'warmup.js', users: 5, calls: 10 },
  { name: 'idle server at 250 calls: no leak', file: 'idle.js', users: 5, calls: 10 },
  // A GC saw-tooth (200 KB and an FD per call, all freed every 40): its floor climbs within each tooth.
  { name: 'GC saw-tooth at 250 calls: no leak', file: 'sawtooth.js', users: 5, calls: 10 },
  // 400 sessions, not 100: the v1 SDK leaves ~400 KB of garbage per HTTP session, so over 100 sessions a healthy server's
  // RSS rises ~40 MB before V8's first major collection (judged inconclusive: it may be garbage, and the run holds its
  // 30 s cap); by 400 it has collected and levelled off.
  { name: 'Streamable HTTP, sessions freed on DELETE, 400 sessions: no leak', file: 'http-sessions.js', args: ['clean'], http: true, users: 4, calls: 20 },
];

describe('verdict corpus through the built CLI (fast, --interval 250)', () => {
  for (const c of CASES) {
    test(c.name, c.todo === true && !STRICT ? { todo: TODO } : {}, (t) => runCase(t, c));
  }
});
