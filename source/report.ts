// `mcptop report <file>`: replays a recording through the live Monitor code and prints the same summary and verdicts.
import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_THRESHOLDS, type Targets, type Thresholds } from './core/config.js';
import { Monitor } from './core/monitor.js';
import { procKey, zeroErrors, type ChurnView, type FdKindCounts, type ProcKey, type RunSummary, type StressView } from './core/types.js';
import { EVENTS } from './adapters/recorders.js';
import { kindsEvent, openRecording, ReplayClock, ReplaySource, withLoadMarks, type ReplayStep } from './adapters/replay.js';
import { formatSummary } from './format/summary-text.js';
import { asProfileResult, type ProfileResult } from './core/stress/profile-judge.js';
import { formatJunit } from './format/junit.js';
import { outputProblem } from './wiring/output-check.js';
import { PlotCollector, renderPlotSvg, type PlotInput } from './format/plot-svg.js';
import { parseArgs, type CliOptions } from './options.js';
import { finishedExit } from './wiring/exit.js';

export interface ReportIo {
  readonly stdout: { write(s: string): unknown };
  readonly stderr: { write(s: string): unknown };
}

export interface Replayed {
  readonly summary: RunSummary;
  readonly plot: PlotInput;
  readonly format: 'ndjson' | 'csv';
  readonly ticks: number;
  /** What the replay could not reproduce exactly (no header, thresholds unreadable...). */
  readonly notes: readonly string[];
  /** The recorded run's --fail-on, so the report exits as the live run did. */
  readonly failOn: FailOn;
}

const USAGE = 'usage: mcptop report <file.ndjson|file.csv> [--json <file|->] [--junit <file|->] [--plot <file.svg>]';

/** The run's thresholds and child rule from its own argv, so statuses replay as they were. */
type FailOn = CliOptions['failOn'];

function settingsFrom(argv: readonly string[] | undefined, notes: string[]): { thresholds: Thresholds; children: boolean; failOn: FailOn } {
  if (!argv) return { thresholds: DEFAULT_THRESHOLDS, children: true, failOn: 'inconclusive' };
  try {
    const parsed = parseArgs(argv, { platform: process.platform, readConfig: (p) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown> });
    if (parsed.kind === 'run') return { thresholds: parsed.options.thresholds, children: parsed.options.targets.children, failOn: parsed.options.failOn };
  } catch { /* fall through to defaults */ }
  notes.push('the recorded flags could not be parsed again; default thresholds used');
  return { thresholds: DEFAULT_THRESHOLDS, children: true, failOn: 'inconclusive' };
}

const num = (o: Record<string, unknown>, k: string): number | undefined => (typeof o[k] === 'number' ? o[k] : undefined);

/** Stress views the Monitor reads its load marks from; a recording keeps counts and totals, not the latency detail. */
function stressView(calls: number, round: number, rec: Record<string, unknown> | undefined,
  start: Record<string, unknown>, info: Record<string, unknown>): StressView {
  if (rec && typeof rec.calls === 'number' && typeof rec.state === 'string') return { ...(rec as unknown as StressView), calls };
  const failed = num(info, 'failed') ?? 0;
  const state = info.state === 'aborted' || info.state === 'failed' ? info.state : 'done';
  return {
    state, transport: start.transport === 'http' || start.transport === 'sse' ? start.transport : 'stdio',
    tool: typeof start.tool === 'string' ? start.tool : undefined,
    users: num(start, 'users') ?? 0, callsPerUser: num(start, 'calls') ?? 0, rounds: num(start, 'rounds') ?? round, round,
    planned: (num(start, 'users') ?? 0) * (num(start, 'calls') ?? 0) * (num(start, 'rounds') ?? 0) || calls,
    calls, ok: num(info, 'ok') ?? calls - failed, failed, errors: zeroErrors(), latencyMs: {}, roundBaselines: [],
    startedAt: num(start, 'startedAt'), endedAt: num(info, 'endedAt'),
    message: typeof info.message === 'string' ? info.message : 'replayed: latency and error kinds are not recorded',
  };
}

function churnView(cycles: number, rec: Record<string, unknown> | undefined, info: Record<string, unknown>): ChurnView {
  if (rec && typeof rec.done === 'number' && typeof rec.state === 'string') return { ...(rec as unknown as ChurnView), done: cycles };
  const mode = info.mode === 'term' || info.mode === 'kill' ? info.mode : 'eof';
  return {
    state: info.state === 'aborted' || info.state === 'failed' ? info.state : 'done', mode, viaNpx: info.viaNpx === true,
    cycles: num(info, 'cycles') ?? cycles, done: cycles, failed: num(info, 'failed') ?? 0, survivors: num(info, 'survivors') ?? 0,
    zombies: 0, eofCompliant: 0, eofChecked: 0, latencyMs: {}, survivorSamples: [],
    ...(typeof info.message === 'string' ? { message: info.message } : {}),
  };
}

/** Replays a recording (NDJSON or CSV) through a Monitor driven by the recorded clock. */
export async function replayRecording(path: string): Promise<Replayed> {
  const rec = await openRecording(path);
  const notes: string[] = [];
  if (rec.format === 'csv') notes.push('CSV recordings carry no stress detail beyond call, cycle and round counts');
  const { thresholds, children, failOn } = settingsFrom(rec.header?.argv, notes);
  const clock = new ReplayClock();
  const source = new ReplaySource();
  const pids: number[] = [];
  const targets: Targets = { names: [], patterns: [], pids, children };
  const plot = new PlotCollector();
  let monitor: Monitor | undefined;
  let pendingFirst: (ReplayStep & { kind: 'tick' }) | undefined;
  let calls = 0; let cycles = 0; let sessions = 0; let round = 0;
  let stressRec: Record<string, unknown> | undefined; let churnRec: Record<string, unknown> | undefined;
  // What the stress.* and churn.* events said (tool, users, ok, failed, state...), for the summary.
  let stressStart: Record<string, unknown> = {}; let stressInfo: Record<string, unknown> = {}; let churnInfo: Record<string, unknown> = {};
  let ticks = 0;
  /** FD kinds recorded for the coming tick, by server. */
  let kinds = new Map<ProcKey, FdKindCounts>();
  /** The per-tool profile's table, as the live run recorded it (a `profile` event). */
  let profile: ProfileResult | undefined;

  const build = (t0: number, intervalMs: number): Monitor => {
    clock.set(rec.header?.startedAt ?? t0);
    return new Monitor({ source, clock, targets, thresholds, intervalMs, selfPid: -1, labeler: (argv) => argv[0], kindsRecorded: () => source.kindsRecorded() });
  };
  const syncLoad = (m: Monitor): void => {
    m.setWork({ calls, cycles, sessions });
    if (calls > 0 || stressRec || stressInfo.state !== undefined) m.setStress(stressView(calls, round, stressRec, stressStart, stressInfo));
    if (cycles > 0 || churnRec || churnInfo.state !== undefined) m.setChurn(churnView(cycles, churnRec, churnInfo));
  };
  const runTick = async (m: Monitor, step: ReplayStep & { kind: 'tick' }): Promise<void> => {
    for (const s of step.samples) {
      if (s.serverKey === procKey(s.proc) && !pids.includes(s.proc.pid)) pids.push(s.proc.pid);
    }
    source.setTick(step.samples);
    source.setKinds(kinds);
    kinds = new Map();
    clock.set(step.t);
    plot.add(await m.tick());
    ticks++;
  };

  const guess = (): void => { notes.push('no per-tick load marks were recorded: calls are interpolated within each stress round'); };
  for await (const step of withLoadMarks(rec.steps, guess)) {
    if (step.kind === 'event') {
      const { event, detail, t } = step.record;
      if (event.startsWith('stress.') || event.startsWith('churn.')) {
        if (event === 'stress.start') stressStart = { ...detail, startedAt: t };
        else if (event.startsWith('stress.')) stressInfo = { ...stressInfo, ...detail, ...(event === 'stress.end' ? { endedAt: t } : {}) };
        else churnInfo = { ...churnInfo, ...detail };
      }
      if (event === 'profile') { profile = asProfileResult(detail) ?? profile; continue; }
      if (event === EVENTS.fdKinds) {
        const k = kindsEvent(detail);
        if (k) kinds.set(k.key, k.counts);
        continue;
      }
      if (event === EVENTS.load) {
        if (typeof detail?.calls === 'number') calls = detail.calls;
        if (typeof detail?.cycles === 'number') cycles = detail.cycles;
        if (typeof detail?.sessions === 'number') sessions = detail.sessions;
      } else if (event === EVENTS.ready) {
        const keys = Array.isArray(detail?.serverKeys) ? (detail.serverKeys as unknown[]).filter((k): k is ProcKey => typeof k === 'string') : undefined;
        if (monitor) { clock.set(t); monitor.markReady(keys === undefined ? undefined : new Set(keys)); }
      } else if (event === EVENTS.roundEnd) {
        round = typeof detail?.round === 'number' ? detail.round : round + 1;
        if (monitor) { clock.set(t); monitor.markRoundEnd(round); }
      } else if (event === 'stress' && detail) stressRec = detail as Record<string, unknown>;
      else if (event === 'churn' && detail) churnRec = detail as Record<string, unknown>;
      if (monitor) syncLoad(monitor);
      continue;
    }
    if (!monitor) {
      // A CSV has no header: the interval is the gap between its first two ticks.
      if (!rec.header && !pendingFirst) { pendingFirst = step; continue; }
      const first = pendingFirst ?? step;
      monitor = build(first.t, rec.header?.intervalMs ?? Math.max(1, step.t - first.t));
      syncLoad(monitor);
      if (pendingFirst) { await runTick(monitor, pendingFirst); pendingFirst = undefined; }
      if (step === first) { await runTick(monitor, step); continue; }
    }
    await runTick(monitor, step);
  }
  if (!monitor && pendingFirst) {
    monitor = build(pendingFirst.t, 1000);
    syncLoad(monitor);
    await runTick(monitor, pendingFirst);
  }
  if (!monitor) throw new Error(`${path}: the recording holds no samples`);
  if (profile) monitor.setProfile(profile);
  const summary = monitor.summary();
  return { summary, plot: plot.input(summary), format: rec.format, ticks, notes, failOn };
}

interface ReportArgs { file?: string; json?: string; junit?: string; plot?: string; help?: boolean }

function parseReportArgs(argv: readonly string[]): ReportArgs | string {
  const out: ReportArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    if (flag === '--help' || flag === '-h') { out.help = true; continue; }
    if (flag === '--json' || flag === '--junit' || flag === '--plot') {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') return `${flag} needs a file`;
      out[flag.slice(2) as 'json' | 'junit' | 'plot'] = v;
      continue;
    }
    if (a.startsWith('-') && a !== '-') return `unknown flag ${a}`;
    if (out.file !== undefined) return `unexpected argument "${a}"`;
    out.file = a;
  }
  return out;
}

/** Runs the `report` subcommand; returns the live run's exit code (0 clean, 1 leak or CRIT, 3 stress failed, 5 inconclusive), 2 bad usage or unreadable file. */
export async function runReport(argv: string[], io: ReportIo): Promise<number> {
  const args = parseReportArgs(argv);
  if (typeof args === 'string') { io.stderr.write(`mcptop report: ${args}. ${USAGE}\n`); return 2; }
  if (args.help) { io.stdout.write(`${USAGE}\n`); return 0; }
  if (args.file === undefined) { io.stderr.write(`mcptop report: which recording? ${USAGE}\n`); return 2; }
  // Outputs are checked before the replay, like a live run's (exit 2), so a long replay is never lost to a typo.
  for (const flag of ['json', 'junit', 'plot'] as const) {
    const target = args[flag];
    const problem = target === undefined || target === '-' ? undefined : outputProblem(target);
    if (problem !== undefined) { io.stderr.write(`mcptop report: --${flag} ${target} ${problem}\n`); return 2; }
  }
  let r: Replayed;
  try {
    r = await replayRecording(args.file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`mcptop report: cannot read ${args.file}: ${e.code ?? e.message}\n`);
    return 2;
  }
  const text = `${formatSummary(r.summary)}\n${r.notes.map((n) => `note: ${n}\n`).join('')}`;
  const toStdout = [args.json, args.junit].includes('-');
  (toStdout ? io.stderr : io.stdout).write(text);
  try {
    if (args.json !== undefined) write(args.json, `${JSON.stringify(r.summary, null, 2)}\n`, io);
    if (args.junit !== undefined) write(args.junit, formatJunit(r.summary, { timestamp: new Date().toISOString() }), io);
    if (args.plot !== undefined) write(args.plot, renderPlotSvg({ ...r.plot, subtitle: `replay of ${args.file}, ${r.ticks} ticks` }), io);
  } catch (err) {
    io.stderr.write(`mcptop report: cannot write: ${(err as Error).message}\n`);
    return 3;
  }
  return finishedExit(r.summary, r.failOn);
}

function write(target: string, text: string, io: ReportIo): void {
  if (target === '-') io.stdout.write(text);
  else writeFileSync(target, text);
}
