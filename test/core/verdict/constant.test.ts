// judgeConstant (a column that held one value, judged by search) against judgeSeries over the same points: the same
// verdict, field for field, over many shapes of evidence (loads, tails, gaps in time, merged old segments, both kinds).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricTrack, judgeMetric } from '../../../source/core/verdict/index.js';
import { judgeConstant } from '../../../source/core/verdict/constant.js';
import { judgeSeries, type SeriesOptions, type SeriesPoint } from '../../../source/core/verdict/series.js';
import { TrackSet } from '../../../source/core/verdict/index.js';
import { rng } from '../../helpers/rng.js';
import type { LoadMarks } from '../../../source/core/verdict/index.js';

interface Shape { set: TrackSet; track: MetricTrack; o: SeriesOptions; desc: string }

/** A one-column set fed `n` samples of one value: times with jitter and pauses, a load stretch or none, a baseline somewhere. */
function shape(seed: number): Shape {
  const r = rng(seed);
  const kind = r() < 0.5 ? 'count' : 'bytes';
  const caps = r() < 0.5 ? { rawCap: 8 + Math.floor(r() * 40), oldCap: 2 * (1 + Math.floor(r() * 8)) } : {};
  const track = new MetricTrack(kind, { intervalMs: 1000, ...caps });
  const n = Math.floor(r() * 400);
  const baseAt = Math.floor(r() * 20);
  const loadFrom = r() < 0.5 ? Math.floor(r() * n) : Infinity;
  const loadTo = loadFrom + Math.floor(r() * n);
  const perCall = r() < 0.3;
  const value = kind === 'bytes' ? 50 * 1024 * 1024 : 37;
  let t = 1_000_000;
  let calls = 0;
  let cycles = 0;
  for (let i = 0; i < n; i++) {
    t += r() < 0.05 ? 1000 * (2 + Math.floor(r() * 60)) : 1000 + Math.floor(r() * 30);
    if (i >= loadFrom && i < loadTo) { if (perCall) calls += 1 + Math.floor(r() * 40); else cycles += 1; }
    const load: LoadMarks = { calls, cycles };
    track.push(t, value, load);
    if (i === baseAt) track.markBaseline(t);
  }
  const o: SeriesOptions = { kind, noun: kind === 'bytes' ? 'RSS' : 'FDs', unit: track.unit };
  return { set: track.set, track, o, desc: `seed ${seed}: ${kind}, ${n} samples, caps ${JSON.stringify(caps)}, load ${loadFrom}..${loadTo}` };
}

const pointsOf = (track: MetricTrack): SeriesPoint[] => {
  const out: SeriesPoint[] = [];
  track.forEach((t, work, lo, hi) => { if (t >= (track.baselineT ?? Infinity)) out.push({ t, work, lo, hi }); });
  return out;
};

test('judgeConstant gives judgeSeries\'s verdict on 600 shapes of a constant column', () => {
  const seen = new Set<string>();
  for (let seed = 1; seed <= 600; seed++) {
    const s = shape(seed);
    if (s.track.baselineT === undefined) continue;
    assert.ok(s.track.constant, s.desc);
    const fast = judgeConstant(s.set, s.o);
    assert.ok(fast !== undefined, s.desc);
    assert.deepStrictEqual(fast, judgeSeries(pointsOf(s.track), s.o), s.desc);
    seen.add(fast.reason.replace(/[\d,.]+/g, '#'));
  }
  // Every branch was reached: too few points, too few under load, too few stretches, flat by time and by work.
  const reasons = [...seen].join('\n');
  for (const want of ['not enough evidence yet', 'under load since the baseline', 'stretches of the run', 'flat: floor +# over # min', 'flat: floor +# B over # min', 'cycles (', 'calls (']) {
    assert.ok(reasons.includes(want), `no shape reached "${want}":\n${reasons}`);
  }
});

test('times that went backwards: judgeConstant declines, the walk judges', () => {
  const track = new MetricTrack('count', { intervalMs: 1000 });
  const load = { calls: 0, cycles: 0 };
  for (let i = 0; i < 40; i++) track.push(i === 20 ? 5_000 : 10_000 + i * 1000, 4, load);
  track.markBaseline(10_000);
  assert.equal(judgeConstant(track.set, { kind: 'count', noun: 'FDs', unit: 'cycle' }), undefined);
  assert.equal(judgeMetric('fds', track).verdict, 'ok');
});

test('a column that moved is judged over its points, not by search', () => {
  const track = new MetricTrack('count', { intervalMs: 1000 });
  const load = { calls: 0, cycles: 0 };
  track.push(0, 4, load);
  track.markBaseline(0);
  for (let i = 1; i < 120; i++) track.push(i * 1000, 4 + Math.floor(i / 4), load);
  assert.equal(track.constant, false);
  assert.equal(judgeMetric('fds', track).verdict, 'leak');
});

test('the constant columns of one set share one search: a second column reads no point until the set changes', () => {
  const set = new TrackSet(['count', 'count', 'bytes'], { intervalMs: 1000 });
  const load = { calls: 0, cycles: 0 };
  for (let i = 0; i < 150; i++) {
    set.push(i * 1000 + (i % 3), [8, 1, 50_000_000], load);
    if (i === 5) set.markBaseline(i * 1000 + 2);
  }
  let reads = 0;
  const pointAt = set.pointAt.bind(set);
  set.pointAt = (i, field) => { reads++; return pointAt(i, field); };
  const fds = judgeConstant(set, { kind: 'count', noun: 'FDs', unit: 'cycle' });
  assert.ok(reads > 0, 'the first column searches');
  reads = 0;
  const rss = judgeConstant(set, { kind: 'bytes', noun: 'RSS', unit: 'cycle' });
  assert.equal(reads, 0, 'the second column reuses the search');
  assert.match(fds?.reason ?? '', /^FDs flat/);
  assert.match(rss?.reason ?? '', /^RSS flat/);
  set.push(150_000, [8, 1, 50_000_000], load);
  judgeConstant(set, { kind: 'count', noun: 'threads', unit: 'cycle' });
  assert.ok(reads > 0, 'a new sample: searched again');
});
