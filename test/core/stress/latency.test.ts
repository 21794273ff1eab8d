import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram } from '../../../source/core/stress/latency.js';

test('histogram percentiles are within 2% over a wide range, in constant memory', () => {
  const h = new LatencyHistogram();
  assert.equal(h.quantile(0.5), undefined);
  assert.deepEqual(h.summary(), {});
  for (let i = 1; i <= 100_000; i++) h.add(i / 100); // 0.01 .. 1000 ms, uniform
  const near = (got: number | undefined, want: number): void => assert.ok(got !== undefined && Math.abs(got - want) / want < 0.02, `${got} vs ${want}`);
  near(h.quantile(0.5), 500);
  near(h.quantile(0.95), 950);
  near(h.quantile(0.99), 990);
  assert.equal(h.max, 1000);
  assert.equal(h.count, 100_000);
  h.add(Number.NaN);
  h.add(-1);
  assert.equal(h.count, 100_000, 'junk ignored');
  h.add(10_000_000);
  assert.ok((h.quantile(1) ?? 0) <= 10_000_000);
});
