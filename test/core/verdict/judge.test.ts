// Verdict scenarios on synthetic runs: leaks caught (and when), healthy shapes never called leaks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { drive, firstLeak, prng } from './series.js';

const MB = 1024 * 1024;
const steady = (perTick: number) => (i: number): number => i * perTick;

describe('counts', () => {
  test('1 FD per call under steady load is a leak, quickly, with a checkable reason', () => {
    const r = prng(1);
    const { final, all } = drive('count', 'fds', { n: 60, value: (i) => 20 + i * 20 + Math.floor(r() * 4), calls: steady(20) });
    assert.equal(final.verdict, 'leak');
    assert.match(final.reason, /^FDs \+1\.\d\d per call over [\d,]+ calls; floor rose in (\d) of \1 windows$/);
    const at = firstLeak(all);
    assert.ok(at > 0 && at <= 25, `first leak at tick ${at}`);
    assert.ok(final.perKiloCalls !== undefined && Math.abs(final.perKiloCalls - 1000) < 100, String(final.perKiloCalls));
    for (const v of all.slice(0, at)) assert.notEqual(v.verdict, 'ok', 'never ok before the evidence is in');
  });

  test('saw-tooth FDs (open 50, close all) are ok at every tick', () => {
    const { final, all } = drive('count', 'fds', { n: 200, value: (i) => 20 + (i % 10) * 5, calls: steady(10) });
    assert.equal(final.verdict, 'ok');
    assert.equal(firstLeak(all), -1);
  });

  test('a warm-up spike then a plateau is ok', () => {
    const r = prng(2);
    const { final, all } = drive('count', 'fds', { n: 120, value: (i) => (i < 6 ? 60 : 25) + Math.floor(r() * 3), calls: steady(15) });
    assert.equal(final.verdict, 'ok');
    assert.equal(firstLeak(all), -1);
  });

  test('short-lived children under load (floor returns) never read as a leak', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const r = prng(seed);
      const { all } = drive('count', 'procs', { n: 150, value: () => 1 + Math.floor(r() * r() * 6), calls: steady(30) });
      assert.equal(firstLeak(all), -1, `seed ${seed}: ${all.find((v) => v.verdict === 'leak')?.reason}`);
    }
  });

  test('zombies that pile up (one per 3 calls) are a leak', () => {
    const r = prng(3);
    const { final, all } = drive('count', 'procs', { n: 90, value: (i) => 1 + Math.floor(i * 10 / 3) + Math.floor(r() * 3), calls: steady(10) });
    assert.equal(final.verdict, 'leak');
    assert.ok(firstLeak(all) <= 30);
  });

  test('a slow leak with no load is judged per minute', () => {
    const { final } = drive('count', 'fds', { n: 600, value: (i) => 30 + Math.floor(i / 10) });
    assert.equal(final.verdict, 'leak');
    assert.match(final.reason, /^FDs \+\d\.\d\d per min over/);
  });

  test('a pool that fills at load start, then stays, is ok', () => {
    const { final, all } = drive('count', 'fds', { n: 200, value: (i) => 20 + Math.min(10, Math.max(0, i - 30)), calls: (i) => Math.max(0, i - 30) * 20 });
    assert.equal(final.verdict, 'ok', final.reason);
    assert.equal(firstLeak(all), -1);
  });

  test('one burst that leaves 1,000 FDs open after the load stopped is a leak', () => {
    const calls = (i: number): number => (i < 20 ? 0 : i < 22 ? (i - 19) * 500 : 1000);
    const { final } = drive('count', 'fds', { n: 60, value: (i) => 20 + Math.min(1000, calls(i)), calls });
    assert.equal(final.verdict, 'leak');
    assert.match(final.reason, /after the load stopped/);
  });

  test('the thread pool starting on first use is not a leak', () => {
    const { final } = drive('count', 'threads', { n: 60, value: (i) => (i < 20 ? 7 : 11), calls: (i) => Math.max(0, i - 19) * 5 });
    assert.notEqual(final.verdict, 'leak');
  });
});

describe('bytes', () => {
  test('25 KB of RSS per call under GC noise is a leak', () => {
    const r = prng(4);
    const { final, all } = drive('bytes', 'rssBytes', { n: 300, value: (i) => 80 * MB + i * 200 * 25 * 1024 + r() * 10 * MB, calls: steady(200) });
    assert.equal(final.verdict, 'leak');
    assert.match(final.reason, /^RSS \+2\d\.\d KB per call over/);
    assert.ok(firstLeak(all) < 80, `first leak at tick ${firstLeak(all)}`);
  });

  test('heap creep under the per-call bar (1.6 KB per call, like server-everything) is not a leak', () => {
    const r = prng(5);
    const { final, all } = drive('bytes', 'rssBytes', { n: 300, value: (i) => 80 * MB + i * 100 * 1600 + r() * 2 * MB, calls: steady(100) });
    assert.equal(firstLeak(all), -1);
    assert.equal(final.verdict, 'ok');
    assert.match(final.reason, /under the 8\.0 KB per call bar/);
  });

  test('a steep heap ramp that stops after 2,000 calls is never called a leak', () => {
    const { all } = drive('bytes', 'rssBytes', { n: 300, value: (i) => 70 * MB + Math.min(i * 20, 2000) * 20 * 1024, calls: steady(20) });
    assert.equal(firstLeak(all), -1, all.find((v) => v.verdict === 'leak')?.reason);
  });

  test('a healthy saw-tooth heap with a 1 MB floor drift is ok at every tick', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const r = prng(seed);
      const { final, all } = drive('bytes', 'rssBytes', { n: 400, value: (i) => 80 * MB + (i / 400) * MB + (i % 7) * 3 * MB + r() * 2 * MB, calls: steady(50) });
      assert.equal(firstLeak(all), -1, `seed ${seed}: ${all.find((v) => v.verdict === 'leak')?.reason}`);
      assert.equal(final.verdict, 'ok', final.reason);
    }
  });

  test('a warm-up ramp that flattens (heap and JIT) never reads as a leak', () => {
    for (const tau of [5, 10, 20, 40]) {
      const { all, final } = drive('bytes', 'rssBytes', { n: 300, value: (i) => 40 * MB + 60 * MB * (1 - Math.exp(-i / tau)), calls: steady(40) });
      assert.equal(firstLeak(all), -1, `tau ${tau}: ${all.find((v) => v.verdict === 'leak')?.reason}`);
      assert.equal(final.verdict, 'ok');
    }
  });

  test('VMS steps are at most suspect, never a leak', () => {
    const { all } = drive('bytes', 'vmsBytes', { n: 200, value: (i) => 1024 * MB + Math.floor(i / 5) * 64 * MB, calls: steady(10) });
    assert.equal(firstLeak(all), -1);
    assert.equal(all[all.length - 1]!.verdict, 'warn');
  });
});

describe('fail closed and other metrics', () => {
  test('too few samples is "not enough data": warn, never ok', () => {
    const { all } = drive('count', 'fds', { n: 10, value: () => 20 });
    for (const v of all) {
      assert.equal(v.verdict, 'warn');
      assert.equal(v.enoughData, false);
      assert.match(v.reason, /not enough data/);
    }
  });

  test('gaps are not zeros: a run of undefined values gives not enough data', () => {
    const { final, track } = drive('count', 'fds', { n: 50, value: (i) => (i % 5 === 0 ? 20 : undefined) });
    assert.equal(final.enoughData, false);
    assert.equal(track.gaps, 40);
  });

  test('CPU is never judged', () => {
    const { final } = drive('gauge', 'cpuPct', { n: 100, value: (i) => i * 10 });
    assert.equal(final.verdict, 'ok');
  });
});
