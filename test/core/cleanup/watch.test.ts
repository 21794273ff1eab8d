// buildCleanupSnapshot: the Monitor-less watched set of `mcptop cleanup` (roots, descendants, exclusions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCleanupSnapshot, type ScanProc } from '../../../source/core/cleanup/index.js';

const p = (pid: number, ppid: number, argv: string[], comm = 'node'): ScanProc => ({ pid, ppid, startTime: pid * 10, comm, state: 'S', argv, uid: 0 });

const table: ScanProc[] = [
  p(1, 0, ['/sbin/init'], 'init'),
  p(10, 1, ['npm', 'exec', 'mcp-server-x'], 'npm exec'),
  p(11, 10, ['sh', '-c', 'mcp-server-x'], 'sh'),
  p(12, 11, ['node', '/x/mcp-server-x'], 'node'),
  p(13, 12, ['rg', 'foo'], 'rg'),
  p(20, 1, ['node', '/x/mcp-server-x-decoy']),
  p(30, 1, ['bash'], 'bash'),
  p(31, 30, ['node', 'cli.js', 'cleanup', '--match', 'mcp-server-x$'], 'node'),
];

test('a match with no matched ancestor roots a server; nested matches join it; descendants are members with depth', () => {
  const s = buildCleanupSnapshot(5, table, { names: [], patterns: [/mcp-server-x$/], pids: [] }, new Set([31, 30]));
  assert.equal(s.t, 5);
  assert.deepEqual(s.servers.map((x) => x.pid), [10]);
  assert.deepEqual(s.servers[0]?.processes.map((x) => [x.pid, x.depth]), [[10, 0], [11, 1], [12, 2], [13, 3]]);
  assert.equal(s.servers[0]?.processes[3]?.command, 'rg foo');
});

test('mcptop and its ancestors are never watched, even when their command line holds the pattern', () => {
  const s = buildCleanupSnapshot(0, table, { names: [], patterns: [/mcp-server-x/], pids: [30] }, new Set([30, 31]));
  assert.ok(!s.servers.some((x) => x.pid === 30 || x.pid === 31));
  assert.deepEqual(s.servers.map((x) => x.pid).sort((a, b) => a - b), [10, 20]);
});

test('--no-children watches the matches alone; --name matches comm or argv[0] basename; PID 1 never', () => {
  const s = buildCleanupSnapshot(0, table, { names: ['node', 'init'], patterns: [], pids: [], children: false }, new Set([31]));
  assert.deepEqual(s.servers.map((x) => x.pid).sort((a, b) => a - b), [12, 20]);
  assert.ok(s.servers.every((x) => x.processes.length === 1));
});
