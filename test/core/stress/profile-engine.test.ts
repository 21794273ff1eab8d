// The profile engine and its judge: a tool per load, the leaking metric named per tool, skipped and failing tools
// reported as rows; the judge's warm-up, floors and steadiness rule on literal points.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProfileRun, planTools } from '../../../source/core/stress/profile-engine.js';
import { judgeProfileMetric, INCONCLUSIVE } from '../../../source/core/stress/profile-judge.js';
import type { Snapshot } from '../../../source/core/types.js';
import { makeServer, makeSnapshot } from '../../helpers/snapshots.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeConnector, FakeStressMonitor } from './fakes.js';

describe('judgeProfileMetric', () => {
  const pts = (...fds: number[]) => fds.map((f, i) => ({ calls: i * 100, fds: f }));
  test('steady growth past the floors is a leak, per call over the rounds after the warm-up', () => {
    assert.deepEqual(judgeProfileMetric(pts(10, 60, 160, 260), 'fds'), { perCall: 1, verdict: 'leak' });
  });
  test('warm-up growth alone is ok; growth that stalls in a round is inconclusive; a gap is inconclusive', () => {
    assert.equal(judgeProfileMetric(pts(10, 60, 60, 61), 'fds').verdict, 'ok');
    assert.equal(judgeProfileMetric(pts(10, 20, 120, 110, 220), 'fds').verdict, INCONCLUSIVE);
    assert.equal(judgeProfileMetric([{ calls: 0, fds: 1 }, { calls: 100 }], 'fds').verdict, INCONCLUSIVE);
    assert.equal(judgeProfileMetric([{ calls: 0, fds: 1 }], 'fds').verdict, INCONCLUSIVE);
  });
  test('memory needs MBs, not KBs: RSS noise of a clean tool is ok', () => {
    const rss = (...mb: number[]) => mb.map((m, i) => ({ calls: i * 100, rssBytes: m * 1024 * 1024 }));
    assert.equal(judgeProfileMetric(rss(50, 52, 53, 54), 'rssBytes').verdict, 'ok');
    assert.equal(judgeProfileMetric(rss(50, 75, 100, 125), 'rssBytes').verdict, 'leak');
  });
});

describe('planTools', () => {
  test('no-argument tools run; required arguments need --tool-args; destructive names too', () => {
    const plan = planTools([
      { name: 'a', required: [], properties: [] },
      { name: 'b', required: ['k'], properties: ['k'] },
      { name: 'delete_all', required: [], properties: [] },
      { name: 'c', required: ['q'], properties: ['q'] },
    ], { c: { q: '{i}' } });
    assert.deepEqual(plan.run, [{ name: 'a', args: {} }, { name: 'c', args: { q: '{i}' } }]);
    assert.deepEqual(plan.skipped.map((s) => [s.tool, s.state]), [['b', 'skipped'], ['delete_all', 'skipped']]);
    assert.match(plan.skipped[0]!.note ?? '', /--tool-args/);
  });
});

describe('ProfileRun', () => {
  test('the FD-leaking tool and the memory-leaking tool are each named on their metric, the clean one ok, a failing one reported', async () => {
    const clock = new FakeClock();
    const counts = { fds: 20, rss: 50 * 1024 * 1024 };
    const conn = new FakeConnector((name) => {
      if (name === 'broken') return { ok: false, latencyMs: 1, kind: 'toolError', message: 'scripted' };
      if (name === 'open') counts.fds += 1;
      if (name === 'hoard') counts.rss += 200 * 1024;
      return { ok: true, latencyMs: 1 };
    }, ['clean', 'open', 'hoard', 'broken'].map((name) => ({ name, required: [], properties: [] })));
    const monitor = new (class extends FakeStressMonitor {
      override getSnapshot(): Snapshot {
        return makeSnapshot({ servers: [makeServer({ pid: 7, latest: { fds: counts.fds, rssBytes: counts.rss, procs: 1 } })] });
      }
    })();
    const profiled: unknown[] = [];
    const run = new ProfileRun({ users: 2, calls: 20, rounds: 3, delayMs: 0, timeoutMs: 1000 }, {
      clock, connector: conn, monitor: Object.assign(monitor, { setProfile: (r: unknown) => { profiled.push(r); } }),
      serverKey: () => '7@1007', settle: false,
    });
    const r = await run.run();
    assert.equal(r.state, 'done');
    const by = new Map(r.tools.map((t) => [t.tool, t]));
    assert.deepEqual([by.get('open')?.metrics.fds.verdict, by.get('open')?.metrics.rssBytes.verdict], ['leak', 'ok']);
    assert.equal(by.get('open')?.metrics.fds.perCall, 1);
    assert.deepEqual([by.get('hoard')?.metrics.fds.verdict, by.get('hoard')?.metrics.rssBytes.verdict], ['ok', 'leak']);
    assert.equal(by.get('clean')?.verdict, 'ok');
    assert.equal(by.get('broken')?.state, 'failed');
    assert.equal(r.tools.at(-1)?.tool, 'broken', 'a tool not judged comes after the judged ones');
    assert.deepEqual(r.tools.slice(0, 2).map((t) => t.verdict), ['leak', 'leak'], 'leaking tools first');
    assert.equal(by.get('open')?.calls, 120);
    assert.equal(profiled.length, 1);
  });

  test('no tool callable: failed with the reason, skipped tools listed', async () => {
    const conn = new FakeConnector(undefined, [{ name: 'need', required: ['x'], properties: ['x'] }]);
    const r = await new ProfileRun({ users: 1, calls: 1, rounds: 1, delayMs: 0, timeoutMs: 1000 }, { clock: new FakeClock(), connector: conn, settle: false }).run();
    assert.equal(r.state, 'failed');
    assert.match(r.message ?? '', /--tool-args/);
    assert.equal(r.tools[0]?.state, 'skipped');
  });
});
