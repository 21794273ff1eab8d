// The Linux backend against real children, and with an injected reader that fails the way /proc can fail.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { LinuxProcessSource, SETTLE_PASSES } from '../../source/adapters/procfs.js';
import { createRealProcReader } from '../../source/adapters/procfs-reader.js';
import type { ProcReader } from '../../source/adapters/procfs-reader.js';
import { backendContract, startFdChild } from '../helpers/proc-fixtures.js';

const errno = (code: string): Error => Object.assign(new Error(`${code}: simulated`), { code });

/** The real reader, with some paths failing and every call counted. */
function fakeReader(fail: (path: string) => string | undefined, overrides: Partial<ProcReader> = {}) {
  const real = createRealProcReader();
  const calls: string[] = [];
  const guard = <A extends unknown[], R>(name: string, fn: (path: string, ...rest: A) => R) => (path: string, ...rest: A): R => {
    calls.push(`${name} ${path}`);
    const code = fail(path);
    if (code !== undefined) throw errno(code);
    return fn(path, ...rest);
  };
  const reader: ProcReader = {
    readText: guard('readText', overrides.readText ?? real.readText),
    readBytes: guard('readBytes', overrides.readBytes ?? real.readBytes),
    readInto: guard('readInto', overrides.readInto ?? real.readInto),
    readdir: guard('readdir', overrides.readdir ?? real.readdir),
    readlink: guard('readlink', overrides.readlink ?? real.readlink),
    stat: guard('stat', overrides.stat ?? real.stat),
  };
  return { reader, calls };
}

/** PF_KTHREAD in /proc/<pid>/stat's flags (not "PID 2": in a PID namespace that is an ordinary process). */
function isKernelThread(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const flags = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[6]);
    return (flags & 0x200000) !== 0;
  } catch {
    return false;
  }
}

describe('LinuxProcessSource, live', () => {
  const source = new LinuxProcessSource();
  after(() => source.close());
  backendContract(source, { exactArgv: true });

  test('a kernel thread has an empty argv', async (t) => {
    const kthread = (await source.list()).find((e) => isKernelThread(e.pid));
    if (kthread === undefined) return t.skip('no kernel threads visible in this pid namespace');
    assert.deepEqual(await source.cmdline(kthread.pid), []);
    assert.equal((await source.measure([kthread.pid])).get(kthread.pid)?.rssBytes, 0);
  });

  test('USER_HZ and the page size come from the auxiliary vector', () => {
    assert.equal(source.clockTicks, 100);
    assert.equal(source.pageBytes, 4096);
  });

  test('falls back to 100 Hz and statm/status when auxv is unreadable', () => {
    const { reader } = fakeReader((p) => (p.endsWith('/auxv') ? 'EACCES' : undefined));
    const s = new LinuxProcessSource({ reader });
    assert.equal(s.clockTicks, 100);
    assert.equal(s.pageBytes, 4096);
  });
});

describe('LinuxProcessSource, injected failures', () => {
  test("another user's process: FDs undefined, kinds and environment denied, nothing thrown", async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    // As root /proc never says EACCES, so the reader says it for this child's private files.
    const mine = `/proc/${c.pid}/`;
    const privateFile = /\/(fd|environ|cwd)(\/|$)/;
    const { reader } = fakeReader((p) => (p.startsWith(mine) && privateFile.test(p) ? 'EACCES' : undefined));
    const s = new LinuxProcessSource({ reader });
    const e = (await s.list()).find((x) => x.pid === c.pid);
    assert.ok(e, 'still listed');
    const m = (await s.measure([c.pid])).get(c.pid);
    assert.ok(m, 'still measured');
    assert.equal(m.fds, undefined);
    assert.ok(m.rssBytes !== undefined && m.rssBytes > 0);
    assert.equal(await s.fdKinds(c.pid), 'denied');
    assert.deepEqual(await s.environment(c.pid), { cwd: undefined, env: undefined });
    assert.equal(await s.fdLimit(c.pid) !== undefined, true, 'limits are world-readable');
  });

  test('a readlink denied midway makes fdKinds "denied"; one closed midway is just not counted', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const denied = fakeReader((p) => (p === `/proc/${c.pid}/fd/1` ? 'EPERM' : undefined));
    assert.equal(await new LinuxProcessSource({ reader: denied.reader }).fdKinds(c.pid), 'denied');
    const closed = fakeReader((p) => (p === `/proc/${c.pid}/fd/1` ? 'ENOENT' : undefined));
    const kinds = await new LinuxProcessSource({ reader: closed.reader }).fdKinds(c.pid);
    const real = await new LinuxProcessSource().fdKinds(c.pid);
    assert.ok(typeof kinds === 'object' && typeof real === 'object');
    const sum = (k: typeof real) => k.socket + k.pipe + k.anon_inode + k.file + k.other;
    assert.equal(sum(kinds), sum(real) - 1);
  });

  test('measure() reuses the stat read by list() once, then reads it again', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const { reader, calls } = fakeReader(() => undefined);
    const s = new LinuxProcessSource({ reader });
    await s.list();
    calls.length = 0;
    await s.measure([c.pid, process.pid]);
    assert.deepEqual(calls.filter((x) => x.endsWith('/stat')), [], 'no second read of /proc/PID/stat');
    await s.measure([c.pid]);
    assert.deepEqual(calls.filter((x) => x.endsWith('/stat')), [`readInto /proc/${c.pid}/stat`]);
  });

  test('with hostTurns, a settled process nobody measures is read in turns; a measured or new one every time', async (t) => {
    const idle = await startFdChild();
    const watched = await startFdChild();
    t.after(() => Promise.all([idle.stop(), watched.stop()]));
    const { reader, calls } = fakeReader(() => undefined);
    const s = new LinuxProcessSource({ reader, hostTurns: 4 });
    const reads = (pid: number) => calls.filter((x) => x === `readInto /proc/${pid}/stat`).length;
    for (let i = 0; i < SETTLE_PASSES; i++) { await s.list(); await s.measure([watched.pid]); }
    assert.equal(reads(idle.pid), SETTLE_PASSES, 'new: read at every pass');
    calls.length = 0;
    for (let i = 0; i < 8; i++) {
      assert.ok((await s.list()).some((e) => e.pid === idle.pid), 'listed at every pass, as last read');
      assert.ok((await s.measure([watched.pid])).has(watched.pid));
    }
    assert.equal(reads(idle.pid), 2, 'settled and unwatched: once every 4 passes');
    assert.equal(reads(watched.pid), 8, 'watched: every pass (measure takes the read of list)');
    await idle.stop();
    assert.equal((await s.list()).some((e) => e.pid === idle.pid), false, 'an exited process leaves the list at once');
  });

  test('the owner is stat-ed once per identity, and the cache forgets exited processes', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const { reader, calls } = fakeReader(() => undefined);
    const s = new LinuxProcessSource({ reader });
    const known = new Set((await s.list()).map((e) => `stat /proc/${e.pid}`));
    assert.ok(known.has(`stat /proc/${c.pid}`) && calls.includes(`stat /proc/${c.pid}`));
    calls.length = 0;
    await s.list();
    // Processes other tests start meanwhile are new identities and get their stat; the known ones do not.
    assert.deepEqual(calls.filter((x) => known.has(x)), []);
    await c.stop();
    const after = await s.list();
    assert.equal(after.some((e) => e.pid === c.pid), false);
  });

  test('FD count falls back to readdir when st_size says 0 (kernels before 6.2)', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    await c.send('open 7');
    const real = createRealProcReader();
    const { reader, calls } = fakeReader(() => undefined, { stat: (p) => ({ size: 0, uid: real.stat(p).uid }) });
    const s = new LinuxProcessSource({ reader });
    const old = (await s.measure([c.pid])).get(c.pid)?.fds;
    assert.ok(calls.includes(`readdir /proc/${c.pid}/fd`));
    assert.equal(old, (await new LinuxProcessSource().measure([c.pid])).get(c.pid)?.fds);
  });

  test('a process that vanishes between list() and measure() is absent; odd errors leave a field undefined', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    let failFd: string | undefined;
    const { reader } = fakeReader((p) => (p === `/proc/${c.pid}/fd` ? failFd : undefined));
    const s = new LinuxProcessSource({ reader });
    await s.list();
    failFd = 'ESRCH';
    assert.equal((await s.measure([c.pid])).has(c.pid), false);
    failFd = 'EIO';
    const m = (await s.measure([c.pid])).get(c.pid);
    assert.ok(m, 'still measured');
    assert.equal(m.fds, undefined);
    assert.ok(m.cpuTimeMs !== undefined);
  });

  test('list() skips an unreadable stat and survives an unreadable /proc', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const one = fakeReader((p) => (p === `/proc/${c.pid}/stat` ? 'ESRCH' : undefined));
    const listed = await new LinuxProcessSource({ reader: one.reader }).list();
    assert.equal(listed.some((e) => e.pid === c.pid), false);
    assert.ok(listed.some((e) => e.pid === process.pid));
    const none = fakeReader((p) => (p === '/proc' ? 'EACCES' : undefined));
    assert.deepEqual(await new LinuxProcessSource({ reader: none.reader }).list(), []);
    const gone = fakeReader((p) => (p.startsWith('/proc/stat') ? 'ENOENT' : undefined));
    const s = new LinuxProcessSource({ reader: gone.reader });
    const me = (await s.list()).find((e) => e.pid === process.pid);
    assert.ok(me);
    assert.equal(s.startedAtMs(me), undefined, 'no btime, no start time');
  });
});
