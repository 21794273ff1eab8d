import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Ring } from '../../source/core/ring.js';
import { RunningStats, statsFromValues } from '../../source/core/stats.js';
import { SERIES_METRICS, ServerHistory } from '../../source/core/history.js';
import { SERVER_METRICS } from '../../source/core/types.js';

describe('ring', () => {
  test('keeps the last capacity values, oldest first, and copies out', () => {
    const r = new Ring<number>(3);
    assert.deepEqual(r.toArray(), []);
    assert.equal(r.last(), undefined);
    for (const v of [1, 2, 3, 4, 5]) r.push(v);
    const copy = r.toArray();
    assert.deepEqual(copy, [3, 4, 5]);
    assert.equal(r.last(), 5);
    r.push(6);
    assert.deepEqual(copy, [3, 4, 5], 'an earlier copy does not change');
    assert.deepEqual(r.toArray(), [4, 5, 6]);
    assert.equal(r.size, 3);
  });
  test('matches a plain array slice for any pushes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer(), { maxLength: 100 }), (cap, xs) => {
      const r = new Ring<number>(cap);
      xs.forEach((x) => r.push(x));
      assert.deepEqual(r.toArray(), xs.slice(-cap));
      assert.equal(r.last(), xs[xs.length - 1]);
    }));
  });
  test('rejects a non-positive capacity', () => {
    assert.throws(() => new Ring(0), RangeError);
  });
});

describe('stats', () => {
  test('aggregates over the whole run, ignoring gaps', () => {
    const s = new RunningStats();
    for (const v of [undefined, 10, 14, undefined, 8, 20]) s.push(v);
    assert.deepEqual(s.get(), { initial: 10, final: 20, min: 8, max: 20, avg: 13, growth: 10, growthPct: 100, count: 4 });
  });
  test('no values: everything undefined, count 0; a zero base has no growth percentage', () => {
    assert.deepEqual(new RunningStats().get(), {
      initial: undefined, final: undefined, min: undefined, max: undefined, avg: undefined, growth: undefined, growthPct: undefined, count: 0,
    });
    const z = statsFromValues([0, 3]);
    assert.equal(z.growth, 3);
    assert.equal(z.growthPct, undefined);
    assert.equal(statsFromValues([4, 3]).growthPct, -25);
  });
  test('agrees with a direct computation', () => {
    fc.assert(fc.property(fc.array(fc.option(fc.integer({ min: -1e6, max: 1e6 }), { nil: undefined })), (xs) => {
      const vals = xs.filter((x): x is number => x !== undefined);
      const st = statsFromValues(xs);
      assert.equal(st.count, vals.length);
      if (vals.length === 0) return;
      assert.equal(st.min, Math.min(...vals));
      assert.equal(st.max, Math.max(...vals));
      assert.ok(Math.abs((st.avg ?? NaN) - vals.reduce((a, b) => a + b, 0) / vals.length) < 1e-6);
      assert.equal(st.growth, (vals[vals.length - 1] ?? 0) - (vals[0] ?? 0));
    }));
  });
});

describe('server history', () => {
  test('series keep the window with gaps; stats cover the whole run', () => {
    const h = new ServerHistory(3);
    const fds = [10, undefined, 12, 13, 40];
    fds.forEach((f, i) => h.push({ t: i * 1000, fds: f, rssBytes: 100 + i, procs: 1, zombies: 0 }));
    assert.deepEqual(h.series().fds, [12, 13, 40]);
    assert.deepEqual(h.series().cpuPct, [undefined, undefined, undefined]);
    assert.deepEqual(h.sampleTimes(), [2000, 3000, 4000]);
    assert.equal(h.samples, 5);
    const st = h.statsOf('fds');
    assert.equal(st.initial, 10);
    assert.equal(st.max, 40);
    assert.equal(st.count, 4);
    assert.equal(h.statsOf('threads').count, 0);
    assert.equal(h.latest?.fds, 40);
  });
  test('a series view copies nothing until read, one array per metric read per push, and stays as taken', () => {
    const h = new ServerHistory(4);
    const push = (i: number): void => h.push({ t: i, fds: i, rssBytes: i * 10, procs: 1, zombies: 0 });
    for (let i = 1; i <= 5; i++) push(i);
    const v = h.series();
    assert.equal(h.series(), v, 'no push: the same view again (a dead server costs nothing per tick)');
    assert.equal(h.copiedSincePush, 0, 'taking a view copies no window');
    assert.deepEqual(v.fds, [2, 3, 4, 5]);
    assert.equal(v.fds, v.fds, 'read twice: one copy');
    assert.equal(h.copiedSincePush, 1, 'only the metric read was copied');
    push(6);
    assert.equal(h.copiedSincePush, 0);
    assert.notEqual(h.series(), v);
    assert.deepEqual(h.series().fds, [3, 4, 5, 6]);
    assert.deepEqual(v.fds, [3, 4, 5], 'an older view never shows a newer sample');
    assert.ok(Object.isFrozen(v.fds), 'a window handed out is read-only');
  });
  test('every metric of a sample reaches its series and its stats (each is pushed by name)', () => {
    const h = new ServerHistory(2);
    const sample = { t: 5, fds: 11, rssBytes: 22, vmsBytes: 33, cpuPct: 44.5, threads: 55, procs: 66, zombies: 0 };
    h.push(sample);
    for (const m of SERVER_METRICS) assert.equal(h.statsOf(m).final, sample[m], `stats of ${m}`);
    for (const m of SERIES_METRICS) assert.deepEqual(h.series()[m], [sample[m]], `series of ${m}`);
  });
  test('a window of 0 keeps no series at all, stats still cover the run', () => {
    const h = new ServerHistory(0);
    for (let i = 0; i < 1000; i++) h.push({ t: i, fds: i, procs: 1, zombies: 0 });
    assert.deepEqual(h.series().fds, []);
    assert.deepEqual(h.sampleTimes(), []);
    assert.equal(h.statsOf('fds').max, 999);
    assert.throws(() => new ServerHistory(-1), RangeError);
  });
  test('bounded: a window never holds more than its size, however long the run', () => {
    const h = new ServerHistory(300);
    for (let i = 0; i < 20_000; i++) h.push({ t: i, fds: i, rssBytes: i, vmsBytes: i, cpuPct: 1, procs: 1, zombies: 0 });
    for (const m of ['fds', 'rssBytes', 'vmsBytes', 'cpuPct', 'procs'] as const) assert.equal(h.series()[m].length, 300);
    assert.equal(h.sampleTimes().length, 300);
  });
});
