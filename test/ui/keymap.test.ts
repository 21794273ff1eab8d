import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Key } from 'ink';
import { KEYMAP, actionOf, helpLine, keyNameOf } from '../../source/ui/keymap.js';

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

describe('keymap', () => {
  test('no key is bound twice', () => {
    const all = KEYMAP.flatMap((b) => b.keys);
    assert.equal(new Set(all).size, all.length);
  });

  test('every action the brief names is in the table', () => {
    const actions = new Set(KEYMAP.map((b) => b.action));
    for (const a of ['quit', 'up', 'down', 'pageUp', 'pageDown', 'home', 'end', 'expand', 'collapse', 'sort', 'sortReverse', 'metric', 'pause', 'help', 'load', 'churn', 'abort', 'cleanup']) {
      assert.ok(actions.has(a as never), a);
    }
  });

  test('names Ink key events', () => {
    assert.equal(keyNameOf('c', { ...noKey, ctrl: true }), 'ctrl+c');
    assert.equal(keyNameOf('', { ...noKey, downArrow: true }), 'down');
    assert.equal(keyNameOf(' ', noKey), 'space');
    assert.equal(keyNameOf('G', { ...noKey, shift: true }), 'G');
    assert.equal(keyNameOf('x', { ...noKey, meta: true }), undefined);
    assert.equal(actionOf('ctrl+c'), 'quit');
    assert.equal(actionOf('j'), 'down');
    assert.equal(actionOf('space'), 'pause');
    assert.equal(actionOf('z'), undefined);
  });

  test('help line is generated from the table and fits the width', () => {
    const full = helpLine(200);
    for (const b of KEYMAP.filter((x) => x.label !== '')) assert.ok(full.includes(b.label), b.label);
    assert.ok(full.startsWith('q quit'));
    const short = helpLine(30);
    assert.ok(short.length <= 30);
    assert.ok(!short.endsWith(' '));
  });
});
