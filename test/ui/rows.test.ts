import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { buildRows, clampScroll, rowRefs, selectedIndex, treeOrder } from '../../source/ui/rows.js';
import { sortServers } from '../../source/ui/sort.js';
import { makeProcess, makeServer } from '../helpers/snapshots.js';

describe('rows and sorting', () => {
  const a = makeServer({ pid: 1, label: 'alpha', latest: { fds: 10, rssBytes: 300, cpuPct: 5 } });
  const b = makeServer({ pid: 2, label: 'beta', latest: { fds: 30, rssBytes: 100, cpuPct: undefined }, status: { level: 'crit', reasons: ['x'] } });
  const c = makeServer({ pid: 3, label: 'gamma', latest: { fds: 20, rssBytes: 200, cpuPct: 1 } });
  const dead = makeServer({ pid: 4, label: 'aardvark', alive: false, latest: { fds: 99 } });
  const labels = (xs: readonly { label: string }[]): string[] => xs.map((s) => s.label);

  test('numbers sort biggest first, names ascending, exited last either way', () => {
    assert.deepEqual(labels(sortServers([a, b, c, dead], 'fds', false)), ['beta', 'gamma', 'alpha', 'aardvark']);
    assert.deepEqual(labels(sortServers([a, b, c, dead], 'fds', true)), ['alpha', 'gamma', 'beta', 'aardvark']);
    assert.deepEqual(labels(sortServers([a, b, c, dead], 'rss', false)), ['alpha', 'gamma', 'beta', 'aardvark']);
    assert.deepEqual(labels(sortServers([c, b, a], 'name', false)), ['alpha', 'beta', 'gamma']);
    assert.deepEqual(labels(sortServers([c, b, a], 'pid', true)), ['gamma', 'beta', 'alpha']);
    assert.deepEqual(labels(sortServers([a, b, c], 'status', false)).slice(0, 1), ['beta']);
  });

  test('unknown values sort last whatever the direction', () => {
    assert.equal(sortServers([a, b, c], 'cpu', false).at(-1)?.label, 'beta');
    assert.equal(sortServers([a, b, c], 'cpu', true).at(-1)?.label, 'beta');
  });

  test('tree order puts children under their parent', () => {
    const procs = [
      makeProcess({ pid: 10, depth: 0 }), makeProcess({ pid: 12, ppid: 11, depth: 2 }),
      makeProcess({ pid: 13, ppid: 10, depth: 1 }), makeProcess({ pid: 11, ppid: 10, depth: 1 }),
    ];
    assert.deepEqual(treeOrder(procs).map((p) => p.pid), [10, 13, 11, 12]);
  });

  test('expanded servers are followed by their processes', () => {
    const s = makeServer({ pid: 1, processes: [makeProcess({ pid: 1 }), makeProcess({ pid: 5, ppid: 1, depth: 1 })] });
    const rows = buildRows([s, c], new Set([s.key]));
    assert.deepEqual(rows.map((r) => r.kind), ['server', 'process', 'process', 'server']);
    assert.equal(rows[2]?.kind === 'process' && rows[2].last, true);
    const refs = rowRefs(rows);
    assert.equal(selectedIndex(refs, rows[2]?.id), 2);
    // The process vanished: the selection falls back to its server.
    assert.equal(selectedIndex(rowRefs(buildRows([s, c], new Set())), rows[2]?.id), 0);
    assert.equal(selectedIndex(refs, 'nothing'), 0);
    assert.equal(selectedIndex([], 'x'), -1);
  });

  test('clampScroll keeps the selection inside the window', () => {
    assert.equal(clampScroll(0, 12, 5, 40), 8);
    assert.equal(clampScroll(10, 3, 5, 40), 3);
    assert.equal(clampScroll(38, 39, 5, 40), 35);
    assert.equal(clampScroll(30, 0, 5, 3), 0);
  });
});
