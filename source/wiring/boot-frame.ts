// The TUI's first frame, drawn before the flags parser, the Monitor and Ink are loaded; Ink's first render replaces it.
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN } from '../ui/terminal.js';

/** Arguments after which no TUI follows: a subcommand, help, version, headless. */
const NO_TUI = new Set(['--headless', '--help', '-h', '--version', '-v']);

/** Whether this invocation is about to show the TUI, judged from argv and the terminal alone (cheap: nothing loaded). */
export function looksInteractive(argv: readonly string[], stdin: { isTTY?: boolean }, stdout: { isTTY?: boolean }): boolean {
  if (stdin.isTTY !== true || stdout.isTTY !== true) return false;
  if (argv[0] === 'report' || argv[0] === 'cleanup') return false;
  return !argv.some((a) => NO_TUI.has(a) || a.startsWith('--headless='));
}

export interface BootFrame {
  /** Ink is about to draw over it (it enters the alternate screen itself and leaves it at exit). */
  handOver(): void;
  /** Lines for stderr while the frame shows: held, printed once the terminal is back to normal (leave). */
  warn(line: string): void;
  /** The TUI ended, or never started: back to the normal screen (if Ink did not already leave it), held lines printed. */
  leave(): void;
}

/** A frame that does nothing: not interactive. */
export const NO_BOOT_FRAME: BootFrame = {
  handOver: () => undefined, warn: (line) => { process.stderr.write(`${line}\n`); }, leave: () => undefined,
};

/**
 * Enters the alternate screen and writes the header's first line at once (a person sees mcptop within a few tens of
 * ms, not after Ink's ~0.5-1 s import). Ink's first render draws over it.
 */
export function drawBootFrame(out: NodeJS.WriteStream, err: NodeJS.WriteStream): BootFrame {
  out.write(`${ENTER_ALT_SCREEN}mcptop  starting…\r\n`);
  let shown = true;
  let handed = false;
  const held: string[] = [];
  return {
    handOver: () => { handed = true; },
    warn: (line) => {
      if (shown) held.push(line);
      else err.write(`${line}\n`);
    },
    leave: () => {
      if (!shown) return;
      shown = false;
      if (!handed) out.write(LEAVE_ALT_SCREEN);
      for (const line of held.splice(0)) err.write(`${line}\n`);
    },
  };
}
