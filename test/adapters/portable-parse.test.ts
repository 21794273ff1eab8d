// Parsers of ps, lsof, prlimit and procstat output as the portable backend runs them (C locale).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  lsofTypeKind, parseArgs, parseLsofCounts, parseLsofKinds, parseLsofName, parseLstart, parsePrlimit,
  parseProcstatLimits, parsePsExtra, parsePsTable,
} from '../../source/adapters/portable-parse.js';

test('parsePsTable: procps columns with sid, a comm with spaces, a bad row skipped', () => {
  const out = [
    ' 2429  2429  2429     0 Ss   Sun Nov 22 01:19:50 2026 bash',
    '31337 31337  2429  1000 Zl+  Mon Sep  1 09:05:07 2025 tmux: server',
    'garbage',
    '   12    12    12     0 I<   Sun Nov 22 01:19:50 2026',
  ].join('\n');
  const rows = parsePsTable(out, true);
  assert.equal(rows.length, 2);
  assert.deepEqual(rows[0], {
    pid: 2429, pgid: 2429, sid: 2429, uid: 0, state: 'S', startMs: new Date(2026, 10, 22, 1, 19, 50).getTime(), comm: 'bash',
  });
  assert.equal(rows[1]?.comm, 'tmux: server');
  assert.equal(rows[1].state, 'Z');
  assert.equal(rows[1].uid, 1000);
  assert.equal(rows[1].startMs, new Date(2025, 8, 1, 9, 5, 7).getTime());
});

test('parsePsTable: BSD columns without sid; macOS U state is D', () => {
  const rows = parsePsTable('  501   501   501 Us   Tue Mar  4 10:00:00 2025 /usr/sbin/cfprefsd\n', false);
  const row = rows[0];
  assert.ok(row);
  assert.equal(row.sid, undefined);
  assert.equal(row.uid, 501);
  assert.equal(row.state, 'D');
  assert.equal(row.comm, '/usr/sbin/cfprefsd');
});

test('parseLstart: whole seconds in local time; garbage is undefined', () => {
  assert.equal(parseLstart(['Sun', 'Nov', '22', '01:19:50', '2026']), new Date(2026, 10, 22, 1, 19, 50).getTime());
  assert.equal(parseLstart(['Sun', 'Nov']), undefined);
  assert.equal(parseLstart(['x', 'Foo', '99', 'aa', 'bb']), undefined);
});

test('parsePsExtra: vsz KiB to bytes, threads when the column exists', () => {
  const m = parsePsExtra('  100 1024  7\n  200 2048\n junk\n');
  assert.deepEqual(m.get(100), { vmsBytes: 1024 * 1024, threads: 7 });
  assert.deepEqual(m.get(200), { vmsBytes: 2048 * 1024, threads: undefined });
  assert.equal(m.size, 2);
});

test('parseArgs: lossy split, kernel threads are [], a gone pid is undefined', () => {
  assert.deepEqual(parseArgs('/usr/bin/node /srv/index.js --port 3\n'), ['/usr/bin/node', '/srv/index.js', '--port', '3']);
  assert.deepEqual(parseArgs('[kthreadd]\n'), []);
  assert.equal(parseArgs(''), undefined);
});

test('parseLsofCounts counts numeric FDs per process', () => {
  const out = 'p10\nf0\nf1\nf2\nf10\np20\nf0\nfcwd\np30\n';
  const m = parseLsofCounts(out);
  assert.equal(m.get(10), 4);
  assert.equal(m.get(20), 1, 'cwd is not an FD');
  assert.equal(m.get(30), 0);
  assert.equal(m.get(40), undefined, 'not listed: unknown, not 0');
});

test('lsof TYPE to FdKind, and kinds of one process', () => {
  assert.equal(lsofTypeKind('IPv4'), 'socket');
  assert.equal(lsofTypeKind('unix'), 'socket');
  assert.equal(lsofTypeKind('FIFO'), 'pipe');
  assert.equal(lsofTypeKind('CHR'), 'file');
  assert.equal(lsofTypeKind('a_inode'), 'anon_inode');
  assert.equal(lsofTypeKind('KQUEUE'), 'anon_inode');
  assert.equal(lsofTypeKind('unknown'), 'other');
  const kinds = parseLsofKinds('p7\nf0\ntunix\nf1\ntunix\nf3\ntFIFO\nf4\ta_inode\nf5\nta_inode\nf6\ntREG\nf7\ntwat\n');
  assert.deepEqual(kinds, { socket: 2, pipe: 1, anon_inode: 1, file: 1, other: 1 });
  assert.equal(parseLsofKinds('p7\n'), undefined);
});

test('parseLsofName, parsePrlimit, parseProcstatLimits', () => {
  assert.equal(parseLsofName('p7\nfcwd\nn/home/me/my dir\n'), '/home/me/my dir');
  assert.equal(parseLsofName(''), undefined);
  assert.equal(parsePrlimit('256\n'), 256);
  assert.equal(parsePrlimit('unlimited\n'), undefined);
  const procstat = '  PID COMM             RLIMIT                  SOFT             HARD\n 1234 node             openfiles              4096            65536\n';
  assert.equal(parseProcstatLimits(procstat), 4096);
  assert.equal(parseProcstatLimits('  1234 node openfiles infinity infinity\n'), undefined);
});
