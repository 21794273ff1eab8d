import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CpuMeter, mapLimit, retimed, serverSample, sumFdKinds } from '../../source/core/sampling.js';
import type { MemberSample } from '../../source/core/sampling.js';
import type { ProcState } from '../../source/core/types.js';
import { kinds } from '../helpers/fake-source.js';

const member = (pid: number, metrics: MemberSample['metrics'], extra: Partial<MemberSample> = {}, state: ProcState = 'S'): MemberSample => ({
  member: { key: `${pid}@1`, depth: 0, entry: { pid, ppid: 1, comm: 'node', state, startTime: 1 } }, metrics, ...extra,
});

describe('sampling arithmetic', () => {
  test('CPU percent of one core from cumulative time; undefined first, after a bad read, or backwards', () => {
    const c = new CpuMeter();
    assert.equal(c.rate('a', 1000, 500), undefined);
    assert.equal(c.rate('a', 2000, 1000), 50);
    assert.equal(c.rate('a', 3000, 3000), 200, 'two busy threads are 200% of a core');
    assert.equal(c.rate('a', 4000, undefined), undefined);
    assert.equal(c.rate('a', 5000, 3500), 25, 'the rate spans the unreadable tick');
    assert.equal(c.rate('a', 6000, 100), undefined);
    c.retain(new Set());
    assert.equal(c.rate('a', 7000, 200), undefined, 'forgotten processes start over');
  });

  test('a server sample sums what was read, counts zombies apart, and takes the worst FD percent', () => {
    const smp = serverSample(42, [
      member(1, { fds: 100, rssBytes: 1000, threads: 7 }, { fdLimit: 1024, cpuPct: 10 }),
      member(2, { fds: 30 }, { fdLimit: 50, cpuPct: undefined }),
      member(3, {}, {}, 'Z'),
    ]);
    assert.deepEqual(smp, { t: 42, fds: 130, rssBytes: 1000, vmsBytes: undefined, cpuPct: 10, threads: 7, procs: 2, zombies: 1, fdPctOfLimit: 60 });
  });

  test('a tree whose member samples did not change gets the same figures at the new time, field for field', () => {
    const members = [
      member(1, { fds: 100, rssBytes: 1000, vmsBytes: 5000, threads: 7 }, { fdLimit: 1024, cpuPct: 10 }),
      member(2, { fds: 30 }, { fdLimit: 50, cpuPct: undefined }),
      member(3, {}, {}, 'Z'),
    ];
    const again = retimed(serverSample(42, members), 43);
    assert.deepEqual(again, serverSample(43, members));
    assert.deepEqual(Object.keys(again), Object.keys(serverSample(43, members)), 'the same fields in the same order (one shape)');
  });

  test('nothing readable is undefined, never 0', () => {
    const smp = serverSample(1, [member(1, {})]);
    assert.equal(smp.fds, undefined);
    assert.equal(smp.rssBytes, undefined);
    assert.equal(smp.fdPctOfLimit, undefined);
    assert.equal(smp.procs, 1);
  });

  test('FD kinds: sum the readable, "denied" only when none is', () => {
    assert.deepEqual(sumFdKinds([kinds({ socket: 2 }), 'denied', kinds({ socket: 1, pipe: 4 })]), kinds({ socket: 3, pipe: 4 }));
    assert.equal(sumFdKinds(['denied', 'gone']), 'denied');
    assert.equal(sumFdKinds(['gone']), 'gone');
    assert.equal(sumFdKinds([]), undefined);
  });

  test('mapLimit keeps order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (x) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
      return x * 2;
    });
    assert.deepEqual(out, [2, 4, 6, 8, 10, 12, 14]);
    assert.equal(peak, 3);
  });
});
