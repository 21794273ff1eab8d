// TrackSet/MetricTrack hold fixed memory over an 8-hour 1 Hz run, keep what verdicts need; judgeMetric caches by version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricTrack, TrackSet, judgeMetric, worstVerdict } from '../../../source/core/verdict/index.js';
import { OLD_CAP, RAW_CAP } from '../../../source/core/verdict/track.js';
import { drive } from './series.js';


test('8 hours at 1 Hz stays bounded and keeps exact whole-run floor, count and work marks', () => {
  const n = 8 * 3600;
  const { track, final } = drive('count', 'fds', { n, value: (i) => 100 + Math.floor(i / 300) + (i % 17), calls: (i) => i * 3 });
  const segs = track.segments();
  assert.ok(segs.length <= RAW_CAP + OLD_CAP + 1, `segments ${segs.length}`);
  assert.equal(track.count, n);
  assert.equal(segs.reduce((a, s) => a + s.n, 0), n);
  assert.equal(Math.min(...segs.map((s) => s.lo)), 100);
  assert.equal(segs[0]!.t0, 0);
  assert.equal(segs[0]!.work, 0);
  assert.equal(segs[segs.length - 1]!.work, (n - 1) * 3);
  for (let i = 1; i < segs.length; i++) assert.ok(segs[i]!.t0 > segs[i - 1]!.t0, 'segments are ordered');
  // Still rising under load at the end: a count is named a leak once it persists after the load.
  assert.equal(final.verdict, 'inconclusive', final.reason);
  assert.match(final.reason, /^FDs rising under load: \+0\.\d\d per call over [\d,]+ calls/);
});

test('recent samples read as one-sample segments, and evicted ones keep floor, peak, first time and work', () => {
  const track = new MetricTrack('bytes');
  track.markBaseline(0);
  for (let i = 0; i < RAW_CAP + 2; i++) track.push(i * 1000, 5e9 + i + 0.5, { calls: i * 2, cycles: i });
  const segs = track.segments();
  // The two oldest samples left the raw ring: the first formed a segment of its own, the second is pending.
  assert.deepEqual(segs[0], { t0: 0, work: 0, n: 1, lo: 5e9 + 0.5, hi: 5e9 + 0.5 });
  assert.deepEqual(segs[1], { t0: 1000, work: 3, n: 1, lo: 5e9 + 1.5, hi: 5e9 + 1.5 });
  const last = RAW_CAP + 1;
  assert.deepEqual(segs.at(-1), { t0: last * 1000, work: last * 3, n: 1, lo: 5e9 + last + 0.5, hi: 5e9 + last + 0.5 });
  assert.equal(segs.length, RAW_CAP + 2);
});

test('memory is fixed at construction: the same bytes after 1 and after 100,000 samples, a few KB per metric', () => {
  const set = new TrackSet(['count', 'bytes', 'bytes', 'count', 'count', 'gauge']);
  const at0 = set.bytes;
  set.markBaseline(0);
  const values = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 100_000; i++) {
    for (let c = 0; c < 6; c++) values[c] = 1e6 + ((i * 7919 + c) % 1013);
    set.push(i * 1000, values, { calls: i * 5, cycles: 0 });
    assert.ok(set.points <= RAW_CAP + OLD_CAP + 1);
  }
  assert.equal(set.bytes, at0);
  assert.ok(at0 / 5 < 4 * 1024, `${at0} bytes for 5 stored metrics`);
  assert.equal(set.pushed[5], 100_000, 'the gauge is counted');
});

test('start-up samples are never stored: before the baseline the ring only overwrites, and the baseline drops what came before', () => {
  const track = new MetricTrack('count');
  for (let i = 0; i < RAW_CAP * 3; i++) track.push(i * 1000, i, { calls: 0, cycles: 0 });
  assert.equal(track.segments().length, RAW_CAP);
  track.markBaseline((RAW_CAP * 3 - 1) * 1000);
  assert.deepEqual(track.segments().map((s) => s.lo), [RAW_CAP * 3 - 1]);
  assert.equal(track.count, RAW_CAP * 3);
});

test('columns of a set keep their own gaps: a value missing in one never reads as zero, nor hides the others', () => {
  const set = new TrackSet(['count', 'count']);
  set.markBaseline(0);
  for (let i = 0; i < 400; i++) set.push(i * 1000, [i % 2 === 0 ? 10 : undefined, 20], { calls: i, cycles: 0 });
  const a = new MetricTrack('count', { shared: { set, col: 0 } });
  const b = new MetricTrack('count', { shared: { set, col: 1 } });
  assert.equal(a.count, 200);
  assert.equal(a.gaps, 200);
  assert.equal(b.count, 400);
  assert.ok(a.segments().every((s) => s.lo === 10));
  assert.equal(b.segments().reduce((n, s) => n + s.n, 0), 400);
});

test('a gauge (CPU) keeps its count and no history: it is shown, never judged', () => {
  const track = new MetricTrack('gauge');
  for (let i = 0; i < 500; i++) track.push(i * 1000, i % 7, { calls: 0, cycles: 0 });
  assert.equal(track.count, 500);
  assert.deepEqual(track.segments(), []);
  const v = judgeMetric('cpuPct', track);
  assert.equal(v.verdict, 'ok');
  assert.equal(v.enoughData, true);
});

test('8 hours of a flat, noisy count is ok', () => {
  const { final } = drive('count', 'fds', { n: 8 * 3600, value: (i) => 100 + (i * 7919) % 13 });
  assert.equal(final.verdict, 'ok', final.reason);
});

test('three rounds that each leave 30 MB behind are a leak', () => {
  // 3 rounds of 10 ticks of load (2,000 calls), 20 idle ticks between; each round leaves 30 MB behind, under 8 MB of GC
  // swing (90 MB in all: past the 1.2x of the baseline a heap may hold uncollected, series.ts UNCOLLECTED_HEADROOM).
  const inRound = (i: number): boolean => i >= 10 && i < 100 && (i - 10) % 30 < 10;
  let calls = 0; let leaked = 0;
  const values: number[] = []; const callsAt: number[] = []; const ends: number[] = [];
  for (let i = 0; i < 110; i++) {
    if (inRound(i)) { calls += 200; leaked += 3; }
    if (i >= 10 && (i - 10) % 30 === 9) ends.push(i);
    values.push(Math.round((60 + leaked + (inRound(i) ? (i % 4) * 2 : 0)) * 1024 * 1024));
    callsAt.push(calls);
  }
  const { final } = drive('bytes', 'rssBytes', { n: 110, value: (i) => values[i], calls: (i) => callsAt[i]!, roundEnds: ends });
  assert.equal(final.verdict, 'leak', final.reason);
  assert.match(final.reason, /^RSS \+\d+\.\d KB per call over [\d,]+ calls \(95% CI /);
});

test('judgeMetric recomputes only when the track changed', () => {
  const t = new MetricTrack('count');
  t.markBaseline(0);
  for (let i = 0; i < 30; i++) t.push(i * 1000, 5 + (i % 2), { calls: 0, cycles: 0 });
  const a = judgeMetric('fds', t);
  assert.equal(judgeMetric('fds', t), a);
  t.push(30_000, 5, { calls: 0, cycles: 0 });
  assert.notEqual(judgeMetric('fds', t), a);
});

test('worstVerdict', () => {
  assert.equal(worstVerdict([]), 'ok');
  assert.equal(worstVerdict(['ok', 'inconclusive']), 'inconclusive');
  assert.equal(worstVerdict(['inconclusive', 'leak', 'ok']), 'leak');
});

test('a long track is re-judged once per 1/24 of its samples; fresh forces it', () => {
  const t = new MetricTrack('count');
  t.markBaseline(0);
  for (let i = 0; i < 1000; i++) t.push(i * 1000, 20 + (i % 2), { calls: 0, cycles: 0 });
  const a = judgeMetric('fds', t);
  t.push(1_000_000, 5000, { calls: 0, cycles: 0 });
  assert.equal(judgeMetric('fds', t), a, 'one more sample of 1,001 waits for the next 1/24');
  const fresh = judgeMetric('fds', t, { fresh: true });
  assert.notEqual(fresh, a);
  let after = -1;
  for (let i = 0; i < 100 && after < 0; i++) {
    t.push(1_001_000 + i * 1000, 20, { calls: 0, cycles: 0 });
    if (judgeMetric('fds', t) !== fresh) after = i + 1;
  }
  assert.ok(after > 1 && after <= 100, `judged again after ${after} samples (about 1/24 of 1,001)`);
});
