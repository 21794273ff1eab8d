// `mcptop cleanup [targets] --dry-run | --yes`: the same target flags as a monitor run, then the cleanup command.
import { parseArgs } from '../options.js';
import { HELP_HINT, HELP_TEXT } from '../help.js';
import { runCleanupCommand } from '../cleanup-command.js';
import { EXIT } from './exit.js';
import { makeSource } from './run.js';

export async function runCleanup(argv: readonly string[], readConfig: (path: string) => Record<string, unknown>): Promise<number> {
  const parsed = parseArgs(argv, { platform: process.platform, readConfig, mode: 'cleanup' });
  if (parsed.kind === 'help' || parsed.kind === 'version') {
    process.stdout.write(HELP_TEXT);
    return EXIT.ok;
  }
  if (parsed.kind === 'usage') {
    process.stderr.write(`mcptop cleanup: ${parsed.message}. ${HELP_HINT}\n`);
    return EXIT.usage;
  }
  const o = parsed.options;
  return runCleanupCommand({
    targets: o.targets, dryRun: o.dryRun, yes: o.yes, minAgeS: o.minAgeS, allowOtherUsers: o.allowOtherUsers,
    intervalMs: Math.min(o.intervalMs, 1000), json: o.json === '-',
    ...(o.cleanupLog === undefined ? {} : { cleanupLog: o.cleanupLog }),
  }, { source: await makeSource(o.backend) });
}
