// The /metrics endpoint scraped over loopback: names, labels, values, gone servers, redaction, failures.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { parseHostPort, startPrometheus } from '../../source/adapters/prometheus.js';
import type { ConfiguredServer } from '../../source/core/clients/types.js';
import type { MonitorHandle, ServerSample, ServerView, Snapshot } from '../../source/core/types.js';

/** A MonitorHandle whose snapshots the test pushes by hand. */
function fakeMonitor(first: Snapshot) {
  let current = first;
  const listeners = new Set<(s: Snapshot) => void>();
  const handle: MonitorHandle = {
    getSnapshot: () => current,
    subscribe: (l) => { listeners.add(l); return () => listeners.delete(l); },
    setFocus: () => undefined,
  };
  return { handle, listeners, push(s: Snapshot) { current = s; for (const l of listeners) l(s); } };
}

const server = (label: string, pid: number, latest: Partial<ServerSample>, extra: Partial<ServerView> = {}): ServerView => ({
  key: `${pid}@1`, label, pid, command: `node ${label}.js`, alive: true, launched: false,
  latest: { t: 0, procs: 1, zombies: 0, ...latest },
  status: { level: 'ok', reasons: [] }, worstStatus: { level: 'ok', reasons: [] }, verdict: 'ok', metricVerdicts: {},
  series: { fds: [], rssBytes: [], vmsBytes: [], cpuPct: [], procs: [] },
  processes: [{ pid, startTime: 1, ppid: 1, comm: 'node', command: `node ${label}.js`, state: 'S', depth: 0, alive: true, metrics: {}, fdLimit: 1024 }],
  ...extra,
});
const snapshot = (servers: ServerView[], extra: Partial<Snapshot> = {}): Snapshot => ({
  tick: 3, t: 3000, startedAt: 0, elapsedMs: 3000, intervalMs: 1000, paused: false, servers, watchedProcs: servers.length,
  notices: [], verdict: 'ok', ...extra,
});

type Sample = { name: string; labels: Record<string, string>; value: number };
/** Parses the Prometheus text format (the subset prom-client writes). */
function parse(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) { types.set(t[1] ?? '', t[2] ?? ''); continue; }
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\(.)/g, '$1');
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return { samples, types };
}
const pick = (samples: Sample[], name: string, server?: string): Sample[] => samples.filter((s) => s.name === name && (server === undefined || s.labels['server'] === server));

async function scrape(url: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('parseHostPort', () => {
  test('forms', () => {
    assert.deepEqual(parseHostPort('127.0.0.1:9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(parseHostPort('9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepEqual(parseHostPort(':0'), { host: '127.0.0.1', port: 0 });
    assert.deepEqual(parseHostPort('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
    assert.deepEqual(parseHostPort('[::1]:9464'), { host: '::1', port: 9464 });
    for (const bad of ['', 'host', 'h:99999', 'h:-1', '::1:9464']) assert.throws(() => parseHostPort(bad), /--prometheus/);
  });
});

describe('startPrometheus', () => {
  test('per-server gauges with server and pid labels follow each snapshot; gone servers lose their series', async (t) => {
    const a = server('cursor/filesystem', 101, { fds: 42, rssBytes: 5_000_000, vmsBytes: 9_000_000, cpuPct: 12.5, threads: 7, procs: 3, fdPctOfLimit: 4.1 },
      { status: { level: 'warn', reasons: ['x'] }, verdict: 'leak' });
    const b = server('node', 202, { fds: 10, rssBytes: 1000 }); // cpu unknown: no series, never 0
    const mon = fakeMonitor(snapshot([a, b], { verdict: 'leak', self: { pid: 1, rssBytes: 77, fds: 20 } }));
    const ep = await startPrometheus(mon.handle, '127.0.0.1:0');
    t.after(() => ep.close());
    assert.match(ep.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const first = await scrape(ep.url);
    assert.equal(first.status, 200);
    assert.match(first.type, /^text\/plain; version=0\.0\.4/);
    const { samples, types } = parse(first.text);
    for (const name of ['mcptop_server_fds', 'mcptop_server_fd_limit', 'mcptop_server_rss_bytes', 'mcptop_server_vms_bytes', 'mcptop_server_cpu_percent',
      'mcptop_server_processes', 'mcptop_server_status', 'mcptop_server_verdict', 'mcptop_verdict']) assert.equal(types.get(name), 'gauge', name);
    assert.deepEqual(pick(samples, 'mcptop_server_fds', 'cursor/filesystem'), [{ name: 'mcptop_server_fds', labels: { server: 'cursor/filesystem', pid: '101' }, value: 42 }]);
    assert.equal(pick(samples, 'mcptop_server_fd_limit', 'cursor/filesystem')[0]?.value, 1024);
    assert.equal(pick(samples, 'mcptop_server_rss_bytes', 'cursor/filesystem')[0]?.value, 5_000_000);
    assert.equal(pick(samples, 'mcptop_server_vms_bytes', 'cursor/filesystem')[0]?.value, 9_000_000);
    assert.equal(pick(samples, 'mcptop_server_cpu_percent', 'cursor/filesystem')[0]?.value, 12.5);
    assert.equal(pick(samples, 'mcptop_server_processes', 'cursor/filesystem')[0]?.value, 3);
    assert.equal(pick(samples, 'mcptop_server_status', 'cursor/filesystem')[0]?.value, 1);
    assert.equal(pick(samples, 'mcptop_server_verdict', 'cursor/filesystem')[0]?.value, 2);
    assert.equal(pick(samples, 'mcptop_server_fds', 'node')[0]?.value, 10);
    assert.deepEqual(pick(samples, 'mcptop_server_cpu_percent', 'node'), []);
    assert.equal(pick(samples, 'mcptop_verdict')[0]?.value, 2);
    assert.equal(pick(samples, 'mcptop_self_rss_bytes')[0]?.value, 77);

    mon.push(snapshot([server('node', 202, { fds: 11 }), server('cursor/filesystem', 101, { fds: 1 }, { alive: false })], { tick: 4 }));
    const second = parse((await scrape(ep.url)).text).samples;
    assert.deepEqual(pick(second, 'mcptop_server_fds').map((s) => [s.labels['server'], s.value]), [['node', 11]]);
    assert.deepEqual(pick(second, 'mcptop_server_rss_bytes'), []);
    assert.equal(pick(second, 'mcptop_tick')[0]?.value, 4);
    assert.equal(pick(second, 'mcptop_servers')[0]?.value, 1);
  });

  test('labels are redacted; stress, churn and configured servers are exported', async (t) => {
    const configured: ConfiguredServer[] = [
      { client: 'cursor', name: 'fs', label: 'cursor/fs', transport: 'stdio', command: 'node', args: ['/fs.js'], source: 'x', scope: 'user' },
      { client: 'cursor', name: 'mem', label: 'cursor/mem', transport: 'stdio', command: 'node', args: ['/mem.js'], source: 'x', scope: 'user' },
    ];
    const secret = server('node --token abc123', 7, { fds: 1 }, { processes: [{ pid: 7, startTime: 1, ppid: 1, comm: 'node', command: 'node /fs.js', state: 'S', depth: 0, alive: true, metrics: {} }] });
    const stress = { state: 'running', transport: 'stdio', users: 1, callsPerUser: 1, rounds: 1, round: 1, planned: 10, calls: 6, ok: 5, failed: 1,
      errors: { timeout: 1, jsonrpc: 0, toolError: 0, closed: 0, garbage: 0, other: 0 }, callsPerSec: 3, latencyMs: { p50: 2, p95: 9 }, roundBaselines: [] } as const;
    const mon = fakeMonitor(snapshot([secret], { stress }));
    const ep = await startPrometheus(mon.handle, ':0', { configured });
    t.after(() => ep.close());
    const { samples } = parse((await scrape(ep.url)).text);
    assert.deepEqual(pick(samples, 'mcptop_server_fds').map((s) => s.labels['server']), ['node --token ***']);
    assert.equal(pick(samples, 'mcptop_stress_calls')[0]?.value, 6);
    assert.equal(pick(samples, 'mcptop_stress_failed_calls')[0]?.value, 1);
    assert.deepEqual(pick(samples, 'mcptop_stress_latency_ms').map((s) => [s.labels['quantile'], s.value]), [['0.5', 2], ['0.95', 9]]);
    assert.deepEqual(pick(samples, 'mcptop_churn_cycles'), []);
    assert.deepEqual(pick(samples, 'mcptop_configured_server_running').map((s) => [s.labels['server'], s.value]), [['cursor/fs', 1], ['cursor/mem', 0]]);
  });

  test('a snapshot that breaks the update keeps the last values; other paths, HEAD and POST are answered', async (t) => {
    const mon = fakeMonitor(snapshot([server('a', 1, { fds: 5 })]));
    const ep = await startPrometheus(mon.handle, '127.0.0.1:0');
    t.after(() => ep.close());
    const broken = snapshot([]);
    Object.defineProperty(broken, 'servers', { get: () => { throw new Error('boom'); } });
    assert.doesNotThrow(() => mon.push(broken));
    const after = await scrape(ep.url);
    assert.equal(after.status, 200);
    assert.equal(pick(parse(after.text).samples, 'mcptop_server_fds', 'a')[0]?.value, 5);
    const base = ep.url.replace(/\/metrics$/, '');
    assert.match((await scrape(`${base}/`)).text, /last update failed: boom/);
    assert.equal((await scrape(`${base}/nope`)).status, 404);
    assert.equal((await fetch(ep.url, { method: 'POST' })).status, 405);
    const head = await fetch(ep.url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('private registries, a taken port rejects, close ends keep-alive connections and unsubscribes', async () => {
    const mon = fakeMonitor(snapshot([server('x', 1, { fds: 1 })]));
    const one = await startPrometheus(mon.handle, '127.0.0.1:0');
    const port = Number(new URL(one.url).port);
    await assert.rejects(startPrometheus(mon.handle, `127.0.0.1:${port}`), /--prometheus 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    const two = await startPrometheus(mon.handle, '127.0.0.1:0');
    assert.equal(mon.listeners.size, 2);
    assert.equal(pick(parse((await scrape(two.url)).text).samples, 'mcptop_server_fds').length, 1);
    // Hold a keep-alive connection open across close().
    await new Promise<void>((resolve, reject) => {
      const req = request(one.url, { agent: new Agent({ keepAlive: true }) }, (res) => { res.resume(); res.on('end', () => resolve()); });
      req.on('error', reject);
      req.end();
    });
    await Promise.all([one.close(), two.close()]);
    await one.close();
    assert.equal(mon.listeners.size, 0);
    await assert.rejects(fetch(one.url));
  });
});
