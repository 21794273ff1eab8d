// The exit summary: per-metric aggregates with their verdicts, stress and churn totals, the run's verdict.
import { worstVerdict } from './verdict/index.js';
import type {
  ChurnView, MetricStats, MetricSummary, MetricVerdict, RunSummary, ServerSummary, StressView,
} from './types.js';
import type { GrowthRate } from './summary-types.js';
import type { ProfileResult } from './stress/profile-judge.js';
import type { HeapReport } from './attribution/heap.js';

/** Aggregates plus the verdict; a metric never judged counts as "inconclusive" (too little data is not a clean bill). */
export function metricSummary(stats: MetricStats, verdict: MetricVerdict | undefined): MetricSummary {
  const rate = verdict === undefined ? undefined : rateOf(verdict);
  return {
    ...stats, verdict: verdict?.verdict ?? 'inconclusive', reason: verdict?.reason ?? 'not judged: no samples',
    ...(verdict?.hint === undefined ? {} : { hint: verdict.hint }),
    ...(rate === undefined ? {} : { rate }),
  };
}

/** The verdict's slope in the unit its work was counted in (per session, call or cycle; per minute with none). */
export function rateOf(v: MetricVerdict): GrowthRate | undefined {
  if (!v.enoughData) return undefined;
  if (v.perSession !== undefined) return { per: 'session', value: v.perSession };
  if (v.perKiloCalls !== undefined) return { per: 'call', value: v.perKiloCalls / 1000 };
  if (v.perCycle !== undefined) return { per: 'cycle', value: v.perCycle };
  if (v.slopePerMin !== undefined) return { per: 'minute', value: v.slopePerMin };
  return undefined;
}

export function stressSummary(view: StressView | undefined, now: number): RunSummary['stress'] {
  if (view === undefined) return null;
  let callsPerSec = view.callsPerSec;
  if (callsPerSec === undefined && view.startedAt !== undefined) {
    const ms = (view.endedAt ?? now) - view.startedAt;
    callsPerSec = ms > 0 ? (view.calls / ms) * 1000 : undefined;
  }
  return {
    calls: view.calls, ok: view.ok, failed: view.failed, callsPerSec: callsPerSec ?? 0, latencyMs: view.latencyMs,
    tool: view.tool, transport: view.transport, errors: view.errors, rounds: view.roundBaselines,
    state: view.state, ...(view.message === undefined ? {} : { message: view.message }),
    ...(view.era !== undefined ? { era: view.era } : {}),
    ...(view.inputRequired !== undefined ? { inputRequired: view.inputRequired } : {}),
  };
}

export function churnSummary(view: ChurnView | undefined): RunSummary['churn'] {
  if (view === undefined) return null;
  return {
    cycles: view.done, failed: view.failed, survivors: view.survivors, mode: view.mode, zombies: view.zombies,
    eofComplianceRate: view.eofChecked > 0 ? view.eofCompliant / view.eofChecked : undefined,
    selfFdDrift: view.selfFdsStart !== undefined && view.selfFdsNow !== undefined ? view.selfFdsNow - view.selfFdsStart : undefined,
    state: view.state, ...(view.message === undefined ? {} : { message: view.message }),
    ...(view.survivorList === undefined || view.survivorList.length === 0 ? {} : { survivorList: view.survivorList }),
    ...(view.era !== undefined ? { era: view.era } : {}),
  };
}

export interface SummaryInput {
  readonly durationMs: number;
  /** Ticks taken. */
  readonly samples: number;
  readonly servers: readonly ServerSummary[];
  readonly stress?: StressView;
  readonly churn?: ChurnView;
  /** Clock time now, ms (for a stress run still going). */
  readonly now: number;
  readonly profile?: ProfileResult;
  readonly heap?: readonly HeapReport[];
}

export function buildRunSummary(input: SummaryInput): RunSummary {
  // Processes that outlived their churn cycle are a process leak of the server under test, whatever its metrics say.
  const churnLeak = (input.churn?.survivors ?? 0) > 0 ? ['leak' as const] : [];
  // A tool the profile found leaking is a leak of the server, whatever the whole run's metrics say.
  if (input.profile?.tools.some((t) => t.verdict === 'leak')) churnLeak.push('leak' as const);
  return {
    verdict: worstVerdict([...input.servers.map((s) => s.verdict), ...churnLeak]),
    durationMs: input.durationMs,
    samples: input.samples,
    servers: input.servers,
    stress: stressSummary(input.stress, input.now),
    churn: churnSummary(input.churn),
    critReached: input.servers.some((s) => s.worstStatus.level === 'crit'),
    ...(input.profile === undefined ? {} : { profile: input.profile }),
    ...(input.heap === undefined || input.heap.length === 0 ? {} : { heap: input.heap }),
  };
}
