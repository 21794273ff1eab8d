// `mcptop report`: a recording replayed through the Monitor gives the live run's verdicts; outputs and exit codes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../source/core/config.js';
import { Monitor } from '../source/core/monitor.js';
import type { RunSummary } from '../source/core/types.js';
import { openCsvSink, openNdjsonSink } from '../source/adapters/recorders.js';
import { replayRecording, runReport } from '../source/report.js';
import { FakeClock } from './helpers/fake-clock.js';
import { FakeProcessSource } from './helpers/fake-source.js';
import { makeStress } from './helpers/snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'mcptop-report-'));
const csv = join(dir, 'run.csv');
const ndjson = join(dir, 'run.ndjson');
let live: RunSummary;

/** A scripted run: 100 calls a tick; a server leaking 1 FD and 60 KB per call with a short-lived child, a healthy one, three load rounds. */
async function liveRun(): Promise<RunSummary> {
  const clock = new FakeClock();
  const source = new FakeProcessSource();
  source.add({ pid: 1, ppid: 0, comm: 'systemd' });
  source.add({ pid: 100, ppid: 1, comm: 'node', argv: ['node', 'mcptop'] });
  source.add({ pid: 200, ppid: 1, comm: 'leaky', argv: ['node', 'leaky.js'], fdLimit: 512 });
  source.add({ pid: 300, ppid: 1, comm: 'healthy', argv: ['node', 'healthy.js'] });
  const sinks = [openCsvSink(csv), openNdjsonSink(ndjson, { intervalMs: 1000, argv: ['--name', 'leaky', '--name', 'healthy', '--stress', 'load'] })];
  const monitor = new Monitor({
    source, clock, selfPid: 100, intervalMs: 1000, sinks, thresholds: DEFAULT_THRESHOLDS,
    targets: { names: ['leaky', 'healthy'], patterns: [], pids: [], children: true },
  });
  let calls = 0; let round = 0;
  for (let i = 0; i < 100; i++) {
    const loaded = i >= 5 && i < 85 && (i - 5) % 30 < 20;
    if (loaded) calls += 100;
    if (loaded && i % 3 === 0) source.add({ pid: 1000 + i, ppid: 200, comm: 'sh', startTime: 50_000 + i });
    for (const p of [...source.procs.values()]) if (p.comm === 'sh' && p.pid < 1000 + i - 2) source.remove(p.pid);
    source.set(200, { fds: 20 + calls, rssBytes: 50e6 + calls * 60_000 + (i % 5) * 2e6, vmsBytes: 1e9, cpuTimeMs: i * 10, threads: 11 });
    source.set(300, { fds: 18 + (i % 4), rssBytes: 60e6 + (i % 7) * 3e6, vmsBytes: 1.1e9, cpuTimeMs: i * 5, threads: 9 });
    for (const p of source.procs.values()) if (p.comm === 'sh') p.metrics = { fds: 3, rssBytes: 1e6, threads: 1 };
    monitor.setStress(makeStress({ calls, round: Math.max(1, round + (loaded ? 1 : 0)) }));
    // What the Monitor is asked to record each tick while a stress runs (see the report): the load marks.
    monitor.event('load', { calls, cycles: 0 });
    await monitor.tick();
    if (i >= 5 && (i - 5) % 30 === 24) monitor.markRoundEnd(++round);
    clock.advance(1000);
  }
  const summary = monitor.summary();
  await Promise.all(sinks.map((s) => s.close()));
  return summary;
}

const verdicts = (s: RunSummary) => ({
  verdict: s.verdict, critReached: s.critReached,
  servers: s.servers.map((x) => ({
    key: x.key, label: x.label, verdict: x.verdict, worst: x.worstStatus.level,
    metrics: Object.fromEntries(Object.entries(x.metrics).map(([k, m]) => [k, { v: m?.verdict, reason: m?.reason, min: m?.min, max: m?.max, final: m?.final }])),
  })),
});

describe('report', () => {
  before(async () => { live = await liveRun(); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the live run judged what the script meant', () => {
    const byLabel = new Map(live.servers.map((s) => [s.label, s]));
    assert.equal(live.servers.length, 2);
    const leaky = live.servers.find((s) => s.command.includes('leaky'))!;
    const healthy = live.servers.find((s) => s.command.includes('healthy'))!;
    assert.ok(byLabel.size === 2);
    assert.equal(leaky.metrics.fds.verdict, 'leak', leaky.metrics.fds.reason);
    assert.equal(leaky.metrics.rssBytes.verdict, 'leak', leaky.metrics.rssBytes.reason);
    assert.notEqual(leaky.metrics.procs.verdict, 'leak', leaky.metrics.procs.reason);
    assert.equal(healthy.verdict, 'ok', JSON.stringify(healthy.metrics));
  });

  for (const [name, path] of [['NDJSON', ndjson], ['CSV', csv]] as const) {
    test(`replaying the ${name} recording gives the live verdicts, reasons and figures`, async () => {
      const r = await replayRecording(path);
      assert.deepEqual(verdicts(r.summary), verdicts(live));
      assert.equal(r.ticks, 100);
      assert.equal(r.summary.stress?.calls, live.stress?.calls);
    });
  }

  test('the NDJSON recording carries the FD kinds read live, so a replay judges each kind the same; CSV has none', async () => {
    const kinds = (sum: RunSummary) => sum.servers.map((x) => Object.fromEntries(Object.entries(x.fdKinds ?? {})
      .map(([k, m]) => [k, { v: m?.verdict, reason: m?.reason, min: m?.min, max: m?.max, final: m?.final, count: m?.count }])));
    const leaky = live.servers.find((x) => x.command.includes('leaky'))!;
    assert.equal(leaky.fdKinds?.other?.verdict, 'leak', leaky.fdKinds?.other?.reason);
    assert.match(readFileSync(ndjson, 'utf8'), /"event":"fd-kinds"/);
    const replayed = await replayRecording(ndjson);
    assert.deepEqual(kinds(replayed.summary), kinds(live));
    assert.ok(kinds(live).every((k) => Object.keys(k).length === 5));
    const fromCsv = await replayRecording(csv);
    assert.ok(fromCsv.summary.servers.every((x) => x.fdKinds === undefined));
  });

  test('runReport: summary on stdout, exit 1 on a leak, JSON, JUnit and SVG written', async () => {
    let out = ''; let err = '';
    const io = { stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } } };
    const junit = join(dir, 'r.xml'); const plot = join(dir, 'r.svg'); const json = join(dir, 'r.json');
    const code = await runReport([ndjson, '--junit', junit, '--plot', plot, '--json', json], io);
    assert.equal(code, 1, err);
    assert.match(out, /LEAK/);
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as RunSummary;
    assert.equal(parsed.verdict, 'leak');
    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, /<failure type="leak" message="FDs \+1\.00 per call/);
    const svg = readFileSync(plot, 'utf8');
    assert.match(svg, /<title>mcptop — verdict LEAK — 2 servers<\/title>/);
    assert.match(svg, /class="band"/);
  });

  test('runReport: --json - owns stdout; usage errors and unreadable files exit 2 with one line', async () => {
    let out = ''; let err = '';
    const io = { stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } } };
    assert.equal(await runReport([csv, '--json', '-'], io), 1);
    assert.equal((JSON.parse(out) as RunSummary).servers.length, 2);
    assert.match(err, /verdict/);
    err = '';
    assert.equal(await runReport([join(dir, 'nope.ndjson')], io), 2);
    assert.match(err, /^mcptop report: cannot read .*ENOENT\n$/);
    err = '';
    assert.equal(await runReport([csv, '--frobnicate'], io), 2);
    assert.match(err, /unknown flag --frobnicate/);
    assert.equal(await runReport([], io), 2);
  });
});
