// Changes between ticks (notices, pause, stress and churn stages) reach onChange before the next tick, coalesced on the
// Monitor's clock, and never subscribe; a tick supersedes a pending publication and stop() leaves no timer behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadRun } from '../../source/core/stress/load-engine.js';
import type { StressMonitor } from '../../source/core/stress/ports.js';
import type { StressView } from '../../source/core/types.js';
import { CHANGE_GAP_MS, newStage } from '../../source/core/snapshot-feed.js';
import { flush } from '../helpers/fake-clock.js';
import { makeChurn, makeStress } from '../helpers/snapshots.js';
import { FakeConnector } from './stress/fakes.js';
import { listening, setup } from './monitor-setup.js';

/** A Monitor that ticked once (at clock T0) with a subscribe and an onChange listener; the loop's timer is pending. */
async function started() {
  const t = listening();
  t.monitor.start();
  await flush();
  assert.deepEqual([t.ticks.length, t.changes.length, t.clock.pending], [1, 1, 1]);
  return t;
}

describe('monitor changes between ticks', () => {
  test('a notice reaches onChange before the next tick, CHANGE_GAP_MS after the tick; subscribe never hears of it', async () => {
    const { clock, monitor, ticks, changes } = await started();
    monitor.notice('cleanup: 1 ended by TERM');
    assert.ok(monitor.getSnapshot().notices.includes('cleanup: 1 ended by TERM'), 'in the current snapshot at once');
    assert.equal(changes.length, 1, 'published on a timer, not from inside notice()');
    clock.advance(CHANGE_GAP_MS - 1);
    assert.equal(changes.length, 1, 'not within CHANGE_GAP_MS of the tick');
    clock.advance(1);
    assert.equal(changes.length, 2);
    assert.equal(changes[1], monitor.getSnapshot());
    assert.equal(changes[1]?.tick, 1, 'no tick ran');
    assert.ok(changes[1]?.notices.includes('cleanup: 1 ended by TERM'));
    assert.equal(ticks.length, 1, 'subscribe hears of ticks only');
    assert.equal(monitor.tickCount, 1);

    // After a quiet spell a change goes out on the next timer turn.
    clock.advance(500);
    monitor.notice('second');
    clock.advance(0);
    assert.equal(changes.length, 3);
    assert.ok(changes[2]?.notices.includes('second'));
    await clock.advanceAsync(400);
    assert.deepEqual(ticks.map((s) => s.tick), [1, 2]);
    assert.deepEqual(changes.map((s) => s.tick), [1, 1, 1, 2]);
    await monitor.stop();
  });

  test('many setStress calls in one turn publish once, the last view; progress alone waits for the tick', async () => {
    const { clock, monitor, ticks, changes } = await started();
    clock.advance(300);
    const states: StressView['state'][] = ['preparing', 'running', 'settling', 'pause', 'running', 'settling', 'done'];
    states.forEach((state, i) => monitor.setStress(makeStress({ state, round: Math.ceil(i / 3), calls: i * 10 })));
    assert.equal(clock.pending, 2, 'the loop and one publication');
    clock.advance(0);
    assert.equal(changes.length, 2);
    assert.deepEqual([changes[1]?.stress?.state, changes[1]?.stress?.calls], ['done', 60]);

    for (let i = 1; i <= 50; i++) monitor.setStress(makeStress({ state: 'done', round: 2, calls: 60 + i }));
    assert.equal(clock.pending, 1, 'counters moving arm nothing');
    assert.equal(monitor.getSnapshot().stress?.calls, 110, 'but the current snapshot has them');
    await clock.advanceAsync(700);
    assert.equal(changes.length, 3);
    assert.deepEqual([changes[2]?.tick, changes[2]?.stress?.calls], [2, 110], 'the tick shows the progress');
    assert.equal(ticks.length, 2);
    await monitor.stop();
  });

  test('a real load run driving the Monitor: its stages show before the tick, spaced CHANGE_GAP_MS apart; its progress does not publish', async () => {
    const { clock, monitor, changes } = await started();
    let sets = 0;
    const counted: StressMonitor = {
      getSnapshot: () => monitor.getSnapshot(), subscribe: (l) => monitor.subscribe(l), setChurn: (v) => monitor.setChurn(v),
      markRoundEnd: (r) => monitor.markRoundEnd(r), event: (n, d) => monitor.event(n, d), notice: (m) => monitor.notice(m),
      setStress: (v) => { sets += 1; monitor.setStress(v); },
    };
    // Each call answers 10 ms later (fake): 3 rounds of 20 calls per user, 50 ms pauses, ~700 ms; the tick is at 1000 ms.
    const conn = new FakeConnector(() => 'hold');
    const run = new LoadRun({ users: 4, calls: 20, rounds: 3, delayMs: 50, timeoutMs: 1000 }, { clock, connector: conn, monitor: counted, settle: false });
    const at: number[] = [];
    monitor.onChange(() => at.push(clock.now()));
    const done = run.run();
    for (let i = 0; i < 90; i++) { await flush(2); clock.advance(10); conn.release(); }
    assert.equal((await done).state, 'done');
    clock.advance(CHANGE_GAP_MS);
    assert.ok(sets >= 10, `setStress called ${sets} times`);
    assert.ok(at.length >= 3 && at.length < sets / 2 + 1, `${at.length} publications with setStress called ${sets} times`);
    at.slice(1).forEach((t, i) => assert.ok(t - (at[i] ?? 0) >= CHANGE_GAP_MS, `publications at ${at.join(', ')}`));
    assert.equal(changes.at(-1)?.stress?.state, 'done', 'the end of the run shows before the next tick');
    assert.equal(changes.at(-1)?.tick, 1);
    await monitor.stop();
  });

  test('pause and churn stages publish; the same pause again does not; a burst within the gap is spaced', async () => {
    const { clock, monitor, changes } = await started();
    monitor.setPaused(true);
    monitor.setPaused(true);
    clock.advance(CHANGE_GAP_MS);
    assert.deepEqual(changes.map((s) => s.paused), [false, true]);
    monitor.setPaused(true);
    assert.equal(clock.pending, 1, 'no change, no publication');

    monitor.setChurn(makeChurn({ done: 1, survivors: 0 }));
    monitor.setChurn(makeChurn({ done: 2, survivors: 0 }));
    clock.advance(50);
    assert.equal(changes.length, 2, 'spaced CHANGE_GAP_MS after the last publication');
    clock.advance(50);
    assert.equal(changes.length, 3);
    assert.equal(changes[2]?.churn?.done, 2);
    monitor.setChurn(makeChurn({ done: 3, survivors: 0 }));
    assert.equal(clock.pending, 1, 'a cycle done is progress');
    monitor.setChurn(makeChurn({ done: 4, survivors: 1 }));
    clock.advance(CHANGE_GAP_MS);
    assert.deepEqual([changes.length, changes[3]?.churn?.survivors], [4, 1], 'a survivor found shows at once');
    await monitor.stop();
  });

  test('a tick supersedes a pending publication: nothing stale goes out after it', async () => {
    const { clock, monitor, changes } = await started();
    monitor.notice('before the tick');
    assert.equal(clock.pending, 2);
    const s = await monitor.tick();
    assert.equal(clock.pending, 1, 'the pending publication was cleared');
    assert.deepEqual(changes.map((c) => c.tick), [1, 2]);
    assert.ok(s.notices.includes('before the tick'));
    clock.advance(CHANGE_GAP_MS * 2);
    assert.equal(changes.length, 2);
    await monitor.stop();
  });

  test('stop() clears a pending publication; later changes arm nothing', async () => {
    const { clock, monitor, changes } = await started();
    monitor.notice('late');
    monitor.setStress(makeStress({ state: 'done' }));
    assert.equal(clock.pending, 2);
    await monitor.stop();
    assert.equal(clock.pending, 0, 'no timer outlives the Monitor');
    monitor.notice('after stop');
    monitor.setPaused(true);
    assert.equal(clock.pending, 0);
    assert.ok(monitor.getSnapshot().notices.includes('after stop'), 'the snapshot still changes');
    clock.advance(5000);
    assert.equal(changes.length, 1);
  });

  test('no onChange listener arms nothing; a throwing onChange listener does not publish its own failure in a loop', async () => {
    const { clock, monitor } = setup();
    monitor.notice('nobody listens');
    monitor.setStress(makeStress());
    assert.equal(clock.pending, 0);

    let calls = 0;
    monitor.onChange(() => { calls += 1; throw new Error('boom'); });
    monitor.notice('x');
    clock.advance(0);
    assert.equal(calls, 1);
    assert.ok(monitor.getSnapshot().notices.some((n) => n.includes('listener failed: boom')));
    assert.equal(clock.pending, 0, 'the failure waits for the next snapshot');
    clock.advance(10 * CHANGE_GAP_MS);
    assert.equal(calls, 1);
    await monitor.stop();
  });

  test('newStage: a start, an end, a state, round or message; churn survivors or zombies; not counters', () => {
    assert.equal(newStage(undefined, makeStress()), true);
    assert.equal(newStage(makeStress(), undefined), true);
    assert.equal(newStage(undefined, undefined), false);
    assert.equal(newStage(makeStress({ calls: 1, ok: 1 }), makeStress({ calls: 900, ok: 890, latencyMs: { p50: 9 } })), false);
    assert.equal(newStage(makeStress(), makeStress({ state: 'done' })), true);
    assert.equal(newStage(makeStress({ round: 1 }), makeStress({ round: 2 })), true);
    assert.equal(newStage(makeStress(), makeStress({ message: 'the server closed the connection' })), true);
    assert.equal(newStage(makeChurn({ done: 1 }), makeChurn({ done: 2, failed: 2 })), false);
    assert.equal(newStage(makeChurn(), makeChurn({ zombies: 1 })), true);
    assert.equal(newStage(makeChurn(), makeChurn({ message: 'cycle 3: timeout' })), true);
  });
});
