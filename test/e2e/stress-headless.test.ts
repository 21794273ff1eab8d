// Issue 3's headless acceptance runs through the built CLI: load and churn against real servers, JSON figures, exit codes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVERYTHING, ROOT, descendantsOf, runCli } from '../helpers/cli.js';

interface Summary {
  verdict: string;
  servers: { command: string; metrics: { fds: { verdict: string } } }[];
  stress: { calls: number; ok: number; failed: number; callsPerSec: number; latencyMs: { p50: number; p95: number; p99: number }; tool?: string;
    rounds?: { round: number }[] } | null;
  churn: { cycles: number; failed: number; survivors: number; mode?: string; eofComplianceRate?: number; selfFdDrift?: number } | null;
}

describe('headless stress through the built CLI', () => {
  test('--stress load --users 4 --calls 500 --rounds 2 against server-everything: every call counted, figures in --json', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-stress-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const out = join(dir, 'out.json');
    const run = runCli(['--headless', '--stress', 'load', '--users', '4', '--calls', '500', '--rounds', '2', '--delay', '500',
      '--interval', '250', '--json', out, '--', process.execPath, EVERYTHING]);
    t.after(() => run.kill());
    const { code } = await run.done;
    assert.ok(code === 0 || code === 1 || code === 5, `exit ${code}\n${run.stderr()}`);
    const s = JSON.parse(readFileSync(out, 'utf8')) as Summary;
    assert.ok(s.stress !== null, 'stress figures present');
    assert.equal(s.stress.calls, 4000);
    assert.equal(s.stress.ok + s.stress.failed, 4000);
    assert.equal(s.stress.failed, 0, run.stderr());
    assert.ok(s.stress.callsPerSec > 100, `calls/s ${s.stress.callsPerSec}`);
    assert.ok(s.stress.latencyMs.p50 <= s.stress.latencyMs.p95 && s.stress.latencyMs.p95 <= s.stress.latencyMs.p99);
    assert.equal(typeof s.stress.tool, 'string', 'the picked tool is named');
    assert.equal(s.churn, null);
    assert.notEqual(s.servers[0]?.metrics.fds.verdict, 'leak', 'server-everything does not leak FDs under echo load');
    assert.equal(descendantsOf(run.child.pid ?? 0).length, 0);
  });

  test('--stress churn --mode eof against the healthy demo server: no survivors, EOF compliant, own FDs flat', async (t) => {
    const run = runCli(['--headless', '--stress', 'churn', '--cycles', '15', '--mode', 'eof', '--interval', '250', '--json', '-',
      '--', process.execPath, join(ROOT, 'dist/demo/healthy-server.js')]);
    t.after(() => run.kill());
    const { code } = await run.done;
    const s = JSON.parse(run.stdout()) as Summary;
    assert.ok(s.churn !== null, run.stderr());
    assert.equal(s.churn.cycles, 15);
    assert.equal(s.churn.failed, 0, run.stderr());
    assert.equal(s.churn.survivors, 0);
    assert.equal(s.churn.mode, 'eof');
    assert.equal(s.churn.eofComplianceRate, 1);
    assert.ok(Math.abs(s.churn.selfFdDrift ?? 99) <= 1, `own FD drift ${s.churn.selfFdDrift}`);
    assert.equal(code, { leak: 1, inconclusive: 5, ok: 0 }[s.verdict]);
  });

  test('a server that leaves a child behind on exit: churn counts survivors, the run is a leak (exit 1)', async (t) => {
    const run = runCli(['--headless', '--stress', 'churn', '--cycles', '3', '--mode', 'eof', '--interval', '250', '--json', '-',
      '--', process.execPath, join(ROOT, 'test/fixtures/servers/raw-server.js'), '--leave-child']);
    t.after(() => run.kill());
    const { code } = await run.done;
    const s = JSON.parse(run.stdout()) as Summary;
    assert.ok(s.churn !== null && s.churn.survivors >= 1, `survivors counted: ${JSON.stringify(s.churn)}\n${run.stderr()}`);
    assert.equal(s.verdict, 'leak');
    assert.equal(code, 1);
    // Each survivor named, with its parent and state, and that mcptop ended it.
    const named = (s.churn as unknown as { survivorList?: { pid: number; ppid: number; state: string; command: string; ended: boolean }[] }).survivorList ?? [];
    assert.ok(named.length >= 1 && named.every((c) => c.pid > 0 && c.ended && /sleeper/.test(c.command)), JSON.stringify(named));
    assert.match(run.stderr(), /survivor pid \d+ \(parent \d+, state \w/);
  });
});
