// JudgeQueue runs due re-judgements oldest first within a budget per tick; ServerState's evidence is fixed and small.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JUDGE_FIXED, JudgeQueue, type JudgeItem } from '../../../source/core/verdict/index.js';
import { OLD_CAP, RAW_CAP } from '../../../source/core/verdict/track.js';
import { ServerState } from '../../../source/core/server-state.js';
import { DEFAULT_THRESHOLDS } from '../../../source/core/config.js';
import type { ProcessView, ServerSample } from '../../../source/core/types.js';

function items(costs: readonly number[], ran: number[]): JudgeItem[] {
  return costs.map((cost, i) => ({ queued: false, cost, run: () => { ran.push(i); } }));
}

test('the queue runs oldest first while the tick\'s budget lasts, and goes on next tick', () => {
  const q = new JudgeQueue(250);
  const ran: number[] = [];
  const its = items([100, 100, 100, 100, 100], ran);
  for (const it of its) q.add(it);
  q.drain(1000);
  assert.deepEqual(ran, [0, 1, 2], 'budget 250: the third starts with 50 left');
  q.drain(1000);
  assert.deepEqual(ran, [0, 1, 2], 'the same tick: nothing more');
  q.drain(2000);
  assert.deepEqual(ran, [0, 1, 2, 3, 4]);
  assert.equal(q.length, 0);
});

test('an item waiting is queued once and runs on the latest evidence; one dearer than the budget still runs', () => {
  const q = new JudgeQueue(10);
  const ran: number[] = [];
  const [a, b] = items([500, 5], ran);
  q.add(a!); q.add(a!); q.add(b!);
  assert.equal(q.length, 2);
  q.drain(1);
  assert.deepEqual(ran, [0], 'the first item of a tick always runs');
  q.add(a!);
  q.drain(2);
  assert.deepEqual(ran, [0, 1, 0]);
});

const id = (n: number) => ({ key: `${n}@1`, pid: n, label: `srv${n}`, command: `srv ${n}` });
const procs = (n: number): ProcessView[] => [{
  key: `${n}@1`, pid: n, startTime: 1, ppid: 1, comm: 'srv', command: `srv ${n}`, state: 'S', depth: 0, alive: true, metrics: { fds: 10 },
} as ProcessView];
const sample = (t: number, i: number): ServerSample => ({ t, fds: 10 + (i % 3), rssBytes: 50e6 + (i % 5) * 1e6, vmsBytes: 1e9, threads: 7, cpuPct: 1, procs: 1, zombies: 0 });

test('a server\'s verdict evidence is a fixed few KB (well under 30 KB), the same after 20,000 samples', () => {
  const q = new JudgeQueue();
  const s = new ServerState(id(1), DEFAULT_THRESHOLDS, 1000, 30, q);
  const bytes = s.evidenceBytes;
  assert.ok(bytes < 25 * 1024, `${bytes} bytes`);
  for (let i = 0; i < 20_000; i++) {
    s.recordKinds(i * 1000, { socket: 3, pipe: 2, anon_inode: 1, file: 4 + (i % 2), other: 0 }, { calls: i, cycles: 0 });
    s.record(sample(i * 1000, i), procs(1), [], { calls: i, cycles: 0 });
  }
  assert.equal(s.evidenceBytes, bytes);
  assert.equal(s.summary().verdict, 'ok', 'a flat server stays ok on the bounded evidence');
});

test('100 servers sampled from cold judge no more than the budget a tick; a lone server is judged on the tick it falls due', () => {
  const q = new JudgeQueue(2000);
  const servers = Array.from({ length: 100 }, (_, n) => new ServerState(id(n + 10), DEFAULT_THRESHOLDS, 1000, 30, q));
  const lone = new ServerState(id(1), DEFAULT_THRESHOLDS, 1000, 30, new JudgeQueue());
  const twin = new ServerState(id(2), DEFAULT_THRESHOLDS, 1000, 30, new JudgeQueue(1e9));
  let waited = 0; let maxSpent = 0;
  for (let i = 0; i < 1500; i++) {
    const t = i * 1000;
    for (const s of servers) s.record(sample(t, i), procs(s.id.pid), [], { calls: i * 10, cycles: 0 });
    waited = Math.max(waited, q.length);
    assert.ok(q.spent <= 2000 + RAW_CAP + OLD_CAP + 1 + JUDGE_FIXED, `tick ${i}: ${q.spent} points judged`);
    if (i < 30) assert.equal(q.spent, 0, 'start-up is judged in O(1), never queued');
    maxSpent = Math.max(maxSpent, q.spent);
    for (const [s, pid] of [[lone, 1], [twin, 2]] as const) {
      s.recordKinds(t, { socket: 3 + (i % 2), pipe: 2, anon_inode: 1, file: 4 + (i % 3), other: i % 2 }, { calls: i * 10, cycles: 0 });
      s.record(sample(t, i), procs(pid), [], { calls: i * 10, cycles: 0 });
    }
    assert.deepEqual(lone.view().metricVerdicts, twin.view().metricVerdicts, `tick ${i}: a lone server waits for nothing`);
    assert.deepEqual(lone.view().fdKindVerdicts, twin.view().fdKindVerdicts, `tick ${i}: nor do its FD kinds`);
  }
  assert.ok(maxSpent > 2000, 'the budget was reached');
  assert.ok(waited > 0 && waited <= 100 * 5, `at most each judged track waits, once: ${waited}`);
  // What waited was judged later, and the exit summary judges every track fresh whatever waits.
  const a = servers[0]!.summary(); const b = twin.summary();
  assert.deepEqual(a.metrics, b.metrics);
});
