#!/usr/bin/env node
// Soak: the real built CLI (TUI in tmux and headless) watching 100 and 500 real targets for --minutes (60 in the full
// run), RSS from /proc every 10 s and the live heap from MCPTOP_HEAP_LOG (a full collection a minute); then the Monitor
// on a fake clock for 24 simulated hours with processes coming and going, live heap after a full collection each hour.
// Prints RSS at 1, 10, 30, 60 min and the growth over the second half. Run alone:
//   node scripts/bench/soak.mjs [--minutes 60] [--targets 100,500] [--no-tui] [--fake-hours 24] [--cli dist/cli.js]
// (`--minutes 0` runs the fake-clock part alone)
// (`npm run bench -- soak --minutes 30` is the same through the bench).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { procStat, sleep, startTargets } from './targets.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** The issue's targets: over the second half, RSS grows <= 5 % and the live heap <= 1 MB. */
export const FLAT = { rssPct: 5, heapMB: 1 };

/** Least-squares slope of y over x. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) { num += (p.x - mx) * (p.y - my); den += (p.x - mx) ** 2; }
  return den === 0 ? 0 : num / den;
}

/** Growth over the second half of a series of {x: minutes, y}: the fitted slope times the half's length (noise-proof). */
export function secondHalf(points, endMin) {
  const half = points.filter((p) => p.x >= endMin / 2);
  const s = slope(half);
  const grow = s * (endMin / 2);
  const base = half[0]?.y ?? NaN;
  return { perMin: s, grow, pct: (grow / base) * 100, base, n: half.length };
}

function readHeapLog(file) {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    return [];
  }
}

/** Starts one watched mcptop (TUI in its own tmux server, or headless), returns its pid and stop(). */
function startRun(kind, match, heapLog, heapEveryMs, cli) {
  const env = { ...process.env, NO_COLOR: '1', MCPTOP_HEAP_LOG: heapLog, MCPTOP_HEAP_LOG_MS: String(heapEveryMs) };
  if (kind === 'headless') {
    const p = spawn(cli, ['--headless', '--match', match, '--interval', '1000'], { stdio: 'ignore', env });
    return {
      pid: p.pid,
      stop: async () => { if (p.exitCode === null) { const done = new Promise((r) => p.once('exit', r)); p.kill('SIGTERM'); await done; } },
      command: `mcptop --headless --match '${match}' --interval 1000`,
    };
  }
  const sock = `mcptop-soak-${process.pid}-${match.length}-${Math.random().toString(36).slice(2, 8)}`;
  const envs = `NO_COLOR=1 MCPTOP_HEAP_LOG=${heapLog} MCPTOP_HEAP_LOG_MS=${heapEveryMs}`;
  execFileSync('tmux', ['-L', sock, '-f', '/dev/null', 'new-session', '-d', '-x', '160', '-y', '50',
    `exec env ${envs} ${cli} --match '${match}' --interval 1000`]);
  const pid = Number(execFileSync('tmux', ['-L', sock, 'display-message', '-p', '#{pane_pid}'], { encoding: 'utf8' }).trim());
  return {
    pid,
    stop: async () => {
      try { execFileSync('tmux', ['-L', sock, 'send-keys', 'q'], { stdio: 'ignore' }); } catch { /* gone */ }
      for (let i = 0; i < 50 && procStat(pid) !== undefined; i++) await sleep(100);
      try { execFileSync('tmux', ['-L', sock, 'kill-server'], { stdio: 'ignore' }); } catch { /* ended with mcptop */ }
    },
    command: `tmux (160x50): mcptop --match '${match}' --interval 1000`,
  };
}

/** Every run at once (the targets are shared by a TUI and a headless run each), for `minutes`. */
export async function soakLive({ minutes = 60, targets = [100, 500], tui = true, cli = CLI, rssEveryMs = 10_000, heapEveryMs } = {}) {
  const heapEvery = heapEveryMs ?? (minutes >= 10 ? 60_000 : 10_000);
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-soak-'));
  const groups = [];
  const runs = [];
  try {
    for (const n of targets) {
      const g = await startTargets(n, `n${n}`);
      groups.push(g);
      for (const kind of tui ? ['tui', 'headless'] : ['headless']) {
        const heapLog = join(dir, `${kind}-${n}.jsonl`);
        runs.push({ name: `${kind} ${n}`, n, heapLog, rss: [], cpu0: undefined, ...startRun(kind, g.match, heapLog, heapEvery, cli) });
      }
    }
    const t0 = Date.now();
    const end = t0 + minutes * 60_000;
    while (Date.now() < end) {
      const x = (Date.now() - t0) / 60_000;
      for (const r of runs) {
        const s = procStat(r.pid);
        if (s === undefined) { r.died ??= x; continue; }
        r.rss.push({ x, y: s.rssMB });
        r.cpu0 ??= { x, ticks: s.cpuTicks };
        r.cpu1 = { x, ticks: s.cpuTicks };
      }
      await sleep(Math.min(rssEveryMs, Math.max(0, end - Date.now())));
    }
  } finally {
    for (const r of runs) await r.stop();
    for (const g of groups) await g.stop();
  }
  const results = runs.map((r) => {
    const heap = readHeapLog(r.heapLog).map((h) => ({ x: h.t / 60_000, y: h.liveHeap / 2 ** 20 }));
    return {
      name: r.name, command: r.command, died: r.died,
      rssAt: Object.fromEntries([1, 10, 30, 60].filter((m) => m <= minutes).map((m) => [m, r.rss.find((p) => p.x >= m)?.y ?? r.rss.at(-1)?.y])),
      rssEnd: r.rss.at(-1)?.y,
      rssHalf: secondHalf(r.rss, minutes),
      heapHalf: secondHalf(heap, minutes),
      heapEnd: heap.at(-1)?.y,
      cpuPct: r.cpu0 && r.cpu1 && r.cpu1.x > r.cpu0.x ? ((r.cpu1.ticks - r.cpu0.ticks) / 100) / ((r.cpu1.x - r.cpu0.x) * 60) * 100 : NaN,
    };
  });
  rmSync(dir, { recursive: true, force: true });
  return results;
}

export function printLive(results, minutes) {
  const f = (x, d = 1) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
  const at = [1, 10, 30, 60].filter((m) => m <= minutes);
  console.log(`soak, live: ${minutes} min at 1 Hz, all runs at once on this host (RSS from /proc every 10 s; live heap after a full collection, MCPTOP_HEAP_LOG)`);
  console.log(`run            ${at.map((m) => `RSS@${m}m`.padStart(9)).join('')}  2nd-half RSS growth     2nd-half live-heap growth  heap end  CPU %`);
  for (const r of results) {
    const rs = `${f(r.rssHalf.grow)} MB (${f(r.rssHalf.pct)} %)`;
    const hs = `${f(r.heapHalf.grow, 2)} MB (${f(r.heapHalf.perMin * 60, 2)} MB/h)`;
    console.log(`${r.name.padEnd(14)} ${at.map((m) => f(r.rssAt[m]).padStart(9)).join('')}  ${rs.padEnd(22)}  ${hs.padEnd(25)}  ${f(r.heapEnd).padStart(6)} MB ${f(r.cpuPct, 2).padStart(6)}${r.died === undefined ? '' : `  DIED at ${f(r.died)} min`}`);
  }
  for (const r of results) console.log(`  ${r.name}: ${r.command}`);
  const flat = results.every((r) => r.rssHalf.pct <= FLAT.rssPct && r.heapHalf.grow <= FLAT.heapMB);
  console.log(`target over the second half: RSS <= +${FLAT.rssPct} %, live heap <= +${FLAT.heapMB} MB: ${flat ? 'met' : 'NOT met'}`);
}

/**
 * The Monitor of dist/ on a hand-stepped clock for `hours` simulated hours at `intervalMs`: `servers` servers with a
 * worker each, drifting figures, one server replaced every `replaceEvery` ticks (new identities all day long). Live
 * heap after a full collection every simulated hour, with what the Monitor holds per identity.
 */
export async function soakFake({ hours = 24, intervalMs = 30_000, servers = 30, replaceEvery = 12 } = {}) {
  const { Monitor } = await import('../../dist/core/monitor.js');
  const { DEFAULT_THRESHOLDS } = await import('../../dist/core/config.js');
  const { StepClock } = await import('./fixtures.mjs');
  if (typeof globalThis.gc !== 'function') throw new Error('the fake-clock soak needs node --expose-gc');
  const clock = new StepClock();
  let nextPid = 10_000;
  let seed = 7;
  const rand = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
  const procs = new Map();
  const addServer = () => {
    const pid = nextPid;
    nextPid += 2;
    procs.set(pid, { pid, ppid: 1, comm: 'node', startTime: pid, argv: ['node', `srv-${pid}.js`, '--token', `s${pid}`], fds: 20, rss: 50 * 2 ** 20, cpu: 0 });
    procs.set(pid + 1, { pid: pid + 1, ppid: pid, comm: 'node', startTime: pid + 1, argv: ['node', 'worker.js'], fds: 5, rss: 30 * 2 ** 20, cpu: 0 });
  };
  for (let i = 0; i < servers; i++) addServer();
  const source = {
    name: 'fake',
    async list() {
      for (const p of procs.values()) {
        p.fds = Math.max(5, Math.min(60, p.fds + Math.round(rand() * 4 - 2)));
        p.rss = Math.max(20 * 2 ** 20, Math.min(90 * 2 ** 20, p.rss + Math.round((rand() - 0.5) * 2 ** 20)));
        p.cpu += Math.round(rand() * 30);
      }
      return [{ pid: 1, ppid: 0, comm: 'init', state: 'S', startTime: 1, uid: 0 },
        ...[...procs.values()].map((p) => ({ pid: p.pid, ppid: p.ppid, comm: p.comm, state: 'S', startTime: p.startTime, uid: 0 }))];
    },
    async cmdline(pid) { return procs.get(pid)?.argv; },
    async measure(pids) {
      const out = new Map();
      for (const pid of pids) { const p = procs.get(pid); if (p) out.set(pid, { fds: p.fds, rssBytes: p.rss, vmsBytes: p.rss * 10, cpuTimeMs: p.cpu, threads: 7 }); }
      return out;
    },
    async fdLimit() { return 1024; },
    async fdKinds() { return { socket: 3, pipe: 4, anon_inode: 6, file: 5, other: 2 }; },
  };
  const monitor = new Monitor({
    source, clock, selfPid: 2, intervalMs,
    targets: { names: ['node'], patterns: [], pids: [], children: true }, thresholds: DEFAULT_THRESHOLDS,
  });
  const perHour = Math.round(3_600_000 / intervalMs);
  const points = [];
  const started = process.cpuUsage();
  let snapshot;
  for (let tick = 1; tick <= hours * perHour; tick++) {
    if (tick % replaceEvery === 0) {
      const oldest = procs.keys().next().value;
      procs.delete(oldest);
      procs.delete(oldest + 1);
      addServer();
    }
    clock.advance(intervalMs);
    snapshot = await monitor.tick();
    if (tick % perHour === 0) {
      // Typed arrays' backing stores are released by a sweeper after the collection: let it run, collect again.
      globalThis.gc();
      await new Promise((resolve) => setTimeout(resolve, 10));
      globalThis.gc();
      const m = process.memoryUsage();
      points.push({ x: (tick / perHour) * 60, y: (m.heapUsed + m.arrayBuffers) / 2 ** 20, ab: m.arrayBuffers / 2 ** 20, hour: tick / perHour, footprint: monitor.footprint(), listed: snapshot.servers.length });
    }
  }
  await monitor.stop();
  const cpu = process.cpuUsage(started);
  return { hours, intervalMs, servers, replaceEvery, points, half: secondHalf(points, hours * 60), seen: (nextPid - 10_000) / 2, cpuS: (cpu.user + cpu.system) / 1e6 };
}

export function printFake(r) {
  const f = (x, d = 2) => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(d));
  console.log(`soak, fake clock: the Monitor for ${r.hours} h at ${r.intervalMs / 1000} s, ${r.servers} servers (+1 worker each), one replaced every ${r.replaceEvery} ticks: ${r.seen} servers seen (${f(r.cpuS, 1)} s CPU)`);
  const pick = r.points.filter((p) => [1, 6, 12, 18, 24].includes(p.hour) || p === r.points.at(-1));
  for (const p of pick) console.log(`  hour ${String(p.hour).padStart(2)}: live heap + array buffers ${f(p.y)} MB (buffers ${f(p.ab)}), servers listed ${p.listed}, held ${JSON.stringify(p.footprint)}`);
  console.log(`  second half: live heap ${f(r.half.grow)} MB (${f(r.half.perMin * 60, 3)} MB/h); target <= ${FLAT.heapMB} MB: ${r.half.grow <= FLAT.heapMB ? 'met' : 'NOT met'}`);
}

export async function benchSoak({ minutes = Number(process.env.BENCH_SOAK_MINUTES ?? 60), targets = [100, 500], tui = true, fakeHours = 24, cli = CLI } = {}) {
  const { inOwnProcess } = await import('./fixtures.mjs');
  // The fake-clock part in a child with --expose-gc; this (parent) process runs the live part.
  if (process.env.MCPTOP_BENCH_SECTION === fileURLToPath(import.meta.url)) {
    printFake(await soakFake({ hours: fakeHours }));
    return;
  }
  // --minutes 0: the fake-clock part alone (seconds of CPU, no targets started).
  if (minutes > 0) {
    console.log(`command: node scripts/bench/soak.mjs --minutes ${minutes} --targets ${targets.join(',')}${tui ? '' : ' --no-tui'} (bin: ${cli})`);
    printLive(await soakLive({ minutes, targets, tui, cli }), minutes);
  }
  if (fakeHours > 0) inOwnProcess(import.meta.url);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  if (process.env.MCPTOP_BENCH_SECTION === fileURLToPath(import.meta.url)) {
    printFake(await soakFake({ hours: Number(process.env.BENCH_FAKE_HOURS ?? 24) }));
  } else {
    const fakeHours = Number(arg('fake-hours') ?? 24);
    process.env.BENCH_FAKE_HOURS = String(fakeHours);
    await benchSoak({
      minutes: Number(arg('minutes') ?? 60), targets: (arg('targets') ?? '100,500').split(',').map(Number),
      tui: !process.argv.includes('--no-tui'), fakeHours, cli: arg('cli') ?? CLI,
    });
  }
}
