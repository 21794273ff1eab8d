// Renders the App against a FakeMonitor with ink-testing-library and gives tests keys, frames and teardown.
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { AppActions } from '../../source/core/types.js';
import { App } from '../../source/ui/App.js';
import { installIncrementalOutput } from '../../source/ui/ink-output.js';
import type { TuiCleanup } from '../../source/ui/cleanup/port.js';
import type { FakeMonitor } from '../helpers/fake-monitor.js';
import { waitFor } from './wait.js';

export interface Harness {
  readonly monitor: FakeMonitor;
  readonly frame: () => string;
  readonly press: (...keys: string[]) => void;
  /** Presses keys one by one, waiting for each to be handled before the next (Ink handles a paste as one event). */
  readonly type: (keys: readonly string[], until: (frame: string) => boolean, what: string) => Promise<void>;
  readonly until: (cond: (frame: string) => boolean, what: string) => Promise<void>;
  /**
   * Like `until`, then lets React run the effects of that render: a view that just appeared (the cleanup view, the
   * table again) starts listening to keys in an effect, after its frame is written.
   */
  readonly untilListening: (cond: (frame: string) => boolean, what: string) => Promise<void>;
  readonly quits: { count: number };
  readonly unmount: () => void;
  readonly resize: (rows: number) => void;
}

export async function mount(monitor: FakeMonitor, opts: { actions?: AppActions; cleanup?: TuiCleanup } = {}): Promise<Harness> {
  const quits = { count: 0 };
  // As the TUI draws (ui/run.tsx): every App test also checks the incremental frame assembly.
  assert.equal(await installIncrementalOutput(), true);
  const r = render(<App monitor={monitor} actions={opts.actions} onQuit={() => { quits.count++; }} cleanup={opts.cleanup} />);
  const frame = (): string => r.lastFrame() ?? '';
  const until = (cond: (f: string) => boolean, what: string): Promise<void> => waitFor(() => cond(frame()), () => `${what}\n--- last frame:\n${frame()}`);
  await until((f) => f.includes('mcptop'), 'first frame');
  // The first frame is written during the commit; useInput starts listening in an effect after it.
  await waitFor(() => r.stdin.listenerCount('readable') > 0, 'Ink listening to stdin');
  await new Promise((resolve) => setImmediate(resolve));
  const effects = async (): Promise<void> => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    monitor, frame, quits, until,
    untilListening: async (cond, what) => { await until(cond, what); await effects(); },
    press: (...keys) => { for (const k of keys) r.stdin.write(k); },
    type: async (keys, cond, what) => {
      for (const k of keys) {
        const before = r.frames.length;
        r.stdin.write(k);
        await waitFor(() => r.frames.length > before, `render after ${JSON.stringify(k)}`);
      }
      await until(cond, what);
    },
    unmount: () => { r.unmount(); r.cleanup(); },
    resize: (rows) => {
      Object.assign(r.stdout, { rows });
      r.stdout.emit('resize');
    },
  };
}
