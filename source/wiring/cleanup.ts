// `mcptop cleanup [targets] --dry-run | --yes`: the same target flags as a monitor run, then the cleanup command.
import { parseArgs } from '../options.js';
import { HELP_HINT, HELP_TEXT } from '../help.js';
import { runCleanupCommand } from '../cleanup-command.js';
import { EXIT } from './exit.js';
import { checkOutputs } from './output-check.js';
import { makeSource } from './run.js';
import { monitorScan } from './cleanup-scan.js';
import { systemClock } from '../adapters/clock.js';

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
  checkOutputs({ ...(o.cleanupLog === undefined ? {} : { cleanupLog: o.cleanupLog }) });
  const intervalMs = Math.min(o.intervalMs, 1000);
  const source = await makeSource(o.backend);
  // A Monitor over the same targets and thresholds: its statuses make runaways visible to the command.
  const monitor = monitorScan({ source, clock: systemClock, targets: o.targets, thresholds: o.thresholds, intervalMs, selfPid: process.pid });
  try {
    return await runCleanupCommand({
      targets: o.targets, dryRun: o.dryRun, yes: o.yes, minAgeS: o.minAgeS, allowOtherUsers: o.allowOtherUsers,
      intervalMs, json: o.json === '-',
      ...(o.cleanupLog === undefined ? {} : { cleanupLog: o.cleanupLog }),
    }, { source, scan: monitor.scan });
  } finally {
    await monitor.dispose();
  }
}
