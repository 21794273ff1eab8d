#!/usr/bin/env node
// Verdict engine cost: judging time per 1,000 samples, the per-tick cost of 100 and 500 servers judged through the queue
// (from cold to 8 hours at 1 Hz), the memory their evidence holds, and `mcptop report` replay throughput.
// Run alone with `node scripts/bench/verdict.mjs` after `npx tsc -p tsconfig.build.json`, or on the sources with
// `node --import tsx scripts/bench/verdict.mjs --source`; `npm run bench` runs it with the others.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const fromSource = process.argv.includes('--source');
const load = (mod) => import(fromSource ? `../../source/${mod}.ts` : `../../dist/${mod}.js`);

const METRICS = ['fds', 'rssBytes', 'vmsBytes', 'procs', 'threads', 'cpuPct'];
const KIND = { fds: 'count', procs: 'count', threads: 'count', rssBytes: 'bytes', vmsBytes: 'bytes', cpuPct: 'gauge' };
const value = (m, i, s) => (m === 'rssBytes' || m === 'vmsBytes' ? 80e6 + ((i * 7919 + s) % 13) * 1e6 : 20 + ((i * 31 + s) % 7));

const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

export async function benchVerdict() {
  const { MetricTrack, judgeMetric } = await load('core/verdict/index');

  // 1. One metric, pushed and judged every tick like the Monitor does: cost per 1,000 samples, early and late in a run.
  const track = new MetricTrack('bytes');
  track.markBaseline(0); // judged from the first sample (a live server's baseline comes once it answered or settled)
  const per1k = [];
  for (let block = 0; block < 30; block++) {
    const t0 = performance.now();
    for (let i = block * 1000; i < (block + 1) * 1000; i++) {
      track.push(i * 1000, value('rssBytes', i, 1), { calls: i * 100, cycles: 0 });
      judgeMetric('rssBytes', track);
    }
    per1k.push(performance.now() - t0);
  }
  console.log(`push + judge every tick, one metric: ${fmt(per1k[0])} ms per 1,000 samples (first 1k), `
    + `${fmt(per1k[9])} ms (10k-11k), ${fmt(per1k[28])} ms (28k-29k, 8 h at 1 Hz)`);

  // 2. N servers, each a set of 6 metrics and a set of 5 FD kinds (read in turns, every 10th tick), driven tick by tick
  // exactly as ServerState does: push, judge what fell due (O(1) ones at once, others through the shared-style queue
  // with its per-tick budget), from cold (start-up, baseline at tick 5) to 8 h at 1 Hz. Per-tick cost and memory.
  const { TrackSet, JudgeQueue, JUDGE_FIXED, verdictDue, cheapToJudge } = await load('core/verdict/index');
  const FD_KINDS = ['socket', 'pipe', 'anon_inode', 'file', 'other'];
  const fleet = (n) => Array.from({ length: n }, () => {
    const set = new TrackSet(METRICS.map((m) => KIND[m]));
    const kinds = new TrackSet(FD_KINDS.map(() => 'count'), { rawCap: 32, oldCap: 32 });
    const tracks = [
      ...METRICS.map((m, col) => ({ m, t: new MetricTrack(KIND[m], { shared: { set, col } }) })),
      ...FD_KINDS.map((_, col) => ({ m: 'fds', t: new MetricTrack('count', { shared: { set: kinds, col } }) })),
    ];
    for (const tr of tracks) tr.item = { queued: false, get cost() { return tr.t.set.points + JUDGE_FIXED; }, run() { tr.v = judgeMetric(tr.m, tr.t); } };
    return { set, kinds, tracks };
  });
  const row = [0, 0, 0, 0, 0, 0];
  const krow = [0, 0, 0, 0, 0];
  // CPU of this process (user + system) rather than wall time: on a shared machine a tick's wall time mostly measures
  // the other processes that preempted it. Pushing every server's sample and judging are timed apart.
  const cpuOf = (fn) => { const c0 = process.cpuUsage(); fn(); const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
  const push = (servers, i) => {
    const t = i * 1000;
    for (let s = 0; s < servers.length; s++) {
      const sv = servers[s];
      for (let c = 0; c < METRICS.length; c++) row[c] = value(METRICS[c], i, s);
      sv.set.push(t, row, { calls: i * 10, cycles: 0 });
      if ((i + s) % 10 === 0) { for (let k = 0; k < 5; k++) krow[k] = value('fds', i + k, s); sv.kinds.push(t, krow, { calls: i * 10, cycles: 0 }); }
      if (i === 5) { sv.set.markBaseline(t); sv.kinds.markBaseline(t); }
    }
  };
  let judged = 0;
  const judgeAll = (servers, queue, i) => {
    for (const sv of servers) {
      for (const tr of sv.tracks) {
        if (tr.t.count === 0 || !verdictDue(tr.m, tr.t)) continue;
        if (cheapToJudge(tr.t)) tr.v = judgeMetric(tr.m, tr.t); else queue.add(tr.item);
      }
      queue.drain(i * 1000);
    }
  };
  const tick = (servers, queue, i, into) => {
    const w0 = performance.now();
    const p = cpuOf(() => push(servers, i));
    judged = 0;
    const j = cpuOf(() => judgeAll(servers, queue, i));
    into?.push({ push: p, judge: j, judged, points: queue.spent, w0, w1: performance.now() });
  };
  // Garbage collections (V8's own timing) are told apart: a tick a collection ran in pays for every allocation since
  // the last one, whoever made it.
  const gcs = [];
  const gcWatch = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]); });
  gcWatch.observe({ entryTypes: ['gc'] });
  const settleGc = () => new Promise((resolve) => setTimeout(resolve, 20));
  const markGc = (rows) => { for (const r of rows) r.gc = gcs.some(([a, b]) => a < r.w1 && b > r.w0); };
  const q = (xs, f) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
  const line = (rows) => {
    const j = rows.map((r) => r.judge); const all = rows.map((r) => r.judge + r.push);
    const clean = rows.filter((r) => !r.gc).map((r) => r.judge);
    return `judging ${fmt(j.reduce((a, b) => a + b, 0) / j.length)} ms on average, p99 ${fmt(q(j, 0.99))}, worst ${fmt(Math.max(...j))} ms; `
      + `worst of the ${clean.length} ticks without a GC ${fmt(Math.max(...clean))} ms `
      + `(at most ${Math.max(...rows.map((r) => r.judged))} judgements, ${Math.max(...rows.map((r) => r.points))} points a tick); `
      + `with the pushes ${fmt(all.reduce((a, b) => a + b, 0) / all.length)} ms, p99 ${fmt(q(all, 0.99))}`;
  };
  for (const n of [100, 500]) {
    global.gc?.();
    const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    const heap0 = used();
    const queue = new JudgeQueue();
    const servers = fleet(n);
    for (const sv of servers) for (const tr of sv.tracks) { const run = tr.item.run; tr.item.run = () => { judged++; run(); }; }
    const hour1 = []; let maxQueue = 0;
    const tBuild = performance.now();
    const ticks = 8 * 3600;
    for (let i = 0; i < ticks; i++) {
      tick(servers, queue, i, i < 3600 ? hour1 : undefined);
      maxQueue = Math.max(maxQueue, queue.length);
    }
    const buildMs = performance.now() - tBuild;
    await settleGc();
    markGc(hour1);
    gcs.length = 0;
    global.gc?.();
    const heapKB = (used() - heap0) / 1024 / n;
    const stored = servers.reduce((a, sv) => a + sv.set.bytes + sv.kinds.bytes, 0) / n / 1024;
    const late = [];
    for (let k = 0; k < 600; k++) tick(servers, queue, ticks + k, late);
    await settleGc();
    markGc(late);
    gcs.length = 0;
    const fresh = performance.now();
    for (const sv of servers) for (const tr of sv.tracks) judgeMetric(tr.m, tr.t, { fresh: true });
    const freshMs = performance.now() - fresh;
    console.log(`${n} servers x (6 metrics + 5 FD kinds), 8 h at 1 Hz in ${fmt(buildMs / 1000)} s: evidence ${stored.toFixed(1)} KB per server (typed arrays, fixed), `
      + `live heap + array buffers ${heapKB.toFixed(1)} KB per server${global.gc ? '' : ' (approximate: run with --expose-gc)'}; queue at most ${maxQueue} waiting, budget ${queue.budget} points a tick`);
    console.log(`  CPU per tick, first hour from cold: ${line(hour1.slice(1))}`);
    console.log(`  CPU per tick, after 8 h:            ${line(late)}`);
    console.log(`  exit summary (every track judged fresh): ${fmt(freshMs)} ms`);
  }
  gcWatch.disconnect();

  // 3. `mcptop report`: replay throughput of an NDJSON recording (10 servers, 2 processes each, 1 hour at 1 Hz).
  const { replayRecording } = await load('report');
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-bench-'));
  try {
    const path = join(dir, 'run.ndjson');
    const lines = [JSON.stringify({ type: 'header', version: 1, intervalMs: 1000, startedAt: 0, argv: [] })];
    let samples = 0;
    for (let i = 0; i < 3600; i++) {
      for (let s = 0; s < 10; s++) {
        const root = { pid: 1000 + s, ppid: 1, startTime: 5, comm: 'node', state: 'S' };
        const kid = { pid: 2000 + s, ppid: 1000 + s, startTime: 6, comm: 'sh', state: 'S' };
        for (const proc of [root, kid]) {
          lines.push(JSON.stringify({ type: 'sample', t: i * 1000, serverKey: `${1000 + s}@5`, label: `srv${s}`, proc,
            metrics: { fds: value('fds', i, s), rssBytes: value('rssBytes', i, s), vmsBytes: 1e9, cpuTimeMs: i * 3, threads: 7 }, fdLimit: 1024 }));
          samples++;
        }
      }
    }
    writeFileSync(path, `${lines.join('\n')}\n`);
    const t0 = performance.now();
    const r = await replayRecording(path);
    const ms = performance.now() - t0;
    console.log(`report replay: ${samples.toLocaleString('en-US')} process samples (${r.ticks} ticks, ${r.summary.servers.length} servers) in `
      + `${fmt(ms / 1000)} s = ${fmt((ms / samples) * 1000)} ms per 1,000 samples; verdict ${r.summary.verdict}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchVerdict();
