// Where a run's results go: per-tick recordings while it runs, then the text summary, --json and --plot at the end.
import { writeFileSync } from 'node:fs';
import type { SampleSink } from '../core/ports.js';
import type { RunSummary } from '../core/types.js';
import type { CliOptions } from '../options.js';
import { formatSummary } from '../format/summary-text.js';
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
    if (o.record !== undefined) sinks.push(rec.openNdjsonSink(o.record, { intervalMs: o.intervalMs, argv: process.argv.slice(2) }));
  } catch (error) {
    throw new TargetError(`cannot write ${(error as Error).message}`, EXIT.target);
  }
  for (const s of sinks) owned.add('recording', () => s.close());
  return sinks;
}

/** Prints the summary (stdout, or stderr when --json - owns stdout) and writes --json / --junit / --plot. */
export async function writeOutputs(o: CliOptions, summary: RunSummary, plot: LivePlot | undefined): Promise<void> {
  // Fitted to the terminal it lands on (never wrapped by the terminal mid-number); a pipe or file gets whole lines.
  const to = o.json === '-' ? process.stderr : process.stdout;
  const text = formatSummary(summary, to.isTTY === true && to.columns > 0 ? to.columns : undefined);
  if (o.json === '-') {
    process.stderr.write(`${text}\n`);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    process.stdout.write(`${text}\n`);
    if (o.json !== undefined) writeFileSync(o.json, `${JSON.stringify(summary, null, 2)}\n`);
  }
  if (o.junit !== undefined) {
    const { formatJunit } = await import('../format/junit.js');
    writeFileSync(o.junit, formatJunit(summary));
  }
  if (o.plot !== undefined && plot !== undefined) writeFileSync(o.plot, plot.render(summary));
}
