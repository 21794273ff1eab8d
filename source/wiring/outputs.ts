// Where a run's results go: per-tick recordings while it runs, then the text summary, --json and --plot at the end.
import { writeFileSync } from 'node:fs';
import type { SampleSink } from '../core/ports.js';
import type { RunSummary } from '../core/types.js';
import type { CliOptions } from '../options.js';
import { formatSummary } from '../format/summary-text.js';
import { redactArgv } from '../core/redact.js';
import { EXIT, TargetError } from './exit.js';
import type { LivePlot } from './plot.js';
import type { Owned } from './owned.js';

/** Opens --csv and --record files before the first tick; each is closed (flushed) at teardown. */
export async function openSinks(o: CliOptions, owned: Owned): Promise<SampleSink[]> {
  const sinks: SampleSink[] = [];
  if (o.csv === undefined && o.record === undefined) return sinks;
  const rec = await import('../adapters/recorders.js');
  try {
    if (o.csv !== undefined) sinks.push(rec.openCsvSink(o.csv));
    if (o.record !== undefined) sinks.push(rec.openNdjsonSink(o.record, { intervalMs: o.intervalMs, argv: redactArgv(process.argv.slice(2)) }));
  } catch (error) {
    throw new TargetError(`cannot write ${(error as Error).message}`, EXIT.usage);
  }
  const names = [...(o.csv === undefined ? [] : [`--csv ${o.csv}`]), ...(o.record === undefined ? [] : [`--record ${o.record}`])];
  // A write error of a recording surfaces at close: teardown reports it and the exit code says an output failed.
  sinks.forEach((s, i) => owned.add(`${OUTPUT_FAILED} ${names[i] ?? 'recording'}`, () => s.close()));
  return sinks;
}

/** Marks teardown problems that are failed outputs (so the exit code can say so). */
export const OUTPUT_FAILED = 'writing';

/**
 * Prints the summary (stdout, or stderr when --json - owns stdout) and writes --json / --junit / --plot. A write that
 * fails is said on stderr and the others still happen; the JSON summary then goes to stderr so it is not lost.
 * Returns the number of outputs that could not be written.
 */
export async function writeOutputs(o: CliOptions, summary: RunSummary, plot: LivePlot | undefined, warn: (line: string) => void): Promise<number> {
  // Fitted to the terminal it lands on (never wrapped by the terminal mid-number); a pipe or file gets whole lines.
  const to = o.json === '-' ? process.stderr : process.stdout;
  const text = formatSummary(summary, to.isTTY === true && to.columns > 0 ? to.columns : undefined);
  const json = (): string => `${JSON.stringify(summary, null, 2)}\n`;
  let failed = 0;
  const attempt = (flag: string, path: string, content: () => string, rescue?: () => void): void => {
    try {
      writeFileSync(path, content());
    } catch (error) {
      failed += 1;
      warn(`mcptop: cannot write --${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}${rescue === undefined ? '' : '; the JSON summary follows on stderr'}`);
      rescue?.();
    }
  };
  if (o.json === '-') {
    process.stderr.write(`${text}\n`);
    process.stdout.write(json());
  } else {
    process.stdout.write(`${text}\n`);
    if (o.json !== undefined) attempt('json', o.json, json, () => process.stderr.write(json()));
  }
  if (o.junit !== undefined) {
    const { formatJunit } = await import('../format/junit.js');
    attempt('junit', o.junit, () => formatJunit(summary));
  }
  if (o.plot !== undefined && plot !== undefined) {
    const p = plot;
    attempt('plot', o.plot, () => p.render(summary));
  }
  return failed;
}
