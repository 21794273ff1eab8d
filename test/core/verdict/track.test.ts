// MetricTrack stays bounded over an 8-hour 1 Hz run, keeps what verdicts need, and judgeMetric caches by version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricTrack, judgeMetric, worstVerdict } from '../../../source/core/verdict/index.js';
import { drive } from './series.js';

test('8 hours at 1 Hz stays bounded and keeps exact whole-run floor, count and load marks', () => {
  const n = 8 * 3600;
  const { track, final } = drive('count', 'fds', { n, value: (i) => 100 + Math.floor(i / 300) + (i % 17), calls: (i) => i * 3 });
  const segs = track.segments();
  assert.ok(segs.length <= 600 + 257 + 1, `segments ${segs.length}`);
  assert.equal(track.count, n);
  assert.equal(segs.reduce((a, s) => a + s.n, 0), n);
  assert.equal(Math.min(...segs.map((s) => s.min)), 100);
  assert.equal(segs[0]!.t0, 0);
  assert.equal(segs[0]!.calls0, 0);
  assert.equal(segs[segs.length - 1]!.calls1, (n - 1) * 3);
  for (let i = 1; i < segs.length; i++) assert.ok(segs[i]!.t0 > segs[i - 1]!.t1, 'segments are ordered and disjoint');
  assert.equal(final.verdict, 'leak', final.reason);
});

test('8 hours of a flat, noisy count is ok', () => {
  const { final } = drive('count', 'fds', { n: 8 * 3600, value: (i) => 100 + (i * 7919) % 13 });
  assert.equal(final.verdict, 'ok', final.reason);
});

test('settled baselines rising round after round prove a leak the windows would dilute', () => {
  // 3 rounds of 10 ticks of load, 20 idle ticks between; each round leaves 6 MB behind, under 8 MB of GC swing.
  const inRound = (i: number): boolean => i >= 10 && (i - 10) % 30 < 10;
  let calls = 0; let leaked = 0;
  const values: number[] = []; const callsAt: number[] = []; const ends: number[] = [];
  for (let i = 0; i < 110; i++) {
    if (inRound(i)) { calls += 100; leaked += 0.6; }
    if (i >= 10 && (i - 10) % 30 === 9) ends.push(i);
    values.push(Math.round((60 + leaked + (inRound(i) ? (i % 4) * 2 : 0)) * 1024 * 1024));
    callsAt.push(calls);
  }
  const { final } = drive('bytes', 'rssBytes', { n: 110, value: (i) => values[i], calls: (i) => callsAt[i]!, roundEnds: ends });
  assert.equal(final.verdict, 'leak', final.reason);
  assert.match(final.reason, /settled baseline per round \+6\.0 MB, \+6\.0 MB/);
});

test('judgeMetric recomputes only when the track changed', () => {
  const t = new MetricTrack('count');
  for (let i = 0; i < 30; i++) t.push(i * 1000, 5, { calls: 0, cycles: 0 });
  const a = judgeMetric('fds', t);
  assert.equal(judgeMetric('fds', t), a);
  t.push(30_000, 5, { calls: 0, cycles: 0 });
  assert.notEqual(judgeMetric('fds', t), a);
});

test('worstVerdict', () => {
  assert.equal(worstVerdict([]), 'ok');
  assert.equal(worstVerdict(['ok', 'warn']), 'warn');
  assert.equal(worstVerdict(['warn', 'leak', 'ok']), 'leak');
});
