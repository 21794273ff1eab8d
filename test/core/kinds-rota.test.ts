import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KindsRota } from '../../source/core/kinds-rota.js';
import type { ProcKey } from '../../source/core/types.js';

const key = (n: number): ProcKey => `${n}:1` as ProcKey;
const servers = (fds: readonly (number | undefined)[]) => fds.map((f, i) => ({ key: key(i), fds: f }));

test('servers take turns within the FD budget, resuming where the last tick stopped', () => {
  const rota = new KindsRota(100, 2);
  const list = servers([60, 30, 50, 10]);
  assert.deepEqual([...rota.pick(list, new Set())], [key(0), key(1)]);
  assert.deepEqual([...rota.pick(list, new Set())], [key(2), key(3)]);
  assert.deepEqual([...rota.pick(list, new Set())], [key(0), key(1)]);
});

test('one server over the budget alone still gets its turn; must-reads come on top and are not counted twice', () => {
  const rota = new KindsRota(100);
  const list = servers([500, 20, 20]);
  assert.deepEqual([...rota.pick(list, new Set())], [key(0)]);
  assert.deepEqual([...rota.pick(list, new Set([key(0)]))].sort(), [key(0), key(1), key(2)].sort());
  assert.deepEqual([...rota.pick([], new Set([key(7)]))], [key(7)]);
});

test('any table: every server is read within as many ticks as there are servers, and a tick spends at most the budget plus one server', () => {
  fc.assert(fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }), { minLength: 1, maxLength: 30 }), (fds) => {
    const rota = new KindsRota(250);
    const list = servers(fds);
    const seen = new Set<ProcKey>();
    for (let tick = 0; tick < list.length; tick++) {
      const picked = [...rota.pick(list, new Set())];
      assert.ok(picked.length >= 1 || seen.size === list.length, 'a tick reads someone while some server was never read');
      const cost = picked.map((k) => Math.max(1, list.find((s) => s.key === k)?.fds ?? 1));
      assert.ok(cost.length === 1 || cost.reduce((a, b) => a + b, 0) <= 250, `spent ${cost.join('+')}`);
      for (const k of picked) seen.add(k);
    }
    assert.equal(seen.size, list.length);
  }));
});

test('a server whose FD count did not move waits REFRESH_TICKS for its next breakdown; one that moved is due at once', () => {
  const rota = new KindsRota(1000, 5);
  const list = servers([4, 4, 4]);
  assert.deepEqual([...rota.pick(list, new Set())], [key(0), key(1), key(2)]);
  for (let tick = 2; tick <= 5; tick++) assert.deepEqual([...rota.pick(list, new Set())], [], `tick ${tick}: a steady table costs nothing`);
  const moved = servers([4, 5, 4]);
  assert.deepEqual([...rota.pick(moved, new Set())], [key(0), key(1), key(2)], 'tick 6: key 1 moved, and the refresh is due');
  assert.deepEqual([...rota.pick(moved, new Set())], []);
  assert.deepEqual([...rota.pick(servers([4, 5, 3]), new Set())], [key(2)]);
});

test('a breakdown that came out the same doubles the wait (up to the cap); another breakdown or a moved count resets it', () => {
  const rota = new KindsRota(1000, 2, 8);
  const same = { socket: 2, pipe: 2, anon_inode: 0, file: 0, other: 0 };
  const readTicks: number[] = [];
  const run = (ticks: number, fds: number[], kinds = same, from = 1): void => {
    for (let t = from; t < from + ticks; t++) {
      if (rota.pick(servers(fds), new Set()).size > 0) { readTicks.push(t); rota.observed(key(0), kinds); }
    }
  };
  run(30, [4]);
  assert.deepEqual(readTicks, [1, 3, 7, 15, 23], 'first read, then waits of 2, 4 (same), 8, 8 (capped)');
  readTicks.length = 0;
  run(6, [4], { ...same, file: 1, socket: 1 }, 31);
  assert.deepEqual(readTicks, [31, 33], 'tick 31: the cap came round; the breakdown changed: a wait of 2, then 4');
  readTicks.length = 0;
  run(2, [4], same, 37);
  assert.deepEqual(readTicks, [37], 'changed again at 37: nothing at 38');
  readTicks.length = 0;
  run(1, [5], same, 38);
  assert.deepEqual(readTicks, [38], 'a moved count is due at once');
});
