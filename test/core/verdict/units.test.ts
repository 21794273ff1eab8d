// Growth is reported per call for a plain load, per session when every call opened its own, per cycle for churn:
// in the verdict reason, the summary text, --json (rate) and JUnit, and the same again from `mcptop report`.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../../source/core/config.js';
import { Monitor } from '../../../source/core/monitor.js';
import { WorkCounter } from '../../../source/core/work-counter.js';
import type { RunSummary } from '../../../source/core/types.js';
import { openNdjsonSink } from '../../../source/adapters/recorders.js';
import { replayRecording } from '../../../source/report.js';
import { formatSummary } from '../../../source/format/summary-text.js';
import { formatJunit } from '../../../source/format/junit.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeProcessSource } from '../../helpers/fake-source.js';
import { makeChurn, makeStress } from '../../helpers/snapshots.js';

const dir = mkdtempSync(join(tmpdir(), 'mcptop-units-'));
after(() => rmSync(dir, { recursive: true, force: true }));

type Mode = 'session' | 'call' | 'cycle';

/** A server keeping 256 KB and one FD per unit of work: 40 ticks of 10 units each, then 10 quiet ticks. */
async function run(mode: Mode, record?: string): Promise<RunSummary> {
  const clock = new FakeClock();
  const source = new FakeProcessSource();
  source.add({ pid: 1, ppid: 0, comm: 'systemd' });
  source.add({ pid: 100, ppid: 1, comm: 'node', argv: ['node', 'mcptop'] });
  source.add({ pid: 200, ppid: 1, comm: 'srv', argv: ['node', 'srv.js'] });
  const sinks = record ? [openNdjsonSink(record, { intervalMs: 1000, argv: ['--name', 'srv'] })] : [];
  const monitor = new Monitor({
    source, clock, selfPid: 100, intervalMs: 1000, sinks, thresholds: DEFAULT_THRESHOLDS,
    targets: { names: ['srv'], patterns: [], pids: [], children: true },
  });
  let work = 0;
  for (let i = 0; i < 55; i++) {
    if (i >= 5 && i < 45) work += 10;
    source.set(200, { fds: 20 + work, rssBytes: 40e6 + work * 256 * 1024 + (i % 3) * 4096, vmsBytes: 1e9, cpuTimeMs: i, threads: 7 });
    if (mode === 'cycle') monitor.setChurn(makeChurn({ done: work, cycles: 400, state: i < 45 ? 'running' : 'done' }));
    else monitor.setStress(makeStress({ calls: work, state: i < 45 ? 'running' : 'done', ...(mode === 'session' ? { sessionPerCall: true } : {}) }));
    if (i === 3) monitor.markReady();
    await monitor.tick();
    clock.advance(1000);
  }
  const summary = monitor.summary();
  await monitor.stop();
  await Promise.all(sinks.map((s) => s.close()));
  return summary;
}

for (const mode of ['session', 'call', 'cycle'] as const) {
  test(`growth per ${mode}: reason, summary text, --json rate and JUnit; the replay says the same`, async () => {
    const path = join(dir, `${mode}.ndjson`);
    const live = await run(mode, path);
    const rss = live.servers[0]!.metrics.rssBytes;
    const fds = live.servers[0]!.metrics.fds;
    assert.equal(rss.verdict, 'leak', rss.reason);
    assert.equal(fds.verdict, 'leak', fds.reason);
    assert.match(rss.reason ?? '', new RegExp(`^RSS \\+2\\d\\d\\.\\d KB per ${mode} over 400 ${mode}s`));
    assert.match(fds.reason ?? '', new RegExp(`^FDs \\+1\\.00 per ${mode} over 400 ${mode}s`));
    assert.equal(rss.rate?.per, mode);
    assert.ok(Math.abs((rss.rate?.value ?? 0) - 256 * 1024) < 4096, `rate ${rss.rate?.value}`);
    assert.deepEqual(fds.rate, { per: mode, value: 1 });
    assert.match(formatSummary(live), new RegExp(`RSS +LEAK +RSS \\+2\\d\\d\\.\\d KB per ${mode}`));
    assert.match(formatJunit(live), new RegExp(`FDs \\+1\\.00 per ${mode} over 400 ${mode}s`));
    const replayed = (await replayRecording(path)).summary;
    assert.deepEqual(replayed.servers[0]!.metrics.rssBytes, rss);
    assert.deepEqual(replayed.servers[0]!.metrics.fds, fds);
  });
}

test('the work counter counts the sessions of per-call runs only, over runs, and a replay sets them back', () => {
  const w = new WorkCounter();
  w.note(100, undefined, false);
  assert.deepEqual(w.marks, { calls: 100, cycles: 0 });
  w.note(0, undefined, true);
  w.note(50, undefined);
  assert.deepEqual(w.marks, { calls: 150, cycles: 0, sessions: 50 });
  const r = new WorkCounter();
  r.set(w.marks);
  assert.deepEqual(r.marks, w.marks);
});
