// The re-judge schedule (index.ts dueAt / verdictDue): a verdict falls due again for as long as samples come, about
// once per 1/48 to 1/24 of them (1/12 to 1/6 for a column that held one value), spread by seed, and at once when a
// constant column moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLAT_STEP, MIN_SAMPLES, MetricTrack, cheapToJudge, judgeMetric, verdictDue } from '../../../source/core/verdict/index.js';

const load = { calls: 0, cycles: 0 };

/** Sample indexes at which the verdict fell due over n samples (judged each time, as the Monitor does). */
function dues(n: number, value: (i: number) => number): { at: number[]; track: MetricTrack } {
  const track = new MetricTrack('count');
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    track.push(i * 1000, value(i), load);
    if (i === 5) track.markBaseline(i * 1000);
    if (verdictDue('fds', track)) { at.push(i); judgeMetric('fds', track); }
  }
  return { at, track };
}

test('a moving column is re-judged about every 1/24 of its samples for as long as they come, whatever its seed', () => {
  for (const base of [10, 11, 37, 5000, 123_457]) {
    const { at } = dues(12_000, (i) => base + (i % 2));
    for (const from of [1000, 5000, 11_000]) {
      const next = at.find((i) => i >= from);
      assert.ok(next !== undefined && next - from <= from / 24 + 1, `base ${base}: due again within 1/24 after sample ${from} (next ${next})`);
    }
    const late = at.filter((i) => i >= 6000);
    assert.ok(late.length >= 12 && late.length <= 26, `base ${base}: ${late.length} re-judgements over the last 6,000 samples (1/48 to 1/24 of them: 12-25)`);
  }
});

test('a constant column is re-judged every 1/12 to 1/6 of its samples, and at once when its value moves', () => {
  const { at } = dues(3000, () => 9);
  const late = at.filter((i) => i >= 1500);
  assert.ok(late.length >= 3 && late.length <= 12, `constant: ${late.join(' ')}`);
  const moved = dues(3001, (i) => (i === 3000 ? 10 : 9));
  assert.equal(moved.at.at(-1), 3000, 'the moved sample is judged on its own tick');
  assert.equal(moved.track.constant, false);
});

test('a gauge (CPU: shown, never judged) falls due once, when it has enough samples, and again only when a round ends', () => {
  const track = new MetricTrack('gauge');
  const at: number[] = [];
  for (let i = 0; i < 5000; i++) {
    track.push(i * 1000, i % 7, load);
    if (i === 5) track.markBaseline(i * 1000);
    if (i === 4000) track.markRoundEnd();
    if (verdictDue('cpuPct', track)) { at.push(i); judgeMetric('cpuPct', track); }
  }
  const late = at.filter((i) => i > MIN_SAMPLES);
  assert.deepEqual(late, [4000], `re-judged at ${late.join(' ')}`);
  assert.equal(judgeMetric('cpuPct', track).enoughData, true);
});

test('an idle column is re-counted every few points until it can be judged, reaches "flat" on time, is re-worded at most every FLAT_STEP samples, and is due at once when work starts', () => {
  const track = new MetricTrack('count');
  const at: number[] = [];
  let flatAt: number | undefined;
  let calls = 0;
  for (let i = 0; i < 400; i++) {
    if (i >= 300) calls += 5;
    track.push(i * 1000, 9, { calls, cycles: 0 });
    if (i === 5) track.markBaseline(i * 1000);
    if (verdictDue('fds', track)) { at.push(i); const v = judgeMetric('fds', track); if (v.enoughData) flatAt ??= i; }
  }
  // The baseline is sample 5: its 12th stored point is sample 16, and the verdict turns "flat" on that very sample.
  assert.equal(flatAt, 5 + MIN_SAMPLES - 1, `flat first judged at ${flatAt}`);
  // Between the baseline and then, "n of 12" is re-counted every 4 points, not every sample.
  const waiting = at.filter((i) => i >= 5 && i < flatAt!);
  assert.ok(waiting.length >= 2 && waiting.length <= 4, `re-counted at ${waiting.join(' ')}`);
  const idle = at.filter((i) => i > flatAt! && i < 300);
  for (let j = 1; j < idle.length; j++) assert.ok(idle[j]! - idle[j - 1]! >= FLAT_STEP, `re-worded at ${idle.join(' ')}`);
  assert.ok(idle.length >= 3, `still re-worded while idle: ${idle.join(' ')}`);
  assert.ok(at.includes(300), `work started at sample 300: judged then (${at.filter((i) => i >= 290).join(' ')})`);
  assert.equal(judgeMetric('fds', track).slopePerMin, undefined, 'judged per unit of work once work moved');
});

test('before its baseline a column is due every sample, and its start-up verdict is one object (re-judging it changes nothing)', () => {
  const track = new MetricTrack('count');
  const seen = new Set<unknown>();
  for (let i = 0; i < 10; i++) {
    track.push(i * 1000, 9 + i, load);
    assert.ok(verdictDue('fds', track), `due at sample ${i}`);
    seen.add(judgeMetric('fds', track));
  }
  assert.equal(seen.size, 1);
});

test('an idle column counting up to 12 gets the verdict a walk gives, one object per metric and count, judged at once', () => {
  for (const [metric, kind] of [['fds', 'count'], ['vmsBytes', 'bytes']] as const) {
    const a = new MetricTrack(kind);
    const b = new MetricTrack(kind);
    const moving = new MetricTrack(kind);
    for (let i = 0; i < 8; i++) {
      a.push(i * 1000, 9, load);
      b.push(i * 1000, 9, load);
      moving.push(i * 1000, 9 + (i % 2), load);
      if (i === 2) for (const tr of [a, b, moving]) tr.markBaseline(i * 1000);
    }
    const va = judgeMetric(metric, a);
    assert.equal(judgeMetric(metric, b), va, `${metric}: two servers' idle columns share one object`);
    assert.ok(Object.isFrozen(va));
    assert.deepEqual({ ...va }, { ...judgeMetric(metric, moving) }, `${metric}: the verdict judgeSeries gives the same 6 points`);
    assert.match(va.reason, /6 of 12/);
    assert.ok(cheapToJudge(a), 'O(1): judged at once, never queued');
    assert.ok(!cheapToJudge(moving), 'a moving column is walked: queued');
  }
});
