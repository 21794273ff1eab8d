#!/usr/bin/env -S node --max-semi-space-size=2 --no-opt
// (V8 flags, measured 2026-12-07 on the busy 2-core box, each set interleaved with the others; README "Performance".
// --max-semi-space-size=2 caps the young generation: headless 100/500 targets RSS 102/127 MB with it, 105/144 without.
// --no-opt (no TurboFan; Ignition + Sparkplug remain): CPU per tick at 100 targets headless 34-63 ms vs 39-73 ms with
// TurboFan, TUI 6.3-6.5 % vs 7.3-9.4 % (compiling costs more than it wins on a 1 Hz tick), RSS 5-10 MB less; load
// throughput on the demo server 2,774 / 1,544 calls/s vs 2,380 / 1,360. Not taken: --optimize-for-size (another
// -10 to -20 MB at 100 targets but +20-50 % CPU per tick), --lite-mode (-30 MB, +20-60 % CPU).)
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
