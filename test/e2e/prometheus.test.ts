// mcptop as a Prometheus exporter, end to end: promtool on a live /metrics, a real Prometheus scraping the demo under load
// (leak series, FD kinds, the leak alert firing, every dashboard expression answering), and a watched server restarted
// without new series for its group.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli, type CliRun } from '../helpers/cli.js';
import { parseExposition, promBinary, skipMessage } from '../helpers/prometheus.js';

const dir = mkdtempSync(join(tmpdir(), 'mcptop-prom-'));
const children: ChildProcess[] = [];
const runs: CliRun[] = [];
after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await Promise.all(runs.map((r) => r.kill()));
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('close', r)) : undefined)));
  rmSync(dir, { recursive: true, force: true });
});

/** Ends mcptop as a signal would (it ends what it launched) and waits for it. */
async function stop(run: CliRun): Promise<void> {
  run.child.kill('SIGTERM');
  await run.done;
}

/** mcptop headless with an exporter on a free loopback port; resolves with its /metrics URL. */
async function exporter(args: readonly string[]): Promise<{ run: CliRun; url: string }> {
  const run = runCli(['--headless', '--prometheus', '127.0.0.1:0', ...args]);
  runs.push(run);
  const re = /serving Prometheus metrics at (http:\S+)/;
  await run.waitFor(({ stderr }) => re.test(stderr), 20_000, 'the metrics URL');
  return { run, url: re.exec(run.stderr())?.[1] ?? '' };
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise((r) => srv.close(r));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

type PromResult = { metric: Record<string, string>; value: [number, string] }[];
async function query(base: string, expr: string): Promise<PromResult> {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = await res.json() as { status: string; error?: string; data?: { resultType: string; result: PromResult } };
  assert.equal(body.status, 'success', `${expr}: ${body.error ?? ''}`);
  return body.data?.result ?? [];
}

/** The shipped rules with every `for:` cut to 1s, so the alerts can fire within a short run. */
function quickRules(): string {
  const path = join(dir, 'rules.yml');
  writeFileSync(path, readFileSync(join(ROOT, 'deploy/prometheus/mcptop-rules.yml'), 'utf8').replace(/^(\s+for:) \S+$/gm, '$1 1s'));
  return path;
}

/** Every PromQL expression of the dashboard (panels and template variables), with Grafana's variables filled in. */
function dashboardExpressions(): string[] {
  const dash = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/mcptop-dashboard.json'), 'utf8')) as {
    panels: { targets?: { expr: string }[] }[]; templating: { list: { type: string; query: unknown }[] };
  };
  const fill = (e: string): string => e.replace(/\$__rate_interval/g, '5m').replace(/\$(instance|client|server)\b/g, '.*');
  const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => fill(t.expr)));
  for (const v of dash.templating.list) {
    const q = typeof v.query === 'object' && v.query !== null ? (v.query as { query: string }).query : undefined;
    const m = q === undefined ? null : /^label_values\((.+), \w+\)$/.exec(q);
    if (m?.[1] !== undefined) exprs.push(fill(m[1]));
  }
  return exprs;
}

describe('mcptop --prometheus (built CLI)', () => {
  test('a real Prometheus scrapes mcptop over the demo under load: leak series, FD kinds, the leak alert, every dashboard expression', async (t) => {
    const promtool = promBinary('promtool');
    const prometheus = promBinary('prometheus');
    if (promtool === undefined || prometheus === undefined) { t.skip(skipMessage('prometheus')); return; }
    const { run, url } = await exporter(['--demo', '--stress', 'load', '--users', '4', '--calls', '150', '--rounds', '3', '--delay', '200', '--interval', '500', '--duration', '55']);

    const check = spawnSync(promtool, ['check', 'metrics'], { input: await (await fetch(url)).text(), encoding: 'utf8' });
    assert.equal(check.status, 0, `promtool check metrics on the live /metrics:\n${check.stdout}${check.stderr}`);

    const port = await freePort();
    const target = new URL(url).host;
    writeFileSync(join(dir, 'prometheus.yml'), [
      'global: { scrape_interval: 1s, evaluation_interval: 1s }',
      `rule_files: ["${quickRules()}"]`,
      'scrape_configs:',
      '  - job_name: mcptop',
      `    static_configs: [{ targets: ["${target}"] }]`,
      '',
    ].join('\n'));
    const prom = spawn(prometheus, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(prom);
    let promErr = '';
    prom.stderr?.setEncoding('utf8').on('data', (d: string) => { promErr += d; });
    const base = `http://127.0.0.1:${port}`;

    // Named by what they show, not by the demo's file names: the leaky demo server is whichever one leaks.
    const found = { leak: false, kinds: false, alert: false };
    const leaking = new Set<string>();
    const deadline = Date.now() + 45_000;
    while (!(found.leak && found.kinds && found.alert)) {
      assert.ok(Date.now() < deadline, `not all found in time: ${JSON.stringify(found)}\nmcptop:\n${run.stderr().slice(-2000)}\nprometheus:\n${promErr}`);
      assert.equal(prom.exitCode, null, `prometheus exited:\n${promErr}`);
      await new Promise((r) => setTimeout(r, 500));
      try {
        found.kinds ||= (await query(base, 'mcptop_server_fds{kind="file",client="mcptop"}')).length > 0;
        for (const r of await query(base, 'mcptop_server_verdict{metric="fds",mcptop_server_verdict="leak"} == 1')) leaking.add(r.metric['server'] ?? '');
        found.leak = leaking.size > 0;
        found.alert ||= (await query(base, 'ALERTS{alertname="McptopLeakVerdict",alertstate="firing"}')).some((r) => leaking.has(r.metric['server'] ?? ''));
      } catch (err) {
        if (!(err instanceof TypeError)) throw err; // not listening yet
      }
    }
    const servers = new Set((await query(base, 'mcptop_server_instances')).map((r) => r.metric['server']));
    assert.equal(servers.size, 2, 'the two demo servers');
    assert.equal(leaking.size, 1, 'one of them leaks FDs, the other does not');
    const alerted = new Set((await query(base, 'ALERTS{alertname="McptopLeakVerdict"}')).map((r) => r.metric['server']));
    assert.ok([...alerted].every((a) => a !== undefined && leaking.has(a)), `only the leaking server raises a leak alert: ${[...alerted].join(', ')}`);

    const empty: string[] = [];
    for (const expr of dashboardExpressions()) if ((await query(base, expr)).length === 0) empty.push(expr);
    assert.deepEqual(empty, [], 'every dashboard expression returns data');

    prom.kill('SIGTERM');
    await new Promise((r) => prom.once('close', r));
    await stop(run);
  });

  test('a restarted server keeps its group: no new series, only a new pid in mcptop_server_info', async () => {
    const token = `mcp-prom-restart-${process.pid}`;
    const start = (): ChildProcess => {
      const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', token], { stdio: 'ignore' });
      children.push(c);
      return c;
    };
    const first = start();
    const { run, url } = await exporter(['--match', token, '--interval', '200']);
    const series = async () => parseExposition(await (await fetch(url)).text()).samples.filter((s) => s.labels['server']?.includes(token));
    const info = async () => (await series()).filter((s) => s.name === 'mcptop_server_info').map((s) => s.labels['pid']);
    const deadline = Date.now() + 15_000;
    while (!(await series()).some((s) => s.name === 'mcptop_server_open_fds')) {
      assert.ok(Date.now() < deadline, `the server never showed up:\n${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const keysOf = async (): Promise<string[]> => (await series()).filter((s) => s.name !== 'mcptop_server_info')
      .map((s) => `${s.name}${JSON.stringify(s.labels)}`).sort();
    const keysBefore = await keysOf();
    assert.deepEqual(await info(), [String(first.pid)]);

    first.kill('SIGKILL');
    await new Promise((r) => first.once('close', r));
    const second = start();
    const until = Date.now() + 15_000;
    while ((await info()).join() !== String(second.pid)) {
      assert.ok(Date.now() < until, `the restarted server never showed up:\n${run.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const keysAfter = await keysOf();
    assert.deepEqual(keysAfter.filter((k) => !keysBefore.includes(k)), [], 'no new series for the same group');
    assert.ok(keysAfter.length > 5, 'the group still has its series');
    second.kill('SIGKILL');
    await stop(run);
  });
});
