#!/usr/bin/env -S node --max-semi-space-size=2 --interrupt-budget=1000000 --always-sparkplug --no-memory-reducer
// (V8 flags, measured on a quiet 2-core box; README "Performance". --max-semi-space-size=2 caps the young generation:
// headless 100/500 targets RSS 102/127 MB with it, 105/144 without. TurboFan is on, but a function must run ~8x longer
// before it is optimised (--interrupt-budget=1000000, default 132 KB) and every function gets baseline code at once
// (--always-sparkplug): the tick's hot loops are optimised, the code run once a tick is not compiled again and again.
// Headless, after the first minute (12-07 13:20): 100 targets 7.0-7.7 ms a tick against 8.7-9.3 with --no-opt (taken
// before), 500 targets 30-34 against 46; the TUI at 100 targets 1.5-2.3 % of one core against 1.7-2.6 %, RSS ~10 MB
// more; idle headless 49 MB either way. Not taken: --single-threaded-gc, --max-semi-space-size=8 (no gain beyond the
// noise), --optimize-for-size (+20-50 % CPU per tick), --lite-mode (+20-60 % CPU). --no-memory-reducer (12-08): V8's
// memory reducer, made for a page gone idle, ran two full collections ~9 s after start (~40 ms over the main and helper
// threads) to give back the start-up heap; mcptop allocates every tick, so its ordinary collections bound the heap:
// the first 30 s headless at 100 targets 0.7-1.3 ms a tick cheaper (paired, three runs); the TUI at 100 targets holds
// its start-up heap until its first ordinary full collection (~80 s in a paired run: 111-118 MB RSS against 91-97),
// ~2 MB more after (the footprint's one-minute TUI figure read 118 MB with the reducer too: when that collection
// comes decides it).)
// Entry point: split off subcommands, parse flags, and hand over to the wiring; every failure becomes one line and an exit code.
import { readFileSync } from 'node:fs';
import { HELP_HINT, HELP_TEXT } from './help.js';
import { NO_BOOT_FRAME, drawBootFrame, looksInteractive } from './wiring/boot-frame.js';
import type { BootFrame } from './wiring/boot-frame.js';
import { EXIT, TargetError, fail } from './wiring/exit.js';

function readConfig(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TargetError(`cannot read --config ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new TargetError(`--config ${path} is not a JSON object of settings: ${(error as Error).message}`, EXIT.usage);
  }
}

/**
 * --help and --version are meow's (the help text from help.ts, the version from package.json); loaded only here, so a
 * run never pays its ~8 MB of RSS (the flags themselves are read by options-argv.ts on the same flag table). meow
 * prints and exits.
 */
async function helpOrVersion(kind: 'help' | 'version'): Promise<number> {
  const { default: meow } = await import('meow');
  meow(HELP_TEXT, { importMeta: import.meta, argv: [`--${kind}`], flags: {}, description: false, helpIndent: 0 });
  return EXIT.ok; // not reached: meow exits 0 after printing
}

async function main(argv: readonly string[], boot: BootFrame): Promise<number> {
  if (argv[0] === 'report') {
    const { runReportCommand } = await import('./wiring/report.js');
    return runReportCommand(argv.slice(1));
  }
  if (argv[0] === 'cleanup') {
    const { runCleanup } = await import('./wiring/cleanup.js');
    return runCleanup(argv.slice(1), readConfig);
  }
  // The flags parser and everything after it load behind the boot frame.
  const { parseArgs } = await import('./options.js');
  const parsed = parseArgs(argv, { platform: process.platform, readConfig });
  if (parsed.kind !== 'run') boot.leave();
  switch (parsed.kind) {
    case 'help':
    case 'version':
      return helpOrVersion(parsed.kind);
    case 'usage':
      process.stderr.write(`mcptop: ${parsed.message}. ${HELP_HINT}\n`);
      return EXIT.usage;
    case 'run': {
      const { runMonitor } = await import('./wiring/run.js');
      return runMonitor(parsed.options, boot);
    }
  }
}

const args = process.argv.slice(2);
const boot = looksInteractive(args, process.stdin, process.stdout) ? drawBootFrame(process.stdout, process.stderr) : NO_BOOT_FRAME;
main(args, boot).then(
  (code) => {
    boot.leave();
    process.exitCode = code;
    // Everything mcptop started has been ended by now; if a stray handle still holds the loop, do not hang the shell.
    setTimeout(() => process.exit(code), 3000).unref();
  },
  (error: unknown) => {
    boot.leave();
    const code = fail(error, (line) => process.stderr.write(line));
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3000).unref();
  },
);
