// executePlan: TERM, grace, KILL, confirm over a scripted Killer and a fake clock; every outcome and every log line.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CleanupDetector, executePlan, planCleanup, runPlan, selectable,
  type CleanupPlan, type CleanupProgress, type ExecuteDeps, type ItemResult, type SafetyContext,
} from '../../../source/core/cleanup/index.js';
import type { ProcKey } from '../../../source/core/types.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { MemoryLog, NOW, ScriptedKiller, keyOf, server, snap, view, type P } from './builders.js';

const SAFE: SafetyContext = { selfPid: 4242, selfUid: 1000, protectedPids: new Map(), allowOtherUsers: false };

/** Orphans under PID 1, one server per tree given. */
function orphanPlan(trees: P[][]): CleanupPlan {
  const d = new CleanupDetector({ minAgeMs: 0 }).update(snap(0, trees.map((t) => server(t))), NOW);
  return planCleanup(d, SAFE);
}

/** Runs the plan to the end, stepping the fake clock while it waits. */
async function run(plan: CleanupPlan, selection: readonly ProcKey[], killer: ScriptedKiller, over: Partial<ExecuteDeps> = {}) {
  const clock = new FakeClock(NOW);
  const log = new MemoryLog();
  const progress: CleanupProgress[] = [];
  let done = false;
  const p = runPlan(plan, new Set(selection), { killer, clock, log, ...over }, { graceMs: 3000, killWaitMs: 2000, pollMs: 100 }, (x) => progress.push(x))
    .finally(() => { done = true; });
  for (let i = 0; i < 1000 && !done; i++) await clock.advanceAsync(100);
  const results = await p;
  return { results, log, progress, clock };
}

const byPid = (results: readonly ItemResult[]) => new Map(results.map((r) => [r.target.pid, r]));

describe('executePlan', () => {
  test('TERM ends a well-behaved tree, parents before children; each signal and result is logged', async () => {
    const tree: P[] = [{ pid: 200, ppid: 1 }, { pid: 201, ppid: 200, depth: 1 }];
    const plan = orphanPlan([tree]);
    const killer = new ScriptedKiller().add(...tree.map(view));
    const { results, log, progress } = await run(plan, selectable(plan), killer);
    assert.deepEqual(killer.sent, [{ pid: 200, signal: 'SIGTERM' }, { pid: 201, signal: 'SIGTERM' }]);
    assert.equal(results[0]?.outcome, 'term');
    assert.deepEqual(log.entries.map((e) => [e.pid, e.signal, e.outcome, e.reason]), [
      [200, 'SIGTERM', 'sent', 'orphan'], [201, 'SIGTERM', 'sent', 'orphan'],
      [200, 'result', 'term', 'orphan'], [201, 'result', 'term', 'orphan'],
    ]);
    assert.equal(log.entries[0]?.command, 'node server-200.js');
    assert.equal(log.entries[0]?.startTime, 5200);
    assert.equal(progress.at(-1)?.phase, 'done');
  });

  test('a process that ignores TERM gets KILL after the grace period', async () => {
    const plan = orphanPlan([[{ pid: 300, ppid: 1 }]]);
    const killer = new ScriptedKiller().add(view({ pid: 300, ppid: 1 }));
    killer.ignoreTerm.add(300);
    const { results, log, clock } = await run(plan, selectable(plan), killer);
    assert.deepEqual(killer.sent.map((s) => s.signal), ['SIGTERM', 'SIGKILL']);
    assert.equal(results[0]?.outcome, 'kill');
    assert.ok(clock.now() - NOW >= 3000, 'KILL only after the grace');
    assert.deepEqual(log.entries.map((e) => e.signal), ['SIGTERM', 'SIGKILL', 'result']);
  });

  test('a slow exit within the grace is still "ended by TERM", with the time it took', async () => {
    const plan = orphanPlan([[{ pid: 310, ppid: 1 }]]);
    const killer = new ScriptedKiller().add(view({ pid: 310, ppid: 1 }));
    killer.slowChecks.set(310, 5);
    const { results } = await run(plan, selectable(plan), killer);
    assert.equal(results[0]?.outcome, 'term');
    assert.equal(results[0]?.members[0]?.tookMs, 500);
  });

  test('already gone, PID reused, EPERM and unkillable become readable outcomes', async () => {
    const plan = orphanPlan([[{ pid: 400, ppid: 1 }], [{ pid: 401, ppid: 1 }], [{ pid: 402, ppid: 1 }], [{ pid: 403, ppid: 1 }]]);
    const killer = new ScriptedKiller();
    killer.alive.set(401, { pid: 401, startTime: 1 }); // a new process got pid 401
    killer.add(view({ pid: 402, ppid: 1 }), view({ pid: 403, ppid: 1 }));
    killer.denied.add(402);
    killer.unkillable.add(403);
    const { results, log } = await run(plan, selectable(plan), killer);
    const r = byPid(results);
    assert.equal(r.get(400)?.outcome, 'gone');
    assert.equal(r.get(401)?.outcome, 'reused');
    assert.equal(r.get(402)?.outcome, 'denied');
    assert.equal(r.get(403)?.outcome, 'survived');
    assert.ok(!killer.sent.some((s) => s.pid === 401), 'the reused pid is never signalled');
    assert.ok(log.entries.some((e) => e.pid === 401 && e.outcome === 'reused'));
  });

  test('only the selection is signalled; nothing at all for an empty selection', async () => {
    const plan = orphanPlan([[{ pid: 500, ppid: 1 }], [{ pid: 501, ppid: 1 }]]);
    const killer = new ScriptedKiller().add(view({ pid: 500, ppid: 1 }), view({ pid: 501, ppid: 1 }));
    const { results } = await run(plan, [keyOf({ pid: 501, ppid: 1 })], killer);
    assert.deepEqual(killer.sent.map((s) => s.pid), [501]);
    assert.deepEqual(results.map((x) => x.target.pid), [501]);
    const none = await run(plan, [], killer);
    assert.deepEqual(none.results, []);
    assert.equal(killer.sent.length, 1);
  });

  test('a refused item is never signalled even when selected; the rules are re-checked at execution', async () => {
    const plan = orphanPlan([[{ pid: 600, ppid: 1 }], [{ pid: 601, ppid: 1 }]]);
    const killer = new ScriptedKiller().add(view({ pid: 600, ppid: 1 }), view({ pid: 601, ppid: 1 }));
    // Since the plan was made, 601 turned out to be mcptop's session leader.
    const safety: SafetyContext = { ...SAFE, protectedPids: new Map([[601, "mcptop's session leader"]]) };
    const keys = [keyOf({ pid: 600, ppid: 1 }), keyOf({ pid: 601, ppid: 1 })];
    const { results, log } = await run(plan, keys, killer, { safety });
    const r = byPid(results);
    assert.equal(r.get(601)?.outcome, 'refused');
    assert.equal(r.get(601)?.detail, "mcptop's session leader");
    assert.deepEqual(killer.sent.map((s) => s.pid), [600]);
    assert.ok(!log.entries.some((e) => e.pid === 601));
  });

  test('progress goes term -> grace -> kill -> confirm -> done and the generator returns the results', async () => {
    const plan = orphanPlan([[{ pid: 700, ppid: 1 }]]);
    const killer = new ScriptedKiller().add(view({ pid: 700, ppid: 1 }));
    killer.ignoreTerm.add(700);
    const clock = new FakeClock(NOW);
    const gen = executePlan(plan, new Set(selectable(plan)), { killer, clock }, { graceMs: 200, killWaitMs: 200, pollMs: 100 });
    const phases: string[] = [];
    let step = gen.next();
    for (let i = 0; i < 100; i++) {
      const settled = await Promise.race([step, clock.advanceAsync(100).then(() => undefined)]);
      if (settled === undefined) continue;
      if (settled.done) { assert.equal(settled.value[0]?.outcome, 'kill'); break; }
      phases.push(settled.value.phase);
      step = gen.next();
    }
    assert.deepEqual(phases, ['term', 'kill', 'confirm', 'done']);
  });
});
