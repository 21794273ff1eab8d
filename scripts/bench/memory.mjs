#!/usr/bin/env node
// mcptop's own memory over a long session, in-process and on a hand-stepped clock (an hour of 1 Hz ticks in about a
// minute): the real Monitor (built code) watching 100 servers whose figures move every tick, live heap after a full
// collection at checkpoints. Every history mcptop keeps is bounded (a window of recent samples, older ones merged
// pairwise), so the heap must level off; this shows where, for the TUI's window and for headless's.
import { DriftSource, StepClock, inOwnProcess } from './fixtures.mjs';

const CHECKPOINTS = [60, 300, 600, 1200, 2400, 3600];
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
// The JS heap plus ArrayBuffer backing stores (the verdict evidence lives in typed arrays, outside heapUsed).
const heap = () => { globalThis.gc(); globalThis.gc(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const turn = () => new Promise((resolve) => setImmediate(resolve));

async function run(Monitor, thresholds, windowSize) {
  const clock = new StepClock();
  const monitor = new Monitor({
    source: new DriftSource(100), clock, selfPid: 999_999, intervalMs: 1000, thresholds, windowSize,
    targets: { names: ['node'], patterns: [], pids: [], children: true },
  });
  const base = heap();
  const row = [];
  monitor.start();
  let ticks = 0;
  for (const at of CHECKPOINTS) {
    for (; ticks < at; ticks++) {
      clock.advance(1000);
      for (let i = 0; i < 4; i++) await turn(); // the tick's reads and judging are promise chains
    }
    row.push(heap() - base);
  }
  await monitor.stop();
  return { row, samples: monitor.tickCount };
}

export async function benchMemory() {
  if (!inOwnProcess(import.meta.url)) return undefined;
  const dist = (p) => new URL(`../../dist/${p}`, import.meta.url).href;
  const [{ Monitor }, { DEFAULT_THRESHOLDS }] = await Promise.all([import(dist('core/monitor.js')), import(dist('core/config.js'))]);
  console.log(`live heap + array buffers held by the Monitor, 100 servers moving every tick, after N ticks at 1 Hz (MB)`);
  console.log(`${'ticks'.padEnd(26)}${CHECKPOINTS.map((c) => String(c).padStart(8)).join('')}`);
  const out = {};
  for (const [name, windowSize] of [['TUI (300-sample window)', 300], ['headless (30-sample window)', 30]]) {
    const { row, samples } = await run(Monitor, DEFAULT_THRESHOLDS, windowSize);
    if (samples < CHECKPOINTS.at(-1) * 0.95) throw new Error(`only ${samples} ticks ran`);
    console.log(`${name.padEnd(26)}${row.map((b) => mb(b).padStart(8)).join('')}`);
    out[name] = row;
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMemory();
