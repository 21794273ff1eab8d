// One verdict-corpus run, as a user would make it: the built CLI headless with a load against one corpus server (stdio:
// launched by mcptop; HTTP: started here, then --url + --pid), its JSON summary read back and classified.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPEEDS, unitOf } from './verdicts-corpus.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli.js');
const CORPUS = join(ROOT, 'test', 'fixtures', 'corpus');
/** Every process a run starts carries this, so anything left behind is found exactly and ended. */
const MARK = `MCPTOP_CORPUS_RUN=${process.pid}`;
const ROUNDS = 5;
const DELAY_MS = 200;

/** `warn` was the first spelling of `inconclusive`: both read alike. */
export const norm = (v) => (v === 'warn' ? 'inconclusive' : v);

/** users x calls x ROUNDS = size, with as many users (up to 4) as divide it. */
export function shapeFor(size) {
  for (const users of [4, 5, 2, 1]) if (size % (users * ROUNDS) === 0) return { users, calls: size / (users * ROUNDS) };
  return { users: 1, calls: Math.ceil(size / ROUNDS) };
}

function cliArgs({ server, size, interval, record }, target) {
  const { users, calls } = shapeFor(size);
  return ['--headless', '--stress', 'load', '--users', String(users), '--calls', String(calls), '--rounds', String(ROUNDS),
    '--delay', String(DELAY_MS), '--interval', String(interval), ...(server.http ? ['--session-per-call'] : []), '--json', '-',
    ...(record === undefined ? [] : ['--record', record]), ...target];
}

/** Where a run is recorded under `dir` (for `verdicts-replay.mjs`): one NDJSON file per server, speed, interval and size. */
export const recordingOf = (dir, { server, speed, interval, size }) => join(dir, `${server.id}.${speed}.${interval}.${size}.ndjson`);

const serverArgv = ({ server, speed }) => [join(CORPUS, server.file), ...(server.args ?? []), ...(server.http ? ['--http', '0'] : []), ...SPEEDS[speed]];
const shown = (argv) => argv.map((a) => (a.startsWith(ROOT) ? relative(ROOT, a) : a)).join(' ');

/** The command a user types to reproduce this run (HTTP: the server first, then mcptop on its port and pid). */
export function commandOf(c) {
  const srv = ['node', ...serverArgv(c)];
  if (!c.server.http) return shown(['node', CLI, ...cliArgs(c, ['--', ...srv])]);
  return `${shown(srv)} &  node ${shown([CLI, ...cliArgs(c, ['--url', 'http://127.0.0.1:PORT/mcp', '--pid', 'PID'])])}`;
}

function run(argv, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { env: { ...process.env, NO_COLOR: '1', MCPTOP_CORPUS_RUN: String(process.pid) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err: timedOut ? `${err}\ntimed out after ${Math.round(timeoutMs / 1000)} s (killed)` : err });
    });
  });
}

/** Starts an HTTP corpus server and waits for its "listening URL pid PID" line. */
function startHttp(argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env: { ...process.env, MCPTOP_CORPUS_RUN: String(process.pid) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${shown(argv)}: no "listening" line in 15 s`)); }, 15_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening (http:\S+) pid (\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1], pid: Number(m[2]) }); }
    });
    child.stderr.resume();
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${shown(argv)} exited ${code} before listening`)); });
  });
}

async function stopHttp(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}

/** Live processes (not zombies) this bench started, as "pid command line". */
function marked() {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(MARK)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').replaceAll('\0', ' ').replace(/\s+/g, ' ').trim();
      found.push(`${name} ${cmd.length > 100 ? `${cmd.slice(0, 100)}...` : cmd}`);
    } catch { /* gone, or not ours to read */ }
  }
  return found;
}

/** Grace for a helper on its way out when mcptop exits (its guardian reads EOF and exits; on a loaded machine, late). */
const LEFTOVER_GRACE_MS = 2000;

/** Processes this bench started that are still alive LEFTOVER_GRACE_MS after the run: ended, and counted against it. */
export async function endLeftovers() {
  let found = marked();
  for (const until = performance.now() + LEFTOVER_GRACE_MS; found.length > 0 && performance.now() < until;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = marked();
  }
  for (const p of found) {
    try { process.kill(Number(p.split(' ')[0]), 'SIGKILL'); } catch { /* gone meanwhile */ }
  }
  return found;
}

/** Leak metrics of one server summary: metric name -> verdict (normalised), FD kinds as `fds:<kind>`. */
export function metricVerdicts(server) {
  const out = {};
  for (const [m, s] of Object.entries(server?.metrics ?? {})) if (s && typeof s === 'object' && 'verdict' in s) out[m] = norm(s.verdict);
  for (const [k, s] of Object.entries(server?.fdKinds ?? {})) if (s && typeof s === 'object' && 'verdict' in s) out[`fds:${k}`] = norm(s.verdict);
  for (const extra of ['zombies', 'children']) {
    const s = server?.[extra];
    if (s && typeof s === 'object' && 'verdict' in s) out[extra] = norm(s.verdict);
  }
  return out;
}

/**
 * Classifies a run. Leak server: named (leak on one of its metrics) | wrong-metric | inconclusive | ok | error.
 * Healthy server: leak (a false alarm, on any metric) | inconclusive | ok | error.
 */
export function classify(server, summary) {
  const srv = summary?.servers?.[0];
  if (!srv) return { outcome: 'error', leakMetrics: [] };
  const verdicts = metricVerdicts(srv);
  const leakMetrics = Object.keys(verdicts).filter((m) => verdicts[m] === 'leak' && !m.startsWith('fds:'));
  const overall = norm(srv.verdict);
  if (server.metrics) {
    if (server.metrics.some((m) => verdicts[m] === 'leak')) return { outcome: 'named', leakMetrics, verdicts };
    if (leakMetrics.length > 0) return { outcome: 'wrong-metric', leakMetrics, verdicts };
  } else if (leakMetrics.length > 0 || overall === 'leak') return { outcome: 'leak', leakMetrics, verdicts };
  return { outcome: overall === 'ok' ? 'ok' : 'inconclusive', leakMetrics, verdicts };
}

/** Runs one case { server, size, speed, interval, record? } and returns its outcome, exit code and figures. */
export async function runCase(c) {
  const timeoutMs = 120_000 + c.size * (c.server.http ? 150 : c.speed === 'slow' ? 20 : 10);
  const t0 = performance.now();
  let res;
  let http;
  try {
    if (c.server.http) {
      http = await startHttp(serverArgv(c));
      res = await run([CLI, ...cliArgs(c, ['--url', http.url, '--pid', String(http.pid)])], timeoutMs);
    } else {
      res = await run([CLI, ...cliArgs(c, ['--', process.execPath, ...serverArgv(c)])], timeoutMs);
    }
  } catch (error) {
    res = { code: null, signal: null, out: '', err: error instanceof Error ? error.message : String(error) };
  } finally {
    if (http) await stopHttp(http.child);
  }
  const leftovers = await endLeftovers();
  let summary;
  try { summary = JSON.parse(res.out); } catch { summary = undefined; }
  const cls = classify(c.server, summary);
  return {
    ...c, ...cls, unit: unitOf(c.server), exit: res.signal ?? res.code, ms: performance.now() - t0, leftovers,
    stress: summary?.stress ? { ok: summary.stress.ok, failed: summary.stress.failed, callsPerSec: summary.stress.callsPerSec } : undefined,
    figures: figuresOf(summary?.servers?.[0], c.server.metrics ?? ['fds', 'rssBytes', 'procs']),
    reasons: summarizeReasons(summary?.servers?.[0], c.server.metrics ?? ['fds', 'rssBytes', 'procs']),
    stderrTail: cls.outcome === 'error' ? res.err.trim().split('\n').at(-1) : undefined,
  };
}

/** "fds 5->119, rss 20->70 MB": first and last sample of the metrics that matter for this server (a sanity check). */
function figuresOf(srv, metrics) {
  const out = [];
  for (const m of metrics) {
    const s = srv?.metrics?.[m];
    if (typeof s?.initial !== 'number' || typeof s?.final !== 'number') continue;
    out.push(m === 'rssBytes' ? `rss ${(s.initial / 2 ** 20).toFixed(0)}->${(s.final / 2 ** 20).toFixed(0)} MB` : `${m} ${s.initial}->${s.final}`);
  }
  return out.join(', ');
}

function summarizeReasons(srv, metrics) {
  const out = [];
  for (const m of metrics) {
    const s = srv?.metrics?.[m];
    if (s?.reason) out.push(`${m}: ${s.reason}`);
  }
  return out;
}
