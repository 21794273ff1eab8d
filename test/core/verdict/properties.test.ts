// Properties of the verdict maths, checked with fast-check over generated runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MetricTrack, judgeMetric, type TrackKind } from '../../../source/core/verdict/index.js';
import type { MetricVerdict, ServerMetric } from '../../../source/core/types.js';

interface Gen { values: number[]; calls: number[] }

function judgeRun(kind: TrackKind, metric: ServerMetric, g: Gen, shift = 0): MetricVerdict {
  const t = new MetricTrack(kind);
  g.values.forEach((v, i) => t.push(i * 1000, v + shift, { calls: g.calls[i]!, cycles: 0 }));
  return judgeMetric(metric, t);
}

const cumulative = (steps: readonly number[]): number[] => { let c = 0; return steps.map((s) => (c += s)); };

const countRun = fc.record({
  values: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 5, maxLength: 300 }),
  steps: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 300, maxLength: 300 }),
}).map(({ values, steps }) => ({ values, calls: cumulative(steps).slice(0, values.length) }));

test('adding a constant never changes a verdict (counts)', () => {
  fc.assert(fc.property(countRun, fc.integer({ min: -1000, max: 100_000 }), (g, c) => {
    const a = judgeRun('count', 'fds', g); const b = judgeRun('count', 'fds', g, c);
    assert.equal(b.verdict, a.verdict);
    assert.equal(b.enoughData, a.enoughData);
  }), { numRuns: 300 });
});

test('adding a constant never changes a verdict (bytes)', () => {
  const bytesRun = fc.record({
    values: fc.array(fc.integer({ min: 0, max: 200 * 1024 * 1024 }), { minLength: 5, maxLength: 300 }),
    trend: fc.integer({ min: 0, max: 2 * 1024 * 1024 }),
    perTick: fc.integer({ min: 0, max: 100 }),
  }).map(({ values, trend, perTick }) => ({ values: values.map((v, i) => v + i * trend), calls: values.map((_, i) => i * perTick) }));
  fc.assert(fc.property(bytesRun, fc.integer({ min: 0, max: 4 * 1024 ** 3 }), (g, c) => {
    assert.equal(judgeRun('bytes', 'rssBytes', g, c).verdict, judgeRun('bytes', 'rssBytes', g).verdict);
  }), { numRuns: 200 });
});

test('a strictly rising floor past the evidence bar is always leak', () => {
  const rising = fc.record({
    n: fc.integer({ min: 24, max: 400 }),
    base: fc.integer({ min: 0, max: 10_000 }),
    d: fc.integer({ min: 1, max: 20 }),
    load: fc.constantFrom('none', 'steady', 'uneven'),
    seed: fc.integer(),
  });
  fc.assert(fc.property(rising, ({ n, base, d, load, seed }) => {
    let s = seed;
    const rnd = (): number => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
    const steps = Array.from({ length: n }, () => (load === 'none' ? 0 : load === 'steady' ? 10 : 10 + Math.floor(rnd() * 20)));
    const g = { values: Array.from({ length: n }, (_, i) => base + i * d), calls: cumulative(steps) };
    const v = judgeRun('count', 'fds', g);
    assert.equal(v.verdict, 'leak', v.reason);
  }), { numRuns: 300 });
});

test('a count that comes back to its first floor at the end is never a leak without stress rounds', () => {
  fc.assert(fc.property(countRun, (g) => {
    const floor = Math.min(...g.values);
    const values = [...g.values, floor, floor, floor, floor];
    const calls = [...g.calls, ...Array<number>(4).fill(g.calls[g.calls.length - 1] ?? 0)];
    assert.notEqual(judgeRun('count', 'fds', { values, calls }).verdict, 'leak');
  }), { numRuns: 300 });
});

test('fail closed: any run with fewer than 12 samples after warm-up is warn without enough data', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 13 }), (values) => {
    const v = judgeRun('bytes', 'rssBytes', { values, calls: values.map(() => 0) });
    assert.equal(v.verdict, 'warn');
    assert.equal(v.enoughData, false);
  }));
});
