// Idle servers: a column that held one value since the baseline is judged at once by search (constant.ts), so 100 idle
// servers queue nothing; the queue holds only evidence that moved, and lets go of a dropped server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JUDGE_BUDGET, JudgeQueue, MetricTrack, TrackSet, judgeMetric, verdictDue } from '../../../source/core/verdict/index.js';
import { ServerState, dropOldEnded } from '../../../source/core/server-state.js';
import { DEFAULT_THRESHOLDS } from '../../../source/core/config.js';
import type { ProcKey, ProcessView, ServerSample } from '../../../source/core/types.js';

const load = { calls: 0, cycles: 0 };

test('a column is constant only after the baseline, while every value is the same and none is a gap', () => {
  const set = new TrackSet(['count', 'count', 'gauge']);
  set.push(0, [5, 1, 3], load);
  assert.equal(set.constant(0), false, 'no baseline yet');
  set.push(1000, [9, 1, 3], load);
  set.markBaseline(1000);
  assert.equal(set.constant(0), true, 'start-up rows before the baseline do not count');
  assert.equal(set.constant(1), true);
  assert.equal(set.constant(2), false, 'a gauge is never stored');
  for (let i = 2; i < 50; i++) set.push(i * 1000, [9, 1, 3], load);
  assert.equal(set.constant(0), true);
  set.push(50_000, [10, undefined, 3], load);
  assert.equal(set.constant(0), false, 'a value moved');
  assert.equal(set.constant(1), false, 'a gap is not the same value');
  set.push(51_000, [9, 1, 3], load);
  assert.equal(set.constant(0), false, 'moving back does not make it constant again');
});

test('a constant column is judged flat by search; a moved value makes it due at once and judged over its points', () => {
  const track = new MetricTrack('count');
  track.markBaseline(0);
  for (let i = 0; i < 400; i++) track.push(i * 1000, 7, load);
  const v = judgeMetric('fds', track);
  assert.equal(v.verdict, 'ok');
  assert.match(v.reason, /flat: floor \+0\.00 over 6\.\d min \(12 windows\)/);
  assert.equal(verdictDue('fds', track), false);
  track.push(400_000, 9, load);
  assert.equal(track.constant, false);
  assert.equal(verdictDue('fds', track), true, 'the first moved value is due at once, not at the next slot');
  judgeMetric('fds', track);
  assert.equal(track.judged?.constant, false, 'judged over its points now (one higher sample leaves the floor flat)');
  assert.equal(verdictDue('fds', track), false);
});

test('100 idle servers: their flat verdicts cost the fixed part each and stay fresh; a server whose RSS moves is judged on time', () => {
  const q = new JudgeQueue();
  const view = (n: number): ProcessView[] => [{ key: `${n}@1`, pid: n, startTime: 1, ppid: 1, comm: 'srv', command: 'srv', state: 'S', depth: 0, alive: true, metrics: { fds: 10 } } as ProcessView];
  const servers = Array.from({ length: 101 }, (_, n) => new ServerState({ key: `${n}@1`, pid: n, label: `s${n}`, command: 's' }, DEFAULT_THRESHOLDS, 1000, 0, q));
  const busy = servers[100]!;
  const sample = (t: number, rss: number): ServerSample => ({ t, fds: 10, rssBytes: rss, vmsBytes: 1e9, threads: 7, cpuPct: 0, procs: 1, zombies: 0 });
  let spentLate = 0;
  let waitingLate = 0;
  for (let i = 0; i < 900; i++) {
    const t = i * 1000;
    for (const s of servers.slice(0, 100)) s.record(sample(t, 50e6), view(s.id.pid), [], load);
    // The busy one leaks 1 MB a tick from tick 200 on.
    busy.record(sample(t, 50e6 + Math.max(0, i - 200) * 1e6), view(100), [], load);
    if (i >= 600) { spentLate = Math.max(spentLate, q.spent); waitingLate = Math.max(waitingLate, q.length); }
  }
  assert.ok(spentLate <= JUDGE_BUDGET + 400, `within the budget: ${spentLate} points a tick`);
  assert.ok(waitingLate <= 101 * 5, `each track waits at most once: ${waitingLate}`);
  assert.equal(busy.view().metricVerdicts.rssBytes?.verdict, 'leak', 'the moving server was judged in full');
  const idle = servers[0]!.view().metricVerdicts.fds;
  assert.equal(idle?.verdict, 'ok');
  assert.match(idle?.reason ?? '', /flat: floor \+0\.00 over 1[3-5]\.\d min/, 'the wording is as fresh as the schedule (a constant column: every 1/12 to 1/6 of its samples)');
});

test('a dropped server\'s waiting re-judgements never run, and the queue lets go of them (servers replaced all day)', () => {
  // A budget of 1 point: one judgement a tick, so the moving servers' re-judgements pile up behind.
  const q = new JudgeQueue(1);
  const servers = new Map<ProcKey, ServerState>();
  const view = (n: number): ProcessView[] => [{ key: `${n}@1`, pid: n, startTime: 1, ppid: 1, comm: 'srv', command: 'srv', state: 'S', depth: 0, alive: true, metrics: { fds: 10 } } as ProcessView];
  for (let n = 0; n < 20; n++) servers.set(`${n}@1` as ProcKey, new ServerState({ key: `${n}@1`, pid: n, label: `s${n}`, command: 's' }, DEFAULT_THRESHOLDS, 1000, 0, q));
  let t = 0;
  for (let i = 0; i < 400; i++, t += 1000) {
    // RSS moves a little every tick: its judgements go through the queue.
    for (const s of servers.values()) s.record({ t, fds: 10, rssBytes: 50e6 + (i % 7) * 4096, vmsBytes: 1e9, threads: 7, cpuPct: 0, procs: 1, zombies: 0 }, view(s.id.pid), [], load);
  }
  const waiting = q.length;
  assert.ok(waiting > 10, `re-judgements wait in the queue: ${waiting}`);
  for (const s of servers.values()) s.end(t);
  dropOldEnded(servers, 5);
  assert.equal(servers.size, 5);
  assert.ok(q.length <= 5 * 10, `only the kept servers' tracks still wait: ${q.length} of ${waiting}`);
  dropOldEnded(servers, 0);
  assert.equal(q.length, 0, 'nothing of a dropped server waits');
  for (let i = 0; i < 3; i++) q.drain(t + i * 1000);
  assert.equal(q.spent, 0, 'what was dropped never runs');
});
