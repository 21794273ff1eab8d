// Pure pieces of the htop-style view: raw key/mouse parsing, the reducer's new actions, help line, layout growth,
// wrapping, chart labels said once, host groups.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isRawRemnant, parseRawInput } from '../../source/ui/raw-input.js';
import { initialViewState, reduce } from '../../source/ui/state.js';
import type { RowRef } from '../../source/ui/rows.js';
import { buildRows, groupTitle } from '../../source/ui/rows.js';
import { helpLine } from '../../source/ui/keymap.js';
import { computeLayout } from '../../source/ui/layout.js';
import { wrap } from '../../source/format/text.js';
import { renderChart } from '../../source/format/chart.js';
import { isFresh } from '../../source/ui/hooks/use-fresh.js';
import { makeServer } from '../helpers/snapshots.js';

describe('raw input', () => {
  test('function keys in several terminals\' spellings, SGR mouse click and wheel', () => {
    assert.deepEqual(parseRawInput('\u001BOP'), { kind: 'key', name: 'f1' });
    assert.deepEqual(parseRawInput('\u001B[11~'), { kind: 'key', name: 'f1' });
    assert.deepEqual(parseRawInput('\u001B[17~'), { kind: 'key', name: 'f6' });
    assert.deepEqual(parseRawInput('\u001B[20~'), { kind: 'key', name: 'f9' });
    assert.deepEqual(parseRawInput('\u001B[21~'), { kind: 'key', name: 'f10' });
    assert.deepEqual(parseRawInput('\u001B[<0;12;7M'), { kind: 'click', x: 12, y: 7 });
    assert.equal(parseRawInput('\u001B[<0;12;7m'), undefined, 'a release adds nothing');
    assert.deepEqual(parseRawInput('\u001B[<64;1;1M'), { kind: 'wheel', delta: -1 });
    assert.deepEqual(parseRawInput('\u001B[<65;1;1M'), { kind: 'wheel', delta: 1 });
    assert.equal(parseRawInput('q'), undefined);
    assert.ok(isRawRemnant('[<0;12;7M') && isRawRemnant('[21~') && isRawRemnant('OP'));
    assert.ok(!isRawRemnant('q') && !isRawRemnant('<'));
  });
});

describe('reducer: groups, t, filter, mouse', () => {
  const rows: RowRef[] = [
    { id: 'group:a', serverKey: 's1', kind: 'group' }, { id: 's1', serverKey: 's1', kind: 'server' }, { id: 's2', serverKey: 's2', kind: 'server' },
    { id: 'group:b', serverKey: 's3', kind: 'group' }, { id: 's3', serverKey: 's3', kind: 'server' },
  ];
  test('moving and clicking never selects a group title', () => {
    let s = reduce(initialViewState(), { type: 'move', move: 'home', rows, visibleRows: 10 });
    assert.equal(s.selectedId, 's1');
    s = reduce(s, { type: 'move', move: 'down', rows, visibleRows: 10 });
    s = reduce(s, { type: 'move', move: 'down', rows, visibleRows: 10 });
    assert.equal(s.selectedId, 's3', 'down skips the title');
    s = reduce(s, { type: 'move', move: 'up', rows, visibleRows: 10 });
    assert.equal(s.selectedId, 's2', 'up skips it too');
    s = reduce(s, { type: 'select', index: 3, rows, visibleRows: 10 });
    assert.equal(s.selectedId, 's3', 'a click on a title selects its first server');
    s = reduce(s, { type: 'scroll', delta: -1, rows, visibleRows: 10 });
    assert.equal(s.selectedId, 's2');
  });
  test('t expands every server, then collapses them all', () => {
    let s = reduce(initialViewState(), { type: 'toggleAll', rows });
    assert.deepEqual([...s.expanded].sort(), ['s1', 's2', 's3']);
    s = reduce(s, { type: 'toggleAll', rows });
    assert.equal(s.expanded.size, 0);
  });
  test('filter: typed text kept on Enter, cleared on Esc', () => {
    let s = reduce(initialViewState(), { type: 'filterStart' });
    assert.equal(s.mode, 'filter');
    s = reduce(s, { type: 'filterEdit', text: 'git' });
    assert.equal(reduce(s, { type: 'filterDone', keep: true }).filter, 'git');
    const cleared = reduce(s, { type: 'filterDone', keep: false });
    assert.deepEqual([cleared.filter, cleared.mode], ['', 'table']);
  });
});

describe('host groups', () => {
  const host = { name: 'cursor', pid: 4100 };
  test('title counts servers, duplicates (same command) and exited ones', () => {
    const a = makeServer({ pid: 1, host, command: 'npx x-mcp' });
    const b = makeServer({ pid: 2, host, command: 'npx x-mcp' });
    const c = makeServer({ pid: 3, host, command: 'npx y-mcp', alive: false });
    assert.equal(groupTitle([a, b, c]), 'cursor (pid 4100): 2 servers, 1 duplicated, 1 exited');
    assert.equal(groupTitle([makeServer({ pid: 9 })]), 'no host: 1 server');
  });
  test('hosts first by name, "no host" last; a filter or hiding exited drops rows and empty groups', () => {
    const rows = buildRows([makeServer({ pid: 9, label: 'orphan' }), makeServer({ pid: 1, host, label: 'fs' }), makeServer({ pid: 2, host: { name: 'claude-code', pid: 7 }, label: 'git', alive: false })],
      new Set(), { group: true });
    assert.deepEqual(rows.map((r) => (r.kind === 'group' ? `# ${r.title.split(':')[0] ?? ''}` : r.server.label)), ['# claude-code (pid 7)', 'git', '# cursor (pid 4100)', 'fs', '# no host', 'orphan']);
    const hidden = buildRows([makeServer({ pid: 2, host, label: 'git', alive: false }), makeServer({ pid: 9, label: 'orphan' })], new Set(), { group: true, hideExited: true });
    assert.deepEqual(hidden.map((r) => r.kind), ['group', 'server']);
    assert.equal(buildRows([makeServer({ pid: 9, label: 'orphan' })], new Set(), { filter: 'nomatch' }).length, 0);
  });
});

describe('layout and text', () => {
  test('the help line always keeps the ? entry, even at 40 columns', () => {
    for (const w of [40, 80, 200]) {
      const l = helpLine(w);
      assert.match(l, /\? help$/);
      assert.ok(l.length <= w, `${w}: ${l}`);
    }
  });
  test('the detail pane grows with the terminal when few servers are listed', () => {
    const small = computeLayout({ rows: 40, tableRows: 3, panelLines: 0 });
    const big = computeLayout({ rows: 60, tableRows: 3, panelLines: 0 });
    assert.equal(small.detailLines, 40 - 1 - 5 - 3);
    assert.equal(big.detailLines, 60 - 1 - 5 - 3);
    const many = computeLayout({ rows: 24, tableRows: 200, panelLines: 0 });
    assert.ok(many.detailLines >= 7 && many.tableRows >= 3);
  });
  test('wrap breaks at spaces, keeps numbers whole, and marks what was left out', () => {
    assert.deepEqual(wrap('verdict leak: FDs +1.00 per call over 1,800 calls', 20), ['verdict leak: FDs', '+1.00 per call over', '1,800 calls']);
    assert.deepEqual(wrap('a b c d e f', 3, 2), ['a b', 'c …']);
  });
  test('chart y-labels are not repeated on neighbouring rows', () => {
    const lines = renderChart([20, 20, 21, 21, 20], { width: 40, height: 16, labelWidth: 7 });
    const labels = lines.map((l) => l.slice(0, 7).trim()).filter((l) => l !== '');
    assert.deepEqual(labels, [...new Set(labels)], lines.join('\n'));
  });
  test('a notice is fresh for its time to live, then gone', () => {
    assert.ok(isFresh(1000, 8999));
    assert.ok(!isFresh(1000, 9000));
  });
});
