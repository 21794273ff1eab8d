import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandArgs, hasIndex, pickTool } from '../../../source/core/stress/tool-pick.js';

const t = (name: string, required: string[] = []) => ({ name, required, properties: required });

test('picks echo-like first, then a read-like no-argument tool, never a risky one', () => {
  const everything = [t('get-annotated-message', ['messageType']), t('toggle-simulated-logging'), t('trigger-long-running-operation'), t('echo', ['message']), t('get-env')];
  const a = pickTool(everything);
  assert.ok(!('error' in a));
  assert.equal(a.name, 'echo');
  assert.deepEqual(a.args, { message: 'mcptop load {i}' });
  const b = pickTool([t('toggle-x'), t('get-status'), t('do_stuff')]);
  assert.ok(!('error' in b) && b.name === 'get-status');
  const c = pickTool([t('write_file', ['path']), t('delete-all')]);
  assert.ok('error' in c);
});

test('a given tool wins, with given args or its required args filled', () => {
  const tools = [t('echo', ['message']), t('add', ['a', 'b'])];
  const g = pickTool(tools, { tool: 'add', args: { a: 1, b: 2 } });
  assert.ok(!('error' in g));
  assert.deepEqual([g.name, g.args, g.note], ['add', { a: 1, b: 2 }, 'given with --tool']);
  const h = pickTool(tools, { tool: 'hidden' });
  assert.ok(!('error' in h) && /not in tools\/list/.test(h.note));
});

test('"{i}" expansion is deep and leaves non-strings alone', () => {
  const tpl = { s: 'a{i}b{i}', n: 3, arr: ['{i}', 1, { x: '{i}' }], nil: null, b: true };
  assert.equal(hasIndex(tpl), true);
  assert.equal(hasIndex({ s: 'x', n: 1 }), false);
  assert.deepEqual(expandArgs(tpl, 42), { s: 'a42b42', n: 3, arr: ['42', 1, { x: '42' }], nil: null, b: true });
  assert.deepEqual(tpl.s, 'a{i}b{i}', 'template untouched');
});
