// The leak rules: turns a MetricTrack's evidence into ok / warn / leak with one checkable reason.
import type { MetricVerdict, ServerMetric } from '../types.js';
import type { MetricTrack, Segment } from './track.js';
import { cutWarmup, roundBaselines, slopePerMs, splitWindows, sumN, type Baseline, type Window } from './evidence.js';
import { METRIC_NOUN, amount, int, span } from './text.js';

/** Samples needed after the warm-up before any verdict but "not enough data". */
export const MIN_SAMPLES = 12;
const PER_WINDOW = 3;
const MAX_WINDOWS = 8;
const WARMUP_CAP_MS = 120_000;
const MiB = 1024 * 1024;

interface Bars { readonly step: number; readonly growth: number }

/** What counts as a rise between windows, and how much total growth proves a leak. */
function bars(kind: MetricTrack['kind'], ref: number): Bars {
  // RSS of a healthy Node server moves its floor by about 1 MB per third of a long run; leaks of 25 KB/call reach 4 MB in 160 calls.
  if (kind === 'bytes') return { step: Math.max(MiB, Math.abs(ref) * 0.01), growth: Math.max(4 * MiB, Math.abs(ref) * 0.03) };
  if (kind === 'count') return { step: 0.5, growth: 3 };
  return { step: Math.max(1, Math.abs(ref) * 0.05), growth: Math.max(5, Math.abs(ref) * 0.2) };
}

interface FloorEvidence {
  readonly windows: readonly Window[];
  readonly rises: number;
  /** Transitions that count: those with load, or every one when no load ran; idle flat ones are neutral. */
  readonly judged: number;
  readonly growth: number;
  readonly returned: boolean;
  readonly lateRise: boolean;
}

function floorEvidence(windows: readonly Window[], b: Bars, loadRan: boolean): FloorEvidence {
  let rises = 0; let judged = 0; let lateRise = false;
  for (let i = 1; i < windows.length; i++) {
    const a = windows[i - 1]!; const w = windows[i]!;
    const rose = w.floor - a.floor >= b.step;
    const active = !loadRan || w.calls1 > w.calls0 || w.cycles1 > w.cycles0 || w.calls0 > a.calls1 || w.cycles0 > a.cycles1;
    if (rose) rises++;
    if (rose || active) judged++;
    if (rose && i >= windows.length - 2) lateRise = true;
  }
  const first = windows[0]!.floor;
  const last = windows[windows.length - 1]!.floor;
  const later = windows.slice(1).map((w) => w.floor);
  const highest = Math.max(...later);
  // A count back at (or near) its first floor is a saw-tooth or a pool, not a leak.
  const returned = Math.min(...later) <= first || last < highest - b.step * 2;
  return { windows, rises, judged, growth: last - first, returned, lateRise };
}

const isBytes = (m: ServerMetric): boolean => m === 'rssBytes' || m === 'vmsBytes';

function perLoad(windows: readonly Window[], growth: number): { perKiloCalls?: number; perCycle?: number; calls: number; cycles: number } {
  const a = windows[0]!; const z = windows[windows.length - 1]!;
  const calls = z.calls1 - a.calls0;
  const cycles = z.cycles1 - a.cycles0;
  return {
    perKiloCalls: calls > 0 ? (growth / calls) * 1000 : undefined,
    perCycle: cycles > 0 ? growth / cycles : undefined,
    calls, cycles,
  };
}

function rateText(metric: ServerMetric, growth: number, load: ReturnType<typeof perLoad>, ms: number): string {
  const bytes = isBytes(metric);
  if (load.calls > 0) {
    const perCall = growth / load.calls;
    const rate = Math.abs(perCall) >= (bytes ? 1024 : 0.1) ? `${amount(bytes, perCall)} per call` : `${amount(bytes, perCall * 1000)} per 1,000 calls`;
    return `${rate} over ${int(load.calls)} calls`;
  }
  if (load.cycles > 0) return `${amount(bytes, growth / load.cycles)} per churn cycle over ${int(load.cycles)} cycles`;
  const perMin = ms > 0 ? (growth / ms) * 60_000 : 0;
  return `${amount(bytes, perMin)} per min over ${span(ms)}`;
}

function baselineText(metric: ServerMetric, bs: readonly Baseline[]): string {
  const bytes = isBytes(metric);
  const steps = bs.slice(1).map((b, i) => amount(bytes, b.floor - bs[i]!.floor));
  return `settled baseline after each round ${steps.join(', ')}`;
}

function roundsRising(bs: readonly Baseline[], b: Bars): { all: boolean; total: number } {
  if (bs.length < 2) return { all: false, total: 0 };
  let all = true;
  for (let i = 1; i < bs.length; i++) if (bs[i]!.floor - bs[i - 1]!.floor < b.step) all = false;
  return { all, total: bs[bs.length - 1]!.floor - bs[0]!.floor };
}

/** Judges one metric of one server. Pure; the caller caches (see index.ts). */
export function judge(metric: ServerMetric, track: MetricTrack): MetricVerdict {
  const segs: Segment[] = track.segments();
  const noun = METRIC_NOUN[metric];
  const total = sumN(segs);
  if (metric === 'cpuPct' || track.kind === 'gauge') {
    return { verdict: 'ok', enoughData: total >= MIN_SAMPLES, reason: `${noun} is shown, never judged as a leak` };
  }
  const post = cutWarmup(segs, WARMUP_CAP_MS);
  const n = sumN(post);
  if (n < MIN_SAMPLES) {
    return { verdict: 'warn', enoughData: false, reason: `not enough data: ${n} of ${MIN_SAMPLES} samples after warm-up` };
  }
  const windows = splitWindows(post, Math.min(MAX_WINDOWS, Math.floor(n / PER_WINDOW)));
  const b = bars(track.kind, windows[0]!.floor);
  const first = post[0]!; const last = post[post.length - 1]!;
  const loadRan = last.calls1 > first.calls0 || last.cycles1 > first.cycles0;
  const fe = floorEvidence(windows, b, loadRan);
  const lateSegs = post.slice(Math.floor(post.length * 2 / 3));
  const late = slopePerMs(lateSegs);
  const slopePerMin = late === undefined ? undefined : late * 60_000;
  const load = perLoad(windows, fe.growth);
  const ms = windows[windows.length - 1]!.t1 - windows[0]!.t0;
  const rate = rateText(metric, fe.growth, load, ms);
  const floorsText = `floor rose in ${fe.rises} of ${Math.max(fe.judged, fe.rises)} windows`;
  const base = { enoughData: true, perKiloCalls: load.perKiloCalls, perCycle: load.perCycle, slopePerMin };

  const bs = roundBaselines(segs, track.roundEnds(), 2);
  const rr = roundsRising(bs, b);
  const bar = Math.max(3, Math.ceil(fe.judged * 0.75));
  const floorsProve = fe.judged >= 3 && fe.rises >= bar && fe.growth >= b.growth && !fe.returned
    && (loadRan || (fe.lateRise && (slopePerMin ?? 0) > 0));
  const roundsProve = bs.length >= 3 && rr.all && rr.total >= b.growth;

  let verdict: MetricVerdict['verdict'] = 'ok';
  let reason: string;
  if (floorsProve || roundsProve) {
    verdict = 'leak';
    reason = floorsProve ? `${noun} ${rate}; ${floorsText}` : `${noun} ${baselineText(metric, bs)}; ${floorsText}`;
  } else if ((fe.rises >= 2 && fe.growth >= b.step && !fe.returned) || (bs.length >= 2 && rr.all)) {
    verdict = 'warn';
    reason = `${noun} suspect: ${rate}; ${floorsText}` + (bs.length >= 2 && rr.all ? `; ${baselineText(metric, bs)}` : '');
  } else {
    reason = fe.growth >= b.step
      ? `${noun} settled: ${rate}; ${floorsText}${fe.returned ? ', returned to its floor' : ''}`
      : `${noun} flat: floor ${amount(isBytes(metric), fe.growth)} over ${load.calls > 0 ? `${int(load.calls)} calls` : span(ms)} (${windows.length} windows)`;
  }
  if (metric === 'vmsBytes' && verdict === 'leak') {
    verdict = 'warn';
    reason = `${reason} (VMS alone is never a leak)`;
  }
  return { ...base, verdict, reason };
}
