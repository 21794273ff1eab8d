// The built CLI attributing a real FD leak: a launched server reopening one file names that path in --json fdTargets
// and in the text summary.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, isAlive, runCli } from '../helpers/cli.js';

const LEAKER = fileURLToPath(new URL('../fixtures/attribution/fd-leaker.js', import.meta.url));

test('headless: a server leaking FDs on one file is attributed to that path (--json fdTargets, summary)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-attr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data.json');
  writeFileSync(data, '{}');
  const out = join(dir, 'summary.json');
  const run = runCli(['--headless', '--duration', '3', '--interval', '250', '--json', out, '--', process.execPath, LEAKER, 'file', data, '40']);
  t.after(() => run.kill());
  await run.done;
  const s = JSON.parse(readFileSync(out, 'utf8')) as { servers: { pid: number; fdTargets?: { target: string; growth: number }[] }[] };
  const targets = s.servers[0]?.fdTargets;
  assert.equal(targets?.[0]?.target, `file ${data}`, JSON.stringify(s.servers[0]));
  assert.ok((targets?.[0]?.growth ?? 0) >= 10, `growth ${targets?.[0]?.growth}`);
  assert.match(run.stdout(), new RegExp(`FDs grew on:\\n +\\+[\\d,]+ x file ${data.replace(/[.]/g, '\\.')}`));
  await eventually(() => !isAlive(s.servers[0]!.pid), 5000, 'launched server to be gone');
});

const PROFILE_SERVER = fileURLToPath(new URL('../fixtures/attribution/profile-server.js', import.meta.url));

interface ProfileJson { state: string; tools: { tool: string; state: string; calls: number; verdict: string; metrics: Record<'fds' | 'rssBytes' | 'procs', { verdict: string; perCall?: number }> }[] }

test('--stress profile: the FD-leaking and the memory-leaking tool are named on their metric, the clean one ok', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-prof-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'summary.json');
  const args = join(dir, 'tool-args.json');
  writeFileSync(args, JSON.stringify({ lookup: { key: 'k{i}' } }));
  const run = runCli(['--headless', '--stress', 'profile', '--interval', '200', '--users', '2', '--calls', '15', '--rounds', '3', '--delay', '0',
    '--tool-args', args, '--json', out, '--record', join(dir, 'rec.ndjson'), '--', process.execPath, PROFILE_SERVER]);
  t.after(() => run.kill());
  const { code } = await run.done;
  const s = JSON.parse(readFileSync(out, 'utf8')) as { verdict: string; profile: ProfileJson };
  const by = new Map(s.profile.tools.map((x) => [x.tool, x]));
  assert.equal(by.get('open-file')?.metrics.fds.verdict, 'leak', JSON.stringify(s.profile));
  assert.equal(by.get('open-file')?.metrics.rssBytes.verdict, 'ok', JSON.stringify(s.profile));
  assert.equal(by.get('hoard')?.metrics.rssBytes.verdict, 'leak', JSON.stringify(s.profile));
  assert.equal(by.get('hoard')?.metrics.fds.verdict, 'ok', JSON.stringify(s.profile));
  assert.equal(by.get('clean')?.verdict, 'ok', JSON.stringify(s.profile));
  assert.equal(by.get('lookup')?.state, 'done', 'arguments from --tool-args');
  assert.equal(by.get('delete-all')?.state, 'skipped');
  assert.equal(s.verdict, 'leak');
  assert.equal(code, 1, run.stderr());
  assert.match(run.stdout(), /profile: done, 4 of 5 tools profiled\n +tool +calls +FDs\/call/);
  // mcptop report prints the same table from the recording.
  const report = runCli(['report', join(dir, 'rec.ndjson')]);
  await report.done;
  assert.match(report.stdout(), /profile: done, 4 of 5 tools profiled\n +tool +calls +FDs\/call.*\n +(open-file|hoard) .*LEAK\n +(open-file|hoard) .*LEAK\n/);
});

test('--tool-args that is not a JSON object of objects: one line, exit 2, nothing started', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-prof-'));
  try {
    const args = join(dir, 'bad.json');
    writeFileSync(args, JSON.stringify({ lookup: 'k' }));
    const run = runCli(['--headless', '--stress', 'profile', '--tool-args', args, '--', process.execPath, PROFILE_SERVER]);
    const { code } = await run.done;
    assert.equal(code, 2);
    assert.match(run.stderr(), /^mcptop: --tool-args .*"lookup" must be a JSON object/);
    assert.equal(run.stderr().trim().split('\n').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--heap: a Node server retaining a RetainedRecord per call is named with its per-call count and a retainer path', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-heap-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'summary.json');
  const snaps = join(dir, 'snaps');
  const run = runCli(['--headless', '--stress', 'load', '--tool', 'hoard', '--users', '2', '--calls', '20', '--rounds', '1', '--delay', '0',
    '--interval', '250', '--heap', snaps, '--json', out, '--', process.execPath, PROFILE_SERVER]);
  t.after(() => run.kill());
  await run.done;
  const s = JSON.parse(readFileSync(out, 'utf8')) as { heap?: { calls: number; snapshots: string[]; error?: string; grew: { className: string; countPerCall: number; retainerPath?: string[] }[] }[] };
  const h = s.heap?.[0];
  assert.ok(h && h.error === undefined, JSON.stringify(s.heap));
  assert.equal(h.calls, 40);
  assert.equal(h.snapshots.length, 2);
  for (const f of h.snapshots) assert.ok(f.startsWith(snaps), f);
  const rec = h.grew.find((g) => g.className === 'RetainedRecord');
  assert.ok(rec, JSON.stringify(h.grew.map((g) => g.className)));
  assert.equal(rec.countPerCall, 1);
  assert.match(rec.retainerPath?.at(-1) ?? '', /-> RetainedRecord$/);
  assert.match(run.stdout(), /\+40 x RetainedRecord \(1\.00 per call/);
});
