// The fixture corpus as real processes: each leaker is judged `leak` on its metric (and we report after how many
// calls), each healthy shape is never judged `leak`. The live Monitor samples /proc; calls go over stdio MCP.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { NodeLauncher } from '../../../source/adapters/launcher.js';
import { closeStdioChannel, openStdioSession } from '../../../source/adapters/stdio-session.js';
import { LinuxProcessSource } from '../../../source/adapters/procfs.js';
import { systemClock } from '../../../source/adapters/clock.js';
import { DEFAULT_THRESHOLDS, NO_TARGETS } from '../../../source/core/config.js';
import { Monitor } from '../../../source/core/monitor.js';
import type { MetricVerdict, RunSummary, ServerMetric, ServerView } from '../../../source/core/types.js';
import { MetricTrack, judgeMetric } from '../../../source/core/verdict/index.js';
import { makeStress } from '../../helpers/snapshots.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openNdjsonSink } from '../../../source/adapters/recorders.js';
import { replayRecording } from '../../../source/report.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/leakers/leaker.js', import.meta.url));

interface Outcome {
  /** Final verdict per metric from the Monitor, plus `procs+zombies` judged on the side (the Monitor's procs are live only). */
  readonly final: Partial<Record<ServerMetric | 'procsAndZombies', MetricVerdict>>;
  /** Calls made when each metric was first judged `leak`. */
  readonly leakAt: Partial<Record<ServerMetric | 'procsAndZombies', { calls: number; tick: number }>>;
  readonly calls: number;
  readonly summary: RunSummary;
}

interface RunOpts {
  readonly ticks: number;
  readonly callsPerTick: number;
  readonly until?: ServerMetric | 'procsAndZombies';
  /** Another server to run instead of the fixture, with its tool and arguments. */
  readonly argv?: readonly string[];
  readonly tool?: string;
  readonly args?: Record<string, unknown>;
  /** Record the run as NDJSON here (the harness writes the per-tick load marks the Monitor is asked to write). */
  readonly record?: string;
}

async function runFixture(t: TestContext, mode: string, o: RunOpts): Promise<Outcome> {
  const launcher = new NodeLauncher();
  const proc = await launcher.launch(o.argv ?? [process.execPath, '--expose-gc', FIXTURE, mode]);
  t.after(async () => { await closeStdioChannel(proc).catch(() => undefined); await proc.stop(300); });
  const source = new LinuxProcessSource();
  const sinks = o.record ? [openNdjsonSink(o.record, { intervalMs: 100, argv: [] })] : [];
  const monitor = new Monitor({ source, clock: systemClock, targets: NO_TARGETS, thresholds: DEFAULT_THRESHOLDS, intervalMs: 100, selfPid: process.pid, sinks });
  monitor.attachLaunched(proc.pid, proc);
  const session = await openStdioSession(proc);
  const side = new MetricTrack('count');
  // The server answered: its next sample is the verdict baseline (as the load engine marks it).
  await monitor.tick();
  monitor.markReady();
  const leakAt: Outcome['leakAt'] = {};
  let final: Outcome['final'] = {};
  let calls = 0;
  const tail = 5;
  for (let tick = 0; tick < o.ticks + tail; tick++) {
    const loading = tick < o.ticks;
    for (let k = 0; loading && k < o.callsPerTick; k++) {
      const r = await session.callTool(o.tool ?? 'work', o.args ?? {}, 10_000);
      assert.ok(r.ok, `call failed: ${r.ok ? '' : r.message}`);
      calls++;
    }
    monitor.setStress(makeStress({ calls, round: 1 }));
    monitor.event('load', { calls, cycles: 0 });
    const snap = await monitor.tick();
    const s: ServerView | undefined = snap.servers[0];
    assert.ok(s?.latest, 'the launched server is watched');
    side.push(s.latest.t, s.latest.procs + s.latest.zombies, { calls, cycles: 0 });
    if (tick === 0) side.markBaseline(s.latest.t);
    final = { ...s.metricVerdicts, procsAndZombies: judgeMetric('procs', side) };
    for (const [m, v] of Object.entries(final)) {
      if (v?.verdict === 'leak' && !leakAt[m as keyof Outcome['leakAt']]) leakAt[m as keyof Outcome['leakAt']] = { calls, tick };
    }
    if (o.until && leakAt[o.until] && loading) tick = o.ticks - 1; // seen under load: on to the tail
  }
  source.close?.();
  const summary = monitor.summary();
  await Promise.all(sinks.map((x) => x.close()));
  return { final, leakAt, calls, summary };
}

const report = (t: TestContext, mode: string, out: Outcome, m: keyof Outcome['leakAt']): void => {
  const at = out.leakAt[m];
  t.diagnostic(`${mode}: ${m} leak after ${at?.calls ?? '-'} calls (tick ${at?.tick ?? '-'}): ${out.final[m]?.reason}`);
};

describe('fixture leakers (real processes)', () => {
  test('FD leak: 1 FD per call', async (t) => {
    const out = await runFixture(t, 'fds', { ticks: 30, callsPerTick: 10, until: 'fds' });
    report(t, 'fds', out, 'fds');
    assert.equal(out.final.fds?.verdict, 'leak', out.final.fds?.reason);
    assert.match(out.final.fds?.reason ?? '', /^FDs \+1\.\d\d per call/);
    assert.ok((out.leakAt.fds?.calls ?? Infinity) <= 400);
  });

  test('memory leak: 25 KB per call', async (t) => {
    // Up to 5,000 calls, the bound for 25 KB per call (named once past 1.2x the baseline: series.ts).
    const out = await runFixture(t, 'memory', { ticks: 50, callsPerTick: 100, until: 'rssBytes' });
    report(t, 'memory', out, 'rssBytes');
    assert.equal(out.final.rssBytes?.verdict, 'leak', out.final.rssBytes?.reason);
    assert.match(out.final.rssBytes?.reason ?? '', /^RSS \+\d\d\.\d KB per call/);
    const perCall = (out.final.rssBytes?.perKiloCalls ?? 0) / 1000 / 1024;
    assert.ok(perCall > 20 && perCall < 40, `${perCall} KB per call`);
  });

  test('child process leak: 1 sleeping child per call; its recording replays to the same verdicts', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-leakers-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const record = join(dir, 'children.ndjson');
    const out = await runFixture(t, 'children', { ticks: 40, callsPerTick: 3, until: 'procs', record });
    report(t, 'children', out, 'procs');
    assert.equal(out.final.procs?.verdict, 'leak', out.final.procs?.reason);
    assert.ok((out.leakAt.procs?.calls ?? Infinity) <= 200);
    const replayed = await replayRecording(record);
    const shape = (s: RunSummary) => s.servers.map((x) => [x.key, x.verdict, Object.entries(x.metrics).map(([k, m]) => [k, m?.verdict, m?.reason, m?.max])]);
    assert.deepEqual(shape(replayed.summary), shape(out.summary));
    assert.equal(out.summary.servers[0]?.metrics.procs.verdict, 'leak');
    const culprits = out.summary.servers[0]?.culprits ?? [];
    assert.ok(culprits.length >= 10 && culprits.every((c) => c.kind === 'child' && c.ppid > 0 && c.command.length > 0), JSON.stringify(culprits.slice(0, 2)));
  });

  test('zombie leak: 1 unreaped child per call (judged on live + zombie processes)', async (t) => {
    const out = await runFixture(t, 'zombies', { ticks: 40, callsPerTick: 3, until: 'procsAndZombies' });
    report(t, 'zombies', out, 'procsAndZombies');
    assert.equal(out.final.procsAndZombies?.verdict, 'leak', out.final.procsAndZombies?.reason);
    assert.notEqual(out.final.fds?.verdict, 'leak', 'a zombie holds no FDs');
    assert.ok((out.summary.servers[0]?.culprits ?? []).some((c) => c.kind === 'zombie' && c.state === 'Z'), 'zombies are named as zombies');
  });
});

describe('healthy shapes (real processes)', () => {
  const EVERYTHING = fileURLToPath(new URL('../../../node_modules/@modelcontextprotocol/server-everything/dist/index.js', import.meta.url));
  const cases: readonly [string, RunOpts][] = [
    ['warmup', { ticks: 150, callsPerTick: 100 }],
    ['sawtooth', { ticks: 150, callsPerTick: 100 }],
    ['shellout', { ticks: 150, callsPerTick: 40 }],
    ['server-everything echo', { ticks: 120, callsPerTick: 100, argv: [process.execPath, EVERYTHING, 'stdio'], tool: 'echo', args: { message: 'hi' } }],
  ];
  for (const [mode, opts] of cases) {
    test(`${mode}: never judged leak on any metric over ${opts.ticks * opts.callsPerTick} calls`, async (t) => {
      const out = await runFixture(t, mode, opts);
      for (const [m, v] of Object.entries(out.final)) t.diagnostic(`${mode} ${m}: ${v?.verdict} — ${v?.reason}`);
      assert.deepEqual(Object.keys(out.leakAt), [], JSON.stringify(out.leakAt));
      assert.equal(out.final.fds?.enoughData, true);
    });
  }
});
