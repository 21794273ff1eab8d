#!/usr/bin/env node
// Sampler cost per tick: the /proc backend (list + measure) against the portable backend and a bare ps, for N targets.
// Run alone with `node scripts/bench/sampler.mjs [--targets 10,100,500] [--ticks 10] [--interval 250] [--no-portable]`
// after `npx tsc -p tsconfig.build.json`; `npm run bench` runs it with the others.
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LinuxProcessSource } from '../../dist/adapters/procfs.js';
import { PortableProcessSource } from '../../dist/adapters/portable.js';

/** Budgets from the task: CPU ms per tick of the /proc backend. */
const BUDGET_MS = { 100: 10, 500: 30 };

/** CPU ms of this process's reaped children (cutime + cstime of /proc/self/stat): where ps and lsof time lands. */
function childCpuMs() {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) * 10; // USER_HZ is 100: 10 ms per tick
}

const ownCpuMs = (since) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

const sleepMs = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function spawnTargets(n) {
  const kids = [];
  for (let i = 0; i < n; i++) kids.push(spawn('sleep', ['1000'], { stdio: 'ignore' }));
  await Promise.all(kids.map((k) => (k.pid !== undefined ? Promise.resolve() : once(k, 'spawn'))));
  return kids;
}

async function killAll(kids) {
  const exits = kids.filter((k) => k.exitCode === null && k.signalCode === null).map((k) => {
    const done = once(k, 'exit');
    k.kill('SIGKILL');
    return done;
  });
  await Promise.all(exits);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), p50: at(0.5), max: s[s.length - 1] ?? NaN };
};

/** ticks of `work`, spaced by intervalMs, after one untimed warm-up tick (first sight of every identity). */
async function timeTicks(work, ticks, intervalMs) {
  await work();
  const own = [];
  const child = [];
  const wall = [];
  for (let i = 0; i < ticks; i++) {
    await sleepMs(intervalMs);
    const c0 = process.cpuUsage();
    const k0 = childCpuMs();
    const t0 = performance.now();
    await work();
    wall.push(performance.now() - t0);
    own.push(ownCpuMs(c0));
    child.push(childCpuMs() - k0);
  }
  return { ownCpuMs: stats(own), childCpuMs: stats(child), wallMs: stats(wall) };
}

const runPs = (pids) =>
  new Promise((resolve) => {
    execFile('ps', ['-o', 'pid,ppid,rss,vsz,nlwp,time', '-p', pids.join(',')], { maxBuffer: 1 << 24 }, () => resolve());
  });

/**
 * Measures CPU ms per tick for each target count. The default cadence is 250 ms, not 1 s: the /proc backend keeps no
 * state that ages between ticks (every tick re-reads every stat and fd directory; only first-sight uid stats are
 * cached, and the warm-up tick pays those), so its per-tick cost does not depend on the spacing, and 4x faster keeps
 * the run short on a shared machine. Pass intervalMs: 1000 to check that.
 */
export async function benchSampler({ targets = [10, 100, 500], ticks = 10, intervalMs = 250, portable = true } = {}) {
  const rows = [];
  for (const n of targets) {
    const kids = await spawnTargets(n);
    try {
      const pids = kids.map((k) => k.pid);
      const linux = new LinuxProcessSource();
      const procs = (await linux.list()).length;
      const linuxT = await timeTicks(async () => { await linux.list(); await linux.measure(pids); }, ticks, intervalMs);
      linux.close();
      let portableT;
      if (portable) {
        const p = new PortableProcessSource();
        portableT = await timeTicks(async () => { await p.list(); await p.measure(pids); }, Math.min(ticks, 5), intervalMs);
        p.close();
      }
      const psT = await timeTicks(() => runPs(pids), ticks, intervalMs);
      rows.push({ targets: n, procsOnHost: procs, linux: linuxT, portable: portableT, ps: psT });
    } finally {
      await killAll(kids);
    }
  }
  const verdicts = Object.fromEntries(
    rows.filter((r) => BUDGET_MS[r.targets] !== undefined)
      .map((r) => [r.targets, { budgetMs: BUDGET_MS[r.targets], meanMs: r.linux.ownCpuMs.mean, met: r.linux.ownCpuMs.mean <= BUDGET_MS[r.targets] }]),
  );
  const result = { cadenceMs: intervalMs, ticks, cpus: cpus().length, rows, budgets: verdicts };
  printTable(result);
  return result;
}

function printTable({ cadenceMs, ticks, rows, budgets }) {
  const f = (x) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(2));
  console.log(`sampler: CPU ms per tick (mean / max over ${ticks} ticks, ${cadenceMs} ms apart, after a warm-up tick)`);
  console.log('targets  procs  linux list+measure   portable own+children (wall)        ps -p reference children (wall)');
  for (const r of rows) {
    const l = `${f(r.linux.ownCpuMs.mean)} / ${f(r.linux.ownCpuMs.max)}`;
    const p = r.portable
      ? `${f(r.portable.ownCpuMs.mean)}+${f(r.portable.childCpuMs.mean)} (${f(r.portable.wallMs.mean)} ms)`
      : 'skipped';
    const s = `${f(r.ps.childCpuMs.mean)} (${f(r.ps.wallMs.mean)} ms)`;
    console.log(`${String(r.targets).padStart(7)}  ${String(r.procsOnHost).padStart(5)}  ${l.padEnd(19)}  ${p.padEnd(34)}  ${s}`);
  }
  for (const [n, v] of Object.entries(budgets)) {
    console.log(`budget at ${n} targets: <= ${v.budgetMs} ms, got ${f(v.meanMs)} ms: ${v.met ? 'met' : 'NOT met'}`);
  }
  console.log('(children CPU comes from cutime+cstime, 10 ms resolution, so small figures are averages of 0s and 10s)');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  await benchSampler({
    targets: arg('targets')?.split(',').map(Number) ?? [10, 100, 500],
    ticks: Number(arg('ticks') ?? 10),
    intervalMs: Number(arg('interval') ?? 250),
    portable: !process.argv.includes('--no-portable'),
  });
}
