import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AppActions, ChurnShape, LoadShape, LoadTarget, ProcKey } from '../../source/core/types.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { makeServer, makeSnapshot } from '../helpers/snapshots.js';
import { mount } from './app-helpers.js';
import { KEYS } from './wait.js';

const snapshot = () => makeSnapshot({ servers: [makeServer({ pid: 7, label: 'target-server' })] });
const KEY = '7@1007';

/** Records every call the App makes. */
function recorder(target: LoadTarget, twin?: () => Promise<ProcKey | undefined>) {
  const calls = {
    loadTarget: [] as (ProcKey | undefined)[], twin: [] as ProcKey[], load: [] as [LoadShape, ProcKey | undefined][],
    churn: [] as [ChurnShape, ProcKey | undefined][], abort: 0, profile: [] as [LoadShape, ProcKey | undefined][],
  };
  const actions: AppActions = {
    loadTarget: (k) => { calls.loadTarget.push(k); return target; },
    launchTwin: (k) => { calls.twin.push(k); return twin ? twin() : Promise.resolve('twin@1'); },
    startLoad: (shape, k) => { calls.load.push([shape, k]); },
    startChurn: (shape, k) => { calls.churn.push([shape, k]); },
    startProfile: (shape, k) => { calls.profile.push([shape, k]); },
    abortStress: () => { calls.abort++; },
  };
  return { calls, actions };
}

const READY: LoadTarget = { kind: 'ready', transport: 'stdio', description: 'launched by mcptop' };

describe('App actions', () => {
  test('s opens the load form prefilled; edits; Enter starts the load on the selected server', async (t) => {
    const { calls, actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('Load: concurrent tools/call on target-server'), 'load form');
    assert.deepEqual(calls.loadTarget, [KEY]);
    for (const [label, value] of [['users', '4'], ['calls', '100'], ['rounds', '3'], ['delay ms', '2000'], ['timeout ms', '10000']]) {
      assert.match(h.frame(), new RegExp(`${label}\\s+${value}`));
    }
    await h.type([KEYS.backspace, '8', KEYS.down, KEYS.down, KEYS.backspace, '5'], (f) => /rounds\s+5/.test(f), 'edited');
    await h.type([KEYS.tab, KEYS.tab, KEYS.tab, 'e', 'c', 'h', 'o'], (f) => /tool\s+echo/.test(f), 'tool typed');
    h.press(KEYS.enter);
    await h.until(() => calls.load.length === 1, 'startLoad called');
    assert.deepEqual(calls.load[0], [{ users: 8, calls: 100, rounds: 5, delayMs: 2000, timeoutMs: 10000, tool: 'echo' }, KEY]);
    await h.until((f) => f.includes('load started') && !f.includes('Load: concurrent'), 'form closed');
  });

  test('"each tool" set to y in the load form starts a per-tool profile instead of a load', async (t) => {
    const { calls, actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => /each tool\s+\[n\] y/.test(f), 'load form with the each-tool field');
    await h.type([KEYS.up, 'y'], (f) => /each tool\s+n \[y\]/.test(f), 'each tool set');
    h.press(KEYS.enter);
    await h.until(() => calls.profile.length === 1, 'startProfile called');
    assert.equal(calls.load.length, 0);
    assert.deepEqual(calls.profile[0]?.[1], KEY);
    await h.until((f) => f.includes('profile started'), 'said');
  });

  test('a burst "s, backspace, 7, Enter" opens, edits and submits the form', async (t) => {
    const { calls, actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s\u007F7\r');
    await h.until(() => calls.load.length === 1, 'startLoad called');
    assert.equal(calls.load[0]?.[0].users, 7);
  });

  test('with many servers the form still fits the terminal', async (t) => {
    const { actions } = recorder(READY);
    const servers = Array.from({ length: 40 }, (_, i) => makeServer({ pid: 100 + i, label: `s${i}` }));
    const h = await mount(new FakeMonitor(makeSnapshot({ servers })), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('Load: concurrent'), 'form');
    assert.ok(h.frame().split('\n').length <= 23, `${h.frame().split('\n').length} lines`);
    assert.match(h.frame(), /timeout ms\s+10000/);
    assert.match(h.frame(), /Enter start/);
  });

  test('an invalid field keeps the form open with the reason; Esc cancels', async (t) => {
    const { calls, actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('Load: concurrent'), 'load form');
    await h.type([KEYS.backspace, KEYS.enter], (f) => f.includes('users must be a whole number >= 1'), 'error shown');
    h.press(KEYS.escape);
    await h.until((f) => !f.includes('Load: concurrent') && f.includes('FDs over'), 'form closed');
    assert.equal(calls.load.length, 0);
  });

  test("a 'twin' target asks first, launches the twin, then opens the form for it", async (t) => {
    const { calls, actions } = recorder({ kind: 'twin', command: 'node server.js --stdio' });
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('launch a twin of node server.js --stdio to stress it?'), 'twin prompt');
    h.press('y');
    await h.until((f) => f.includes('Load: concurrent'), 'form for the twin');
    assert.deepEqual(calls.twin, [KEY]);
    h.press(KEYS.enter);
    await h.until(() => calls.load.length === 1, 'startLoad');
    assert.equal(calls.load[0]?.[1], 'twin@1');
  });

  test('declining the twin starts nothing; a twin that fails says so', async (t) => {
    const { calls, actions } = recorder({ kind: 'twin', command: 'node s.js' }, () => Promise.reject(new Error('ENOENT')));
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('launch a twin'), 'prompt');
    h.press('n');
    await h.until((f) => !f.includes('launch a twin'), 'prompt closed');
    assert.deepEqual(calls.twin, []);
    h.press('s');
    await h.until((f) => f.includes('launch a twin'), 'prompt again');
    h.press(KEYS.enter);
    await h.until((f) => f.includes('twin failed: ENOENT'), 'failure shown');
    assert.equal(calls.load.length, 0);
  });

  test("a 'none' target shows the reason", async (t) => {
    const { actions } = recorder({ kind: 'none', why: 'HTTP server without --url' });
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('load: HTTP server without --url'), 'reason');
  });

  test('c opens the churn form; choices change; Enter starts churn', async (t) => {
    const { calls, actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('c');
    await h.until((f) => f.includes('Churn:') && /cycles\s+50/.test(f), 'churn form');
    await h.type([KEYS.down, KEYS.right, KEYS.down, 'y'], (f) => /via npx\s+ n \[y\]/.test(f), 'npx chosen');
    h.press(KEYS.enter);
    await h.until(() => calls.churn.length === 1, 'startChurn');
    assert.deepEqual(calls.churn[0], [{ cycles: 50, mode: 'term', viaNpx: true, callTool: true, eofDeadlineMs: 3000 }, KEY]);
  });

  test('x aborts', async (t) => {
    const { calls, actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('x');
    await h.until((f) => f.includes('abort requested'), 'abort message');
    assert.equal(calls.abort, 1);
  });

  test('without actions every stress key says "not available here"', async (t) => {
    const h = await mount(new FakeMonitor(snapshot()));
    t.after(h.unmount);
    for (const [key, what] of [['s', 'load'], ['c', 'churn'], ['x', 'abort'], ['k', 'cleanup']] as const) {
      h.press(key);
      await h.until((f) => f.includes(`${what}: not available here`), `${what} unavailable`);
    }
    assert.doesNotMatch(h.frame(), /Load:|Churn:/);
  });

  test('Ctrl+C quits even from a form, where q is just text', async (t) => {
    const { actions } = recorder(READY);
    const h = await mount(new FakeMonitor(snapshot()), { actions });
    t.after(h.unmount);
    h.press('s');
    await h.until((f) => f.includes('Load: concurrent'), 'form');
    await h.type([KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, KEYS.tab, 'q'], (f) => /tool\s+q/.test(f), 'q typed into the tool');
    assert.equal(h.quits.count, 0);
    h.press(KEYS.ctrlC);
    await h.until(() => h.quits.count === 1, 'quit');
  });
});
