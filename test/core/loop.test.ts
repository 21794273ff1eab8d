import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Cadence, Refresher } from '../../source/core/loop.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

describe('loop timers', () => {
  test('Cadence keeps its period and, after a stall, resumes from now instead of bursting', () => {
    const clock = new FakeClock(0);
    const at: number[] = [];
    const c = new Cadence(clock, 100, () => at.push(clock.now()));
    c.start();
    clock.advance(250);
    assert.deepEqual(at, [0, 100, 200]);
    // The event loop was blocked: the timer fires late, once.
    const late = new Cadence(clock, 100, () => at.push(clock.now()));
    c.stop();
    at.length = 0;
    late.start(); // at 250
    clock.jump(1000);
    clock.advance(0);
    assert.deepEqual(at, [250, 1250], 'one late fire, not ten');
    clock.advance(100);
    assert.deepEqual(at, [250, 1250, 1350]);
    late.stop();
    assert.equal(clock.pending, 0);
  });

  test('Refresher waits for its work before arming the next run, and a failure does not stop it', async () => {
    const clock = new FakeClock(0);
    let runs = 0;
    let release: () => void = () => undefined;
    const r = new Refresher(clock, 50, () => {
      runs++;
      if (runs === 2) return Promise.reject(new Error('flaky'));
      return runs === 1 ? new Promise<void>((res) => { release = res; }) : Promise.resolve();
    });
    r.start();
    await clock.advanceAsync(500);
    assert.equal(runs, 1, 'no second run while the first is in flight');
    release();
    await flush();
    await clock.advanceAsync(50);
    assert.equal(runs, 2);
    await clock.advanceAsync(50);
    assert.equal(runs, 3, 'a rejected run still re-arms');
    r.stop();
    assert.equal(clock.pending, 0);
  });
});
