// The trend test and the baseline rule on literal series: staircase, saw-tooth, warm-up spike, start-up ramp, persistence.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeSeries, type SeriesPoint } from '../../../source/core/verdict/series.js';
import { mannKendall, normalTail, theilSen } from '../../../source/core/verdict/trend.js';
import { drive } from './series.js';

const MB = 1024 * 1024;
/** Points from literal values: one per checkpoint, `per` calls apart; then `tail` samples after the load at the last value. */
function pts(values: readonly number[], per = 10, tail = 0): SeriesPoint[] {
  const out: SeriesPoint[] = values.map((v, i) => ({ t: i * 100, work: i * per, lo: v, hi: v }));
  const last = values[values.length - 1]!;
  for (let k = 0; k < tail; k++) out.push({ t: (values.length + k) * 100, work: (values.length - 1) * per, lo: last, hi: last });
  return out;
}
const fds = (ps: SeriesPoint[]) => judgeSeries(ps, { kind: 'count', noun: 'FDs', unit: 'call' });
const rss = (ps: SeriesPoint[]) => judgeSeries(ps, { kind: 'bytes', noun: 'RSS', unit: 'call' });

describe('trend statistics', () => {
  test('Mann-Kendall: strictly rising is significant, flat or falling is not, ties are corrected', () => {
    assert.ok(mannKendall([1, 2, 3, 4, 5, 6, 7, 8]).p < 0.001);
    assert.equal(mannKendall([5, 5, 5, 5, 5, 5]).p, 1);
    assert.equal(mannKendall([6, 5, 4, 3, 2, 1]).p, 1);
    const tied = mannKendall([1, 1, 1, 2, 2, 2]);
    assert.equal(tied.s, 9);
    assert.ok(tied.varS < (6 * 5 * 17) / 18, 'ties shrink the variance');
  });

  test('Theil-Sen: the median slope shrugs off an outlier; its CI holds the true slope', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const ys = xs.map((x) => 2 * x + (x === 4 ? 50 : 0));
    const ts = theilSen(xs, ys, mannKendall(ys).varS)!;
    assert.equal(ts.slope, 2);
    assert.ok(ts.lo <= 2 && ts.hi >= 2);
    assert.equal(theilSen([3, 3], [1, 2], 1), undefined);
  });

  test('normal tail', () => {
    assert.ok(Math.abs(normalTail(0) - 0.5) < 1e-6);
    assert.ok(Math.abs(normalTail(2.326) - 0.01) < 1e-4);
  });
});

describe('judgeSeries on literal series', () => {
  test('1 FD per call that stays after the load is a leak, with rate, CI, test and persistence in the reason', () => {
    const v = fds(pts(Array.from({ length: 24 }, (_, i) => 20 + i * 10), 10, 4));
    assert.equal(v.verdict, 'leak', v.reason);
    assert.match(v.reason, /^FDs \+1\.00 per call over 230 calls \(95% CI .*\); floor rose in 11 of 11 windows, Mann-Kendall p<0\.001; still \+230 above the baseline after the load$/);
    assert.equal(v.perKiloCalls, 1000);
  });

  test('growth still rising under load is inconclusive until it outlasts the load (counts and bytes)', () => {
    const v = fds(pts(Array.from({ length: 24 }, (_, i) => 20 + i * 10)));
    assert.equal(v.verdict, 'inconclusive');
    assert.match(v.hint ?? '', /settle/);
    assert.equal(rss(pts(Array.from({ length: 24 }, (_, i) => 60 * MB + i * 10 * MB))).verdict, 'inconclusive');
  });

  test('a count that returns to its baseline after the load is ok', () => {
    const ps = pts(Array.from({ length: 24 }, (_, i) => 20 + i * 10), 10);
    for (let k = 0; k < 4; k++) ps.push({ t: 3000 + k * 100, work: 230, lo: 20, hi: 20 });
    assert.equal(fds(ps).verdict, 'ok');
  });

  test('a staircase (V8 heap steps of 8 MB every 4 checkpoints) is growth: leak once past the uncollected headroom', () => {
    const steps = (n: number) => Array.from({ length: n }, (_, i) => 60 * MB + Math.floor(i / 4) * 8 * MB);
    const v = rss(pts(steps(48), 50, 3));
    assert.equal(v.verdict, 'leak', v.reason);
    // The same staircase stopped at +56 MB (under 1.2x the 60 MB baseline) could still be garbage a heap has not collected.
    const early = rss(pts(steps(32), 50, 3));
    assert.equal(early.verdict, 'inconclusive', early.reason);
    assert.match(early.reason, /may be garbage not yet collected/);
    assert.match(early.hint ?? '', /^run >= [\d,]+ more calls/);
  });

  test('a GC saw-tooth (rises 30 MB, collected back) is ok', () => {
    const saw = Array.from({ length: 40 }, (_, i) => 60 * MB + (i % 5) * 6 * MB);
    const v = rss(pts(saw, 50, 3));
    assert.equal(v.verdict, 'ok', v.reason);
  });

  test('a warm-up spike that levels off is ok', () => {
    const spike = Array.from({ length: 30 }, (_, i) => (i < 3 ? 20 + i * 15 : 50));
    const v = fds(pts(spike, 10, 4));
    assert.equal(v.verdict, 'ok', v.reason);
    assert.match(v.reason, /levelled off|no trend|flat|no growth charged/);
  });

  test('a warm-up curve that flattens (heap and JIT) is never a leak', () => {
    const curve = Array.from({ length: 40 }, (_, i) => 40 * MB + 120 * MB * (1 - Math.exp(-i / 4)));
    assert.notEqual(rss(pts(curve, 50, 3)).verdict, 'leak');
  });

  test('bytes within the GC headroom (under half the baseline) are ok however steady', () => {
    const creep = Array.from({ length: 30 }, (_, i) => 66 * MB + i * MB);
    const v = rss(pts(creep, 100, 3));
    assert.equal(v.verdict, 'ok');
    assert.match(v.reason, /GC headroom/);
  });

  test('a cache that fills (concave: +20 MB over the first fifth of the work, then flat) is ok', () => {
    const fill = Array.from({ length: 50 }, (_, i) => 72 * MB + 20 * MB * Math.min(1, i / 10) ** 0.5);
    const v = rss(pts(fill, 20, 3));
    assert.equal(v.verdict, 'ok', v.reason);
    assert.match(v.reason, /levelled off|GC headroom|no trend|no growth charged/);
  });

  test('a saw-tooth caught at 2.5 periods (rises 33 MB, collected back twice) is never a leak', () => {
    const saw = Array.from({ length: 30 }, (_, i) => 72 * MB + (i % 12) * 3 * MB);
    for (const tail of [0, 3]) assert.notEqual(rss(pts(saw, 10, tail)).verdict, 'leak', `tail ${tail}`);
  });

  test('a garbage ramp before the first major GC (+45 MB over 100 sessions, kept after the load) is inconclusive, not leak', () => {
    // The v1-SDK HTTP server that frees its sessions: ~450 KB of garbage per session that V8 has not collected yet.
    const ramp = Array.from({ length: 21 }, (_, i) => 72 * MB + i * 2.25 * MB);
    const v = judgeSeries(pts(ramp, 5, 6), { kind: 'bytes', noun: 'RSS', unit: 'session' });
    assert.equal(v.verdict, 'inconclusive', v.reason);
    assert.match(v.reason, /^RSS rising, but may be garbage not yet collected: \+460\.8 KB per session over 100 sessions .*under the 86\.4 MB a heap may grow by/);
    assert.match(v.hint ?? '', /^run >= \d+ more sessions: garbage levels off, a leak keeps rising past it$/);
    // ... and once collected it levels off (+55 MB by 140 sessions, then flat to 250): ok.
    const levelled = Array.from({ length: 51 }, (_, i) => 72 * MB + Math.min(i, 28) * (55 / 28) * MB);
    assert.equal(judgeSeries(pts(levelled, 5, 6), { kind: 'bytes', noun: 'RSS', unit: 'session' }).verdict, 'ok');
    // A leak keeps rising past 1.2x the baseline: +120 MB over 250 sessions is named.
    const leak = Array.from({ length: 51 }, (_, i) => 72 * MB + i * 2.4 * MB);
    assert.equal(judgeSeries(pts(leak, 5, 6), { kind: 'bytes', noun: 'RSS', unit: 'session' }).verdict, 'leak');
  });

  test('growth given back after the load (a major collection came) is ok; kept after it, a leak stays named', () => {
    // The healthy demo at 4,000 calls: +45 MB of garbage under load, collected ~29 s after it (RSS back under the baseline).
    const ramp = Array.from({ length: 25 }, (_, i) => 72 * MB + i * 1.9 * MB);
    const given = [...pts(ramp, 160, 20), ...[0, 1, 2, 3].map((k) => ({ t: (45 + k) * 100, work: 24 * 160, lo: 66 * MB, hi: 66 * MB }))];
    const v = rss(given);
    assert.equal(v.verdict, 'ok', v.reason);
    assert.match(v.reason, /^RSS returned to its baseline after the load \(-6\.0 MB kept; rose \+4\d\.\d MB under load\)$/);
    // The same ramp still there after the load: not ok (inconclusive under the uncollected headroom).
    assert.equal(rss(pts(ramp, 160, 20)).verdict, 'inconclusive');
    // Given back only in part (a 6.4 MB leak under 40 MB of garbage: 15 MB kept): not ok.
    const part = [...pts(ramp, 160, 20), ...[0, 1, 2, 3].map((k) => ({ t: (45 + k) * 100, work: 24 * 160, lo: 87 * MB, hi: 87 * MB }))];
    assert.notEqual(rss(part).verdict, 'ok', rss(part).reason);
    // A real leak given back only in part (more than half kept) is still named.
    const leak = Array.from({ length: 25 }, (_, i) => 72 * MB + i * 5 * MB);
    const kept = [...pts(leak, 160, 6), ...[0, 1, 2, 3].map((k) => ({ t: (31 + k) * 100, work: 24 * 160, lo: 150 * MB, hi: 150 * MB }))];
    assert.equal(rss(kept).verdict, 'leak', rss(kept).reason);
    // ... given back to under half but not to the baseline (50 MB of 120 kept): undecided, never ok.
    const half = [...pts(leak, 160, 6), ...[0, 1, 2, 3].map((k) => ({ t: (31 + k) * 100, work: 24 * 160, lo: 122 * MB, hi: 122 * MB }))];
    assert.equal(rss(half).verdict, 'inconclusive', rss(half).reason);
    assert.match(rss(half).reason, /^RSS gave back part of its growth after the load: \+50\.0 MB kept/);
  });

  test('a warm-up step then a slow creep: the step is not charged to the work (ok within GC headroom)', () => {
    // The corpus warm-up server at 1,000 calls: +31 MB over its first 30 calls, then +26 MB of creep over 1,000.
    const warm = Array.from({ length: 48 }, (_, i) => 71 * MB + (i === 0 ? 0 : 31 * MB) + i * 0.55 * MB);
    const v = rss(pts(warm, 21, 4));
    assert.equal(v.verdict, 'ok', v.reason);
    assert.match(v.reason, /^RSS within GC headroom: \+2\d\.\d MB over/);
  });

  test('too few samples is inconclusive, never ok, and says what would decide it', () => {
    const v = fds(pts([20, 21, 22, 23, 24]));
    assert.equal(v.verdict, 'inconclusive');
    assert.equal(v.enoughData, false);
    assert.ok(v.hint);
  });

  test('no load: a steady rise over time is judged per minute', () => {
    const v = fds(Array.from({ length: 40 }, (_, i) => ({ t: i * 1000, work: 0, lo: 30 + i, hi: 30 + i })));
    assert.equal(v.verdict, 'leak', v.reason);
    assert.match(v.reason, /^FDs \+60\.0 per min over/);
  });

  test('the same evidence at any speed gives the same verdict (time does not enter a loaded series)', () => {
    const values = Array.from({ length: 24 }, (_, i) => 20 + i * 3);
    const fast = pts(values, 10, 4);
    const slow = fast.map((p) => ({ ...p, t: p.t * 1000 }));
    assert.deepEqual(fds(slow), fds(fast));
  });
});

describe('the baseline rule on a MetricTrack', () => {
  test('a start-up ramp before the baseline is shown, never judged', () => {
    // FDs 4 -> 18 while Node starts (8 samples), then flat at 18 under load.
    const value = (i: number): number => (i < 8 ? 4 + i * 2 : 18);
    const judged = drive('count', 'fds', { n: 40, value, calls: (i) => Math.max(0, i - 8) * 10, baselineAt: 8 });
    assert.equal(judged.final.verdict, 'ok', judged.final.reason);
    assert.match(judged.final.reason, /^FDs flat: floor \+0\.00/);
    const naive = drive('count', 'fds', { n: 40, value, calls: (i) => Math.max(0, i - 8) * 10, baselineAt: 0 });
    assert.doesNotMatch(naive.final.reason, /^FDs flat/, 'judged from the first sample, the ramp would count as growth');
  });

  test('no baseline yet: inconclusive with the reason, whatever the samples', () => {
    const { final } = drive('count', 'fds', { n: 50, value: (i) => 10 + i, baselineAt: -1 });
    assert.equal(final.verdict, 'inconclusive');
    assert.match(final.reason, /start-up/);
  });
});
