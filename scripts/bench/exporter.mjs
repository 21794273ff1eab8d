#!/usr/bin/env node
// Prometheus exporter cost: taking one snapshot in (every tick) and building + rendering /metrics (every scrape) for
// 10, 100 and 200 servers, with the size of the exposition, and the exporter's memory after a day of respawns.
// Run alone with `node scripts/bench/exporter.mjs` after `npm run build`, or on the sources with
// `node --import tsx scripts/bench/exporter.mjs --source`; `npm run bench` runs it with the others.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const fromSource = process.argv.includes('--source');
const load = (mod) => import(fromSource ? `../../source/${mod}.ts` : `../../dist/${mod}.js`);
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3));

const view = (i, t, gen = 0) => ({
  key: `${i}@${gen}`, label: `node server-${i}.js`, pid: i + gen * 1000, command: `node server-${i}.js --port 0`, alive: true, launched: false,
  latest: { t, procs: 3, zombies: 0, fds: 40 + (t % 5), rssBytes: 5e7, vmsBytes: 1e9, threads: 11, fdPctOfLimit: 2 },
  status: { level: 'ok', reasons: [] }, worstStatus: { level: 'ok', reasons: [] }, verdict: 'ok',
  metricVerdicts: Object.fromEntries(['fds', 'rssBytes', 'vmsBytes', 'procs', 'threads', 'cpuPct'].map((m) => [m, { verdict: 'ok', reason: '', enoughData: true }])),
  fdKinds: { socket: 3, pipe: 9, anon_inode: 6, file: 20, other: 2 },
  series: { fds: [], rssBytes: [], vmsBytes: [], cpuPct: [], procs: [] },
  processes: [0, 1, 2].map((k) => ({ pid: (i + gen * 1000) * 10 + k, startTime: gen, ppid: 1, comm: 'node', command: 'node', state: 'S', depth: k, alive: true, metrics: { cpuTimeMs: t * 3 } })),
});
const snap = (tick, servers) => ({ tick, t: tick * 1000, startedAt: 0, elapsedMs: tick * 1000, intervalMs: 1000, paused: false, servers, watchedProcs: servers.length * 3, notices: [], verdict: 'ok' });

export async function benchExporter() {
  const [{ ExporterState }, { groupContext }, { renderFamilies }] = await Promise.all([
    load('adapters/prometheus-state'), load('adapters/prometheus-groups'), load('adapters/prometheus-text')]);
  for (const n of [10, 100, 200]) {
    const st = new ExporterState({ context: groupContext(), version: 'bench', nodejs: process.versions.node });
    const ticks = 200;
    let update = 0;
    let scrape = 0;
    let bytes = 0;
    let lines = 0;
    for (let k = 0; k < ticks; k++) {
      const s = snap(k, Array.from({ length: n }, (_, i) => view(i, k)));
      let t0 = performance.now();
      st.update(s);
      update += performance.now() - t0;
      t0 = performance.now();
      const text = renderFamilies(st.families());
      scrape += performance.now() - t0;
      bytes = text.length;
      lines = text.split('\n').length - 1;
    }
    console.log(`${String(n).padStart(3)} servers: ${fmt(update / ticks)} ms per snapshot, ${fmt(scrape / ticks)} ms per scrape (build + render), ${lines} lines, ${Math.round(bytes / 1024)} KiB`);
  }
  // A day at 1 Hz of 20 servers each respawning every minute: what the exporter keeps stays what is live.
  const st = new ExporterState({ context: groupContext(), version: 'bench', nodejs: process.versions.node });
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  for (let k = 0; k < 86_400; k++) {
    const gen = Math.floor(k / 60);
    st.update(snap(k, Array.from({ length: 20 }, (_, i) => view(i, k % 60, gen))));
    if (k % 15 === 0) renderFamilies(st.families());
  }
  global.gc?.();
  const sizes = st.sizes();
  console.log(`a day of 20 servers respawning every minute (86,400 snapshots, a scrape every 15): heap ${((process.memoryUsage().heapUsed - heap0) / 2 ** 20).toFixed(1)} MiB over the start `
    + `(${global.gc ? 'after gc' : 'run with --expose-gc for a settled figure'}); kept: ${sizes.identities} identities, ${sizes.processes} processes, ${sizes.groups} groups`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchExporter();
