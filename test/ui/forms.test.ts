import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { churnShapeOf, editForm, loadShapeOf, openForm } from '../../source/ui/forms.js';
import type { FormKey, FormState } from '../../source/ui/forms.js';

const keys = (form: FormState, ...ks: FormKey[]): FormState => ks.reduce(editForm, form);
const ch = (c: string): FormKey => ({ type: 'char', ch: c });

describe('forms', () => {
  test('load defaults give the default shape', () => {
    assert.deepEqual(loadShapeOf(openForm('load', 'k')), { users: 4, calls: 100, rounds: 3, delayMs: 2000, timeoutMs: 10000, tool: undefined });
  });

  test('typing digits, backspace, moving between fields, a tool name', () => {
    let f = openForm('load', undefined);
    f = keys(f, { type: 'backspace' }, ch('1'), ch('2'), ch('x'), { type: 'next' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, ch('5'));
    f = keys(f, { type: 'prev' }, { type: 'prev' }, { type: 'prev' });
    assert.equal(f.focus, 5);
    f = keys(f, ...Array.from('echo').map(ch));
    assert.deepEqual(loadShapeOf(f), { users: 12, calls: 5, rounds: 3, delayMs: 2000, timeoutMs: 10000, tool: 'echo' });
  });

  test('an empty or zero count is refused with a reason', () => {
    const f = keys(openForm('load', undefined), { type: 'backspace' });
    assert.match(String(loadShapeOf(f)), /users must be a whole number >= 1/);
    const zero = keys(openForm('load', undefined), { type: 'backspace' }, ch('0'));
    assert.equal(typeof loadShapeOf(zero), 'string');
    const delay0 = keys(openForm('load', undefined), { type: 'next' }, { type: 'next' }, { type: 'next' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, { type: 'backspace' }, ch('0'));
    assert.equal((loadShapeOf(delay0) as { delayMs: number }).delayMs, 0);
  });

  test('churn: defaults, choices by arrows and letters', () => {
    const f = openForm('churn', 'k');
    assert.deepEqual(churnShapeOf(f), { cycles: 50, mode: 'eof', viaNpx: false, callTool: true, eofDeadlineMs: 3000 });
    const g = keys(f, { type: 'next' }, { type: 'right' }, { type: 'right' }, { type: 'next' }, ch('y'), { type: 'next' }, ch(' '));
    assert.deepEqual(churnShapeOf(g), { cycles: 50, mode: 'kill', viaNpx: true, callTool: false, eofDeadlineMs: 3000 });
    const h = keys(f, { type: 'next' }, { type: 'left' });
    assert.equal((churnShapeOf(h) as { mode: string }).mode, 'kill');
  });
});
