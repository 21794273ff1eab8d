import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { planColumns } from '../../source/ui/columns.js';
import { buildRows } from '../../source/ui/rows.js';
import { headerSpans, rowDimmed, rowSpans } from '../../source/ui/table-lines.js';
import { theme } from '../../source/ui/theme.js';
import { makeProcess, makeServer } from '../helpers/snapshots.js';

/** A span as rowSpans builds it: no colour key at all when colours are off (NO_COLOR). */
const span = (text: string, color: string | undefined) => (color === undefined ? { text } : { text, color });
const joined = (spans: readonly { text: string }[]): string => spans.map((s) => s.text).join('');

describe('table lines', () => {
  const columns = planColumns(160);

  test('the header marks the sorted column, on the side its values are aligned to', () => {
    const down = joined(headerSpans(columns, 'fds', false));
    assert.match(down, /^ {2}SERVER +PID +▼FDS /);
    assert.equal(down.length, 2 + columns.reduce((n, c) => n + c.width + 1, 0) - 1);
    assert.match(joined(headerSpans(columns, 'name', true)), /^ {2}SERVER▲ /);
  });

  test('a server row: marker, cells at their widths, status and verdict coloured', () => {
    const server = makeServer({ pid: 42, label: 'node a.js', status: { level: 'warn', reasons: ['x'] }, verdict: 'leak' });
    const [row] = buildRows([server], new Set());
    assert.ok(row);
    const plain = rowSpans(row, columns, false);
    const picked = rowSpans(row, columns, true);
    assert.equal(plain[0]?.text, '  ');
    assert.equal(picked[0]?.text, '› ');
    assert.equal(joined(plain).length, joined(headerSpans(columns, 'fds', false)).length);
    assert.deepEqual(plain.find((s) => s.text.includes('WARN')), span(' WARN   ', theme.status.warn));
    assert.deepEqual(plain.find((s) => s.text.includes('leak')), span(' leak   ', theme.verdict.leak));
  });

  test('an exited server and a gone process are dimmed and lose their colours', () => {
    const server = makeServer({ pid: 7, alive: false, processes: [makeProcess({ pid: 7, alive: false })] });
    const rows = buildRows([server], new Set([server.key]));
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.ok(rowDimmed(row));
      assert.ok(rowSpans(row, columns, false).every((s) => s.color === undefined));
    }
    assert.match(joined(rowSpans(rows[1]!, columns, false)), /└ node \(gone\)/);
  });
});
