// Pure parts of the cleanup view: key table, selection reducer, rows and windowing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLEANUP_KEYS, cleanupActionOf, cleanupHelp } from '../../../source/ui/cleanup/keys.js';
import { effectiveSelection, initialSelection, reduceSelection } from '../../../source/ui/cleanup/selection.js';
import { planRows, windowRows } from '../../../source/ui/cleanup/rows.js';
import { samplePlan } from './plan-fixture.js';

test('the help line is generated from the key table, and every key maps to its action', () => {
  assert.equal(cleanupHelp(), '↑↓ move  Space toggle  a all  n none  Enter signal the selected  Esc cancel');
  for (const b of CLEANUP_KEYS) for (const k of b.keys) assert.equal(cleanupActionOf(k), b.action);
  assert.equal(cleanupActionOf('x'), undefined);
});

test('refused items start unselected and cannot be toggled; all/none/toggle work on the rest', () => {
  const plan = samplePlan();
  const keys = plan.groups.flatMap((g) => g.items).map((i) => [i.target.pid, i.key] as const);
  assert.deepEqual(keys.map(([pid]) => pid), [700, 200, 300, 301]);
  let s = initialSelection(plan);
  assert.deepEqual([...s.selected].sort(), keys.slice(1).map(([, k]) => k).sort());
  s = reduceSelection(s, 'toggle', plan); // cursor on the refused zombie parent
  assert.equal(s.selected.size, 3);
  s = reduceSelection(reduceSelection(s, 'down', plan), 'toggle', plan);
  assert.equal(s.selected.has(keys[1]?.[1] ?? ''), false);
  s = reduceSelection(s, 'none', plan);
  assert.equal(effectiveSelection(s, plan).size, 0);
  s = reduceSelection(s, 'all', plan);
  assert.equal(effectiveSelection(s, plan).size, 3);
  for (let i = 0; i < 10; i++) s = reduceSelection(s, 'down', plan);
  assert.equal(s.cursor, 3, 'the cursor stops at the last item');
});

test('rows show boxes, pids, what is signalled and the refusal; the window keeps the cursor item in view', () => {
  const plan = samplePlan(20);
  const s0 = initialSelection(plan);
  const rows = planRows(plan, s0, 100);
  assert.match(rows[0]?.text ?? '', /^Cleanup: 23 of 24 selected \(24 processes to signal\), 1 refused/);
  assert.ok(rows.some((r) => /\[-\]\s+700 {2}\[sh\]|\[-\]\s+700 {2}bash/.test(r.text) && r.text.includes('refused: outside the watched set')));
  assert.ok(rows.some((r) => /\[x\]\s+200 {2}npm exec mcp-fs\s+signals 200 201$/.test(r.text)), rows.map((r) => r.text).join('\n'));
  let s = s0;
  for (let i = 0; i < 23; i++) s = reduceSelection(s, 'down', plan);
  const win = windowRows(planRows(plan, s, 100), s.cursor, 8);
  assert.equal(win.length, 8);
  assert.match(win[0]?.text ?? '', /^Cleanup:/);
  assert.ok(win.some((r) => r.style === 'cursor' && r.text.includes('301')), win.map((r) => r.text).join('\n'));
});
