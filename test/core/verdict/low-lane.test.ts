// A column that held one value since the baseline can only be judged "ok, flat": its re-judgements wait in the
// queue's low lane, within a small share per tick, behind evidence that moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JudgeQueue, MetricTrack, TrackSet, judgeMetric, onlyRewords, type JudgeItem } from '../../../source/core/verdict/index.js';
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

test('a flat verdict only rewords while the column stays constant; a moved value makes it due in full again', () => {
  const track = new MetricTrack('count');
  track.markBaseline(0);
  for (let i = 0; i < 40; i++) track.push(i * 1000, 7, load);
  const v = judgeMetric('fds', track);
  assert.equal(v.verdict, 'ok');
  assert.match(v.reason, /flat/);
  assert.equal(onlyRewords(track), true);
  track.push(40_000, 8, load);
  assert.equal(onlyRewords(track), false, 'the cached verdict no longer stands on constant evidence');
  const w = judgeMetric('fds', track, { fresh: true });
  assert.equal(track.judged?.flat, false, `${w.reason}`);
});

const items = (n: number, cost: number, ran: string[], tag: string): JudgeItem[] =>
  Array.from({ length: n }, (_, i) => ({ queued: false, cost, run: () => { ran.push(`${tag}${i}`); } }));

test('the low lane runs after the main lane, within its own share, and an item needing more moves to the main lane', () => {
  const q = new JudgeQueue(1000, 250);
  const ran: string[] = [];
  const lows = items(4, 200, ran, 'l');
  const mains = items(2, 100, ran, 'm');
  for (const it of lows) q.add(it, true);
  for (const it of mains) q.add(it);
  assert.equal(q.length, 6);
  q.drain(1);
  assert.deepEqual(ran, ['m0', 'm1', 'l0', 'l1'], 'main first; the low share is 250: l1 starts with 50 left');
  q.add(lows[3]!);
  assert.equal(q.length, 2, 'moved, not counted twice');
  q.drain(2);
  assert.deepEqual(ran.slice(4), ['l3', 'l2'], 'l3 moved to the main lane runs first; its stale low entry is skipped');
  assert.equal(q.length, 0);
  q.add(lows[0]!, true); q.add(lows[0]!, true);
  assert.equal(q.length, 1, 'queued once');
});

test('100 idle servers: flat tracks no longer fill the budget; a server whose RSS moves is still judged on time', () => {
  const q = new JudgeQueue();
  const view = (n: number): ProcessView[] => [{ key: `${n}@1`, pid: n, startTime: 1, ppid: 1, comm: 'srv', command: 'srv', state: 'S', depth: 0, alive: true, metrics: { fds: 10 } } as ProcessView];
  const servers = Array.from({ length: 101 }, (_, n) => new ServerState({ key: `${n}@1`, pid: n, label: `s${n}`, command: 's' }, DEFAULT_THRESHOLDS, 1000, 0, q));
  const busy = servers[100]!;
  const sample = (t: number, rss: number): ServerSample => ({ t, fds: 10, rssBytes: rss, vmsBytes: 1e9, threads: 7, cpuPct: 0, procs: 1, zombies: 0 });
  let spentLate = 0;
  for (let i = 0; i < 900; i++) {
    const t = i * 1000;
    for (const s of servers.slice(0, 100)) s.record(sample(t, 50e6), view(s.id.pid), [], load);
    // The busy one leaks 1 MB a tick from tick 200 on.
    busy.record(sample(t, 50e6 + Math.max(0, i - 200) * 1e6), view(100), [], load);
    if (i >= 600) spentLate = Math.max(spentLate, q.spent);
  }
  assert.ok(spentLate < 1000, `idle servers' flat re-judgements stay in the low share: ${spentLate} points a tick`);
  assert.equal(busy.view().metricVerdicts.rssBytes?.verdict, 'leak', 'the moving server was judged in full');
  assert.equal(servers[0]!.view().metricVerdicts.fds?.verdict, 'ok');
});

test('a dropped server\'s waiting re-judgements never run, and the queue lets go of them (servers replaced all day)', () => {
  // A low share of 1 point: one low item a tick, so flat re-judgements pile up behind.
  const q = new JudgeQueue(2300, 1);
  const servers = new Map<ProcKey, ServerState>();
  const view = (n: number): ProcessView[] => [{ key: `${n}@1`, pid: n, startTime: 1, ppid: 1, comm: 'srv', command: 'srv', state: 'S', depth: 0, alive: true, metrics: { fds: 10 } } as ProcessView];
  for (let n = 0; n < 20; n++) servers.set(`${n}@1` as ProcKey, new ServerState({ key: `${n}@1`, pid: n, label: `s${n}`, command: 's' }, DEFAULT_THRESHOLDS, 1000, 0, q));
  let t = 0;
  for (let i = 0; i < 400; i++, t += 1000) {
    for (const s of servers.values()) s.record({ t, fds: 10, rssBytes: 50e6, vmsBytes: 1e9, threads: 7, cpuPct: 0, procs: 1, zombies: 0 }, view(s.id.pid), [], load);
  }
  const waiting = q.length;
  assert.ok(waiting > 20, `flat re-judgements wait in the low lane: ${waiting}`);
  for (const s of servers.values()) s.end(t);
  dropOldEnded(servers, 5);
  assert.equal(servers.size, 5);
  assert.ok(q.length <= 5 * 10, `only the kept servers' tracks still wait: ${q.length} of ${waiting}`);
  dropOldEnded(servers, 0);
  assert.equal(q.length, 0, 'nothing of a dropped server waits');
  for (let i = 0; i < 3; i++) q.drain(t + i * 1000);
  assert.equal(q.spent, 0, 'what was dropped never runs');
});
