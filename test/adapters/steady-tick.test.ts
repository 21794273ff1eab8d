// A steady process costs no new objects a tick: real sleeps through the /proc backend and the Sampler hand out the
// same entry, metrics, member samples, description and sampled server tick after tick; a change makes new ones.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { LinuxProcessSource } from '../../source/adapters/procfs.js';
import { Sampler, type Collected, type SampledServer } from '../../source/core/sampler.js';
import { FakeClock } from '../helpers/fake-clock.js';

const kids: ChildProcess[] = [];
after(async () => {
  for (const k of kids) if (k.exitCode === null && k.signalCode === null) { const done = once(k, 'exit'); k.kill('SIGKILL'); await done; }
});

test('two steady sleeps: the same objects every tick; the one that changes gets new ones, the other keeps its own', async () => {
  const marker = `mcptop-steady-${process.pid}`;
  for (let i = 0; i < 2; i++) {
    const k = spawn('sleep', ['1000'], { argv0: marker, stdio: 'ignore' });
    kids.push(k);
    await once(k, 'spawn');
  }
  const clock = new FakeClock();
  // Our own children are never watched as servers (they are mcptop's): the Sampler is told it runs as another pid.
  const sampler = new Sampler(new LinuxProcessSource(), clock, { names: [], patterns: [new RegExp(`^${marker} `)], pids: [], children: false },
    0x3fffffff, () => undefined);
  // A just-spawned process is half started for a moment (exec not yet done): wait until both show as sleeping.
  let first = await sampler.collect();
  for (let i = 0; i < 50 && (first?.servers.length !== 2 || first.servers.some((s) => s.members[0]?.metrics.fds === undefined)); i++) {
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(1000);
    first = await sampler.collect();
  }
  clock.advance(1000);
  const a: Collected | undefined = await sampler.collect();
  clock.advance(1000);
  const b: Collected | undefined = await sampler.collect();
  assert.equal(a?.servers.length, 2);
  for (let i = 0; i < 2; i++) {
    const x: SampledServer = a!.servers[i]!; const y: SampledServer = b!.servers[i]!;
    assert.equal(y.server, x.server, 'the same description');
    assert.equal(y.members, x.members, 'the same member samples');
    assert.equal(y, x, 'the same sampled server');
  }
  // The first sleep is stopped: its state changes, so its entry and everything built on it are new; the other's not.
  const stopped = kids[0]!;
  stopped.kill('SIGSTOP');
  try {
    let c: Collected | undefined = b;
    for (let i = 0; i < 50; i++) {
      clock.advance(1000);
      c = await sampler.collect();
      if (c?.servers.find((s) => s.server.key === a!.servers[0]!.server.key)?.members[0]?.member.entry.state === 'T') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const moved = c!.servers.find((s) => s.members[0]?.member.entry.pid === stopped.pid)!;
    const still = c!.servers.find((s) => s.members[0]?.member.entry.pid !== stopped.pid)!;
    assert.equal(moved.members[0]?.member.entry.state, 'T');
    assert.notEqual(moved, b!.servers.find((s) => s.server.key === moved.server.key));
    assert.equal(still, b!.servers.find((s) => s.server.key === still.server.key), 'the steady one is untouched');
  } finally {
    stopped.kill('SIGCONT');
  }
});
