// Mounts the TUI on the real terminal (alternate screen), resolves when the user quits, and restores the terminal.
import { render } from 'ink';
import type { AppActions, MonitorHandle } from '../core/types.js';
import { App } from './App.js';
import { installIncrementalOutput } from './ink-output.js';
import type { TuiCleanup } from './cleanup/port.js';
import type { TuiInspect } from './inspect/port.js';
import { MOUSE_OFF, MOUSE_ON } from './raw-input.js';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN } from './terminal.js';

export interface RunTuiOptions {
  readonly monitor: MonitorHandle;
  readonly actions?: AppActions;
  /** Plans and runs the `k` cleanup view (source/wiring/cleanup-tui.ts builds the real one). */
  readonly cleanup?: TuiCleanup;
  /** Reads the `l` and `e` panes (Linux). */
  readonly inspect?: TuiInspect;
  /** Ends the TUI from outside (--duration elapsed, SIGTERM), as if the user quit. */
  readonly signal?: AbortSignal;
  /** Streams to draw on and read keys from; the process's own by default (tests pass their own). */
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

/**
 * How Ink is mounted: keys and the console stay mcptop's. Not `incrementalRendering` (it would write only changed
 * lines): with Ink 6.8 in tmux each frame landed one line lower than the last (test/e2e/discovery-tui.test.ts saw
 * the header twice), so Ink rewrites the whole screen (~8 KB at 160x50) each frame.
 */
export const INK_OPTIONS = { exitOnCtrlC: false, patchConsole: false } as const;

/** Clears the screen and its scrollback: a resize leaves no half-wrapped old frame above the new one. */
const CLEAR_SCREEN = '\u001B[2J\u001B[3J\u001B[H';

/**
 * Resolves once the user quits (q, Ctrl+C) or `signal` aborts, after Ink has unmounted: the caller can then print
 * the exit summary into the normal scrollback, which the alternate screen left untouched.
 */
export async function runTui(opts: RunTuiOptions): Promise<void> {
  // Frames redraw only the rows that changed (ui/ink-output.ts); if this Ink is not the one it knows, all of them.
  await installIncrementalOutput();
  const out = opts.stdout ?? process.stdout;
  const alt = out.isTTY === true;
  let quit: () => void = () => undefined;
  const quitted = new Promise<void>((resolve) => { quit = resolve; });
  const onAbort = (): void => quit();
  if (opts.signal?.aborted) return;
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (alt) out.write(ENTER_ALT_SCREEN + MOUSE_ON);
  // Registered before Ink's own resize listener, so the screen is blank when Ink draws the frame for the new size.
  const ink: { instance?: ReturnType<typeof render> } = {};
  const onResize = (): void => {
    out.write(CLEAR_SCREEN);
    ink.instance?.clear();
  };
  if (alt) out.on('resize', onResize);
  const instance = render(
    <App monitor={opts.monitor} actions={opts.actions} cleanup={opts.cleanup} inspect={opts.inspect} onQuit={() => quit()} />,
    { stdout: out, stdin: opts.stdin ?? process.stdin, ...INK_OPTIONS },
  );
  ink.instance = instance;
  try {
    await Promise.race([quitted, instance.waitUntilExit()]);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    instance.unmount();
    await instance.waitUntilExit().catch(() => undefined);
    instance.cleanup();
    out.off('resize', onResize);
    if (alt) out.write(MOUSE_OFF + LEAVE_ALT_SCREEN);
  }
}
