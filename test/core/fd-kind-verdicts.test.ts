// Per-kind FD verdicts: a kind that keeps rising is a leak even when the total hides it; kinds never read are absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kinds } from '../helpers/fake-source.js';
import { setup } from './monitor-setup.js';

async function run(ticks: number, step: (i: number) => { fds: number; fdKinds: ReturnType<typeof kinds> | 'denied' }) {
  const { clock, source, monitor } = setup({ targets: { names: ['srv'] } });
  const p = source.add({ pid: 200, comm: 'srv', metrics: { fds: step(0).fds } });
  for (let i = 0; i < ticks; i++) {
    const s = step(i);
    p.metrics = { ...p.metrics, fds: s.fds };
    p.fdKinds = s.fdKinds;
    clock.advance(1000);
    await monitor.tick();
  }
  return { snap: monitor.getSnapshot(), summary: monitor.summary() };
}

test('sockets that keep rising while files fall by as much: total ok, socket leak, and the server is a leak', async () => {
  const { snap, summary } = await run(300, (i) => ({ fds: 60, fdKinds: kinds({ socket: 10 + Math.floor(i / 10), file: 50 - Math.floor(i / 10) }) }));
  const server = summary.servers[0]!;
  assert.equal(server.metrics.fds.verdict, 'ok', server.metrics.fds.reason);
  assert.equal(server.fdKinds?.socket?.verdict, 'leak', server.fdKinds?.socket?.reason);
  assert.match(server.fdKinds?.socket?.reason ?? '', /^socket: /);
  assert.equal(server.fdKinds?.socket?.initial, 10);
  assert.equal(server.fdKinds?.socket?.final, 39);
  assert.equal(server.fdKinds?.file?.verdict, 'ok', server.fdKinds?.file?.reason);
  assert.equal(server.verdict, 'leak');
  assert.equal(summary.verdict, 'leak');
  assert.equal(snap.servers[0]?.fdKindVerdicts?.socket?.verdict, 'leak');
});

test('flat kinds are ok and leave the server ok', async () => {
  const { summary } = await run(300, (i) => ({ fds: 60 + (i % 3), fdKinds: kinds({ socket: 10 + (i % 3), file: 50 }) }));
  const server = summary.servers[0]!;
  for (const k of ['socket', 'pipe', 'anon_inode', 'file', 'other'] as const) assert.equal(server.fdKinds?.[k]?.verdict, 'ok', server.fdKinds?.[k]?.reason);
  // (RSS and the rest have no samples in this table, so the server is "warn": not enough data; never a leak.)
  assert.notEqual(server.verdict, 'leak');
});

test('kinds another user\'s process denies are never judged or summarised (not zeros)', async () => {
  const { snap, summary } = await run(40, () => ({ fds: 60, fdKinds: 'denied' }));
  assert.equal(summary.servers[0]?.fdKinds, undefined);
  assert.deepEqual(snap.servers[0]?.fdKindVerdicts, {});
  assert.equal(snap.servers[0]?.fdKinds, 'denied');
});
