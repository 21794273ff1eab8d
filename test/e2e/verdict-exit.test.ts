// The verdict a CI stakes a release on, through the built CLI: small fast runs still catch the demo's FD leak, the
// healthy demo passes, the recording replays to the same verdicts and exit code, and each outcome has its exit code.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, descendantsOf, runCli } from '../helpers/cli.js';

interface Summary {
  verdict: string;
  servers: { verdict: string; metrics: Record<string, { verdict: string; reason?: string; hint?: string }> }[];
  stress: { calls: number; state?: string; message?: string } | null;
}
const LEAKY = join(ROOT, 'dist/demo/leaky-server.js');
const HEALTHY = join(ROOT, 'dist/demo/healthy-server.js');
const SMALL = ['--headless', '--stress', 'load', '--users', '1', '--calls', '100', '--rounds', '1'];
const shape = (s: Summary) => s.servers.map((x) => [x.verdict, Object.entries(x.metrics).map(([k, m]) => [k, m.verdict, m.reason])]);

describe('verdicts and exit codes through the built CLI', () => {
  test('100 calls against the leaky demo: FD leak, exit 1; its recording reports the same verdicts, reasons and exit code', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-verdict-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const rec = join(dir, 'r.ndjson');
    const run = runCli([...SMALL, '--record', rec, '--json', join(dir, 'live.json'), '--', process.execPath, LEAKY]);
    t.after(() => run.kill());
    const { code } = await run.done;
    const live = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as Summary;
    assert.equal(code, 1, run.stderr());
    assert.equal(live.servers[0]?.metrics['fds']?.verdict, 'leak');
    assert.match(live.servers[0]?.metrics['fds']?.reason ?? '', /^FDs \+1\.00 per call over \d+ calls/);
    assert.equal(descendantsOf(run.child.pid ?? 0).length, 0);

    const report = runCli(['report', rec, '--json', join(dir, 'report.json')]);
    assert.equal((await report.done).code, 1, report.stderr());
    const replayed = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Summary;
    assert.deepEqual(shape(replayed), shape(live));
  });

  test('100 calls against the healthy demo: ok, exit 0', async (t) => {
    const run = runCli([...SMALL, '--json', '-', '--', process.execPath, HEALTHY]);
    t.after(() => run.kill());
    const { code } = await run.done;
    const s = JSON.parse(run.stdout()) as Summary;
    assert.equal(s.verdict, 'ok', JSON.stringify(s.servers[0]?.metrics));
    assert.equal(code, 0);
  });

  test('a stress whose calls all failed (unknown tool): exit 3 with the reason', async (t) => {
    const run = runCli([...SMALL, '--tool', 'no-such-tool', '--json', '-', '--', process.execPath, HEALTHY]);
    t.after(() => run.kill());
    const { code } = await run.done;
    assert.equal(code, 3, run.stderr());
    assert.match(run.stderr(), /mcptop: most calls failed \(100 of 100\)/);
  });

  test('a stress that could not start (nothing listening at --url): exit 3', async (t) => {
    const run = runCli(['--headless', '--stress', 'load', '--calls', '5', '--url', 'http://127.0.0.1:9/mcp', '--json', '-']);
    t.after(() => run.kill());
    const { code } = await run.done;
    assert.equal(code, 3, run.stderr());
    const s = JSON.parse(run.stdout()) as Summary;
    assert.equal(s.stress?.state, 'failed');
    assert.match(run.stderr(), /mcptop: the load could not run: /);
  });

  test('too short to decide: inconclusive with a hint, exit 5; --fail-on leak makes it 0', async (t) => {
    const args = ['--headless', '--duration', '1', '--interval', '250', '--json', '-', '--', process.execPath, HEALTHY];
    const strict = runCli(args);
    t.after(() => strict.kill());
    const a = await strict.done;
    const s = JSON.parse(strict.stdout()) as Summary;
    assert.equal(s.verdict, 'inconclusive');
    assert.ok(Object.values(s.servers[0]?.metrics ?? {}).some((m) => m.verdict === 'inconclusive' && m.hint !== undefined));
    assert.equal(a.code, 5, strict.stderr());
    const lenient = runCli(['--fail-on', 'leak', ...args]);
    t.after(() => lenient.kill());
    assert.equal((await lenient.done).code, 0, lenient.stderr());
  });
});
