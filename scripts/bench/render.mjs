#!/usr/bin/env node
// Rendering cost of the TUI, in-process: the real App (built code) drawn by Ink into a 160x50 in-memory terminal, one
// frame per tick on a hand-stepped clock, for 100 servers whose figures change every tick (none leaking). First the
// real Monitor on a scripted process table (CPU per tick, whole pipeline), then snapshots made here so the view is
// measured alone: CPU per frame and the live heap each frame leaves behind. A TUI left open for hours must not grow
// (Ink 6 keeps the size of every distinct string it lays out, forever).
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
  const [{ render }, React, { App }, { Monitor }, { DEFAULT_THRESHOLDS }] = await Promise.all([
    import('ink'), import('react'), import(dist('ui/App.js')), import(dist('core/monitor.js')), import(dist('core/config.js')),
  ]);
  const clock = new StepClock();
  const source = new DriftSource();
  const monitor = new Monitor({
    source, clock, selfPid: 999_999, intervalMs: 1000, thresholds: DEFAULT_THRESHOLDS,
    targets: { names: ['node'], patterns: [], pids: [], children: true },
  });
  const relay = new Relay(monitor.getSnapshot());
  const unsubscribe = monitor.subscribe((snap) => relay.push(snap));
  const screen = new Screen();
  const app = render(React.createElement(App, { monitor: relay, onQuit: () => undefined }), { stdout: screen, stdin: new Keys(), exitOnCtrlC: false, patchConsole: false });
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
    return { perFrameKB };
  } finally {
    unsubscribe();
    await monitor.stop();
    app.unmount();
    app.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchRender();
