#!/usr/bin/env node
// Rendering cost of the TUI, in-process: the real App (built code) drawn by Ink into a 160x50 in-memory terminal, one
// frame per tick on a hand-stepped clock, for 100 servers whose figures change every tick (none leaking). First the
// real Monitor on a scripted process table (CPU per tick, whole pipeline), then snapshots made here so the view is
// measured alone: CPU per frame and the live heap each frame leaves behind. A TUI left open for hours must not grow
// (Ink 6 keeps the size of every distinct string it lays out, forever). Last, the common case of a TUI left open on
// idle servers: 100 servers whose figures hold still, so only the header moves each tick; the frame's cost is the
// Monitor's tick with the view drawing minus the same ticks with nobody drawing.
import { Writable } from 'node:stream';
import { EventEmitter } from 'node:events';
import { DriftSource, StepClock, inOwnProcess } from './fixtures.mjs';

/** A 160x50 terminal that keeps nothing but a count of what was written. */
class Screen extends Writable {
  columns = 160; rows = 50; isTTY = true; bytes = 0; writes = 0;
  _write(chunk, _enc, done) { this.bytes += chunk.length; this.writes += 1; this.emit('frame'); done(); }
}
class Keys extends EventEmitter {
  isTTY = true; setRawMode() { return this; } setEncoding() {} ref() {} unref() {} read() { return null; } resume() {} pause() {}
}

/** The handle the App draws from: first the real Monitor's snapshots, then synthetic ones pushed by the bench. */
class Relay {
  listeners = new Set(); snap;
  constructor(first) { this.snap = first; }
  getSnapshot() { return this.snap; }
  subscribe(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  setFocus() {}
  push(s) { this.snap = s; for (const fn of [...this.listeners]) fn(s); }
}

/** The next snapshot without a Monitor: every server's figures move and its series shift by one sample. */
function nextSnapshot(prev, source) {
  const t = prev.t + 1000;
  const byPid = new Map(source.procs.map((p) => [p.pid, p]));
  const servers = prev.servers.map((s) => {
    const p = byPid.get(s.pid);
    if (!p || !s.latest) return s;
    const fds = p.fds; const rssBytes = p.rss; const cpuPct = (p.cpu % 97) / 10;
    const shift = (arr, v) => [...arr.slice(1), v];
    return {
      ...s, latest: { ...s.latest, t, fds, rssBytes, vmsBytes: rssBytes * 12, cpuPct },
      series: { ...s.series, fds: shift(s.series.fds, fds), rssBytes: shift(s.series.rssBytes, rssBytes), cpuPct: shift(s.series.cpuPct, cpuPct) },
    };
  });
  return { ...prev, tick: prev.tick + 1, t, elapsedMs: prev.elapsedMs + 1000, servers };
}

/** 100 servers whose figures never move (idle `sleep`s): what a frame costs when only the header changes. */
class SteadySource extends DriftSource {
  async list() {
    this.tick += 1;
    return this.procs.map((p) => ({ pid: p.pid, ppid: 1, comm: 'node', state: 'S', startTime: p.pid, uid: 0 }));
  }
}

const waitFrame = (screen) => new Promise((resolve) => {
  const timer = setTimeout(() => { screen.off('frame', done); resolve(false); }, 500);
  function done() { clearTimeout(timer); resolve(true); }
  screen.once('frame', done);
});

/** n frames, each started by `step` (a tick, or a pushed snapshot); resolves with how many were drawn. */
async function frames(screen, n, step) {
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const next = waitFrame(screen);
    await step();
    if (await next) drawn += 1;
    await new Promise((r) => setTimeout(r, 35)); // past Ink's 32 ms render throttle, so every tick is its own frame
  }
  return drawn;
}

const heap = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
const ms = (cpu, n) => ((cpu.user + cpu.system) / 1000 / n).toFixed(2);

export async function benchRender({ warm = 300, measured = Number(process.env.BENCH_FRAMES ?? 600) } = {}) {
  if (!inOwnProcess(import.meta.url)) return undefined;
  process.env.NODE_ENV = 'production';
  const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
  const [{ render }, React, { App }, { Monitor }, { DEFAULT_THRESHOLDS }, { INK_OPTIONS }, { installIncrementalOutput }] = await Promise.all([
    import('ink'), import('react'), import(dist('ui/App.js')), import(dist('core/monitor.js')), import(dist('core/config.js')),
    import(dist('ui/run.js')), import(dist('ui/ink-output.js')),
  ]);
  // Mounted as the TUI mounts it (ui/run.tsx); BENCH_INK_PLAIN=1 measures Ink's own frame assembly instead.
  if (process.env.BENCH_INK_PLAIN !== '1') await installIncrementalOutput();
  const clock = new StepClock();
  const source = new DriftSource();
  const monitor = new Monitor({
    source, clock, selfPid: 999_999, intervalMs: 1000, thresholds: DEFAULT_THRESHOLDS,
    targets: { names: ['node'], patterns: [], pids: [], children: true },
  });
  const relay = new Relay(monitor.getSnapshot());
  const unsubscribe = monitor.subscribe((snap) => relay.push(snap));
  const screen = new Screen();
  const app = render(React.createElement(App, { monitor: relay, onQuit: () => undefined }), { stdout: screen, stdin: new Keys(), ...INK_OPTIONS });
  monitor.start();
  try {
    // 1. The whole pipeline: a Monitor tick (sampling the scripted table, histories, verdicts) and its frame.
    const tick = () => clock.advance(1000);
    await frames(screen, warm, tick); // every series window full
    const c0 = process.cpuUsage();
    await frames(screen, 100, tick);
    const pipelineMs = ms(process.cpuUsage(c0), 100);
    unsubscribe();
    await monitor.stop();
    // 2. Drawing alone, on snapshots made here (the Monitor's own histories keep growing toward their caps for
    //    a long while, which would hide what the view leaves behind).
    const replay = async () => { await source.list(); relay.push(nextSnapshot(relay.getSnapshot(), source)); };
    await frames(screen, 320, replay); // every series window made of replayed values
    const h0 = heap();
    const c1 = process.cpuUsage();
    const t0 = performance.now();
    const drawn = await frames(screen, measured, replay);
    const cpu = process.cpuUsage(c1);
    const wall = performance.now() - t0;
    const h1 = heap();
    const perFrameKB = (h1 - h0) / measured / 1024;
    console.log(`${source.procs.length} servers whose figures change every tick, 160x50 terminal (${drawn}/${measured} replayed frames drawn in ${(wall / 1000).toFixed(1)} s)`);
    console.log(`CPU per tick, Monitor + frame        ${pipelineMs} ms`);
    console.log(`CPU per frame, React + Ink           ${ms(cpu, measured)} ms`);
    console.log(`live heap left per frame             ${perFrameKB.toFixed(2)} KB   (${(perFrameKB * 3600 / 1024).toFixed(1)} MB per hour at 1 Hz; heap ${(h0 / 2 ** 20).toFixed(1)} -> ${(h1 / 2 ** 20).toFixed(1)} MB over ${measured} frames)`);
    const steady = await steadyFrame({ render, React, App, Monitor, DEFAULT_THRESHOLDS, INK_OPTIONS });
    console.log(`CPU per frame, only the header moves  ${steady.frameMs} ms   (Monitor + frame ${steady.withMs} ms, Monitor alone ${steady.aloneMs} ms per tick; ${steady.drawn}/${steady.n} frames drawn, ${steady.bytes} bytes written per frame)`);
    return { perFrameKB, steadyFrameMs: Number(steady.frameMs) };
  } finally {
    unsubscribe();
    await monitor.stop();
    app.unmount();
    app.cleanup();
  }
}

/** Frame cost on real snapshots of servers that hold still: ticks drawn, minus the same ticks with the view detached. */
async function steadyFrame({ render, React, App, Monitor, DEFAULT_THRESHOLDS, INK_OPTIONS }, n = Number(process.env.BENCH_STEADY_TICKS ?? 200)) {
  const clock = new StepClock();
  const monitor = new Monitor({
    source: new SteadySource(), clock, selfPid: 999_999, intervalMs: 1000, thresholds: DEFAULT_THRESHOLDS,
    targets: { names: ['node'], patterns: [], pids: [], children: true },
  });
  const relay = new Relay(monitor.getSnapshot());
  let attached = true;
  const unsubscribe = monitor.subscribe((snap) => { if (attached) relay.push(snap); });
  const screen = new Screen();
  const app = render(React.createElement(App, { monitor: relay, onQuit: () => undefined }), { stdout: screen, stdin: new Keys(), ...INK_OPTIONS });
  monitor.start();
  const tick = () => clock.advance(1000);
  try {
    await frames(screen, 320, tick); // every window full: from here on only the header's figures move
    const b0 = screen.bytes;
    const c0 = process.cpuUsage();
    const drawn = await frames(screen, n, tick);
    const withCpu = process.cpuUsage(c0);
    const bytes = Math.round((screen.bytes - b0) / Math.max(1, drawn));
    attached = false;
    const c1 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      tick();
      await new Promise((r) => setTimeout(r, 35));
    }
    const alone = process.cpuUsage(c1);
    const total = (c) => (c.user + c.system) / 1000;
    return { n, drawn, bytes, withMs: ms(withCpu, n), aloneMs: ms(alone, n), frameMs: ((total(withCpu) - total(alone)) / n).toFixed(2) };
  } finally {
    unsubscribe();
    await monitor.stop();
    app.unmount();
    app.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRender();
