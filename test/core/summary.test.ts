import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRunSummary, churnSummary, metricSummary, stressSummary } from '../../source/core/summary.js';
import { CALL_ERROR_KINDS, VERDICT_ORDER } from '../../source/core/types.js';
import type { CallErrorKind, ChurnView, StressView } from '../../source/core/types.js';
import { setup } from './monitor-setup.js';

const errors = Object.fromEntries(CALL_ERROR_KINDS.map((k) => [k, 0])) as Record<CallErrorKind, number>;
const stress: StressView = {
  state: 'done', transport: 'stdio', tool: 'echo', users: 2, callsPerUser: 50, rounds: 2, round: 2, planned: 200,
  calls: 200, ok: 198, failed: 2, errors: { ...errors, timeout: 2 }, latencyMs: { p50: 1, p95: 3, p99: 5 },
  startedAt: 1000, endedAt: 5000, roundBaselines: [],
};
const churn: ChurnView = {
  state: 'done', mode: 'eof', viaNpx: false, cycles: 10, done: 10, failed: 1, survivors: 2, zombies: 0, eofCompliant: 8,
  eofChecked: 10, selfFdsStart: 20, selfFdsNow: 23, latencyMs: {}, survivorSamples: [],
};

describe('summary', () => {
  test('a scripted run: whole-run figures per metric, stress and churn, worst verdict, CRIT reached', async () => {
    const { clock, source, monitor } = setup({ targets: { names: ['leaky', 'calm'] }, thresholds: { procsWarn: 2, procsCrit: 3 } });
    source.add({ pid: 200, comm: 'leaky', metrics: { fds: 10, rssBytes: 1000, vmsBytes: 5000, threads: 4 } });
    source.add({ pid: 300, comm: 'calm', metrics: { fds: 8, rssBytes: 500 } });
    const fds = [10, 12, 11, 16, 20, 25];
    for (const [i, f] of fds.entries()) {
      source.set(200, { fds: f, rssBytes: 1000 + i * 100 });
      if (i === 2) {
        source.add({ pid: 201, ppid: 200, comm: 'w' });
        source.add({ pid: 202, ppid: 200, comm: 'w' });
      }
      if (i === 3) source.remove(201, 202);
      await monitor.tick();
      clock.advance(1000);
    }
    monitor.setStress(stress);
    monitor.setChurn(churn);
    const sum = monitor.summary();
    assert.equal(sum.samples, 6);
    assert.equal(sum.durationMs, 6000);
    assert.equal(sum.servers.length, 2);
    const leaky = sum.servers[0];
    assert.equal(leaky?.label, 'leaky');
    assert.deepEqual(
      { ...leaky?.metrics.fds, verdict: undefined, reason: undefined, hint: undefined },
      { initial: 10, final: 25, min: 10, max: 25, avg: 94 / 6, growth: 15, growthPct: 150, count: 6, verdict: undefined, reason: undefined, hint: undefined },
    );
    assert.equal(leaky?.metrics.rssBytes.growth, 500);
    assert.equal(leaky?.metrics.vmsBytes.final, 5000);
    assert.equal(leaky?.metrics.procs.max, 3);
    assert.equal(leaky?.metrics.threads?.avg, 4);
    assert.equal(leaky?.worstStatus.level, 'crit');
    assert.deepEqual(leaky?.worstStatus.reasons, ['3 processes in tree']);
    assert.equal(leaky?.alive, true);
    assert.equal(sum.critReached, true);
    for (const s of sum.servers) for (const m of Object.values(s.metrics)) assert.equal(typeof m?.reason, 'string');
    const worst = Math.max(...sum.servers.map((s) => VERDICT_ORDER[s.verdict]));
    assert.ok(worst < VERDICT_ORDER.leak, 'no server metric is a leak here');
    assert.equal(sum.verdict, 'leak', 'but the churn left 2 survivors');
    assert.equal(sum.stress?.calls, 200);
    assert.equal(sum.stress?.callsPerSec, 50, 'derived from start and end when the view has no rate');
    assert.equal(sum.churn?.cycles, 10);
    assert.equal(sum.churn?.eofComplianceRate, 0.8);
    assert.equal(sum.churn?.selfFdDrift, 3);
    assert.equal(monitor.getSnapshot().stress, stress);
  });

  test('churn survivors make the run a leak even when every metric is ok; none leave it ok', () => {
    const base = { durationMs: 1000, samples: 2, servers: [], now: 1000 };
    assert.equal(buildRunSummary({ ...base, churn }).verdict, 'leak');
    assert.equal(buildRunSummary({ ...base, churn: { ...churn, survivors: 0 } }).verdict, 'ok');
  });

  test('nothing ran: stress and churn are null, no servers is ok, CRIT not reached', () => {
    const { monitor } = setup();
    const sum = monitor.summary();
    assert.equal(sum.stress, null);
    assert.equal(sum.churn, null);
    assert.equal(sum.verdict, 'ok');
    assert.equal(sum.critReached, false);
    assert.equal(sum.samples, 0);
  });

  test('pieces: an unjudged metric is warn; rates and ratios are undefined without a base', () => {
    assert.equal(metricSummary({ count: 0 }, undefined).verdict, 'inconclusive');
    assert.equal(stressSummary({ ...stress, callsPerSec: 12 }, 0)?.callsPerSec, 12);
    assert.equal(stressSummary({ ...stress, startedAt: undefined }, 0)?.callsPerSec, 0);
    const c = churnSummary({ ...churn, eofChecked: 0, selfFdsNow: undefined });
    assert.equal(c?.eofComplianceRate, undefined);
    assert.equal(c?.selfFdDrift, undefined);
  });
});
