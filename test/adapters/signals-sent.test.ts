// The tally of signals mcptop sends: a delivered signal counts, one to a process that is gone does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ProcKiller } from '../../source/adapters/killer.js';
import { parseStat } from '../../source/adapters/procfs-parse.js';
import { signalsSent } from '../../source/adapters/signals-sent.js';

test('ProcKiller counts the SIGTERM it delivers, not one to a pid that is gone', { skip: process.platform !== 'linux' }, async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const closed = new Promise((r) => child.once('close', r));
  try {
    const pid = child.pid ?? 0;
    const startTime = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTime ?? -1;
    const before = signalsSent();
    assert.equal(new ProcKiller().signal({ pid, startTime }, 'SIGTERM'), 'sent');
    await closed;
    assert.equal(new ProcKiller().signal({ pid, startTime }, 'SIGTERM'), 'gone');
    const after = signalsSent();
    assert.deepEqual([after.SIGTERM - before.SIGTERM, after.SIGKILL - before.SIGKILL], [1, 0]);
  } finally {
    child.kill('SIGKILL');
    await closed;
  }
});
