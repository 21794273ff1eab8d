// `mcptop report` on a recording made by a live run gives that run's verdicts; --csv, --junit and --plot files are real.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

interface Summary { verdict: string; servers: { label: string; verdict: string; metrics: Record<string, { verdict: string; reason?: string }> }[] }

/** Each server's verdict and every metric's verdict and reason: a replay must give exactly these. */
const verdicts = (s: Summary): string[] =>
  s.servers.map((x) => `${x.label}: ${x.verdict} ${Object.entries(x.metrics).map(([m, v]) => `${m}=${v.verdict} (${v.reason ?? ''})`).join(' ')}`).sort();

describe('record, then report', () => {
  test('the demo recorded live; report gives the same verdicts, JUnit fails the leak, the plot is an SVG', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-report-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const rec = join(dir, 'run.ndjson');
    const csv = join(dir, 'run.csv');
    const live = runCli(['--headless', '--demo', '--duration', '10', '--interval', '250', '--record', rec, '--csv', csv,
      '--plot', join(dir, 'live.svg'), '--json', join(dir, 'live.json')]);
    t.after(() => live.kill());
    await live.done;
    const liveSummary = JSON.parse(readFileSync(join(dir, 'live.json'), 'utf8')) as Summary;
    assert.equal(liveSummary.servers.length, 2);

    const report = runCli(['report', rec, '--json', join(dir, 'report.json'), '--junit', join(dir, 'junit.xml'), '--plot', join(dir, 'report.svg')]);
    const { code } = await report.done;
    const replayed = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Summary;
    assert.deepEqual(verdicts(replayed), verdicts(liveSummary), 'same verdicts offline as live');
    assert.equal(code, { leak: 1, inconclusive: 5, ok: 0 }[replayed.verdict]);
    assert.match(report.stdout(), /leaky/);

    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuites?[\s>]/);
    if (replayed.verdict === 'leak') assert.match(junit, /<failure/);
    for (const svg of ['live.svg', 'report.svg']) {
      const text = readFileSync(join(dir, svg), 'utf8');
      assert.match(text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/m, svg);
      assert.match(text, /<path/, `${svg} draws lines`);
    }
    const header = readFileSync(csv, 'utf8').split('\n')[0] ?? '';
    assert.match(header, /pid/);
    assert.ok(readFileSync(csv, 'utf8').trim().split('\n').length > 20, 'a row per process per tick');
  });

  test('report on a missing or broken file: one line, exit 2', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-report-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const run = runCli(['report', join(dir, 'nope.ndjson')]);
    assert.equal((await run.done).code, 2);
    assert.equal(run.stderr().trim().split('\n').length, 1, run.stderr());
    assert.doesNotMatch(run.stderr(), /\n\s+at /);
  });
});
