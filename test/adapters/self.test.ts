// mcptop's own footprint: CPU from cpuUsage deltas on a fake clock, and live FD and child counts; the system clock.
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { test } from 'node:test';
import { systemClock } from '../../source/adapters/clock.js';
import { LinuxProcessSource } from '../../source/adapters/procfs.js';
import { createRealProcReader } from '../../source/adapters/procfs-reader.js';
import type { ProcReader } from '../../source/adapters/procfs-reader.js';
import { NodeSelfSource } from '../../source/adapters/self.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { startFdChild, waitFor } from '../helpers/proc-fixtures.js';

test('CPU is undefined on the first read, then the delta over the elapsed clock time, % of one core', async () => {
  const clock = new FakeClock();
  let us = 5_000_000;
  const self = new NodeSelfSource({ clock, cpuUsage: () => ({ user: us, system: 0 }) });
  const first = await self.read();
  assert.equal(first.cpuPct, undefined);
  assert.equal(first.pid, process.pid);
  assert.ok(first.rssBytes !== undefined && first.rssBytes > 0);
  clock.advance(1000);
  us += 250_000;
  assert.equal((await self.read()).cpuPct, 25);
  clock.advance(500);
  us += 1_000_000;
  assert.equal((await self.read()).cpuPct, 200, 'two busy cores');
});

test('the FD count follows files this process opens', async (t) => {
  const self = new NodeSelfSource();
  const before = (await self.read()).fds;
  assert.ok(before !== undefined && before >= 3);
  const fds = Array.from({ length: 6 }, () => openSync('/dev/null', 'r'));
  t.after(() => { for (const fd of fds.splice(0)) closeSync(fd); });
  assert.equal((await self.read()).fds, before + 6);
  for (const fd of fds.splice(0)) closeSync(fd);
  assert.equal((await self.read()).fds, before);
});

test('children counts a spawned child and forgets it once it exits', async (t) => {
  const self = new NodeSelfSource();
  const before = (await self.read()).children;
  assert.ok(before !== undefined);
  const c = await startFdChild();
  t.after(() => c.stop());
  assert.equal((await self.read()).children, before + 1);
  await c.stop();
  await waitFor(async () => (await self.read()).children === before, 'the child to be forgotten');
});

test('children from /proc/self/task/*/children when the kernel has it, each pid once', async () => {
  const real = createRealProcReader();
  const reader: ProcReader = {
    ...real,
    readdir: (p) => (p === '/proc/self/task' ? ['10', '11'] : real.readdir(p)),
    readText: (p) => (p === '/proc/self/task/10/children' ? '300 301 ' : p === '/proc/self/task/11/children' ? '301 302\n' : real.readText(p)),
  };
  assert.equal((await new NodeSelfSource({ reader }).read()).children, 3);
});

test('FDs fall back to readdir (minus its own FD); without /proc FDs and children are undefined', async () => {
  const real = createRealProcReader();
  const sized = await new NodeSelfSource().read();
  const old = await new NodeSelfSource({ reader: { ...real, stat: (p) => ({ ...real.stat(p), size: 0 }) } }).read();
  assert.equal(old.fds, sized.fds);
  const enoent = (): never => { throw Object.assign(new Error('no /proc'), { code: 'ENOENT' }); };
  const none = await new NodeSelfSource({ reader: { readText: enoent, readBytes: enoent, readInto: enoent, readdir: enoent, readlink: enoent, stat: enoent } }).read();
  assert.equal(none.fds, undefined);
  assert.equal(none.children, undefined);
  assert.ok(none.rssBytes !== undefined);
});

test('systemClock: epoch ms, timers fire, a cleared timer does not', async () => {
  assert.ok(Math.abs(systemClock.now() - Date.now()) < 1000);
  let cleared = false;
  const h = systemClock.setTimeout(() => { cleared = true; }, 1);
  systemClock.clearTimeout(h);
  await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5));
  assert.equal(cleared, false);
});

test('without the children file, a count from the tick scan is used instead of a second pass over /proc', async (t) => {
  const real = createRealProcReader();
  const scans: string[] = [];
  const reader: ProcReader = {
    ...real,
    readText: (p) => {
      if (p.endsWith('/children')) throw Object.assign(new Error('no children file'), { code: 'ENOENT' });
      return real.readText(p);
    },
    readdir: (p) => { if (p === '/proc') scans.push(p); return real.readdir(p); },
  };
  const linux = new LinuxProcessSource();
  t.after(() => linux.close());
  const c = await startFdChild();
  t.after(() => c.stop());
  await linux.list();
  const scanned = (await new NodeSelfSource({ reader }).read()).children;
  assert.equal(scans.length, 1, 'the fallback scans /proc');
  scans.length = 0;
  const counted = (await new NodeSelfSource({ reader, childCount: () => linux.childCount(process.pid) }).read()).children;
  assert.deepEqual(scans, [], 'no second pass');
  assert.equal(counted, scanned);
  assert.ok(counted !== undefined && counted >= 1);
});

test('with the tick scan count, no children file is read each tick, and the count agrees with the files', async (t) => {
  const real = createRealProcReader();
  const read: string[] = [];
  const reader: ProcReader = { ...real, readText: (p) => { read.push(p); return real.readText(p); } };
  const linux = new LinuxProcessSource();
  t.after(() => linux.close());
  const c = await startFdChild();
  t.after(() => c.stop());
  await linux.list();
  const fromScan = (await new NodeSelfSource({ reader, childCount: () => linux.childCount(process.pid) }).read()).children;
  assert.deepEqual(read.filter((p) => p.endsWith('/children')), [], 'no children file read');
  const fromFiles = (await new NodeSelfSource({ reader }).read()).children;
  assert.ok(read.some((p) => p.endsWith('/children')), 'without the scan, the files are read');
  assert.equal(fromScan, fromFiles);
  assert.ok(fromScan !== undefined && fromScan >= 1);
});

test('heldFds: what the process source holds is reported beside the total, absent without a source', async () => {
  const withHeld = await new NodeSelfSource({ heldFds: () => 6 }).read();
  assert.equal(withHeld.heldFds, 6);
  assert.ok((withHeld.fds ?? 0) > 0);
  assert.equal('heldFds' in (await new NodeSelfSource().read()), false);
});
