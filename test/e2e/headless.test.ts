// The built CLI headless against real MCP servers: status lines, the JSON summary, exit codes, signals, nothing left behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERYTHING, descendantsOf, eventually, isAlive, runCli } from '../helpers/cli.js';

interface JsonMetric { initial: number; final: number; min: number; max: number; avg: number; growth: number; growthPct: number | null; verdict: string }
interface JsonSummary {
  verdict: string; durationMs: number;
  servers: { label: string; pid: number; command: string; verdict: string; era?: string; metrics: Record<'fds' | 'rssBytes' | 'vmsBytes' | 'procs', JsonMetric> }[];
  stress: unknown; churn: unknown;
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'mcptop-e2e-'));

describe('headless', () => {
  test('-- server-everything: status lines per tick, CLI.md JSON summary, server ended on exit', async (t) => {
    const dir = tmp();
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'summary.json');
    const run = runCli(['--headless', '--duration', '3', '--interval', '250', '--fail-on', 'leak', '--json', out, '--', process.execPath, EVERYTHING]);
    t.after(() => run.kill());
    const { code } = await run.done;
    assert.equal(code, 0, run.stderr());
    const lines = run.stderr().trim().split('\n');
    assert.ok(lines.length >= 6, `a status line per tick, got ${lines.length}:\n${run.stderr()}`);
    assert.match(lines.at(-1) ?? '', /fds \d+/);
    const s = JSON.parse(readFileSync(out, 'utf8')) as JsonSummary;
    assert.ok(['ok', 'inconclusive', 'leak'].includes(s.verdict));
    assert.ok(s.durationMs >= 2500 && s.durationMs < 10_000, `durationMs ${s.durationMs}`);
    assert.equal(s.servers.length, 1);
    const server = s.servers[0];
    assert.ok(server !== undefined);
    assert.ok(server.command.includes('server-everything'), server.command);
    for (const m of ['fds', 'rssBytes', 'vmsBytes', 'procs'] as const) {
      const metric: JsonMetric = server.metrics[m];
      for (const k of ['initial', 'final', 'min', 'max', 'avg', 'growth'] as const) assert.equal(typeof metric[k], 'number', `${m}.${k}`);
      assert.ok(metric.min <= metric.max);
      assert.ok(['ok', 'inconclusive', 'leak'].includes(metric.verdict));
    }
    assert.ok(server.metrics.fds.min >= 3, 'a node server has at least stdio open');
    // max, not min: the first sample can catch the child between fork and exec.
    assert.ok(server.metrics.rssBytes.max > 10 * 1024 * 1024, 'node RSS is tens of MB');
    assert.equal(s.stress, null);
    assert.equal(s.churn, null);
    assert.match(run.stdout(), /fds/i, 'the text summary is printed to stdout');
    await eventually(() => !isAlive(server.pid), 5000, 'launched server to be gone');
  });

  test('--pid of a server mcptop did not start: watched, and left running', async (t) => {
    const server = spawn(process.execPath, [EVERYTHING], { stdio: ['pipe', 'pipe', 'pipe'] });
    server.stderr.resume();
    server.stdout.resume();
    t.after(() => { server.kill('SIGKILL'); });
    const pid = server.pid ?? 0;
    const run = runCli(['--headless', '--duration', '2', '--interval', '250', '--fail-on', 'leak', '--json', '-', '--pid', String(pid)]);
    t.after(() => run.kill());
    const { code } = await run.done;
    assert.equal(code, 0, run.stderr());
    const s = JSON.parse(run.stdout()) as JsonSummary;
    assert.equal(s.servers[0]?.pid, pid);
    assert.ok(isAlive(pid), 'mcptop never ends a server it only watches');
  });

  test('--demo: the leaky server climbs, the healthy one stays flat', async (t) => {
    const run = runCli(['--headless', '--demo', '--duration', '8', '--interval', '250', '--json', '-']);
    t.after(() => run.kill());
    const { code } = await run.done;
    assert.ok(code === 0 || code === 1 || code === 5, `exit ${code}: ${run.stderr()}`);
    const s = JSON.parse(run.stdout()) as JsonSummary;
    assert.equal(s.servers.length, 2, run.stderr());
    const leaky = s.servers.find((x) => x.command.includes('leaky'));
    const healthy = s.servers.find((x) => x.command.includes('healthy'));
    assert.ok(leaky !== undefined && healthy !== undefined, JSON.stringify(s.servers.map((x) => x.command)));
    assert.ok(leaky.metrics.fds.growth >= 5, `leaky FDs grow (growth ${leaky.metrics.fds.growth})`);
    assert.ok(Math.abs(healthy.metrics.fds.growth) <= 2, `healthy FDs flat (growth ${healthy.metrics.fds.growth})`);
    // One demo server per era, each reported with the era it spoke.
    assert.deepEqual([healthy.era, leaky.era], ['modern', 'legacy']);
  });

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    test(`${signal}: still prints the summary, exits 128+signo and ends the server it launched`, async (t) => {
      const run = runCli(['--headless', '--interval', '200', '--json', '-', '--', process.execPath, EVERYTHING]);
      t.after(() => run.kill());
      await run.waitFor((o) => o.stderr.split('\n').length > 3, 15_000, 'a few status lines');
      const children = descendantsOf(run.child.pid ?? 0);
      assert.ok(children.length >= 1, 'the server runs under mcptop');
      run.child.kill(signal);
      const { code } = await run.done;
      assert.equal(code, { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }[signal], run.stderr());
      const s = JSON.parse(run.stdout()) as JsonSummary;
      assert.equal(s.servers.length, 1);
      for (const pid of children) await eventually(() => !isAlive(pid), 5000, `child ${pid} to be gone`);
    });
  }
});
