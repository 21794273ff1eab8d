// FD targets: parsers on literal text, and a live read of a real child whose FDs are known.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { spawn } from 'node:child_process';
import { parseFdAccess, parseFdInode, parseFdTarget, readFdAccess, readFdLink, readFdTargets } from '../../source/adapters/fd-targets.js';

describe('fd-targets parsers', () => {
  test('inodes of pipes and sockets only', () => {
    assert.equal(parseFdInode('pipe:[4242]'), 4242);
    assert.equal(parseFdInode('socket:[77]'), 77);
    assert.equal(parseFdInode('anon_inode:[eventfd]'), undefined);
    assert.equal(parseFdInode('/tmp/pipe:[1]'), undefined);
  });
  test('a target carries its kind', () => {
    assert.deepEqual(parseFdTarget(3, '/var/log/x.log'), { fd: 3, target: '/var/log/x.log', kind: 'file' });
    assert.deepEqual(parseFdTarget(0, 'pipe:[9]'), { fd: 0, target: 'pipe:[9]', kind: 'pipe', inode: 9 });
  });
  test('access mode from fdinfo flags', () => {
    assert.equal(parseFdAccess('pos:\t0\nflags:\t0100001\nmnt_id:\t15\n'), 'w');
    assert.equal(parseFdAccess('pos:\t0\nflags:\t02000000\nmnt_id:\t15\n'), 'r');
    assert.equal(parseFdAccess('flags:\t02\n'), 'rw');
    assert.equal(parseFdAccess('nothing here'), undefined);
  });
});

describe('fd-targets live', { skip: process.platform !== 'linux' }, () => {
  test('a child with a pipe on stdin: fd 0 is that pipe, our end is the write end', async () => {
    const child = spawn('sleep', ['30'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      const pid = child.pid ?? 0;
      const link = readFdLink(pid, 0);
      assert.match(link, /^(pipe|socket):\[\d+\]$/);
      const got = readFdTargets(pid);
      assert.ok(typeof got === 'object');
      assert.equal(got.fds[0]?.fd, 0);
      assert.equal(got.fds[0]?.target, link);
      assert.ok(got.total >= 3);
      const capped = readFdTargets(pid, 1);
      assert.equal(typeof capped === 'object' ? capped.fds.length : -1, 1, 'the cap holds');
      assert.ok(['r', 'rw'].includes(readFdAccess(pid, 0) ?? ''), 'stdin is read end');
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    assert.equal(readFdTargets(child.pid ?? 0), 'gone', 'a process that ended reads as gone, never as no FDs');
    assert.equal(readFdLink(child.pid ?? 0, 0), 'gone');
  });
});
