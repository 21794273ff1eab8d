import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseCmdline, parseStat, readProcTable, type ProcRow } from '../../source/adapters/churn-probe.js';
import { protectedPids, selectTree } from '../../source/adapters/kill-tree.js';
import { LineRing } from '../../source/adapters/mcp-line-ring.js';

const STAT_TAIL = '0 -1 4194560 120 0 0 0 1 2 0 0 20 0 3 0 {start} 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
const stat = (pid: number, comm: string, state: string, ppid: number, pgid: number, sid: number, start = 555): string =>
  `${pid} (${comm}) ${state} ${ppid} ${pgid} ${sid} ${STAT_TAIL.replace('{start}', String(start))}`;

describe('/proc parsing', () => {
  test('parseStat counts fields from the last ")" (comm with spaces and parentheses)', () => {
    const r = parseStat(stat(42, 'evil) (name', 'S', 7, 40, 30, 98765));
    assert.deepEqual(r, { pid: 42, ppid: 7, pgid: 40, sid: 30, comm: 'evil) (name', state: 'S', startTime: 98765 });
    assert.equal(parseStat('garbage'), undefined);
    assert.equal(parseStat('12 (x) Q 1 1 1')?.state, undefined, 'too short: no start time');
  });

  test('unknown state letters become "?"', () => {
    assert.equal(parseStat(stat(1, 'x', 'Q', 0, 0, 0))?.state, '?');
  });

  test('parseCmdline splits on NUL and drops the trailing one', () => {
    assert.deepEqual(parseCmdline('node\0server.js\0--x\0'), ['node', 'server.js', '--x']);
    assert.deepEqual(parseCmdline(''), []);
  });

  test('the live table has this process with the group and session ps reports', async () => {
    // Not "> 0": in a container whose session leader lives outside the PID namespace, /proc reports 0 for both.
    const me = (await readProcTable()).find((r) => r.pid === process.pid);
    const ps = execFileSync('ps', ['-o', 'pgid=,sid=', '-p', String(process.pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    assert.equal(me?.ppid, process.ppid);
    assert.deepEqual([me?.pgid, me?.sid], ps);
  });
});

describe('kill-tree selection', () => {
  const row = (pid: number, ppid: number, pgid: number, sid: number, comm = 'node'): ProcRow => ({ pid, ppid, pgid, sid, comm, state: 'S', startTime: pid * 10 });
  const table = [
    row(1, 0, 1, 1, 'init'),
    row(100, 1, 100, 100, 'bash'), // the user's shell
    row(200, 100, 200, 100, 'mcptop'), // us
    row(300, 200, 300, 300, 'npm'), // launched root (own group + session)
    row(301, 300, 300, 300, 'sh'),
    row(302, 301, 300, 300, 'node'),
    row(303, 302, 303, 303, 'daemon'), // setsid child: only the ppid walk finds it
    row(304, 1, 300, 300, 'orphan'), // re-parented to init, still in the session
    row(400, 1, 400, 400, 'other'),
  ];

  test('group, session and ppid descendants are the tree; nothing else', () => {
    const protect = protectedPids(table, 200);
    assert.deepEqual([...protect].sort((a, b) => a - b), [0, 1, 100, 200]);
    assert.deepEqual(selectTree(300, table, protect).map((r) => r.pid).sort(), [300, 301, 302, 303, 304]);
  });

  test('mcptop, its ancestors and PID 1 are never members, even when asked for', () => {
    const protect = protectedPids(table, 200);
    assert.deepEqual(selectTree(100, table, protect).map((r) => r.pid).sort(), [300, 301, 302, 303]);
    assert.deepEqual(selectTree(1, table, protect).map((r) => r.pid).includes(1), false);
  });
});

describe('LineRing', () => {
  test('keeps the last lines, joins split chunks, caps memory', () => {
    const ring = new LineRing(3);
    ring.push(Buffer.from('a\nb\nc'));
    ring.push(Buffer.from('c\nd\n'));
    assert.deepEqual(ring.lines(), ['b', 'cc', 'd']);
    ring.push(Buffer.from('partial'));
    assert.deepEqual(ring.lines(), ['b', 'cc', 'd', 'partial']);
    const big = new LineRing(2);
    big.push(Buffer.from(`${'x'.repeat(10_000)}\n`));
    assert.ok((big.lines()[0]?.length ?? 0) <= 2001);
    // A split multi-byte character survives.
    const u = new LineRing(2);
    const bytes = Buffer.from('é\n');
    u.push(bytes.subarray(0, 1));
    u.push(bytes.subarray(1));
    assert.deepEqual(u.lines(), ['é']);
  });
});
