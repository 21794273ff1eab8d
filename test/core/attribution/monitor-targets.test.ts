// The Monitor and FD attribution: targets are read for a baseline on a server's first kinds turn and again only when
// its FD count rises; the growing targets reach the snapshot and the summary; a flat server is not read again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FdTargetReader, FdTargetsResult } from '../../../source/core/attribution/fd-targets.js';
import { setup } from '../monitor-setup.js';

/** A reader answering from a script, counting its reads. */
function scripted(answer: (read: number) => FdTargetsResult) {
  const reads: number[][] = [];
  const reader: FdTargetReader = { read: async (pids) => { reads.push([...pids]); return answer(reads.length); } };
  return { reader, reads };
}

test('a rising server: baseline first, then the target that grew, in the snapshot and the summary', async () => {
  const { reader, reads } = scripted((n) => [
    { target: 'file /srv/app/data.json', kind: 'file', count: n === 1 ? 1 : 1 + (n - 1) * 10 },
    { target: 'anon eventfd', kind: 'anon_inode', count: 2 },
  ]);
  const { clock, source, monitor } = setup({ targets: { names: ['srv'] }, monitor: { fdTargets: reader } });
  const p = source.add({ pid: 200, comm: 'srv', metrics: { fds: 10 } });
  for (let i = 0; i < 4; i++) {
    p.metrics = { ...p.metrics, fds: 10 + i * 10 };
    clock.advance(1000);
    await monitor.tick();
  }
  assert.equal(reads.length, 4); // baseline on the first tick, then one per rise
  assert.deepEqual(reads[0], [200]);
  const grew = monitor.getSnapshot().servers[0]?.fdTargets;
  assert.deepEqual(grew, [{ target: 'file /srv/app/data.json', kind: 'file', baseline: 1, count: 31, growth: 30 }]);
  assert.deepEqual(monitor.summary().servers[0]?.fdTargets, grew);
});

test('a flat server is read once for its baseline and carries no targets', async () => {
  const { reader, reads } = scripted(() => [{ target: 'file /a', kind: 'file', count: 3 }]);
  const { clock, source, monitor } = setup({ targets: { names: ['srv'] }, monitor: { fdTargets: reader } });
  source.add({ pid: 200, comm: 'srv', metrics: { fds: 10 } });
  for (let i = 0; i < 5; i++) {
    clock.advance(1000);
    await monitor.tick();
  }
  assert.equal(reads.length, 1);
  assert.equal(monitor.getSnapshot().servers[0]?.fdTargets, undefined);
  assert.equal('fdTargets' in (monitor.summary().servers[0] ?? {}), false);
});

test('a denied or failing reader changes nothing and never stops the tick', async () => {
  let n = 0;
  const reader: FdTargetReader = { read: async () => { n++; if (n % 2 === 0) throw new Error('boom'); return 'denied'; } };
  const { clock, source, monitor } = setup({ targets: { names: ['srv'] }, monitor: { fdTargets: reader } });
  const p = source.add({ pid: 200, comm: 'srv', metrics: { fds: 10 } });
  for (let i = 0; i < 4; i++) {
    p.metrics = { ...p.metrics, fds: 10 + i };
    clock.advance(1000);
    await monitor.tick();
  }
  assert.equal(monitor.tickCount, 4);
  assert.equal(monitor.getSnapshot().servers[0]?.fdTargets, undefined);
  assert.ok(n >= 3);
});
