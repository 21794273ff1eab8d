// ProcKiller: identity re-checked from /proc right before kill(), ESRCH/EPERM as outcomes, zombies are not alive.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcKiller, killErrorResult, readIdentity } from '../../source/adapters/killer.js';
import { LiveProcs, running, statOf, waitFor, allStats } from '../fixtures/cleanup/live.js';

const errno = (code: string): Error => Object.assign(new Error(code), { code });

describe('parsing and errno mapping', () => {
  test('ESRCH is gone, EPERM is denied, anything else is a bug and is thrown', () => {
    assert.equal(killErrorResult(errno('ESRCH')), 'gone');
    assert.equal(killErrorResult(errno('EPERM')), 'denied');
    assert.throws(() => killErrorResult(errno('EINVAL')), /EINVAL/);
  });

  test('readIdentity reads start time and state past a comm with spaces and parentheses', () => {
    const root = mkdtempSync(join(tmpdir(), 'mcptop-killer-'));
    try {
      mkdirSync(join(root, '4321'));
      const fields = ['S', '1', '4321', '4321', '0', '-1', '4194560', '0', '0', '0', '0', '5', '3', '0', '0', '20', '0', '1', '0', '987654', '1000', '50'];
      writeFileSync(join(root, '4321', 'stat'), `4321 (my (odd) srv) ${fields.join(' ')}\n`);
      assert.deepEqual(readIdentity(4321, root), { startTime: 987654, state: 'S' });
      assert.equal(readIdentity(4322, root), undefined);
      const k = new ProcKiller({ procRoot: root, kill: () => { throw errno('EPERM'); } });
      assert.equal(k.signal({ pid: 4321, startTime: 987654 }, 'SIGTERM'), 'denied');
      assert.equal(k.signal({ pid: 4321, startTime: 1 }, 'SIGTERM'), 'reused');
      assert.equal(k.signal({ pid: 4322, startTime: 1 }, 'SIGTERM'), 'gone');
      assert.equal(k.isAlive({ pid: 4321, startTime: 987654 }), true);
      assert.equal(k.isAlive({ pid: 4321, startTime: 1 }), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('PID 1 and nonsense pids are never passed to kill()', () => {
    let calls = 0;
    const k = new ProcKiller({ kill: () => { calls++; } });
    assert.equal(k.signal({ pid: 1, startTime: 0 }, 'SIGKILL'), 'denied');
    assert.equal(k.signal({ pid: 0, startTime: 0 }, 'SIGKILL'), 'denied');
    assert.equal(k.signal({ pid: -5, startTime: 0 }, 'SIGKILL'), 'denied');
    assert.equal(calls, 0);
  });
});

describe('live processes', () => {
  const live = new LiveProcs();
  after(() => live.cleanup());
  const killer = new ProcKiller();
  const identity = (pid: number) => ({ pid, startTime: statOf(pid)?.startTime ?? -1 });

  test('TERM to the verified process ends it; then it is gone', async () => {
    const pid = await live.start('idle.js', [live.token, 'term']);
    const id = identity(pid);
    assert.equal(killer.isAlive(id), true);
    assert.equal(killer.signal(id, 'SIGTERM'), 'sent');
    await waitFor(() => !killer.isAlive(id), 'the process to exit');
    await waitFor(() => statOf(pid) === undefined || statOf(pid)?.startTime !== id.startTime, 'the process to be reaped');
    assert.equal(killer.signal(id, 'SIGKILL'), 'gone');
  });

  test('a different start time means another process: not signalled, still running', async () => {
    const pid = await live.start('ignore-term.js', [live.token, 'reuse']);
    const id = identity(pid);
    assert.equal(killer.signal({ pid, startTime: id.startTime - 1 }, 'SIGKILL'), 'reused');
    assert.equal(running(pid), true);
  });

  test('a zombie is not alive', async () => {
    const parent = await live.start('', [], { raw: ['sh', '-c', `sleep 0 & exec "${process.execPath}" idle.js ${live.token} zombie-parent`] });
    const z = await waitFor(() => allStats().find((s) => s.ppid === parent && s.state === 'Z'), 'the zombie child');
    assert.equal(killer.isAlive({ pid: z.pid, startTime: z.startTime }), false);
    assert.equal(killer.isAlive(identity(parent)), true);
  });

  test('EPERM for real: an unprivileged user signalling a root process gets "denied"', async (t) => {
    if (process.getuid?.() !== 0) { t.skip('needs root to run a helper as another user'); return; }
    const pid = await live.start('idle.js', [live.token, 'root-owned']);
    const id = identity(pid);
    const code = `import { ProcKiller } from './source/adapters/killer.ts'; console.log(new ProcKiller().signal(${JSON.stringify(id)}, 'SIGTERM'));`;
    const helper = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: process.cwd(), uid: 65534, gid: 65534, stdio: ['ignore', 'pipe', 'pipe'] });
    live.own(helper.pid ?? 0);
    let out = '';
    helper.stdout.on('data', (b: Buffer) => { out += b.toString(); });
    helper.stderr.on('data', (b: Buffer) => { out += b.toString(); });
    await once(helper, 'exit');
    assert.equal(out.trim().split('\n').at(-1), 'denied', out);
    assert.equal(running(pid), true);
  });
});
