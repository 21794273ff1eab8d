// Reads a recording (--record NDJSON or --csv) back as ticks and events, and serves it as a ProcessSource + Clock.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Clock, ProcessSource, SinkRecord, TimerHandle } from '../core/ports.js';
import { FD_KINDS, pidOfKey, procKey, type FdKindCounts, type FdKindsResult, type ProcEntry, type ProcKey, type ProcMetrics, type ProcState } from '../core/types.js';
import { CSV_COLUMNS, EVENTS, type RecordingHeader } from './recorders.js';

export type SampleRecord = Extract<SinkRecord, { type: 'sample' }>;
export type EventRecord = Extract<SinkRecord, { type: 'event' }>;

/** One step of a replay, in file order: every process sampled at one tick, or one event. */
export type ReplayStep =
  | { readonly kind: 'tick'; readonly t: number; readonly samples: readonly SampleRecord[] }
  | { readonly kind: 'event'; readonly record: EventRecord };

export type ParsedLine = SinkRecord | RecordingHeader | undefined;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One NDJSON line; undefined for a blank or unrecognised line (a torn last line after a crash, say). */
export function parseNdjsonLine(line: string): ParsedLine {
  if (line.trim() === '') return undefined;
  let o: unknown;
  try { o = JSON.parse(line); } catch { return undefined; }
  if (typeof o !== 'object' || o === null) return undefined;
  const r = o as Record<string, unknown>;
  if (r.type === 'header' && num(r.intervalMs) !== undefined) return r as unknown as RecordingHeader;
  if (num(r.t) === undefined) return undefined;
  if (r.type === 'event' && typeof r.event === 'string') return r as unknown as EventRecord;
  const p = r.proc as Record<string, unknown> | undefined;
  if (r.type === 'sample' && typeof r.serverKey === 'string' && p && num(p.pid) !== undefined && typeof r.metrics === 'object') {
    return r as unknown as SampleRecord;
  }
  return undefined;
}

/** Splits one CSV line into cells (RFC 4180 quoting; the recorder never writes line breaks inside a cell). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = ''; let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

export interface CsvRow { readonly sample: SampleRecord; readonly calls: number; readonly cycles: number; readonly round: number }

/** One CSV data row against the header's column order; undefined when it is not a sample row. */
export function parseCsvRow(cells: readonly string[], columns: readonly string[]): CsvRow | undefined {
  const get = (name: string): string | undefined => { const i = columns.indexOf(name); return i < 0 ? undefined : cells[i]; };
  const n = (name: string): number | undefined => { const s = get(name); if (s === undefined || s === '') return undefined; const v = Number(s); return Number.isFinite(v) ? v : undefined; };
  const t = n('t'); const pid = n('pid'); const serverKey = get('serverKey');
  if (t === undefined || pid === undefined || !serverKey) return undefined;
  const proc: ProcEntry = { pid, ppid: n('ppid') ?? 0, startTime: n('startTime') ?? 0, comm: get('comm') ?? '?', state: (get('state') || '?') as ProcState };
  const metrics: ProcMetrics = { fds: n('fds'), rssBytes: n('rssBytes'), vmsBytes: n('vmsBytes'), cpuTimeMs: n('cpuTimeMs'), threads: n('threads') };
  return {
    sample: { type: 'sample', t, serverKey, label: get('label') ?? serverKey, proc, metrics, fdLimit: n('fdLimit') },
    calls: n('calls') ?? 0, cycles: n('cycles') ?? 0, round: n('round') ?? 0,
  };
}

export interface Recording {
  readonly format: 'ndjson' | 'csv';
  /** The NDJSON header; a CSV has none (interval is then inferred from the ticks). */
  readonly header?: RecordingHeader;
  readonly steps: AsyncIterable<ReplayStep>;
}

/** Detects the format from the first line and streams the steps (memory stays bounded by one tick). */
export async function openRecording(path: string): Promise<Recording> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const it = lines[Symbol.asyncIterator]();
  const first = await it.next();
  const firstLine = first.done ? '' : first.value;
  const close = (): void => { lines.close(); };
  if (firstLine.startsWith('{') || firstLine.trim() === '') {
    const head = parseNdjsonLine(firstLine);
    const header = head?.type === 'header' ? head : undefined;
    return { format: 'ndjson', header, steps: ndjsonSteps(it, header ? undefined : head, close) };
  }
  const columns = splitCsvLine(firstLine);
  if (!columns.includes('serverKey') || !columns.includes('t')) {
    close();
    throw new Error(`${path}: not an mcptop recording (expected an NDJSON header or a CSV header with ${CSV_COLUMNS.slice(0, 3).join(',')}...)`);
  }
  return { format: 'csv', steps: csvSteps(it, columns, close) };
}

async function* ndjsonSteps(it: AsyncIterator<string>, pending: ParsedLine, close: () => void): AsyncGenerator<ReplayStep> {
  let tick: SampleRecord[] = [];
  const take = (r: ParsedLine): ReplayStep[] => {
    const out: ReplayStep[] = [];
    if (r === undefined || r.type === 'header') return out;
    if (r.type === 'sample') {
      if (tick.length > 0 && tick[0]!.t !== r.t) { out.push({ kind: 'tick', t: tick[0]!.t, samples: tick }); tick = []; }
      tick.push(r);
      return out;
    }
    // A tick's load marks and FD kinds apply to that tick's samples, whichever side of them they were written on.
    if ((r.event === EVENTS.load || r.event === EVENTS.fdKinds) && tick.length > 0 && tick[0]!.t === r.t) { out.push({ kind: 'event', record: r }); return out; }
    // Any other event ends the tick being gathered: its samples were all written before it.
    if (tick.length > 0) { out.push({ kind: 'tick', t: tick[0]!.t, samples: tick }); tick = []; }
    out.push({ kind: 'event', record: r });
    return out;
  };
  try {
    yield* take(pending);
    for (let n = await it.next(); !n.done; n = await it.next()) yield* take(parseNdjsonLine(n.value));
    if (tick.length > 0) yield { kind: 'tick', t: tick[0]!.t, samples: tick };
  } finally { close(); }
}

async function* csvSteps(it: AsyncIterator<string>, columns: readonly string[], close: () => void): AsyncGenerator<ReplayStep> {
  let tick: SampleRecord[] = [];
  let calls = 0; let cycles = 0; let round = 0;
  try {
    for (let n = await it.next(); !n.done; n = await it.next()) {
      const row = parseCsvRow(splitCsvLine(n.value), columns);
      if (!row) continue;
      if (tick.length > 0 && tick[0]!.t !== row.sample.t) { yield { kind: 'tick', t: tick[0]!.t, samples: tick }; tick = []; }
      if (tick.length === 0) {
        // CSV has no event rows: the load columns stand in for them, at the tick where they changed.
        for (let r = round + 1; r <= row.round; r++) yield { kind: 'event', record: { type: 'event', t: row.sample.t, event: EVENTS.roundEnd, detail: { round: r } } };
        if (row.calls !== calls || row.cycles !== cycles) yield { kind: 'event', record: { type: 'event', t: row.sample.t, event: EVENTS.load, detail: { calls: row.calls, cycles: row.cycles } } };
        calls = row.calls; cycles = row.cycles; round = Math.max(round, row.round);
      }
      tick.push(row.sample);
    }
    if (tick.length > 0) yield { kind: 'tick', t: tick[0]!.t, samples: tick };
  } finally { close(); }
}

/** A Clock that stands still until told: the replay sets it to each recorded time. Timers never fire. */
export class ReplayClock implements Clock {
  constructor(private t = 0) {}
  now(): number { return this.t; }
  set(t: number): void { this.t = t; }
  setTimeout(): TimerHandle { return {}; }
  clearTimeout(): void { /* nothing is ever scheduled */ }
}

/** Serves one recorded tick at a time through the ProcessSource port, so a replay runs the live Monitor code. */
export class ReplaySource implements ProcessSource {
  readonly name = 'fake' as const;
  private entries: ProcEntry[] = [];
  private metrics = new Map<number, ProcMetrics>();
  private limits = new Map<number, number | undefined>();
  /** argv a replay shows for a server root: the recorded label (the recording has no command lines). */
  private readonly argv = new Map<number, readonly string[]>();
  private kinds = new Map<number, FdKindCounts>();
  private kindsKeys: ReadonlySet<ProcKey> = new Set();

  setTick(samples: readonly SampleRecord[]): void {
    this.entries = samples.map((s) => s.proc);
    this.metrics = new Map(samples.map((s) => [s.proc.pid, s.metrics]));
    this.limits = new Map(samples.map((s) => [s.proc.pid, s.fdLimit]));
    for (const s of samples) if (s.serverKey === procKey(s.proc)) this.argv.set(s.proc.pid, [s.label]);
  }

  async list(): Promise<readonly ProcEntry[]> { return this.entries; }
  async cmdline(pid: number): Promise<readonly string[] | undefined> { return this.argv.get(pid) ?? []; }
  async measure(pids: readonly number[]): Promise<ReadonlyMap<number, ProcMetrics>> {
    const out = new Map<number, ProcMetrics>();
    for (const p of pids) { const m = this.metrics.get(p); if (m) out.set(p, m); }
    return out;
  }
  async fdLimit(pid: number): Promise<number | undefined> { return this.limits.get(pid); }

  /** The FD kinds recorded for the coming tick (`fd-kinds` events), by server; they hold for that tick only. */
  setKinds(byServer: ReadonlyMap<ProcKey, FdKindCounts>): void {
    this.kinds = new Map([...byServer].map(([key, counts]) => [pidOfKey(key), counts]));
    this.kindsKeys = new Set(byServer.keys());
  }

  /** Servers with kinds recorded at this tick: the replaying Monitor reads exactly these (MonitorOptions.kindsRecorded). */
  kindsRecorded(): ReadonlySet<ProcKey> { return this.kindsKeys; }

  /** A server's recorded breakdown is its tree's: served for its root, the other members count nothing ("gone"). */
  async fdKinds(pid: number): Promise<FdKindsResult> { return this.kinds.get(pid) ?? 'gone'; }
}

/** An `fd-kinds` event's server and counts; undefined for a malformed one. */
export function kindsEvent(detail: Readonly<Record<string, unknown>> | undefined): { key: ProcKey; counts: FdKindCounts } | undefined {
  if (typeof detail?.serverKey !== 'string') return undefined;
  const counts = Object.fromEntries(FD_KINDS.map((k) => [k, num(detail[k])]));
  if (FD_KINDS.some((k) => counts[k] === undefined)) return undefined;
  return { key: detail.serverKey as ProcKey, counts: counts as unknown as FdKindCounts };
}

const STRESS = { start: 'stress.round.start', end: 'stress.round.end', done: 'stress.end', cycle: 'churn.cycle' } as const;

/**
 * Load marks for a recording made without per-tick `load` events: calls are interpolated over time inside each stress
 * round (from its start and end events, which carry the call count) and cycles follow `churn.cycle`. `onGuess` is called
 * once if anything was interpolated. A recording that has `load` events passes through untouched from the first one.
 */
export async function* withLoadMarks(steps: AsyncIterable<ReplayStep>, onGuess?: () => void): AsyncGenerator<ReplayStep> {
  let exact = false; let guessed = false;
  let calls = 0;
  let buf: ReplayStep[] | undefined; let tStart = 0;
  const mark = (t: number, detail: Record<string, number>): ReplayStep => ({ kind: 'event', record: { type: 'event', t, event: EVENTS.load, detail } });
  const flush = function* (tEnd: number, c1: number): Generator<ReplayStep> {
    const c0 = calls;
    for (const s of buf ?? []) {
      if (s.kind === 'tick') {
        const f = tEnd > tStart ? Math.min(1, Math.max(0, (s.t - tStart) / (tEnd - tStart))) : 1;
        yield mark(s.t, { calls: Math.floor(c0 + (c1 - c0) * f) });
        if (!guessed) { guessed = true; onGuess?.(); }
      }
      yield s;
    }
    buf = undefined;
    calls = c1;
  };
  for await (const step of steps) {
    if (exact) { yield step; continue; }
    if (step.kind === 'event') {
      const { event, detail, t } = step.record;
      const n = (k: string): number | undefined => (typeof detail?.[k] === 'number' ? detail[k] : undefined);
      if (event === EVENTS.load) {
        exact = true;
        if (buf) { yield* buf; buf = undefined; }
        yield step;
        continue;
      }
      if (event === STRESS.start) { if (buf) yield* flush(t, calls); buf = []; tStart = t; yield step; continue; }
      if ((event === STRESS.end || event === STRESS.done) && n('calls') !== undefined) {
        if (buf) yield* flush(t, n('calls')!);
        yield step;
        yield mark(t, { calls: n('calls')! });
        calls = n('calls')!;
        continue;
      }
      if (event === STRESS.cycle && n('cycle') !== undefined) {
        const m = mark(t, { cycles: n('cycle')! });
        if (buf) buf.push(step, m); else { yield step; yield m; }
        continue;
      }
    }
    if (buf) buf.push(step); else yield step;
  }
  if (buf) yield* buf;
}
