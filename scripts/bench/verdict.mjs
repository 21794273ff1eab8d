#!/usr/bin/env node
// Verdict engine cost: judging time per 1,000 samples, a full tick of 100 servers x 6 metrics after 8 hours at 1 Hz,
// the memory those tracks hold, and `mcptop report` replay throughput.
// Run alone with `node scripts/bench/verdict.mjs` after `npx tsc -p tsconfig.build.json`, or on the sources with
// `node --import tsx scripts/bench/verdict.mjs --source`; `npm run bench` runs it with the others.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
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

  // 2. 100 servers x 6 metrics, 8 hours at 1 Hz: memory held, and the cost of one more tick for all of them.
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const servers = Array.from({ length: 100 }, () => Object.fromEntries(METRICS.map((m) => { const t = new MetricTrack(KIND[m]); t.markBaseline(0); return [m, t]; })));
  const ticks = 8 * 3600;
  const tBuild = performance.now();
  for (let i = 0; i < ticks; i++) {
    for (let s = 0; s < servers.length; s++) for (const m of METRICS) servers[s][m].push(i * 1000, value(m, i, s), { calls: i * 10, cycles: 0 });
  }
  const buildMs = performance.now() - tBuild;
  global.gc?.();
  const heapMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
  const judgeTick = (i) => {
    const t0 = performance.now();
    for (let s = 0; s < servers.length; s++) {
      for (const m of METRICS) { servers[s][m].push(i * 1000, value(m, i, s), { calls: i * 10, cycles: 0 }); judgeMetric(m, servers[s][m]); }
    }
    return performance.now() - t0;
  };
  const cold = judgeTick(ticks);
  const next = Array.from({ length: 600 }, (_, k) => judgeTick(ticks + 1 + k));
  const fresh = performance.now();
  for (let s = 0; s < servers.length; s++) for (const m of METRICS) judgeMetric(m, servers[s][m], { fresh: true });
  const freshMs = performance.now() - fresh;
  console.log(`100 servers x 6 metrics after 8 h at 1 Hz (${(ticks * 600 / 1e6).toFixed(1)} M samples pushed in ${fmt(buildMs / 1000)} s): `
    + `${heapMB.toFixed(1)} MB of heap${global.gc ? '' : ' (approximate: run with --expose-gc)'}`);
  console.log(`  one tick: ${fmt(cold)} ms judging all 600 from cold, then ${fmt(next.reduce((a, b) => a + b, 0) / next.length)} ms on average `
    + `over the next 600 ticks (worst ${fmt(Math.max(...next))} ms, when a re-judge falls due: once per 1/24 of a track's samples); exit summary (fresh) ${fmt(freshMs)} ms`);

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
