// The exporter's memory between snapshots: counters that only grow across runs and restarts, and caches bounded by what is live.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ExporterState, RunTotals } from '../../source/adapters/prometheus-state.js';
import { groupContext } from '../../source/adapters/prometheus-groups.js';
import { renderFamilies } from '../../source/adapters/prometheus-text.js';
import type { ServerView, Snapshot } from '../../source/core/types.js';

const view = (pid: number, cpuTimeMs: number, alive = true): ServerView => ({
  key: `${pid}@${pid}`, label: 'node respawner.js', pid, command: 'node respawner.js', alive, launched: false,
  latest: { t: 0, procs: 2, zombies: 0, fds: 10 },
  status: { level: 'ok', reasons: [] }, worstStatus: { level: 'ok', reasons: [] }, verdict: 'ok', metricVerdicts: {},
  series: { fds: [], rssBytes: [], vmsBytes: [], cpuPct: [], procs: [] },
  processes: [
    { pid, startTime: pid, ppid: 1, comm: 'node', command: 'node respawner.js', state: 'S', depth: 0, alive, metrics: { cpuTimeMs } },
    { pid: pid + 1, startTime: pid, ppid: pid, comm: 'sh', command: 'sh', state: 'S', depth: 1, alive, metrics: { cpuTimeMs: 100 } },
  ],
});
const snap = (tick: number, servers: ServerView[]): Snapshot => ({
  tick, t: tick * 1000, startedAt: 0, elapsedMs: tick * 1000, intervalMs: 1000, paused: false, servers, watchedProcs: servers.length * 2, notices: [], verdict: 'ok',
});
const cpu = (st: ExporterState): number | undefined =>
  st.families().find((f) => f.name === 'mcptop_server_cpu_seconds_total')?.samples.map((s) => ('value' in s ? s.value : NaN))[0];

describe('ExporterState', () => {
  test('a server respawning 500 times: one group, CPU only grows, caches hold only what is live, output size flat', () => {
    const st = new ExporterState({ context: groupContext(), version: 'x', nodejs: 'y' });
    let last = 0;
    let lines: number | undefined;
    for (let i = 0; i < 500; i++) {
      const pid = 1000 + i * 2;
      // The old copy is listed as exited beside its replacement, then forgotten, as the Monitor does.
      st.update(snap(i, [view(pid - 2, 900, false), view(pid, 50 + (i % 7))]));
      const now = cpu(st) ?? -1;
      assert.ok(now >= last, `tick ${i}: the CPU counter went down (${last} -> ${now})`);
      last = now;
      assert.deepEqual(st.sizes(), { identities: 1, processes: 2, groups: 1 });
      const n = renderFamilies(st.families()).split('\n').length;
      lines ??= n;
      assert.equal(n, lines, `tick ${i}: the exposition grew`);
    }
    assert.ok(last > 500 * 0.15, `each copy's CPU was added (${last})`);
  });

  test('a process CPU counter adds deltas, and a server that exits drops its group', () => {
    const st = new ExporterState({ context: groupContext(), version: 'x', nodejs: 'y' });
    st.update(snap(1, [view(10, 1000)]));
    assert.equal(cpu(st), 1.1);
    st.update(snap(2, [view(10, 3000)]));
    assert.equal(cpu(st), 3.1);
    st.update(snap(3, [view(10, 3000, false)]));
    assert.equal(cpu(st), undefined);
    assert.deepEqual(st.sizes(), { identities: 0, processes: 0, groups: 0 });
  });

  test('RunTotals: a run adds its growth; a new run (new id, or a figure that went down) adds on top', () => {
    const r = new RunTotals(2);
    r.add('a', [1, 0]);
    r.add('a', [5, 2]);
    assert.deepEqual(r.totals, [5, 2]);
    r.add('b', [3, 0]);
    assert.deepEqual(r.totals, [8, 2]);
    r.add('b', [4, 1]);
    r.add('b', [1, 1]);
    assert.deepEqual(r.totals, [10, 4]);
  });
});
