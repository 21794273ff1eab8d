// Recording sinks: --csv (one row per process per tick) and --record (NDJSON of every sample and stress event).
import { closeSync, openSync, writeSync } from 'node:fs';
import type { SampleSink, SinkRecord } from '../core/ports.js';
import { EVENTS } from '../core/ports.js';

/** Recording format version written in the NDJSON header. */
export const RECORDING_VERSION = 1;

/** First line of an NDJSON recording. */
export interface RecordingHeader {
  readonly type: 'header';
  readonly version: number;
  /** Sampling period of the run, ms. */
  readonly intervalMs: number;
  /** Clock time the recording started, ms (same clock as every record's t). */
  readonly startedAt: number;
  /** Wall-clock start, ISO 8601, for people reading the file. */
  readonly startedAtIso?: string;
  readonly argv: readonly string[];
}

export { EVENTS };

export const CSV_COLUMNS = [
  't', 'serverKey', 'label', 'pid', 'ppid', 'startTime', 'comm', 'state',
  'fds', 'rssBytes', 'vmsBytes', 'cpuTimeMs', 'threads', 'fdLimit', 'calls', 'cycles', 'round',
] as const;

/** Quotes a CSV cell when it holds a comma, quote or line break (RFC 4180). */
export function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  // A cell never spans lines, so a reader can split the file on newlines.
  const s = String(v).replace(/[\r\n]+/g, ' ');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Stress progress as the CSV carries it on every row (CSV has no event rows). */
export interface CsvLoad { calls: number; cycles: number; round: number }

export function csvRow(r: Extract<SinkRecord, { type: 'sample' }>, load: CsvLoad): string {
  const m = r.metrics;
  return [
    r.t, r.serverKey, r.label, r.proc.pid, r.proc.ppid, r.proc.startTime, r.proc.comm, r.proc.state,
    m.fds, m.rssBytes, m.vmsBytes, m.cpuTimeMs, m.threads, r.fdLimit, load.calls, load.cycles, load.round,
  ].map(csvCell).join(',');
}

/** Folds a load or round event into the running marks; true when it was one. */
export function applyLoadEvent(load: CsvLoad, r: Extract<SinkRecord, { type: 'event' }>): boolean {
  const d = r.detail ?? {};
  if (r.event === EVENTS.load) {
    if (typeof d.calls === 'number') load.calls = d.calls;
    if (typeof d.cycles === 'number') load.cycles = d.cycles;
    return true;
  }
  if (r.event === EVENTS.roundEnd) {
    load.round = typeof d.round === 'number' ? d.round : load.round + 1;
    return true;
  }
  return false;
}

/**
 * Appends lines to a file, writing them out once per turn of the event loop (so a tick's rows land together and
 * nothing waits for the next tick). A write error is kept and thrown from the next write() and from close(), never
 * from a microtask.
 */
class LineFile {
  private fd: number | undefined;
  private buf: string[] = [];
  private scheduled = false;
  private error: Error | undefined;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  push(line: string): void {
    if (this.error) throw this.error;
    if (this.fd === undefined) return;
    this.buf.push(line);
    if (!this.scheduled) { this.scheduled = true; queueMicrotask(() => this.flush()); }
  }

  flush(): void {
    this.scheduled = false;
    if (this.fd === undefined || this.buf.length === 0) return;
    const text = `${this.buf.join('\n')}\n`;
    this.buf = [];
    try { writeSync(this.fd, text); } catch (err) { this.error = err as Error; }
  }

  /** Flushes and closes; throws the first write error so a lost recording is never silent (ENOSPC on /dev/full). */
  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.error) throw this.error;
  }
}

/** --csv: a header row, then one row per process per tick; events only move the calls/cycles/round columns. */
export function openCsvSink(path: string): SampleSink {
  const file = new LineFile(path);
  file.push(CSV_COLUMNS.join(','));
  const load: CsvLoad = { calls: 0, cycles: 0, round: 0 };
  return {
    write(record: SinkRecord): void {
      if (record.type === 'sample') file.push(csvRow(record, load));
      else applyLoadEvent(load, record);
    },
    close: async () => { file.close(); },
  };
}

/** --record: a header line, then every record as one JSON line. */
export function openNdjsonSink(path: string, opts: { intervalMs: number; argv: readonly string[]; startedAt?: number }): SampleSink {
  const file = new LineFile(path);
  let headed = false;
  const head = (t: number): void => {
    const header: RecordingHeader = {
      type: 'header', version: RECORDING_VERSION, intervalMs: opts.intervalMs, startedAt: opts.startedAt ?? t,
      startedAtIso: new Date().toISOString(), argv: opts.argv,
    };
    file.push(JSON.stringify(header));
    headed = true;
  };
  if (opts.startedAt !== undefined) head(opts.startedAt);
  return {
    write(record: SinkRecord): void {
      // The header takes its start time from the first record, so it is on the Monitor's clock.
      if (!headed) head(record.t);
      file.push(JSON.stringify(record));
    },
    close: async () => {
      if (!headed) head(0);
      file.close();
    },
  };
}
