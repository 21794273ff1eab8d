// The cleanup view under ink-testing-library: keys select, confirm and cancel; outcomes replace the list once running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { ProcKey } from '../../../source/core/types.js';
import type { CleanupPlan, CleanupProgress } from '../../../source/core/cleanup/index.js';
import { CleanupView } from '../../../source/ui/cleanup/CleanupView.js';
import { KEYS, waitFor } from '../wait.js';
import { samplePlan } from './plan-fixture.js';

async function mount(plan: CleanupPlan, progress?: CleanupProgress, height = 30) {
  const calls = { confirm: [] as ReadonlySet<ProcKey>[], cancel: 0, close: 0 };
  const el = (p?: CleanupProgress) => (
    <CleanupView plan={plan} progress={p} width={100} height={height}
      onConfirm={(s) => calls.confirm.push(s)} onCancel={() => { calls.cancel++; }} onClose={() => { calls.close++; }} />
  );
  const r = render(el(progress));
  const frame = (): string => r.lastFrame() ?? '';
  const until = (cond: (f: string) => boolean, what: string) => waitFor(() => cond(frame()), () => `${what}\n--- frame:\n${frame()}`);
  await until((f) => f.includes('Cleanup'), 'first frame');
  await waitFor(() => r.stdin.listenerCount('readable') > 0, 'Ink listening to stdin');
  await new Promise((resolve) => setImmediate(resolve));
  /** Writes one key and waits for the render it causes. */
  const key = async (k: string) => {
    const before = r.frames.length;
    r.stdin.write(k);
    await waitFor(() => r.frames.length > before || calls.confirm.length + calls.cancel + calls.close > 0, `render after ${JSON.stringify(k)}`);
  };
  return { r, frame, until, key, calls, rerender: (p?: CleanupProgress) => r.rerender(el(p)) };
}

const keysOf = (plan: CleanupPlan) => new Map(plan.groups.flatMap((g) => g.items).map((i) => [i.target.pid, i.key]));

test('lists what would be signalled and why, grouped by reason, with refused items and the key help', async () => {
  const v = await mount(samplePlan());
  const f = v.frame();
  assert.match(f, /Cleanup: 3 of 4 selected \(4 processes to signal\), 1 refused/);
  assert.match(f, /Parents that do not reap their zombies \(1\)/);
  assert.match(f, /› \[-\]\s+700 {2}bash\s+refused: outside the watched set/);
  assert.match(f, /Orphans .*\n.*\[x\]\s+200 {2}npm exec mcp-fs\s+signals 200 201/);
  assert.match(f, /orphan: parent 1 \(init\) is PID 1; age 10m/);
  assert.match(f, /note: 3 copies: 3 generations of 1 server under 99 \(Claude\)/);
  assert.match(f, /↑↓ move {2}Space toggle {2}a all {2}n none {2}Enter signal the selected {2}Esc cancel/);
  v.r.unmount();
});

test('space toggles the item under the cursor; Enter confirms exactly the selection', async () => {
  const plan = samplePlan();
  const v = await mount(plan);
  await v.key(KEYS.down);
  await v.key(' ');
  await v.until((f) => /\[ \]\s+200/.test(f), 'orphan deselected');
  assert.match(v.frame(), /Cleanup: 2 of 4 selected \(2 processes to signal\)/);
  await v.key(KEYS.enter);
  assert.equal(v.calls.confirm.length, 1);
  const k = keysOf(plan);
  assert.deepEqual([...(v.calls.confirm[0] ?? [])].sort(), [k.get(300), k.get(301)].sort());
  v.r.unmount();
});

test('n selects none and Enter then refuses to confirm; a selects all again and y confirms', async () => {
  const plan = samplePlan();
  const v = await mount(plan);
  await v.key('n');
  await v.until((f) => f.includes('0 of 4 selected'), 'none selected');
  await v.key(KEYS.enter);
  await v.until((f) => f.includes('nothing selected'), 'the empty-selection message');
  assert.equal(v.calls.confirm.length, 0);
  await v.key('a');
  await v.until((f) => f.includes('3 of 4 selected'), 'all selectable selected');
  await v.key('y');
  assert.equal(v.calls.confirm[0]?.size, 3);
  assert.ok(!v.calls.confirm[0]?.has(keysOf(plan).get(700) ?? ''), 'never the refused item');
  v.r.unmount();
});

test('Esc and q cancel without confirming', async () => {
  for (const k of [KEYS.escape, 'q']) {
    const v = await mount(samplePlan());
    await v.key(k);
    await waitFor(() => v.calls.cancel === 1, 'cancel');
    assert.equal(v.calls.confirm.length, 0);
    v.r.unmount();
  }
});

test('keys arriving in one burst are taken one by one (tmux send-keys)', async () => {
  const plan = samplePlan();
  const v = await mount(plan);
  v.r.stdin.write('j \r');
  await waitFor(() => v.calls.confirm.length === 1, 'confirm from the burst');
  assert.equal(v.calls.confirm[0]?.has(keysOf(plan).get(200) ?? ''), false);
  assert.equal(v.calls.confirm[0]?.size, 2);
  v.r.unmount();
});

test('once confirmed, progress shows outcomes as they come; Enter closes when done', async () => {
  const plan = samplePlan();
  const k = keysOf(plan);
  const v = await mount(plan);
  await v.key(KEYS.enter);
  const item = (pid: number) => plan.groups.flatMap((g) => g.items).find((i) => i.target.pid === pid);
  const result = (pid: number, outcome: 'term' | 'kill') => {
    const i = item(pid);
    if (!i) throw new Error('no item');
    return { key: i.key, reason: i.reason, target: i.target, outcome, members: i.signals.map((s) => ({ ...s, outcome, tookMs: 40 })) };
  };
  v.rerender({ phase: 'grace', pending: 1, results: [result(200, 'term')] });
  await v.until((f) => f.includes('waiting for TERM to work'), 'grace phase');
  assert.match(v.frame(), /200 {2}\[orphan\] ended by TERM in 40ms/);
  assert.match(v.frame(), /300 {2}\[duplicate\] waiting…/);
  await v.key(KEYS.enter);
  assert.equal(v.calls.close, 0, 'no closing while signals are in flight');
  v.rerender({ phase: 'done', pending: 0, results: [result(200, 'term'), result(300, 'kill'), result(301, 'term')] });
  await v.until((f) => f.includes('Cleanup: done'), 'done');
  assert.match(v.frame(), /2 ended by TERM, 1 needed KILL/);
  assert.match(v.frame(), /300 {2}\[duplicate\] needed KILL/);
  await v.key(KEYS.enter);
  await waitFor(() => v.calls.close === 1, 'close');
  assert.equal(v.calls.confirm.length, 1);
  assert.ok(k.size > 0);
  v.r.unmount();
});

test('a short terminal windows the list around the cursor', async () => {
  const plan = samplePlan(20);
  const v = await mount(plan, undefined, 10);
  assert.equal(v.frame().split('\n').length, 10);
  for (let i = 0; i < 23; i++) await v.key(KEYS.down);
  await v.until((f) => /› \[x\]\s+301/.test(f), 'the last item in view');
  assert.equal(v.frame().split('\n').length, 10);
  v.r.unmount();
});
