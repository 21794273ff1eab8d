import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { initialViewState, reduce } from '../../source/ui/state.js';
import type { ViewState } from '../../source/ui/state.js';
import type { RowRef } from '../../source/ui/rows.js';
import { makeSnapshot } from '../helpers/snapshots.js';

const servers = (n: number): RowRef[] => Array.from({ length: n }, (_, i) => ({ id: `s${i}`, serverKey: `s${i}`, kind: 'server' as const }));

describe('view reducer', () => {
  test('moves the selection and clamps at the ends', () => {
    const rows = servers(5);
    let s = initialViewState();
    s = reduce(s, { type: 'move', move: 'down', rows, visibleRows: 3 });
    assert.equal(s.selectedId, 's1');
    s = reduce(s, { type: 'move', move: 'end', rows, visibleRows: 3 });
    assert.equal(s.selectedId, 's4');
    s = reduce(s, { type: 'move', move: 'down', rows, visibleRows: 3 });
    assert.equal(s.selectedId, 's4');
    s = reduce(s, { type: 'move', move: 'home', rows, visibleRows: 3 });
    assert.equal(s.selectedId, 's0');
    s = reduce(s, { type: 'move', move: 'up', rows, visibleRows: 3 });
    assert.equal(s.selectedId, 's0');
  });

  test('scrolling keeps the selection visible', () => {
    const rows = servers(20);
    let s = initialViewState();
    s = reduce(s, { type: 'move', move: 'pageDown', rows, visibleRows: 5 });
    assert.equal(s.selectedId, 's4');
    assert.equal(s.scrollTop, 0);
    s = reduce(s, { type: 'move', move: 'down', rows, visibleRows: 5 });
    assert.equal(s.scrollTop, 1);
    s = reduce(s, { type: 'move', move: 'end', rows, visibleRows: 5 });
    assert.equal(s.scrollTop, 15);
    s = reduce(s, { type: 'move', move: 'pageUp', rows, visibleRows: 5 });
    assert.equal(s.selectedId, 's15');
    assert.equal(s.scrollTop, 15);
  });

  test('expand, collapse from a process row selects its server', () => {
    const rows: RowRef[] = [{ id: 'a', serverKey: 'a', kind: 'server' }];
    let s = reduce(initialViewState(), { type: 'toggle', rows });
    assert.ok(s.expanded.has('a'));
    const expandedRows: RowRef[] = [...rows, { id: 'a>1@1', serverKey: 'a', kind: 'process' }];
    s = reduce(s, { type: 'move', move: 'down', rows: expandedRows, visibleRows: 5 });
    assert.equal(s.selectedId, 'a>1@1');
    s = reduce(s, { type: 'expand', rows: expandedRows });
    assert.equal(s.selectedId, 'a>1@1', 'expanding from a process row changes nothing');
    s = reduce(s, { type: 'collapse', rows: expandedRows });
    assert.equal(s.expanded.has('a'), false);
    assert.equal(s.selectedId, 'a');
  });

  test('sort cycles and reverses; metric switches', () => {
    let s = initialViewState();
    assert.equal(s.sort, 'fds');
    s = reduce(s, { type: 'sortReverse' });
    assert.equal(s.sortReverse, true);
    s = reduce(s, { type: 'sort' });
    assert.deepEqual([s.sort, s.sortReverse], ['rss', false]);
    for (let i = 0; i < 5; i++) s = reduce(s, { type: 'sort' });
    assert.equal(s.sort, 'fds');
    s = reduce(s, { type: 'metric' });
    assert.equal(s.chartMetric, 'rssBytes');
    s = reduce(s, { type: 'metric' });
    assert.equal(s.chartMetric, 'fds');
  });

  test('pause freezes a deep copy; pausing again thaws', () => {
    const live = makeSnapshot();
    let s: ViewState = reduce(initialViewState(), { type: 'pause', live });
    assert.ok(s.frozen);
    assert.notEqual(s.frozen, live);
    assert.notEqual(s.frozen.servers[0], live.servers[0]);
    assert.deepEqual(s.frozen, live);
    s = reduce(s, { type: 'pause', live });
    assert.equal(s.frozen, undefined);
  });

  test('a message lasts until the next action', () => {
    let s = reduce(initialViewState(), { type: 'message', text: 'load: not available here' });
    assert.equal(s.message, 'load: not available here');
    s = reduce(s, { type: 'metric' });
    assert.equal(s.message, undefined);
  });

  test('forms open with defaults, edit, and close', () => {
    let s = reduce(initialViewState(), { type: 'openForm', kind: 'load', target: 'k' });
    assert.equal(s.mode, 'form');
    assert.equal(s.form?.values['users'], '4');
    s = reduce(s, { type: 'formKey', key: { type: 'backspace' } });
    s = reduce(s, { type: 'formKey', key: { type: 'char', ch: '9' } });
    assert.equal(s.form?.values['users'], '9');
    s = reduce(s, { type: 'formError', error: 'bad' });
    assert.equal(s.form?.error, 'bad');
    s = reduce(s, { type: 'close' });
    assert.equal(s.mode, 'table');
    assert.equal(s.form, undefined);
  });

  test('help toggles; the twin prompt is a mode', () => {
    let s = reduce(initialViewState(), { type: 'help' });
    assert.equal(s.mode, 'help');
    s = reduce(s, { type: 'help' });
    assert.equal(s.mode, 'table');
    s = reduce(s, { type: 'prompt', serverKey: 'k', command: 'node x.js' });
    assert.deepEqual([s.mode, s.prompt?.command], ['twinPrompt', 'node x.js']);
  });
});
