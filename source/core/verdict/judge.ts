// The leak rules: turns a MetricTrack's evidence into ok / warn / leak with one checkable reason.
import type { MetricVerdict, ServerMetric, Verdict } from '../types.js';
import type { MetricTrack } from './track.js';
import { cutWarmup, roundBaselines, settledTail, slopePerMs, splitWindows, sumN } from './evidence.js';
import { floorEvidence, loadRate, roundEvidence, type Bars } from './rules.js';
import { METRIC_NOUN, amount, int, span } from './text.js';

/** Samples needed after the warm-up before any verdict but "not enough data". */
export const MIN_SAMPLES = 12;
/** Samples per window at least: a floor over fewer is noise (a child that happened to be alive at each sample). */
const PER_WINDOW = 4;
const MAX_WINDOWS = 8;
const WARMUP_CAP_MS = 120_000;
const MiB = 1024 * 1024;

/** What counts as a rise between windows, and how much total growth proves a leak. */
function bars(kind: MetricTrack['kind']): Bars {
  // Absolute on purpose: adding a constant never changes a verdict.
  // Bytes need more windows and steadier growth than counts: heap and JIT warm-up curves look like leaks for a while
  // (a ramp with a 40 s time constant still grows at 60% of its early rate 40 samples in; at 60, below 50%).
  // Under load, measured here: server-everything's RSS creeps ~1.6-2 KB per echo call over 10k calls and the healthy
  // fixtures settle within 2-3k calls, while the leaks to catch keep 25 KB or more per call.
  if (kind === 'bytes') return { step: MiB, growth: 4 * MiB, clearBand: false, minJudged: 5, minSamples: 60, sustain: 0.6, perCall: 8 * 1024, minCalls: 3000 };
  if (kind === 'count') return { step: 0.5, growth: 3, clearBand: true, minJudged: 3, minSamples: 16, sustain: 0.3 };
  return { step: 1, growth: 5, clearBand: false, minJudged: 5, minSamples: 40, sustain: 0.5 };
}

const isBytes = (m: ServerMetric): boolean => m === 'rssBytes' || m === 'vmsBytes';

function notEnough(n: number): MetricVerdict {
  return { verdict: 'warn', enoughData: false, reason: `not enough data: ${n} of ${MIN_SAMPLES} samples after warm-up` };
}

/** Judges one metric of one server. Pure; index.ts caches it per track version. */
export function judge(metric: ServerMetric, track: MetricTrack): MetricVerdict {
  const noun = METRIC_NOUN[metric];
  if (metric === 'cpuPct' || track.kind === 'gauge') {
    return { verdict: 'ok', enoughData: track.count >= MIN_SAMPLES, reason: `${noun} is shown, never judged as a leak` };
  }
  const segs = track.segments();
  const bytes = isBytes(metric);
  const post = cutWarmup(segs, WARMUP_CAP_MS);
  const n = sumN(post);
  if (n < MIN_SAMPLES) return notEnough(n);

  const windows = splitWindows(post, Math.max(3, Math.min(MAX_WINDOWS, Math.floor(n / PER_WINDOW))));
  const b = bars(track.kind);
  const first = post[0]!; const last = post[post.length - 1]!;
  const loadRan = last.calls1 > first.calls0 || last.cycles1 > first.cycles0;
  const fe = floorEvidence(windows, b, loadRan);
  const late = slopePerMs(post.slice(Math.floor(post.length * 2 / 3)));
  const rate = loadRate(windows, fe.growth);
  const bs = roundBaselines(segs, track.roundEnds(), 2);
  const re = roundEvidence(bs, b, bytes);
  const allCalls = last.calls1 - segs[0]!.calls0; const allCycles = last.cycles1 - segs[0]!.cycles0;
  const tail = track.kind === 'count' && allCalls + allCycles > 0 ? settledTail(segs, post, Math.max(3, Math.ceil(n * 0.1))) : undefined;

  const base = {
    enoughData: true, perKiloCalls: rate.perKiloCalls, perCycle: rate.perCycle,
    slopePerMin: late === undefined ? undefined : late * 60_000,
  };
  const rateText = (growth: number, calls = rate.calls, cycles = rate.cycles, ms = rate.ms): string => {
    if (calls > 0) {
      const perCall = growth / calls;
      const big = Math.abs(perCall) >= (bytes ? 1024 : 0.1);
      return `${big ? `${amount(bytes, perCall)} per call` : `${amount(bytes, perCall * 1000)} per 1,000 calls`} over ${int(calls)} calls`;
    }
    if (cycles > 0) return `${amount(bytes, growth / cycles)} per churn cycle over ${int(cycles)} cycles`;
    return `${amount(bytes, ms > 0 ? (growth / ms) * 60_000 : 0)} per min over ${span(ms)}`;
  };
  const floors = `floor rose in ${fe.rises} of ${Math.max(fe.judged, fe.rises)} windows`;
  const roundsText = `settled baseline per round ${re.steps.map((s) => amount(bytes, s)).join(', ')}`;

  // Counts: what stayed behind once a real load stopped (a thread pool or a few cached handles stay below the bar).
  const work = allCalls + 10 * allCycles;
  const tailProves = tail !== undefined && work >= 200 && tail.growth >= Math.max(10, 0.05 * work);
  // Without load a rise must still be under way at the end (a plateau after start-up is not a leak).
  const stillRising = loadRan || fe.lateRise;
  // Bytes under load: fast enough per call, now as over the whole span, and over enough calls for the heap to settle.
  const postCalls = last.calls1 - first.calls0;
  const perCallBar = b.perCall !== undefined && postCalls > 0 ? b.perCall : undefined;
  const rateOk = perCallBar === undefined || (rate.calls > 0 && fe.growth / rate.calls >= perCallBar && fe.lateRate >= perCallBar / 2);
  const callsOk = perCallBar === undefined || postCalls >= (b.minCalls ?? 0);
  const roundsRateOk = perCallBar === undefined || (re.calls > 0 && re.total / re.calls >= perCallBar && re.calls >= (b.minCalls ?? 0));
  const floorsRise = n >= b.minSamples && fe.judged >= b.minJudged && fe.rises >= Math.max(b.minJudged, Math.ceil(fe.judged * 0.75))
    && fe.growth >= b.growth && !fe.returned && fe.sustained && fe.clearsBand && stillRising;
  const underBar = perCallBar === undefined ? '' : ` (under the ${amount(true, perCallBar).slice(1)} per call bar)`;

  let verdict: Verdict = 'ok';
  let reason: string;
  if (floorsRise && rateOk && callsOk) {
    verdict = 'leak'; reason = `${noun} ${rateText(fe.growth)}; ${floors}`;
  } else if (re.proves && roundsRateOk) {
    verdict = 'leak'; reason = `${noun} ${rateText(re.total, re.calls, re.cycles)}; ${roundsText}`;
  } else if (tailProves) {
    verdict = 'leak'; reason = `${noun} ${rateText(tail.growth, allCalls, allCycles)}; still ${amount(bytes, tail.growth)} above the floor ${span(tail.ms)} after the load stopped`;
  } else if ((fe.rises >= 2 && fe.growth >= b.growth && !fe.returned && fe.sustained && rateOk) || (re.suspect && roundsRateOk)) {
    verdict = 'warn';
    reason = `${noun} suspect: ${rateText(fe.growth)}; ${floors}${re.suspect ? `; ${roundsText}` : ''}`;
  } else if (fe.growth >= b.step) {
    reason = `${noun} settled: ${rateText(fe.growth)}${rateOk ? '' : underBar}; ${floors}${fe.returned ? ', returned to its floor' : ''}`;
  } else {
    reason = `${noun} flat: floor ${amount(bytes, fe.growth)} over ${rate.calls > 0 ? `${int(rate.calls)} calls` : span(rate.ms)} (${windows.length} windows)`;
  }
  if (metric === 'vmsBytes' && verdict === 'leak') {
    verdict = 'warn';
    reason = `${reason} (VMS alone is never a leak)`;
  }
  return { ...base, verdict, reason };
}
