#!/usr/bin/env node
// Whole-process cost of a headless tick: the built CLI (`mcptop --headless --match <marker>`, through its shebang, as
// a user runs it) next to a C program doing the same /proc scan, per-target stat and FD count (procscan.c, built with
// cc in the same run), both watching the same N sleep targets this bench starts and matches exactly. CPU is
// utime+stime of each process from /proc/PID/stat between a reading after start-up and one `seconds` later, divided
// by the ticks each took in between (status lines / dots). Prints ms per tick, the ratio and the per-target slope, for
// the first minute and (at 100 and 500 targets, the same processes) again from tick 120 on, once V8 has optimised.
// A third process, procscan.mjs (C's reads in plain Node), runs beside them: the runtime's own share of the distance.
// Run alone: node scripts/bench/sampler.mjs [--targets 10,100,500,1000] [--seconds 60] [--interval 1000]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { procStat, sleep, startTargets } from './targets.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const C_SOURCE = fileURLToPath(new URL('./procscan.c', import.meta.url));
/** The same reads in plain Node (bare `node`, default flags): the runtime's share of the distance to C. */
const NODE_REF = fileURLToPath(new URL('./procscan.mjs', import.meta.url));
const TICK_MS = 10; // USER_HZ 100
/** The issue's targets: whole tick <= 1.5x C at 100 and 500 targets; per-target slope <= 2x C's. */
const TARGET = { ratio: 1.5, at: [100, 500], slope: 2 };

/** Builds procscan with cc; undefined (and why) when there is no compiler. */
function buildReference(dir) {
  const out = join(dir, 'procscan');
  try {
    execFileSync('cc', ['-O2', '-o', out, C_SOURCE], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { bin: out };
  } catch (error) {
    return { why: error.code === 'ENOENT' ? 'no C compiler (cc) on this host' : `cc failed: ${String(error.stderr ?? error.message).trim().split('\n')[0]}` };
  }
}

/** A process whose ticks are counted on one of its output streams (`isTick` per chunk of text). */
function counted(cmd, args, stream, countIn) {
  const p = spawn(cmd, args, { stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'ignore'] });
  const state = { p, ticks: 0 };
  let rest = '';
  p[stream].setEncoding('latin1');
  p[stream].on('data', (chunk) => {
    const r = countIn(rest + chunk);
    state.ticks += r.ticks;
    rest = r.rest;
  });
  state.stop = async () => {
    if (p.exitCode !== null || p.signalCode !== null) return;
    const done = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await done;
  };
  return state;
}

/** Headless prints one status line a tick on stderr (notices start with "mcptop:"). */
const statusLines = (text) => {
  const lines = text.split('\n');
  const rest = lines.pop() ?? '';
  return { ticks: lines.filter((l) => l.length > 0 && !l.startsWith('mcptop:')).length, rest };
};
const dots = (text) => ({ ticks: text.length, rest: '' });

async function waitTicks(run, n, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (run.ticks < n && Date.now() < until) await sleep(50);
  if (run.ticks < n) throw new Error(`no tick within ${timeoutMs} ms (${run.p.spawnargs.slice(0, 2).join(' ')}: ${run.ticks} of ${n} ticks)`);
}

/**
 * ms of CPU per tick of each run between two readings `seconds` apart, after `warmTicks` ticks; and the same over each
 * half of that time (a tick whose cost rises with run time shows as a second half dearer than the first).
 */
async function measureRuns(runs, seconds, warmTicks, intervalMs) {
  // Every run reaches warmTicks within their time at the interval, plus a minute for start-up.
  for (const r of runs) await waitTicks(r, warmTicks, warmTicks * intervalMs + 60_000);
  const read = () => runs.map((r) => ({ cpu: procStat(r.p.pid)?.cpuTicks, ticks: r.ticks, rssMB: procStat(r.p.pid)?.rssMB }));
  const perTick = (x, y) => (x.cpu === undefined || y.cpu === undefined ? NaN : ((y.cpu - x.cpu) * TICK_MS) / (y.ticks - x.ticks));
  const a = read();
  await sleep((seconds * 1000) / 2);
  const mid = read();
  await sleep((seconds * 1000) / 2);
  const b = read();
  return runs.map((_, i) => ({
    msPerTick: perTick(a[i], b[i]), ticks: b[i].ticks - a[i].ticks, rssMB: b[i].rssMB,
    firstHalf: perTick(a[i], mid[i]), secondHalf: perTick(mid[i], b[i]),
  }));
}

/**
 * Rows measured a second time, on the same processes, from tick STEADY_FROM on: V8 optimises the tick's hot code over
 * its first minutes (the optimising compiler's threads count in the first minute's figure), so the first minute and
 * the steady state are both printed; the targets are judged on both.
 */
const STEADY_AT = [100, 500];
const STEADY_FROM = 120;

export async function benchSampler({ targets = [10, 100, 500, 1000], seconds = Number(process.env.BENCH_SECONDS ?? 60), intervalMs = 1000, cli = CLI, steadyAt = STEADY_AT } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-sampler-'));
  const rows = [];
  try {
    const ref = buildReference(dir);
    if (ref.bin === undefined) console.log(`sampler: C reference skipped: ${ref.why}; mcptop's figures alone`);
    for (const n of targets) {
      const g = await startTargets(n, `s${n}`);
      const runs = [];
      try {
        const pids = g.pids.map(String);
        runs.push(counted(cli, ['--headless', '--match', g.match, '--interval', String(intervalMs)], 'stderr', statusLines));
        runs.push(counted(process.execPath, [NODE_REF, String(intervalMs), ...pids], 'stdout', dots));
        if (ref.bin) runs.push(counted(ref.bin, [String(intervalMs), ...pids], 'stdout', dots));
        const [m, node, c] = await measureRuns(runs, seconds, 3, intervalMs);
        const row = { n, m, c, node, match: g.match };
        if (steadyAt.includes(n)) {
          const [sm, snode, sc] = await measureRuns(runs, seconds, Math.max(STEADY_FROM, 3 + seconds + 10), intervalMs);
          row.steady = { m: sm, c: sc, node: snode };
        }
        rows.push(row);
      } finally {
        for (const r of runs) await r.stop();
        await g.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  print(rows, { seconds, intervalMs });
  return rows;
}

const fit = (pts) => {
  const n = pts.length;
  const mx = pts.reduce((a, p) => a + p.x, 0) / n;
  const my = pts.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of pts) { num += (p.x - mx) * (p.y - my); den += (p.x - mx) ** 2; }
  return den === 0 ? NaN : num / den;
};

function print(rows, { seconds, intervalMs }) {
  const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
  const line = (n, m, c, node) => console.log(`${String(n).padStart(7)}  ${f(m.msPerTick).padStart(8)} ms (${String(m.ticks).padStart(3)})      ${c ? `${f(c.msPerTick, 3).padStart(7)} ms (${String(c.ticks).padStart(3)})` : 'skipped'.padEnd(19)}  ${c ? f(m.msPerTick / c.msPerTick, 1).padStart(5) : '  —  '}x  ${f(m.rssMB, 1).padStart(6)} MB   ${f(m.firstHalf)} -> ${f(m.secondHalf)} ms   ${f(node?.msPerTick).padStart(6)} ms${c ? ` (${f(node?.msPerTick / c.msPerTick, 1)}x)` : ''}`);
  console.log(`sampler: whole-process CPU ms per tick, utime+stime from /proc/PID/stat over ${seconds} s after 3 ticks of start-up, ${intervalMs} ms interval, all at once`);
  console.log('targets  mcptop headless (ticks)   C procscan (ticks)   ratio   mcptop RSS   mcptop 1st half -> 2nd half   node procscan (x C)');
  for (const r of rows) line(r.n, r.m, r.c, r.node);
  const sm = fit(rows.map((r) => ({ x: r.n, y: r.m.msPerTick })));
  const hasC = rows.every((r) => r.c);
  const sc = hasC ? fit(rows.map((r) => ({ x: r.n, y: r.c.msPerTick }))) : NaN;
  console.log(`per-target slope (least squares over ${rows.map((r) => r.n).join(', ')}): mcptop ${f(sm * 1000, 1)} µs, C ${f(sc * 1000, 1)} µs per target per tick${hasC ? `: ${f(sm / sc, 1)}x` : ''}`);
  if (hasC) {
    const at = rows.filter((r) => TARGET.at.includes(r.n));
    const ok = at.every((r) => r.m.msPerTick <= TARGET.ratio * r.c.msPerTick) && sm <= TARGET.slope * sc;
    console.log(`target: <= ${TARGET.ratio}x C at ${TARGET.at.join(' and ')} targets, slope <= ${TARGET.slope}x C's: ${ok ? 'met' : 'NOT met'}`);
  }
  const steady = rows.filter((r) => r.steady !== undefined);
  if (steady.length > 0) {
    console.log(`steady state: the same runs again from tick ${STEADY_FROM} on, ${seconds} s (V8 has optimised the tick by then)`);
    for (const r of steady) line(r.n, r.steady.m, r.steady.c, r.steady.node);
    if (hasC && steady.every((r) => r.steady.c)) {
      const ok = steady.filter((r) => TARGET.at.includes(r.n)).every((r) => r.steady.m.msPerTick <= TARGET.ratio * r.steady.c.msPerTick);
      console.log(`target in the steady state: <= ${TARGET.ratio}x C at ${steady.map((r) => r.n).join(' and ')} targets: ${ok ? 'met' : 'NOT met'}`);
    }
  }
  console.log(`commands: ${CLI} --headless --match '^mcptop-bench-<pid>-s<N> ' --interval ${intervalMs} (the bin, through its shebang)`);
  console.log(`          procscan ${intervalMs} <the N pids>   (cc -O2 scripts/bench/procscan.c; CPU figures have 10 ms resolution)`);
  console.log(`          node scripts/bench/procscan.mjs ${intervalMs} <the N pids>   (C's reads in plain Node, default flags: the runtime's share)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  await benchSampler({
    targets: (arg('targets') ?? '10,100,500,1000').split(',').map(Number),
    seconds: Number(arg('seconds') ?? process.env.BENCH_SECONDS ?? 60),
    intervalMs: Number(arg('interval') ?? 1000),
    cli: arg('cli') ?? CLI,
  });
}
