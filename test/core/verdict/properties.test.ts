// Properties of the verdict, checked with fast-check over generated runs: invariances, fail-closed, replay parity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { MetricTrack, judgeMetric, type TrackKind } from '../../../source/core/verdict/index.js';
import type { MetricVerdict, RunSummary, ServerMetric } from '../../../source/core/types.js';
import { openNdjsonSink } from '../../../source/adapters/recorders.js';
import { replayRecording } from '../../../source/report.js';
import { setup } from '../monitor-setup.js';

interface Gen { values: number[]; calls: number[] }

function judgeRun(kind: TrackKind, metric: ServerMetric, g: Gen, shift = 0): MetricVerdict {
  const t = new MetricTrack(kind);
  g.values.forEach((v, i) => { t.push(i * 1000, v + shift, { calls: g.calls[i]!, cycles: 0 }); if (i === 0) t.markBaseline(0); });
  return judgeMetric(metric, t);
}

const cumulative = (steps: readonly number[]): number[] => { let c = 0; return steps.map((s) => (c += s)); };

const countRun = fc.record({
  values: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 5, maxLength: 200 }),
  steps: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 200, maxLength: 200 }),
}).map(({ values, steps }) => ({ values, calls: cumulative(steps).slice(0, values.length) }));

test('adding a constant never changes a count verdict', () => {
  fc.assert(fc.property(countRun, fc.integer({ min: -1000, max: 100_000 }), (g, c) => {
    const a = judgeRun('count', 'fds', g); const b = judgeRun('count', 'fds', g, c);
    assert.equal(b.verdict, a.verdict);
    assert.equal(b.enoughData, a.enoughData);
  }), { numRuns: 200 });
});

test('a count that comes back to its baseline after the load is never a leak', () => {
  fc.assert(fc.property(countRun, (g) => {
    const base = g.values[0]!;
    const values = [...g.values, base, base, base, base];
    const calls = [...g.calls, ...Array<number>(4).fill(g.calls[g.calls.length - 1] ?? 0)];
    assert.notEqual(judgeRun('count', 'fds', { values, calls }).verdict, 'leak');
  }), { numRuns: 200 });
});

test('fail closed: fewer than 12 samples since the baseline is inconclusive, without enough data', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 11 }), (values) => {
    const v = judgeRun('bytes', 'rssBytes', { values, calls: values.map((_, i) => i * 10) });
    assert.equal(v.verdict, 'inconclusive');
    assert.equal(v.enoughData, false);
  }));
});

const shape = (s: RunSummary) => s.servers.map((x) => [x.key, x.verdict, Object.entries(x.metrics).map(([k, m]) => [k, m?.verdict, m?.reason])]);

test('replay parity: a generated run recorded live replays to exactly the same verdicts and reasons', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-parity-'));
  try {
    let n = 0;
    const run = fc.record({
      fds: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 15, maxLength: 45 }),
      perCall: fc.constantFrom(0, 1),
      calls: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 45, maxLength: 45 }),
      readyAt: fc.integer({ min: 0, max: 8 }),
      roundEnd: fc.integer({ min: 5, max: 40 }),
    });
    await fc.assert(fc.asyncProperty(run, async (g) => {
      const path = join(dir, `run-${n++}.ndjson`);
      const sink = openNdjsonSink(path, { intervalMs: 1000, argv: ['--name', 'srv'] });
      const { clock, source, monitor } = setup({ targets: { names: ['srv'] }, monitor: { sinks: [sink] } });
      source.add({ pid: 200, comm: 'srv', argv: ['srv'], metrics: { fds: 10, rssBytes: 50e6, threads: 3 } });
      let calls = 0;
      for (let i = 0; i < g.fds.length; i++) {
        calls += g.calls[i]!;
        source.set(200, { fds: 10 + g.fds[i]! + g.perCall * calls, rssBytes: 50e6 + g.fds[i]! * 1e5, threads: 3 });
        await monitor.checkpoint({ calls });
        if (i === g.readyAt) monitor.markReady();
        if (i === g.roundEnd) monitor.markRoundEnd(1);
        clock.advance(1000);
      }
      const live = monitor.summary();
      await monitor.stop();
      await sink.close();
      const replayed = await replayRecording(path);
      assert.deepEqual(shape(replayed.summary), shape(live));
      assert.equal(replayed.summary.verdict, live.verdict);
    }), { numRuns: 15 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
