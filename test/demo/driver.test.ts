import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoTrickle } from '../../source/demo/driver.js';
import type { CallOutcome, McpSession } from '../../source/core/ports.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';

class ScriptedSession implements McpSession {
  calls: string[] = [];
  /** When set, calls stay pending until release(). */
  hold = false;
  private waiting: (() => void)[] = [];
  listTools() { return Promise.resolve([]); }
  callTool(name: string, args: Record<string, unknown>): Promise<CallOutcome> {
    this.calls.push(`${name}:${String(args.message)}`);
    if (!this.hold) return Promise.resolve({ ok: true, latencyMs: 1 });
    return new Promise((resolve) => this.waiting.push(() => resolve({ ok: true, latencyMs: 1 })));
  }
  release(): void { for (const w of this.waiting.splice(0)) w(); }
  close() { return Promise.resolve(); }
}

describe('startDemoTrickle', () => {
  test('calls echo into every session at the configured rate, and stops', async () => {
    const clock = new FakeClock();
    const a = new ScriptedSession();
    const b = new ScriptedSession();
    const stop = startDemoTrickle([a, b], clock, { perSecond: 4 });
    await clock.advanceAsync(1000);
    assert.equal(a.calls.length, 4);
    assert.equal(b.calls.length, 4);
    assert.ok(a.calls.every((c) => c.startsWith('echo:trickle ')));
    await stop();
    assert.equal(clock.pending, 0, 'no timer left behind');
    await clock.advanceAsync(2000);
    assert.equal(a.calls.length, 4, 'no call after stop');
  });

  test('a session still busy is skipped, not piled on; stop waits for in-flight calls', async () => {
    const clock = new FakeClock();
    const slow = new ScriptedSession();
    slow.hold = true;
    const fast = new ScriptedSession();
    const stop = startDemoTrickle([slow, fast], clock, { perSecond: 2 });
    await clock.advanceAsync(3000);
    assert.equal(slow.calls.length, 1);
    assert.equal(fast.calls.length, 6);
    let stopped = false;
    const done = stop().then(() => { stopped = true; });
    await flush();
    assert.equal(stopped, false, 'stop waits for the held call');
    slow.release();
    await done;
    assert.equal(stopped, true);
  });
});
