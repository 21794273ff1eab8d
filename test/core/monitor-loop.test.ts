import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostInfo } from '../../source/core/types.js';
import { flush } from '../helpers/fake-clock.js';
import { setup } from './monitor-setup.js';

describe('monitor loop', () => {
  test('start ticks at once, then every intervalMs; stop leaves no timer', async () => {
    const { clock, source, monitor } = setup({ targets: { names: ['node'] } });
    const seen: number[] = [];
    monitor.subscribe((s) => seen.push(s.tick));
    monitor.start();
    monitor.start(); // a second start is a no-op
    await flush();
    assert.equal(source.calls.list, 1);
    await clock.advanceAsync(999);
    assert.equal(source.calls.list, 1);
    await clock.advanceAsync(1);
    assert.equal(source.calls.list, 2);
    await clock.advanceAsync(3000);
    assert.equal(source.calls.list, 5);
    assert.deepEqual(seen, [1, 2, 3, 4, 5]);
    assert.equal(clock.pending, 1);
    await monitor.stop();
    assert.equal(clock.pending, 0);
    await clock.advanceAsync(5000);
    assert.equal(source.calls.list, 5, 'no tick after stop');
  });

  test('a slow tick is skipped, not stacked', async () => {
    const { clock, source, monitor } = setup({ targets: { names: ['node'] } });
    const release = source.holdList();
    monitor.start();
    await clock.advanceAsync(3000);
    assert.equal(source.calls.list, 1, 'the due ticks did not start while the first was running');
    assert.equal(monitor.skippedTicks, 3);
    assert.equal(monitor.tickCount, 0);
    release();
    await flush();
    assert.equal(monitor.tickCount, 1);
    await clock.advanceAsync(1000);
    assert.equal(source.calls.list, 2);
    await monitor.stop();
  });

  test('stop() awaits the tick in flight and is idempotent', async () => {
    const { clock, source, monitor } = setup({ targets: { names: ['node'] } });
    const release = source.holdList();
    monitor.start();
    await flush();
    let stopped = false;
    const p = monitor.stop().then(() => { stopped = true; });
    await flush();
    assert.equal(stopped, false, 'stop waits for the running tick');
    release();
    await p;
    assert.equal(stopped, true);
    assert.equal(monitor.tickCount, 1);
    await monitor.stop();
    assert.equal(clock.pending, 0);
  });

  test('a manual tick() during a running tick shares it', async () => {
    const { source, monitor } = setup();
    const release = source.holdList();
    const a = monitor.tick();
    const b = monitor.tick();
    release();
    assert.equal(await a, await b);
    assert.equal(source.calls.list, 1);
  });

  test('host info refreshes on its own timer and never blocks a tick', async () => {
    let reads = 0;
    let hang = false;
    const host = {
      read: (): Promise<HostInfo> => {
        reads++;
        return hang ? new Promise<HostInfo>(() => undefined) : Promise.resolve({ cpus: reads });
      },
    };
    const { clock, monitor } = setup({ monitor: { host, hostRefreshMs: 5000 } });
    monitor.start();
    await flush();
    assert.equal(reads, 1);
    await clock.advanceAsync(1000);
    assert.equal(monitor.getSnapshot().host?.cpus, 1);
    await clock.advanceAsync(4000);
    assert.equal(reads, 2);
    hang = true;
    await clock.advanceAsync(5000);
    assert.equal(reads, 3);
    const before = monitor.tickCount;
    await clock.advanceAsync(3000);
    assert.equal(monitor.tickCount, before + 3, 'ticks go on while the host read hangs');
    await monitor.stop();
    assert.equal(clock.pending, 0);
  });

  test('self info is read every tick', async () => {
    let n = 0;
    const self = { pid: 100, read: async () => ({ pid: 100, fds: ++n }) };
    const { monitor } = setup({ monitor: { self } });
    await monitor.tick();
    const s = await monitor.tick();
    assert.equal(s.self?.fds, 2);
  });

  test('paused: the loop skips ticks until resumed', async () => {
    const { clock, source, monitor } = setup();
    monitor.start();
    await flush();
    monitor.setPaused(true);
    assert.equal(monitor.getSnapshot().paused, true);
    await clock.advanceAsync(3000);
    assert.equal(source.calls.list, 1);
    monitor.setPaused(false);
    await clock.advanceAsync(1000);
    assert.equal(source.calls.list, 2);
    await monitor.stop();
  });

  test('a throwing listener becomes a notice; unsubscribe stops delivery', async () => {
    const { monitor } = setup();
    let calls = 0;
    const off = monitor.subscribe(() => { calls++; throw new Error('boom'); });
    await monitor.tick();
    off();
    const s = await monitor.tick();
    assert.equal(calls, 1);
    assert.ok(s.notices.some((n) => n.includes('listener failed: boom')));
  });
});
