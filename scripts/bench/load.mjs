#!/usr/bin/env node
// Load throughput in both MCP eras: mcptop's load engine against a raw client on the same server, same spawn, same
// concurrency, alternating, best of each. Four ratios: stdio legacy (server-everything, v1) and stdio modern (the v2
// era-server) against a raw newline-JSON-RPC pipe client; Streamable HTTP legacy (server-everything) and modern (the
// v2 era-server) against a raw HTTP client (fetch, keep-alive, nothing else).
// Run alone with `node scripts/bench/load.mjs [--calls 20000] [--http-calls 3000] [--inflight 16] [--reps 3]` after
// `npx tsc -p tsconfig.build.json`; `npm run bench` runs it with the others.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NodeLauncher } from '../../dist/adapters/launcher.js';
import { StdioConnector } from '../../dist/adapters/stdio-session.js';
import { HttpConnector } from '../../dist/adapters/http-session.js';
import { rawHttp, startHttpServer } from './load-http.mjs';
import { systemClock } from '../../dist/adapters/clock.js';
import { LoadRun } from '../../dist/core/stress/load-engine.js';
import { Monitor } from '../../dist/core/monitor.js';
import { DEFAULT_THRESHOLDS } from '../../dist/core/config.js';
import { LinuxProcessSource } from '../../dist/adapters/procfs.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const ERA_SERVER = join(ROOT, 'dist', 'demo', 'era-server.js');
/** The stdio servers of each era: server-everything (v1 SDK) speaks legacy; the v2 era-server in modern mode. */
const STDIO_ARGV = { legacy: [EVERYTHING], modern: [ERA_SERVER, 'modern'] };
/** Targets from the issue: the engine within 5% of a raw pipe client over stdio, 10% of a raw HTTP client. */
const TARGET_RATIO = 0.95;
const TARGET_HTTP_RATIO = 0.9;
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw-bench', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/**
 * The raw client: newline-delimited JSON-RPC straight on the pipes, `inflight` requests outstanding, nothing else.
 * The server is spawned by the same NodeLauncher as the engine's (own session and process group): with CFS autogroup,
 * a server in a session of its own is scheduled differently from one sharing ours, which on a busy box moved raw
 * figures by more than the difference between clients. Same spawn, so the ratio measures the client alone.
 */
async function rawPipe(calls, inflight, era = 'legacy') {
  const proc = await new NodeLauncher().launch([process.execPath, ...STDIO_ARGV[era]]);
  const pending = new Map();
  let buf = '';
  proc.onStdout((chunk) => {
    buf += chunk.toString('utf8');
    let nl;
    let start = 0;
    while ((nl = buf.indexOf('\n', start)) >= 0) {
      const line = buf.slice(start, nl);
      start = nl + 1;
      let msg;
      try { msg = JSON.parse(line); } catch { continue; }
      const done = msg.id !== undefined ? pending.get(msg.id) : undefined;
      if (done) { pending.delete(msg.id); done(msg); }
    }
    buf = buf.slice(start);
  });
  let nextId = 1;
  const request = (method, params) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
  });
  try {
    if (era === 'modern') {
      await request('server/discover', { _meta: ENVELOPE });
    } else {
      await request('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-bench', version: '1' } });
      proc.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    }
    const meta = era === 'modern' ? { _meta: ENVELOPE } : {};
    let issued = 0;
    let ok = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: inflight }, async () => {
      while (issued < calls) {
        const i = issued++;
        const res = await request('tools/call', { name: 'echo', arguments: { message: `mcptop load ${i}` }, ...meta });
        if (res.result && !res.result.isError) ok++;
      }
    }));
    return { rps: (calls / (performance.now() - t0)) * 1000, ok };
  } finally {
    await proc.stop(500);
  }
}

/**
 * mcptop's path: NodeLauncher + StdioConnector + LoadRun, exactly as `--stress load` runs it. With `tickMs`, a Monitor
 * samples the server in the same process during the run, as in the TUI, and the worst lateness of its ticks is reported.
 */
async function engine(calls, inflight, kind, tickMs, era = 'legacy') {
  const proc = await new NodeLauncher().launch([process.execPath, ...STDIO_ARGV[era]]);
  let monitor;
  const lateness = [];
  if (tickMs !== undefined) {
    monitor = new Monitor({ source: new LinuxProcessSource(), clock: systemClock, targets: { names: [], patterns: [], pids: [], children: true },
      thresholds: DEFAULT_THRESHOLDS, intervalMs: tickMs, selfPid: process.pid });
    monitor.attachLaunched(proc.pid, proc);
    let last;
    monitor.subscribe(() => {
      const now = performance.now();
      if (last !== undefined) lateness.push(Math.max(0, now - last - tickMs));
      last = now;
    });
    monitor.start();
  }
  try {
    const shape = { users: inflight, calls: Math.ceil(calls / inflight), rounds: 1, delayMs: 0, timeoutMs: 10_000, tool: 'echo', args: { message: 'mcptop load {i}' } };
    // Warm the connection (initialize + tools/list) outside the timed part, like the raw client's handshake.
    const v = await new LoadRun(shape, { clock: systemClock, connector: new StdioConnector(proc, 10_000, kind), settle: false }).run();
    return { rps: v.callsPerSec ?? 0, ok: v.ok, era: v.era, p50: v.latencyMs.p50, p99: v.latencyMs.p99, ticks: lateness.length, worstLateMs: lateness.length ? Math.max(...lateness) : undefined };
  } finally {
    await monitor?.stop();
    await proc.stop(500);
  }
}

export async function benchLoad() {
  const calls = arg('--calls', 20_000);
  const inflight = arg('--inflight', 16);
  const reps = arg('--reps', 3);
  console.log(`load: server-everything echo over stdio, ${calls} calls, ${inflight} in flight, best of ${reps} (alternating)`);
  const raw = [];
  const thin = [];
  const sdk = [];
  for (let r = 0; r < reps; r++) {
    raw.push(await rawPipe(calls, inflight));
    thin.push(await engine(calls, inflight, 'thin'));
    sdk.push(await engine(calls, inflight, 'sdk'));
  }
  const best = (xs) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
  const rb = best(raw);
  const eb = best(thin);
  const sb = best(sdk);
  const fmt = (x) => `${Math.round(x).toLocaleString('en-US')} req/s`;
  const median = (xs) => [...xs].map((x) => x.rps).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const runs = (xs) => `median ${Math.round(median(xs))}; runs ${xs.map((x) => Math.round(x.rps)).join(', ')}`;
  console.log(`  raw newline-JSON-RPC pipe client:     ${fmt(rb.rps)}   (runs: ${runs(raw)})`);
  console.log(`  mcptop load engine (thin client):     ${fmt(eb.rps)}   (runs: ${runs(thin)}; p50 ${eb.p50} ms, p99 ${eb.p99} ms)`);
  console.log(`  mcptop load engine (SDK Client):      ${fmt(sb.rps)}   (runs: ${runs(sdk)}; p50 ${sb.p50} ms, p99 ${sb.p99} ms)`);
  const watched = await engine(calls, inflight, 'thin', 250);
  console.log(`  engine (thin) with the Monitor ticking every 250 ms in the same process: ${fmt(watched.rps)}; ${watched.ticks} ticks, worst tick ${watched.worstLateMs?.toFixed(1)} ms late`);
  const ratio = eb.rps / rb.rps;
  console.log(`  ratio engine/raw (best): ${ratio.toFixed(3)} (target >= ${TARGET_RATIO}) ${ratio >= TARGET_RATIO ? 'OK' : 'BELOW TARGET'}; median ratio ${(median(thin) / median(raw)).toFixed(3)}; SDK client/raw (best): ${(sb.rps / rb.rps).toFixed(3)}`);
  if (rb.ok !== calls || eb.ok < calls || sb.ok < calls) console.log(`  warning: not every call succeeded (raw ${rb.ok}, thin ${eb.ok}, sdk ${sb.ok})`);

  console.log(`load: the v2 era-server in modern mode, echo over stdio, ${calls} calls, ${inflight} in flight, best of ${reps} (alternating)`);
  const rawM = [];
  const thinM = [];
  for (let r = 0; r < reps; r++) {
    rawM.push(await rawPipe(calls, inflight, 'modern'));
    thinM.push(await engine(calls, inflight, 'thin', undefined, 'modern'));
  }
  const rmb = best(rawM);
  const emb = best(thinM);
  console.log(`  raw newline-JSON-RPC pipe client (modern envelope): ${fmt(rmb.rps)}   (runs: ${runs(rawM)})`);
  console.log(`  mcptop load engine (thin client, ${emb.era} era):   ${fmt(emb.rps)}   (runs: ${runs(thinM)}; p50 ${emb.p50} ms, p99 ${emb.p99} ms)`);
  const ratioModern = emb.rps / rmb.rps;

  const httpCalls = arg('--http-calls', 3000);
  const http = {};
  for (const era of ['legacy', 'modern']) {
    const server = await startHttpServer(era);
    try {
      console.log(`load: ${server.name} echo over Streamable HTTP, ${httpCalls} calls, ${inflight} in flight, best of ${reps} (alternating)`);
      const rawH = [];
      const engH = [];
      for (let r = 0; r < reps; r++) {
        rawH.push(await rawHttp(server.url, era, httpCalls, inflight));
        engH.push(await engineHttp(server.url, httpCalls, inflight));
      }
      const rh = best(rawH);
      const eh = best(engH);
      console.log(`  raw HTTP client (fetch, keep-alive):   ${fmt(rh.rps)}   (runs: ${runs(rawH)})`);
      console.log(`  mcptop load engine (thin HTTP client, ${eh.era} era): ${fmt(eh.rps)}   (runs: ${runs(engH)}; p50 ${eh.p50} ms, p99 ${eh.p99} ms)`);
      if (rh.ok !== httpCalls || eh.ok < httpCalls) console.log(`  warning: not every call succeeded (raw ${rh.ok}, engine ${eh.ok})`);
      http[era] = eh.rps / rh.rps;
    } finally {
      await server.stop();
    }
  }
  const verdict = (r, t) => `${r.toFixed(3)} (target >= ${t}) ${r >= t ? 'OK' : 'BELOW TARGET'}`;
  console.log('  ratios, engine/raw (best of each, same server, same run):');
  console.log(`    stdio legacy: ${verdict(ratio, TARGET_RATIO)}`);
  console.log(`    stdio modern: ${verdict(ratioModern, TARGET_RATIO)}`);
  console.log(`    HTTP legacy:  ${verdict(http.legacy, TARGET_HTTP_RATIO)}`);
  console.log(`    HTTP modern:  ${verdict(http.modern, TARGET_HTTP_RATIO)}`);
  return { raw: rb.rps, engine: eb.rps, sdk: sb.rps, ratio, ratioModern, httpLegacy: http.legacy, httpModern: http.modern, watched };
}

/** mcptop's HTTP path: HttpConnector + LoadRun, one client per user, era negotiated, exactly as `--url` runs it. */
async function engineHttp(url, calls, inflight) {
  const shape = { users: inflight, calls: Math.ceil(calls / inflight), rounds: 1, delayMs: 0, timeoutMs: 10_000, tool: 'echo', args: { message: 'mcptop load {i}' } };
  const v = await new LoadRun(shape, { clock: systemClock, connector: new HttpConnector({ url }), settle: false }).run();
  return { rps: v.callsPerSec ?? 0, ok: v.ok, era: v.era, p50: v.latencyMs.p50, p99: v.latencyMs.p99 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchLoad();
}
