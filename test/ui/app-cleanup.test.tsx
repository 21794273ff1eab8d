// The cleanup flow inside the App: k opens the view over a fixed plan, the table's keys rest, Enter runs the
// selection, outcomes come in, Esc returns to the table; and the FLAGS column next to STATUS.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AppActions } from '../../source/core/types.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { makeServer, makeSnapshot } from '../helpers/snapshots.js';
import { mount } from './app-helpers.js';
import { FakeCleanup, resultOf } from './cleanup/fake-cleanup.js';
import { samplePlan } from './cleanup/plan-fixture.js';
import { KEYS, lines, waitFor } from './wait.js';

const servers = () => [
  makeServer({ pid: 101, label: 'alpha-server', latest: { fds: 10 } }),
  makeServer({ pid: 202, label: 'beta-server', latest: { fds: 30 } }),
];
const keysOf = (plan: ReturnType<typeof samplePlan>) => new Map(plan.groups.flatMap((g) => g.items).map((i) => [i.target.pid, i.key]));

describe('App cleanup view', () => {
  test('k plans once from the live snapshot; App keys rest; Space + Enter run the selection; outcomes; Esc back', async (t) => {
    const plan = samplePlan();
    const k = keysOf(plan);
    const cleanup = new FakeCleanup(plan);
    const monitor = new FakeMonitor(makeSnapshot({ servers: servers() }));
    const aborts = { n: 0 };
    const actions: AppActions = { abortStress: () => { aborts.n++; } };
    const h = await mount(monitor, { cleanup, actions });
    t.after(h.unmount);
    assert.match(h.frame(), /▼FDS/);

    h.press('k');
    await h.untilListening((f) => f.includes('Cleanup: 3 of 4 selected'), 'the cleanup view');
    assert.equal(cleanup.planned.length, 1);
    assert.equal(cleanup.planned[0], monitor.getSnapshot(), 'planned from the live snapshot');
    assert.doesNotMatch(h.frame(), /alpha-server/, 'the view replaces the table');
    assert.match(h.frame(), /Orphans .*\n.*\[x\]\s+200 {2}npm exec mcp-fs/);

    // A tick while the view is open: the plan stays the one shown.
    monitor.push(makeSnapshot({ servers: [...servers(), makeServer({ pid: 303, label: 'gamma-server' })] }));
    await h.until((f) => /servers 3/.test(f), 'the header follows the ticks');
    assert.equal(cleanup.planned.length, 1, 'no re-planning while shown');

    // Table keys are off: x (abort) and o (sort) do nothing here.
    h.press('x', 'o');
    await h.type([KEYS.down, ' '], (f) => /\[ \]\s+200/.test(f), 'the orphan deselected');
    assert.equal(aborts.n, 0);
    assert.match(h.frame(), /Cleanup: 2 of 4 selected/);
    h.press(KEYS.enter);
    await waitFor(() => cleanup.executed.length === 1, 'execute called');
    const run = cleanup.executed[0];
    assert.equal(run?.plan, plan);
    assert.deepEqual([...(run?.selection ?? [])].sort(), [k.get(300), k.get(301)].sort());

    cleanup.step({ phase: 'term', pending: 2, results: [] });
    await h.until((f) => f.includes('sending TERM'), 'the TERM phase');
    assert.match(h.frame(), /300 {2}\[duplicate\] waiting…/);
    h.press(KEYS.escape);
    cleanup.step({ phase: 'done', pending: 0, results: [resultOf(plan, 300, 'kill'), resultOf(plan, 301, 'term')] });
    cleanup.end();
    await h.until((f) => f.includes('Cleanup: done'), 'done');
    assert.match(h.frame(), /300 {2}\[duplicate\] needed KILL/);
    assert.match(h.frame(), /301 {2}\[duplicate\] ended by TERM in 40ms/);
    assert.match(h.frame(), /1 needed KILL, 1 ended by TERM/);

    h.press(KEYS.escape);
    await h.untilListening((f) => f.includes('alpha-server') && f.includes('gamma-server'), 'the table again');
    assert.doesNotMatch(h.frame(), /Cleanup:/);
    assert.match(h.frame(), /▼FDS/, 'the o pressed inside the view did not sort the table');
    h.press('o');
    await h.until((f) => /▼RSS/.test(f), 'table keys work again');
    h.press('x');
    await waitFor(() => aborts.n === 1, 'x reaches the App again');
  });

  test('Esc before confirming closes without executing; k plans afresh next time', async (t) => {
    const cleanup = new FakeCleanup(samplePlan());
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: servers() })), { cleanup });
    t.after(h.unmount);
    h.press('k');
    await h.untilListening((f) => f.includes('Cleanup:'), 'view');
    h.press('q');
    await h.untilListening((f) => f.includes('alpha-server'), 'table');
    assert.equal(h.quits.count, 0, 'q in the view cancels, it does not quit');
    h.press('k');
    await h.untilListening((f) => f.includes('Cleanup:'), 'view again');
    assert.equal(cleanup.planned.length, 2);
    assert.equal(cleanup.executed.length, 0);
  });

  test('an execution that cannot start closes the view with the reason', async (t) => {
    const cleanup = new FakeCleanup(samplePlan());
    cleanup.failWith = new Error('cannot write the cleanup log /nope/cleanup.log: EACCES; nothing signalled');
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: servers() })), { cleanup });
    t.after(h.unmount);
    h.press('k');
    await h.untilListening((f) => f.includes('Cleanup:'), 'view');
    h.press(KEYS.enter);
    await h.until((f) => f.includes('cleanup failed: cannot write the cleanup log') && f.includes('alpha-server'), 'the failure in the table footer');
  });

  test('a plan that throws is a message, not a crash; Ctrl+C quits from the view', async (t) => {
    const cleanup = new FakeCleanup(samplePlan());
    const throwing = { plan: () => { throw new Error('no listing yet'); }, execute: cleanup.execute.bind(cleanup) };
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: servers() })), { cleanup: throwing });
    t.after(h.unmount);
    h.press('k');
    await h.until((f) => f.includes('cleanup: no listing yet'), 'the message');

    const h2 = await mount(new FakeMonitor(makeSnapshot({ servers: servers() })), { cleanup });
    t.after(h2.unmount);
    h2.press('k');
    await h2.untilListening((f) => f.includes('Cleanup:'), 'view');
    h2.press(KEYS.ctrlC);
    await waitFor(() => h2.quits.count === 1, 'quit');
  });
});

describe('FLAGS column', () => {
  test('appears next to STATUS once a server is flagged, with short words; the detail pane spells them out', async (t) => {
    const monitor = new FakeMonitor(makeSnapshot({ servers: servers() }));
    const h = await mount(monitor);
    t.after(h.unmount);
    assert.doesNotMatch(h.frame(), /FLAGS/);
    monitor.push(makeSnapshot({ servers: [
      makeServer({ pid: 101, label: 'alpha-server', latest: { fds: 10 } }),
      makeServer({ pid: 202, label: 'beta-server', latest: { fds: 30 }, flags: ['orphan', 'duplicate'] }),
    ] }));
    await h.until((f) => /STATUS\s+FLAGS\s+VERDICT/.test(f), 'the FLAGS header');
    const beta = lines(h.frame()).find((l) => l.includes('beta-server')) ?? '';
    assert.match(beta, /\bOK\s+orphan,dup\s+ok\b/);
    const alpha = lines(h.frame()).find((l) => l.includes('alpha-server')) ?? '';
    assert.match(alpha, /\bOK\s+ok\b/);
    assert.match(h.frame(), /flags: orphan, duplicate/, 'detail pane of the selected (beta) server');
    for (const l of lines(h.frame())) assert.ok(Array.from(l).length <= 100, l);
  });
});
