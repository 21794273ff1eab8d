// The portable backend (pidtree, pidusage, ps, lsof) passes the same live checks as the /proc one, forced on Linux.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { PortableProcessSource } from '../../source/adapters/portable.js';
import type { Runner } from '../../source/adapters/portable-exec.js';
import { runCommand } from '../../source/adapters/portable-exec.js';
import { backendContract, startFdChild } from '../helpers/proc-fixtures.js';

describe('PortableProcessSource, live', { timeout: 120_000 }, () => {
  const source = new PortableProcessSource();
  after(() => source.close());
  backendContract(source, { exactArgv: false });

  test('its own ps and lsof never show up in the table', async () => {
    const listed = await source.list();
    assert.equal(listed.some((e) => e.ppid === process.pid && (e.comm === 'ps' || e.comm === 'lsof')), false);
    assert.ok(listed.some((e) => e.pid === process.pid));
  });
});

describe('PortableProcessSource, failing commands', () => {
  test('without ps a process still has a stable stand-in start time; without lsof FDs are unknown', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const broken: Runner = (cmd, args) => (cmd === 'lsof' || (cmd === 'ps' && args[0] === '-A') ? Promise.resolve({ stdout: '', code: undefined }) : runCommand(cmd, args));
    const s = new PortableProcessSource({ runner: broken });
    t.after(() => s.close());
    const first = (await s.list()).find((e) => e.pid === c.pid);
    const second = (await s.list()).find((e) => e.pid === c.pid);
    assert.equal(first?.comm, '?');
    assert.equal(first.startTime, second?.startTime);
    const m = (await s.measure([c.pid])).get(c.pid);
    assert.ok(m, 'measured by pidusage');
    assert.equal(m.fds, undefined);
    assert.ok(m.rssBytes !== undefined && m.rssBytes > 0);
    assert.deepEqual(await s.fdKinds(c.pid), { socket: 0, pipe: 0, anon_inode: 0, file: 0, other: 0 }, 'alive, lsof says nothing');
    assert.equal(await s.fdLimit(c.pid) !== undefined, true);
    assert.equal(await new PortableProcessSource({ platform: 'darwin', runner: broken }).fdLimit(c.pid), undefined);
  });

  test('measure([]) runs nothing; a missing command never throws', async () => {
    let ran = 0;
    const counting: Runner = async () => { ran++; return { stdout: '', code: undefined }; };
    const s = new PortableProcessSource({ runner: counting });
    assert.equal((await s.measure([])).size, 0);
    assert.equal(ran, 0);
    assert.equal(await s.cmdline(process.pid), undefined);
    assert.equal(await s.fdLimit(process.pid), undefined);
    assert.equal((await runCommand('mcptop-no-such-command', [])).code, undefined);
  });
});
