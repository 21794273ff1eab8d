// The /metrics endpoint scraped over loopback: stable group labels, counters, histograms, StateSets, gone servers, redaction, promtool.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { parseHostPort, startPrometheus } from '../../source/adapters/prometheus.js';
import { parseExposition, promBinary, skipMessage, type TextSample } from '../helpers/prometheus.js';
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

type Sample = TextSample;
const parse = parseExposition;
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

const GROUP = { client: 'mcptop', era: 'unknown', transport: 'stdio' };

describe('startPrometheus', () => {
  test('per-group series without pid, the pid in _info, FD kinds, memory types, StateSet verdicts; gone servers lose their series', async (t) => {
    const a = server('cursor/filesystem', 101, { fds: 42, rssBytes: 5_000_000, vmsBytes: 9_000_000, cpuPct: 12.5, threads: 7, procs: 3, fdPctOfLimit: 4.1 },
      { status: { level: 'warn', reasons: ['x'] }, verdict: 'leak', launched: true, fdKinds: { socket: 2, pipe: 3, anon_inode: 1, file: 30, other: 6 },
        metricVerdicts: { fds: { verdict: 'leak', reason: 'r', enoughData: true }, rssBytes: { verdict: 'inconclusive', reason: 'r', enoughData: false } } });
    const b = server('node x.js', 202, { fds: 10, rssBytes: 1000 }, { flags: ['orphan', 'duplicate'] }); // vms unknown: no series, never 0
    const mon = fakeMonitor(snapshot([a, b], { verdict: 'leak' }));
    const ep = await startPrometheus(mon.handle, '127.0.0.1:0', { version: '9.9.9' });
    t.after(() => ep.close());
    assert.match(ep.url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const first = await scrape(ep.url);
    assert.equal(first.status, 200);
    assert.match(first.type, /^text\/plain; version=0\.0\.4/);
    const { samples, types } = parse(first.text);
    const A = { ...GROUP, server: 'cursor/filesystem' };
    const B = { ...GROUP, client: 'none', server: 'node x.js' };
    for (const s of samples.filter((x) => x.name.startsWith('mcptop_server_') && x.name !== 'mcptop_server_info')) assert.equal(s.labels['pid'], undefined, `${s.name} has no pid label`);
    assert.deepEqual(pick(samples, 'mcptop_server_info', 'cursor/filesystem').map((s) => s.labels), [{ ...A, pid: '101', start_time: '', command: 'node cursor/filesystem.js' }]);
    assert.deepEqual(pick(samples, 'mcptop_server_open_fds', 'cursor/filesystem'), [{ name: 'mcptop_server_open_fds', labels: A, value: 42 }]);
    assert.equal(pick(samples, 'mcptop_server_max_fds', 'cursor/filesystem')[0]?.value, 1024);
    assert.equal(pick(samples, 'mcptop_server_worst_fd_ratio', 'cursor/filesystem')[0]?.value, 0.041);
    assert.deepEqual(pick(samples, 'mcptop_server_memory_bytes', 'cursor/filesystem').map((s) => [s.labels['memtype'], s.value]), [['resident', 5_000_000], ['virtual', 9_000_000]]);
    assert.deepEqual(pick(samples, 'mcptop_server_memory_bytes', 'node x.js').map((s) => [s.labels['memtype'], s.value]), [['resident', 1000]]);
    assert.deepEqual(pick(samples, 'mcptop_server_fds', 'cursor/filesystem').map((s) => [s.labels['kind'], s.value]), [['socket', 2], ['pipe', 3], ['anon_inode', 1], ['file', 30], ['other', 6]]);
    assert.deepEqual(pick(samples, 'mcptop_server_fds', 'node x.js'), [], 'kinds not read: no series');
    assert.equal(pick(samples, 'mcptop_server_processes', 'cursor/filesystem')[0]?.value, 3);
    assert.deepEqual(pick(samples, 'mcptop_server_orphans', 'node x.js'), [{ name: 'mcptop_server_orphans', labels: B, value: 1 }]);
    assert.equal(pick(samples, 'mcptop_server_duplicates', 'node x.js')[0]?.value, 1);
    assert.equal(pick(samples, 'mcptop_server_orphans', 'cursor/filesystem')[0]?.value, 0);
    const verdicts = pick(samples, 'mcptop_server_verdict', 'cursor/filesystem').filter((s) => s.value === 1).map((s) => [s.labels['metric'], s.labels['mcptop_server_verdict']]);
    assert.deepEqual(verdicts, [['server', 'leak'], ['fds', 'leak'], ['rssBytes', 'inconclusive']]);
    assert.equal(pick(samples, 'mcptop_server_verdict', 'cursor/filesystem').length, 9, 'three states per metric');
    assert.deepEqual(pick(samples, 'mcptop_server_status', 'cursor/filesystem').filter((s) => s.value === 1).map((s) => s.labels['mcptop_server_status']), ['warn']);
    assert.deepEqual(pick(samples, 'mcptop_verdict').filter((s) => s.value === 1).map((s) => s.labels['mcptop_verdict']), ['leak']);
    assert.deepEqual(pick(samples, 'mcptop_build_info')[0]?.labels, { version: '9.9.9', nodejs: process.versions.node });
    assert.equal(types.get('mcptop_ticks_total'), 'counter');
    assert.equal(types.get('mcptop_server_cpu_seconds_total'), 'counter');
    assert.equal(types.get('process_resident_memory_bytes'), 'gauge', "prom-client's defaults describe mcptop itself");
    assert.equal(types.get('nodejs_active_handles_total'), undefined, 'a gauge named _total is left out');

    mon.push(snapshot([server('node x.js', 202, { fds: 11 }), server('cursor/filesystem', 101, { fds: 1 }, { alive: false, launched: true })], { tick: 4 }));
    const second = parse((await scrape(ep.url)).text).samples;
    assert.deepEqual(pick(second, 'mcptop_server_open_fds').map((s) => [s.labels['server'], s.value]), [['node x.js', 11]]);
    assert.deepEqual(second.filter((s) => s.labels['server'] === 'cursor/filesystem'), [], 'a server that exits drops every series');
    assert.equal(pick(second, 'mcptop_ticks_total')[0]?.value, 4);
    assert.equal(pick(second, 'mcptop_servers')[0]?.value, 1);
  });

  test('a configured label names client and server; secrets are redacted; stress and churn are counters and histograms', async (t) => {
    const configured: ConfiguredServer[] = [
      { client: 'cursor', name: 'fs', label: 'cursor/fs', transport: 'stdio', command: 'node', args: ['/fs.js'], source: 'x', scope: 'user' },
      { client: 'cursor', name: 'mem', label: 'cursor/mem', transport: 'stdio', command: 'node', args: ['/mem.js'], source: 'x', scope: 'user' },
      { client: 'claude-desktop', name: 'fs', label: 'claude-desktop/fs', transport: 'stdio', command: 'node', args: ['/fs.js'], source: 'x', scope: 'user' },
    ];
    const secret = server('node --token abc123', 7, { fds: 1 }, { command: 'node s.js --token abc123' });
    const both = server('claude-desktop+cursor/fs', 8, { fds: 1 });
    const hosted = server('node hosted.js', 9, { fds: 1 }, { host: { name: 'cursor', pid: 4100 } });
    const buckets = (c: number[], sumMs: number) => ({ boundsMs: [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000], cumulative: c, sumMs, count: c.at(-1) ?? 0 });
    const load = (startedAt: number, ok: number, failed: number, c: number[], sumMs: number) => ({ state: 'running', transport: 'stdio', users: 1, callsPerUser: 1, rounds: 1, round: 1, planned: 10,
      calls: ok + failed, ok, failed, errors: { timeout: failed, jsonrpc: 0, toolError: 0, closed: 0, garbage: 0, other: 0 }, callsPerSec: 3, latencyMs: { p50: 2, p95: 9 },
      latencyBuckets: buckets(c, sumMs), roundBaselines: [], startedAt }) as const;
    const fill = (n: number): number[] => [0, n, n, n, n, n, n, n, n, n, n, n, n, n];
    const mon = fakeMonitor(snapshot([secret, both, hosted], { stress: load(1, 5, 1, fill(6), 12) }));
    const ep = await startPrometheus(mon.handle, ':0', { configured, notRunning: () => [configured[1] as ConfiguredServer] });
    t.after(() => ep.close());
    let { samples } = parse((await scrape(ep.url)).text);
    assert.deepEqual(pick(samples, 'mcptop_server_open_fds').map((s) => [s.labels['client'], s.labels['server']]), [['none', 'node --token ***'], ['claude-desktop+cursor', 'fs'], ['cursor', 'node hosted.js']]);
    assert.equal(pick(samples, 'mcptop_server_info', 'node --token ***')[0]?.labels['command'], 'node s.js --token ***');
    const calls = (): number[][] => pick(samples, 'mcptop_stress_calls_total').map((s) => [s.value]);
    assert.deepEqual(calls(), [[5], [1]]);
    assert.equal(pick(samples, 'mcptop_stress_call_duration_seconds_bucket').find((s) => s.labels['le'] === '0.0025')?.value, 6);
    assert.equal(pick(samples, 'mcptop_stress_call_duration_seconds_sum')[0]?.value, 0.012);
    assert.deepEqual(pick(samples, 'mcptop_churn_cycles_total'), []);
    assert.deepEqual(pick(samples, 'mcptop_configured_server_running').map((s) => [s.labels['client'], s.labels['server'], s.value]), [['cursor', 'fs', 1], ['cursor', 'mem', 0], ['claude-desktop', 'fs', 1]]);

    // The same run goes on, then a second run starts from zero: the counters only grow.
    mon.push(snapshot([secret], { stress: load(1, 8, 2, fill(10), 20) }));
    mon.push(snapshot([secret], { stress: load(2, 3, 0, fill(3), 6) }));
    ({ samples } = parse((await scrape(ep.url)).text));
    assert.deepEqual(calls(), [[11], [2]]);
    assert.equal(pick(samples, 'mcptop_stress_call_duration_seconds_count')[0]?.value, 13);
    assert.equal(pick(samples, 'mcptop_stress_call_errors_total').find((s) => s.labels['kind'] === 'timeout')?.value, 2);
  });

  test('the exposition passes promtool check metrics', async (t) => {
    const tool = promBinary('promtool');
    if (tool === undefined) { t.skip(skipMessage('promtool')); return; }
    const a = server('cursor/fs "quoted" \\ back', 1, { fds: 5, rssBytes: 1, vmsBytes: 2, fdPctOfLimit: 1 }, { fdKinds: { socket: 1, pipe: 1, anon_inode: 1, file: 1, other: 1 } });
    const churn = { state: 'running', mode: 'eof', viaNpx: false, cycles: 3, done: 2, failed: 1, survivors: 1, zombies: 0, eofCompliant: 1, eofChecked: 1, latencyMs: {},
      latencyBuckets: { boundsMs: [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000], cumulative: new Array<number>(14).fill(2), sumMs: 1, count: 2 }, survivorSamples: [] } as const;
    const mon = fakeMonitor(snapshot([a], { churn, host: { filesOpen: 10, filesMax: 100 } }));
    const ep = await startPrometheus(mon.handle, '127.0.0.1:0');
    t.after(() => ep.close());
    const text = (await scrape(ep.url)).text;
    assert.match(text, /mcptop_churn_cycle_duration_seconds_bucket\{le="\+Inf"\} 2/);
    const r = spawnSync(tool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(r.status, 0, `promtool check metrics:\n${r.stdout}${r.stderr}`);
  });

  test('the group cap bounds the series; dropped servers are counted; signals sent are counters', async (t) => {
    const many = Array.from({ length: 5 }, (_, i) => server(`srv${i}`, 10 + i, { fds: 1 }));
    const mon = fakeMonitor(snapshot(many));
    const ep = await startPrometheus(mon.handle, '127.0.0.1:0', { maxGroups: 3, signalsSent: () => ({ SIGTERM: 4, SIGKILL: 1 }) });
    t.after(() => ep.close());
    const { samples } = parse((await scrape(ep.url)).text);
    assert.equal(pick(samples, 'mcptop_server_open_fds').length, 3);
    assert.equal(pick(samples, 'mcptop_dropped_servers')[0]?.value, 2);
    assert.equal(pick(samples, 'mcptop_servers')[0]?.value, 5);
    assert.deepEqual(pick(samples, 'mcptop_signals_sent_total').map((s) => [s.labels['signal'], s.value]), [['SIGTERM', 4], ['SIGKILL', 1]]);
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
    assert.equal(pick(parse(after.text).samples, 'mcptop_server_open_fds', 'a')[0]?.value, 5);
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
    assert.equal(pick(parse((await scrape(two.url)).text).samples, 'mcptop_server_open_fds').length, 1);
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
