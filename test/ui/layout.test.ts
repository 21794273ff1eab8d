import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CHROME_LINES, computeLayout } from '../../source/ui/layout.js';
import { MARKER_WIDTH, flagsText, flagsWidth, planColumns } from '../../source/ui/columns.js';
import { makeServer } from '../helpers/snapshots.js';

describe('layout', () => {
  test('everything fits one line short of the terminal', () => {
    for (const rows of [10, 24, 40, 80]) {
      for (const tableRows of [0, 1, 3, 40, 500]) {
        for (const panelLines of [0, 4]) {
          const l = computeLayout({ rows, tableRows, panelLines });
          assert.ok(CHROME_LINES + l.tableRows + l.detailLines + l.panelLines <= rows - 1, JSON.stringify({ rows, tableRows, panelLines, l }));
          assert.ok(l.tableRows >= 1);
        }
      }
    }
  });

  test('few servers leave room for the detail pane; many servers scroll', () => {
    const few = computeLayout({ rows: 24, tableRows: 3, panelLines: 0 });
    assert.equal(few.tableRows, 3);
    assert.ok(few.detailLines >= 10);
    const many = computeLayout({ rows: 24, tableRows: 40, panelLines: 0 });
    assert.ok(many.tableRows < 40);
    assert.ok(many.detailLines >= 7);
  });

  test('a form takes the detail pane\'s place and shrinks the table to fit', () => {
    for (const rows of [16, 24, 40]) {
      const l = computeLayout({ rows, tableRows: 40, panelLines: 4, overlayLines: 10 });
      if (rows >= 24) assert.equal(l.detailLines, 10);
      assert.ok(CHROME_LINES + l.tableRows + l.detailLines + l.panelLines <= rows - 1, JSON.stringify({ rows, l }));
    }
  });

  test('a tiny terminal drops the detail pane and the panel before the table', () => {
    const l = computeLayout({ rows: 12, tableRows: 10, panelLines: 4 });
    assert.deepEqual([l.detailLines, l.panelLines], [0, 0]);
    assert.equal(l.tableRows, 6);
  });
});

describe('columns', () => {
  const ids = (w: number): string[] => planColumns(w).map((c) => c.id);
  const total = (w: number): number => MARKER_WIDTH + planColumns(w).reduce((n, c, i) => n + c.width + (i === 0 ? 0 : 1), 0);

  test('100 columns: everything, sparklines included, within the width', () => {
    assert.deepEqual(ids(100), ['label', 'pid', 'fds', 'fdPct', 'rss', 'vms', 'cpu', 'threads', 'procs', 'status', 'verdict', 'fdSpark', 'rssSpark']);
    assert.ok(total(100) < 100);
  });

  test('narrow terminals drop sparklines first, then VMS', () => {
    assert.ok(!ids(90).includes('fdSpark'));
    assert.ok(ids(90).includes('vms'));
    assert.ok(ids(80).includes('vms'));
    assert.ok(!ids(76).includes('vms'));
    assert.ok(ids(76).includes('threads'));
    assert.deepEqual(ids(40), ['label', 'pid', 'fds', 'rss', 'status']);
    for (const w of [40, 60, 72, 80, 90, 100, 160, 250]) assert.ok(total(w) < w, `width ${w}: ${total(w)}`);
  });

  test('wide terminals widen the label and the sparklines up to a cap', () => {
    const wide = planColumns(200);
    assert.equal(wide.find((c) => c.id === 'label')?.width, 40);
    assert.equal(wide.find((c) => c.id === 'fdSpark')?.width, 20);
  });

  test('a FLAGS column after STATUS only while a server is flagged, short words, still within the width', () => {
    assert.equal(flagsWidth([makeServer({ pid: 1 }), makeServer({ pid: 2, flags: [] })]), 0);
    const w = flagsWidth([makeServer({ pid: 1, flags: ['orphan', 'duplicate'] }), makeServer({ pid: 2, flags: ['zombie'] })]);
    assert.equal(w, 'orphan,dup'.length);
    assert.equal(flagsWidth([makeServer({ pid: 1, flags: ['runaway'] })]), 'runaway'.length);
    assert.equal(flagsWidth([makeServer({ pid: 1, flags: ['zombie', 'orphan', 'respawn', 'runaway', 'duplicate'] })]), 16, 'capped');
    assert.equal(flagsText(['orphan', 'duplicate', 'zombie', 'runaway', 'respawn']), 'orphan,dup,zombie,runaway,respawn');
    const cols = planColumns(100, w).map((c) => c.id);
    assert.deepEqual(cols.slice(cols.indexOf('status'), cols.indexOf('status') + 3), ['status', 'flags', 'verdict']);
    assert.ok(!planColumns(40, w).some((c) => c.id === 'flags'), 'too narrow: the detail pane lists them');
    for (const width of [40, 60, 72, 80, 100, 160]) {
      const planned = planColumns(width, w);
      if (width >= 60) assert.ok(planned.some((c) => c.id === 'flags'), `flags kept at ${width}`);
      assert.ok(MARKER_WIDTH + planned.reduce((n, c, i) => n + c.width + (i === 0 ? 0 : 1), 0) < width, `width ${width}`);
    }
  });
});
