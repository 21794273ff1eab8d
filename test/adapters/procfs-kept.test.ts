// Watched processes' /proc files held open (procfs-kept.ts), against real children: read in place, bounded by the
// budget, let go when a process goes or stops being watched, never read for a process they no longer name.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { LinuxProcessSource } from '../../source/adapters/procfs.js';
import { createRealKeptFiles } from '../../source/adapters/procfs-kept.js';
import { createRealProcReader } from '../../source/adapters/procfs-reader.js';
import type { ProcReader } from '../../source/adapters/procfs-reader.js';
import { startFdChild, waitFor } from '../helpers/proc-fixtures.js';

/** A process's state letter, read here directly (not through the reader under test). */
function stateOf(pid: number): string | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** The real reader with every path read counted, and the real held-file calls. */
function counted() {
  const real = createRealProcReader();
  const reads: string[] = [];
  const reader: ProcReader = {
    ...real,
    readInto: (p, into) => { reads.push(p); return real.readInto(p, into); },
    stat: (p) => { reads.push(`stat ${p}`); return real.stat(p); },
  };
  return { reader, reads, kept: createRealKeptFiles() };
}

/** Our own FDs open on /proc/PID/... files of `pid`. */
function heldOn(pid: number): string[] {
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const to = readlinkSync(`/proc/self/fd/${fd}`);
      if (to === `/proc/${pid}/stat` || to === `/proc/${pid}/fd`) out.push(to);
    } catch {
      // the readdir's own FD, already closed
    }
  }
  return out.sort();
}

/** A real child and a source with held files and counted path reads, listed once; both end with the test. */
async function watchedChild(t: TestContext) {
  const c = await startFdChild();
  t.after(() => c.stop());
  const { reader, reads, kept } = counted();
  const s = new LinuxProcessSource({ reader, kept });
  t.after(() => s.close());
  await s.list();
  return { c, s, reads };
}

describe('procfs: files of watched processes held open', () => {
  test('a watched process is read through its held files: no path read, figures still live', async (t) => {
    const { c, s, reads } = await watchedChild(t);
    const first = (await s.measure([c.pid])).get(c.pid);
    assert.ok(first?.fds !== undefined);
    assert.deepEqual(heldOn(c.pid), [`/proc/${c.pid}/fd`, `/proc/${c.pid}/stat`]);
    assert.equal(s.heldFds, 2);
    reads.length = 0;
    await c.send('open 5');
    await s.list();
    const after = (await s.measure([c.pid])).get(c.pid);
    assert.equal(after?.fds, first.fds + 5, 'the held fd directory counts the FDs opened since');
    process.kill(c.pid, 'SIGSTOP');
    try {
      // kill() returns before the child has stopped (a loaded machine may take a while): wait for the kernel to say so.
      await waitFor(() => stateOf(c.pid) === 'T', 'the child to stop');
      const stopped = (await s.list()).find((e) => e.pid === c.pid);
      assert.equal(stopped?.state, 'T', 'the held stat file reads the state as it is now');
    } finally {
      process.kill(c.pid, 'SIGCONT');
    }
    await s.measure([c.pid]);
    assert.deepEqual(reads.filter((p) => p.includes(`/proc/${c.pid}/`)), [], 'nothing of the watched pid read by path');
  });

  test('a process that ended: no metrics, its files let go, its pid read by path again', async (t) => {
    const { c, s, reads } = await watchedChild(t);
    await s.measure([c.pid]);
    assert.equal(heldOn(c.pid).length, 2);
    await c.stop();
    reads.length = 0;
    assert.equal((await s.measure([c.pid])).has(c.pid), false, 'gone, not measured through a dead file');
    assert.ok(reads.includes(`/proc/${c.pid}/stat`), 'the failed held read fell back to the path');
    await s.list();
    assert.deepEqual(heldOn(c.pid), []);
    assert.equal(s.heldFds, 0);
  });

  test('bounded by the budget; a process no longer watched lets its files go to the next', async (t) => {
    const a = await startFdChild();
    const b = await startFdChild();
    t.after(() => Promise.all([a.stop(), b.stop()]));
    const { reader, reads, kept } = counted();
    const s = new LinuxProcessSource({ reader, kept, keepFds: 2 });
    t.after(() => s.close());
    await s.list();
    await s.measure([a.pid, b.pid]);
    assert.equal(heldOn(a.pid).length, 2);
    assert.deepEqual(heldOn(b.pid), [], 'over the budget: read by path');
    reads.length = 0;
    await s.list();
    await s.measure([a.pid, b.pid]);
    assert.ok(reads.includes(`stat /proc/${b.pid}/fd`), 'b counted by path');
    assert.ok(!reads.includes(`stat /proc/${a.pid}/fd`), 'a counted through its held directory');
    for (let i = 0; i < 3; i++) {
      await s.list();
      await s.measure([b.pid]);
    }
    assert.deepEqual(heldOn(a.pid), [], 'unwatched for passes: let go');
    assert.equal(heldOn(b.pid).length, 2, 'the budget went to the watched one');
    assert.equal(s.heldFds, 2);
    s.close();
    assert.deepEqual([...heldOn(a.pid), ...heldOn(b.pid)], [], 'close() lets everything go');
    assert.equal(s.heldFds, 0);
  });

  test('with an injected reader and no held-file calls, every read goes by path (fakes see them all)', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const { reader, reads } = counted();
    const s = new LinuxProcessSource({ reader });
    t.after(() => s.close());
    for (let i = 0; i < 2; i++) {
      await s.list();
      await s.measure([c.pid]);
    }
    assert.equal(s.heldFds, 0);
    assert.ok(reads.filter((p) => p === `stat /proc/${c.pid}/fd`).length >= 2);
  });
});
