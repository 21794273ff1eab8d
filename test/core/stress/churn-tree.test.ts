import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idOf, leftovers, treeOf } from '../../../source/core/stress/churn-tree.js';
import type { ProcEntry, ProcState } from '../../../source/core/types.js';

const p = (pid: number, ppid: number, pgid: number, sid: number, state: ProcState = 'S', startTime = pid): ProcEntry => ({ pid, ppid, pgid, sid, comm: 'node', state, startTime });
const exclude = new Set([0, 1, 50]);

test('treeOf: group, session and descendants of the root; excluded PIDs never', () => {
  const table = [p(1, 0, 1, 1), p(50, 1, 50, 50), p(60, 50, 60, 60), p(61, 60, 60, 60), p(62, 61, 62, 62), p(63, 1, 60, 60), p(70, 1, 70, 70)];
  assert.deepEqual(treeOf(60, table, exclude).map((x) => x.pid).sort(), [60, 61, 62, 63]);
});

test('leftovers: running members are owned, zombies counted, new init orphans are candidates, old ones never', () => {
  const before = [p(60, 50, 60, 60), p(61, 60, 60, 60), p(62, 61, 62, 62)];
  const after = [
    p(62, 1, 62, 62), // setsid grandchild, re-parented: ours by identity
    p(61, 60, 60, 60, 'Z'), // zombie member
    p(80, 1, 80, 80), // a new orphan somewhere: a candidate lookalike
    p(81, 1, 81, 81), // an old orphan (known before churn): never
    p(65, 1, 60, 60), // forked into our group while closing: ours
  ];
  const lo = leftovers(before, 60, after, exclude, new Set([idOf(p(81, 1, 81, 81))]));
  assert.deepEqual(lo.owned.map((x) => x.pid).sort(), [62, 65]);
  assert.deepEqual(lo.zombies.map((x) => x.pid), [61]);
  assert.deepEqual(lo.orphans.map((x) => x.pid), [80]);
});

test('leftovers: a reused PID is not ours, and a reused root PID does not pull in its new group', () => {
  const before = [p(60, 50, 60, 60, 'S', 1000), p(61, 60, 60, 60, 'S', 1001)];
  const after = [p(61, 1, 61, 61, 'S', 9999), p(60, 1, 60, 60, 'S', 8888), p(64, 60, 60, 60, 'S', 8889)];
  const lo = leftovers(before, 60, after, exclude, new Set());
  assert.deepEqual(lo.owned, []);
});
