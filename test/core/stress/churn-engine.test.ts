import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ChurnRun, type ChurnDeps } from '../../../source/core/stress/churn-engine.js';
import type { ChurnServer } from '../../../source/core/stress/ports.js';
import type { ChurnShape, ProcEntry } from '../../../source/core/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeConnector, FakeStressMonitor } from './fakes.js';

const SELF = 50;
const shape = (over: Partial<ChurnShape> = {}): ChurnShape => ({ cycles: 3, mode: 'eof', callTool: true, viaNpx: false, eofDeadlineMs: 1000, ...over });
const entry = (pid: number, ppid: number, pgid: number, sid: number): ProcEntry => ({ pid, ppid, pgid, sid, comm: 'node', state: 'S', startTime: pid });

interface Behaviour { exitsOnEof: boolean; exitsOnTerm: boolean; leavesChild: boolean }

/** A scripted world: a process table, servers that react to EOF/TERM/KILL by behaviour, a log of what was done. */
class World {
  table: ProcEntry[] = [entry(1, 0, 1, 1), entry(SELF, 1, SELF, SELF)];
  log: string[] = [];
  nextPid = 1000;
  ended: number[] = [];

  server(b: Behaviour): ChurnServer {
    const pid = this.nextPid;
    this.nextPid += 10;
    const child = pid + 1;
    this.table.push(entry(pid, SELF, pid, pid));
    if (b.leavesChild) this.table.push(entry(child, pid, child, child)); // setsid'd child
    let alive = true;
    let exit: () => void = () => undefined;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      exit = () => {
        if (!alive) return;
        alive = false;
        this.table = this.table.filter((p) => p.pid !== pid).map((p) => (p.ppid === pid ? { ...p, ppid: 1 } : p));
        resolve({ code: 0, signal: null });
      };
    });
    const conn = new FakeConnector();
    return {
      proc: {
        pid, command: ['node', 'srv.js'], exited, alive: () => alive, stderrTail: () => [],
        stop: async () => { this.log.push(`stop ${pid}`); exit(); },
      },
      open: () => conn.open(),
      endStdin: () => { this.log.push('eof'); if (b.exitsOnEof) exit(); },
      term: () => { this.log.push('term'); if (b.exitsOnTerm) exit(); },
      killGroup: () => { this.log.push('kill'); exit(); },
    };
  }

  deps(clock: FakeClock, b: Behaviour, over: Partial<ChurnDeps> = {}): ChurnDeps {
    return {
      clock, selfPid: SELF,
      launch: async () => this.server(b),
      probe: { list: async () => this.table, cmdline: async () => ['node', 'srv.js'] },
      endProcs: async (procs) => { this.ended.push(...procs.map((p) => p.pid)); this.table = this.table.filter((p) => !procs.some((q) => q.pid === p.pid)); },
      looksLikeServer: (argv) => argv.includes('srv.js'),
      windDownMs: 200, pollMs: 50,
      ...over,
    };
  }
}

/** Run to the end while stepping the fake clock. */
async function drive(run: ChurnRun, clock: FakeClock): Promise<ReturnType<ChurnRun['view']>> {
  let done: ReturnType<ChurnRun['view']> | undefined;
  void run.run().then((v) => { done = v; });
  for (let i = 0; i < 2000 && done === undefined; i++) await clock.advanceAsync(50);
  assert.ok(done, 'churn finished');
  return done;
}

describe('ChurnRun', () => {
  test('a compliant server: every cycle exits on EOF, nothing survives, each cycle is stopped', async () => {
    const clock = new FakeClock();
    const w = new World();
    const monitor = new FakeStressMonitor();
    const v = await drive(new ChurnRun(shape(), { ...w.deps(clock, { exitsOnEof: true, exitsOnTerm: true, leavesChild: false }), monitor }), clock);
    assert.deepEqual([v.state, v.done, v.failed, v.survivors, v.eofCompliant, v.eofChecked], ['done', 3, 0, 0, 3, 3]);
    assert.deepEqual(w.log.filter((l) => l === 'eof').length, 3);
    assert.ok(!w.log.includes('term'));
    assert.equal(monitor.events.filter((e) => e.name === 'churn.cycle').length, 3);
    assert.equal(monitor.churn.at(-1)?.state, 'done');
  });

  test("own FD drift leaves out the FDs the source holds for the watched servers; a real leak still shows", async () => {
    const clock = new FakeClock();
    const w = new World();
    // Each cycle's server holds 2 FDs of the source while it is watched; the leaking run also loses one FD a cycle.
    let reads = 0;
    const selfOf = (leak: boolean) => ({ pid: SELF, read: async () => { reads++; const held = reads % 2 === 0 ? 2 : 0; return { pid: SELF, fds: 40 + held + (leak ? reads : 0), heldFds: held }; } });
    const clean = await drive(new ChurnRun(shape(), { ...w.deps(clock, { exitsOnEof: true, exitsOnTerm: true, leavesChild: false }), self: selfOf(false) }), clock);
    assert.ok(reads > 1);
    assert.equal(clean.selfFdsNow! - clean.selfFdsStart!, 0, 'held FDs are not drift');
    reads = 0;
    const leaking = await drive(new ChurnRun(shape(), { ...new World().deps(clock, { exitsOnEof: true, exitsOnTerm: true, leavesChild: false }), self: selfOf(true) }), clock);
    assert.ok(leaking.selfFdsNow! - leaking.selfFdsStart! > 0, 'growth of its own FDs still shows');
  });

  test('ignoring EOF: not compliant, escalated to TERM within the deadline', async () => {
    const clock = new FakeClock();
    const w = new World();
    const v = await drive(new ChurnRun(shape({ cycles: 2 }), w.deps(clock, { exitsOnEof: false, exitsOnTerm: true, leavesChild: false })), clock);
    assert.deepEqual([v.eofCompliant, v.eofChecked, v.survivors], [0, 2, 0]);
    assert.deepEqual(w.log.filter((l) => l !== 'eof' && !l.startsWith('stop')), ['term', 'term']);
  });

  test('ignoring TERM too: the group is killed', async () => {
    const clock = new FakeClock();
    const w = new World();
    const v = await drive(new ChurnRun(shape({ cycles: 1, mode: 'term' }), w.deps(clock, { exitsOnEof: false, exitsOnTerm: false, leavesChild: false })), clock);
    assert.equal(v.state, 'done');
    assert.deepEqual(w.log.filter((l) => !l.startsWith('stop')), ['term', 'kill']);
    assert.equal(v.eofChecked, 0);
  });

  test('a child left behind is a survivor once, with a sample, and is ended', async () => {
    const clock = new FakeClock();
    const w = new World();
    const v = await drive(new ChurnRun(shape({ cycles: 2, mode: 'kill' }), w.deps(clock, { exitsOnEof: true, exitsOnTerm: true, leavesChild: true })), clock);
    assert.equal(v.survivors, 2);
    assert.deepEqual(w.ended, [1001, 1011]);
    assert.match(v.survivorSamples[0] ?? '', /cycle 1: pid 1001 node srv.js/);
  });

  test('a command that cannot launch fails churn after three tries; abort stops between cycles', async () => {
    const clock = new FakeClock();
    const w = new World();
    const v = await drive(new ChurnRun(shape({ cycles: 10 }), w.deps(clock, { exitsOnEof: true, exitsOnTerm: true, leavesChild: false }, { launch: () => Promise.reject(new Error('ENOENT')) })), clock);
    assert.deepEqual([v.state, v.done, v.failed], ['failed', 3, 3]);
    assert.match(v.message ?? '', /cannot launch: ENOENT/);

    const w2 = new World();
    const run = new ChurnRun(shape({ cycles: 100 }), w2.deps(clock, { exitsOnEof: true, exitsOnTerm: true, leavesChild: false }));
    run.abort();
    const a = await drive(run, clock);
    assert.deepEqual([a.state, a.done], ['aborted', 0]);
  });
});
