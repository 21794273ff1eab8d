// Shared by the in-process benches: running a section alone in a child with --expose-gc, a hand-stepped clock and a
// scripted process table of servers whose figures move.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = 'MCPTOP_BENCH_SECTION';

/**
 * Runs the section file in a child node with --expose-gc (heap figures need full collections, and a section that
 * loads Ink or fills a Monitor must not weigh on the next one); true when this process is that child.
 */
export function inOwnProcess(moduleUrl) {
  const file = fileURLToPath(moduleUrl);
  if (process.env[CHILD] === file) return true;
  const r = spawnSync(process.execPath, ['--expose-gc', file], { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, [CHILD]: file }, encoding: 'utf8' });
  // Ink's restore-cursor writes "show cursor" to stderr at exit: not a figure.
  process.stderr.write(r.stderr.replaceAll('\u001B[?25h', ''));
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}`);
  return false;
}

/** Hand-stepped clock: the Monitor's Clock port. */
export class StepClock {
  t = 1_000_000; seq = 0; timers = new Map();
  now() { return this.t; }
  setTimeout(fn, ms) { const id = ++this.seq; this.timers.set(id, { at: this.t + ms, fn }); return { id }; }
  clearTimeout(h) { this.timers.delete(h?.id); }
  advance(ms) {
    const until = this.t + ms;
    for (;;) {
      let best; let bestId;
      for (const [id, tm] of this.timers) if (tm.at <= until && (best === undefined || tm.at < best.at)) { best = tm; bestId = id; }
      if (best === undefined) break;
      this.timers.delete(bestId);
      this.t = Math.max(this.t, best.at);
      best.fn();
    }
    this.t = until;
  }
}

/** "node server.js" processes whose FDs, RSS and CPU wander every tick within bounds (seeded: the same run each time). */
export class DriftSource {
  name = 'fake';
  seed = 42;
  tick = 0;
  constructor(servers = 100) {
    this.procs = Array.from({ length: servers }, (_, i) => {
      const base = { fds: 20 + i, rss: (40 + i) * 2 ** 20 };
      return { pid: 10_000 + i, fds: base.fds, rss: base.rss, cpu: 0, base };
    });
  }

  rand() { this.seed = (this.seed * 1_103_515_245 + 12_345) % 2 ** 31; return this.seed / 2 ** 31; }
  async list() {
    this.tick += 1;
    for (const p of this.procs) {
      p.fds = Math.min(p.base.fds + 40, Math.max(p.base.fds, p.fds + Math.round(this.rand() * 6 - 3)));
      p.rss = Math.min(p.base.rss * 2, Math.max(p.base.rss, p.rss + Math.round((this.rand() - 0.5) * 2 ** 21)));
      p.cpu += Math.round(this.rand() * 40);
    }
    return this.procs.map((p) => ({ pid: p.pid, ppid: 1, comm: 'node', state: 'S', startTime: p.pid, uid: 0 }));
  }
  async cmdline(pid) { return ['node', `server-${pid}.js`]; }
  async measure(pids) {
    const want = new Set(pids);
    return new Map(this.procs.filter((p) => want.has(p.pid)).map((p) => [p.pid, { fds: p.fds, rssBytes: p.rss, vmsBytes: p.rss * 12, cpuTimeMs: p.cpu, threads: 11 }]));
  }
  async fdLimit() { return 1024; }
  async fdKinds() { return { socket: 3, pipe: 4, anon_inode: 6, file: 5, other: 2 }; }
}

