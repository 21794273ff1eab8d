// The soak bench's short form: the built CLI headless for 200 s on real targets, memory flat once its windows filled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

/**
 * Stated tolerance (the hour-long `npm run bench -- soak` holds the 5 % / 1 MB): over the second half of 200 s
 * at 5 ticks a second (1,000 ticks: the verdict store's 256 recent samples fill at ~51 s and its coalescing starts,
 * and V8 sizes its heap for that by ~80 s: RSS steps up ~10 MB once there, then stays; the second half starts after
 * it), RSS grows at most 10 % and the live heap (after a full collection) at most 2 MB.
 */
const SECONDS = 200;
const TARGETS = 20;
const TOLERANCE = { rssPct: 10, heapMB: 2 };

const slope = (pts: readonly { x: number; y: number }[]): number => {
  const mx = pts.reduce((a, p) => a + p.x, 0) / pts.length;
  const my = pts.reduce((a, p) => a + p.y, 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const p of pts) { num += (p.x - mx) * (p.y - my); den += (p.x - mx) ** 2; }
  return den === 0 ? 0 : num / den;
};

const rssMB = (pid: number): number | undefined => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1]) / 1024;
  } catch {
    return undefined;
  }
};

describe('soak, short form', () => {
  test(`headless on ${TARGETS} real targets for ${SECONDS} s: RSS and live heap flat over the second half`, { timeout: (SECONDS + 60) * 1000 }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-soak-'));
    const marker = `mcptop-soak-test-${process.pid}`;
    const kids = Array.from({ length: TARGETS }, () => spawn('sleep', ['1000'], { argv0: marker, stdio: 'ignore' }));
    t.after(async () => {
      await Promise.all(kids.filter((k) => k.exitCode === null && k.signalCode === null).map((k) => { const e = once(k, 'exit'); k.kill('SIGKILL'); return e; }));
      rmSync(dir, { recursive: true, force: true });
    });
    const heapLog = join(dir, 'heap.jsonl');
    const run = runCli(['--headless', '--match', `^${marker} `, '--interval', '200', '--duration', String(SECONDS)],
      { env: { MCPTOP_HEAP_LOG: heapLog, MCPTOP_HEAP_LOG_MS: '5000' } });
    t.after(() => run.kill());
    const pid = run.child.pid as number;
    const rss: { x: number; y: number }[] = [];
    const t0 = Date.now();
    const sampler = setInterval(() => { const r = rssMB(pid); if (r !== undefined) rss.push({ x: (Date.now() - t0) / 1000, y: r }); }, 2500);
    t.after(() => clearInterval(sampler));
    const { code } = await run.done;
    clearInterval(sampler);
    assert.ok(code === 0 || code === 5, `exit ${code}: ${run.stderr().slice(-400)}`);
    assert.match(run.stdout() + run.stderr(), new RegExp(`${TARGETS} servers`), 'it watched exactly the targets it was given');

    const heap = readFileSync(heapLog, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: number; liveHeap: number })
      .map((h) => ({ x: h.t / 1000, y: h.liveHeap / 2 ** 20 }));
    const half = <T extends { x: number }>(xs: readonly T[]): T[] => xs.filter((p) => p.x >= SECONDS / 2);
    assert.ok(half(heap).length >= 10 && half(rss).length >= 20, `readings: heap ${heap.length}, rss ${rss.length}`);
    const heapGrowth = slope(half(heap)) * (SECONDS / 2);
    const rssGrowthPct = (slope(half(rss)) * (SECONDS / 2) / (half(rss)[0]?.y ?? 1)) * 100;
    const said = `live heap ${heap.map((h) => h.y.toFixed(1)).join(' ')} MB; RSS ${rss.map((r) => r.y.toFixed(0)).join(' ')} MB`;
    t.diagnostic(`second half: live heap ${heapGrowth.toFixed(2)} MB, RSS ${rssGrowthPct.toFixed(1)} %; ${said}`);
    assert.ok(heapGrowth <= TOLERANCE.heapMB, `live heap grew ${heapGrowth.toFixed(2)} MB over the second half (${said})`);
    assert.ok(rssGrowthPct <= TOLERANCE.rssPct, `RSS grew ${rssGrowthPct.toFixed(1)} % over the second half (${said})`);
  });
});
