// Cleanup flags set between ticks: in the current snapshot at once, published to the view (onChange), never as a tick.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runHeadless } from '../../source/headless.js';
import { flush } from '../helpers/fake-clock.js';
import { listening } from './monitor-setup.js';

const flagged = listening;

describe('monitor flags', () => {
  test('flags set after tick N are in the snapshot of tick N, before tick N+1', async () => {
    const { clock, monitor, ticks, changes } = flagged();
    monitor.start();
    await flush();
    await clock.advanceAsync(1000);
    const n = monitor.getSnapshot();
    assert.equal(n.tick, 2);
    const key = n.servers[0]?.key;
    assert.ok(key !== undefined);
    assert.equal(n.servers[0]?.flags, undefined);

    monitor.setFlags(key, ['orphan']);
    const now = monitor.getSnapshot();
    assert.equal(now.tick, 2, 'still tick N: no tick ran');
    assert.equal(monitor.tickCount, 2);
    assert.deepEqual(now.servers[0]?.flags, ['orphan']);
    assert.equal(n.servers[0]?.flags, undefined, 'the snapshot already handed out is not mutated');
    assert.equal(changes.at(-1), now, 'onChange listeners get the updated snapshot');
    assert.deepEqual(ticks.map((s) => s.tick), [1, 2], 'subscribe hears of ticks only');
    assert.equal(monitor.view.getSnapshot(), now);

    await clock.advanceAsync(1000);
    assert.deepEqual(monitor.getSnapshot().servers[0]?.flags, ['orphan'], 'and the next tick keeps them');
    await monitor.stop();
  });

  test('the same flags again publish nothing; a change or a clear publishes once', async () => {
    const { monitor, changes } = flagged();
    const key = (await monitor.tick()).servers[0]?.key ?? '';
    assert.equal(changes.length, 1, 'the tick');
    monitor.setFlags(key, ['orphan', 'dup']);
    const first = monitor.getSnapshot();
    monitor.setFlags(key, ['orphan', 'dup']); // a new array, the same contents
    assert.equal(monitor.getSnapshot(), first);
    assert.equal(changes.length, 2);
    monitor.setFlags(key, ['dup', 'orphan']);
    assert.equal(changes.length, 3, 'another order is a change');
    monitor.setFlags(key, undefined);
    assert.equal(changes.length, 4);
    assert.equal(monitor.getSnapshot().servers[0]?.flags, undefined);
    monitor.setFlags(key, []);
    monitor.setFlags(key, undefined);
    monitor.setFlags('999@1', ['orphan']);
    assert.equal(changes.length, 4, 'none to none, or an unknown server: nothing');
  });

  test('the view handle hears of flags; headless prints one status line per tick regardless', async () => {
    const { clock, monitor } = flagged();
    let viewCalls = 0;
    monitor.view.subscribe(() => { viewCalls += 1; });
    const lines: string[] = [];
    const done = runHeadless({ monitor, write: (l) => lines.push(l), durationMs: 2000, signal: new AbortController().signal });
    monitor.start();
    await flush();
    const key = monitor.getSnapshot().servers[0]?.key ?? '';
    monitor.setFlags(key, ['orphan']);
    assert.equal(viewCalls, 2, 'the tick, then the flags');
    await clock.advanceAsync(1000);
    monitor.setFlags(key, ['zombie']);
    monitor.setFlags(key, ['zombie']);
    await clock.advanceAsync(1000);
    assert.equal(await done, 'duration');
    assert.equal(lines.length, 3, lines.join('\n'));
    assert.equal(viewCalls, 5);
    await monitor.stop();
  });
});
