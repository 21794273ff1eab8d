import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { runTui } from '../../source/ui/run.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { makeSnapshot } from '../helpers/snapshots.js';
import { waitFor } from './wait.js';

/** A terminal-like output that records everything written. */
class FakeOut extends EventEmitter {
  readonly chunks: string[] = [];
  columns = 100;
  rows = 30;
  constructor(readonly isTTY: boolean) { super(); }
  write = (s: string): boolean => { this.chunks.push(s); return true; };
  get text(): string { return this.chunks.join(''); }
}

/** A raw-mode capable input the test types into. */
class FakeIn extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  private pending: string | null = null;
  setEncoding(): void {}
  setRawMode(on: boolean): void { this.rawModes.push(on); }
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read = (): string | null => { const p = this.pending; this.pending = null; return p; };
  type(s: string): void { this.pending = s; this.emit('readable'); }
}

const streams = (tty: boolean) => {
  const out = new FakeOut(tty);
  const input = new FakeIn();
  return { out, input, io: { stdout: out as unknown as NodeJS.WriteStream, stdin: input as unknown as NodeJS.ReadStream } };
};

describe('runTui', () => {
  test('q resolves it after Ink unmounted; the alternate screen is entered and left; raw mode restored', async () => {
    const monitor = new FakeMonitor(makeSnapshot());
    const { out, input, io } = streams(true);
    const done = runTui({ monitor, ...io });
    await waitFor(() => out.text.includes('SERVER'), 'first frame');
    input.type('q');
    await done;
    assert.ok(out.text.startsWith('\u001B[?1049h'));
    assert.ok(out.text.endsWith('\u001B[?1049l'));
    assert.equal(monitor.listenerCount, 0);
    assert.equal(input.rawModes.at(-1), false);
  });

  test('an abort signal ends it like a quit; no alternate screen on a non-terminal', async () => {
    const monitor = new FakeMonitor(makeSnapshot());
    const { out, io } = streams(false);
    const ac = new AbortController();
    const done = runTui({ monitor, signal: ac.signal, ...io });
    await waitFor(() => out.text.includes('SERVER'), 'first frame');
    ac.abort();
    await done;
    assert.ok(!out.text.includes('\u001B[?1049h'));
    assert.equal(monitor.listenerCount, 0);
  });

  test('an already aborted signal renders nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const { out, io } = streams(true);
    await runTui({ monitor: new FakeMonitor(makeSnapshot()), signal: ac.signal, ...io });
    assert.equal(out.text, '');
  });
});
