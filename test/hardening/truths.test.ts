// Issue 11 item 9: a stopped server is not OK, a process caught mid-exit has unknown FDs, many targets give a short
// status line, the stdio pipe adds one drain listener however many sends wait, and the runner catches listener leaks.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { setup } from '../core/monitor-setup.js';
import { formatStatusLine } from '../../source/format/status-line.js';
import { makeServer, makeSnapshot } from '../helpers/snapshots.js';
import { PipeTransport } from '../../source/adapters/mcp-pipe-transport.js';
import { LinuxProcessSource } from '../../source/adapters/procfs.js';
import { createRealProcReader } from '../../source/adapters/procfs-reader.js';
import { ROOT } from '../helpers/cli.js';

describe('item 9: smaller truths', () => {
  test('a SIGSTOPped root shows a stopped state, not OK; resumed, it is OK again', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    const p = source.add({ pid: 200, comm: 'srv', metrics: { fds: 5 } });
    assert.equal((await monitor.tick()).servers[0]?.status.level, 'ok');
    p.state = 'T';
    const stopped = (await monitor.tick()).servers[0];
    assert.equal(stopped?.status.level, 'warn');
    assert.match(stopped?.status.reasons[0] ?? '', /^stopped/);
    assert.match(formatStatusLine(makeSnapshot({ servers: stopped ? [stopped] : [] })), /WARN \(stopped/);
    p.state = 'S';
    assert.equal((await monitor.tick()).servers[0]?.status.level, 'ok');
  });

  test('a process caught mid-exit (empty FD table, memory released) has unknown FDs, never 0', async () => {
    const real = createRealProcReader();
    const statOf = (text: string): string => {
      // The same line with vsize (field 23) and rss (24) zeroed, as an exiting process shows after exit_mm.
      const close = text.lastIndexOf(')');
      const f = text.slice(close + 2).split(' ');
      f[20] = '0'; f[21] = '0';
      return `${text.slice(0, close + 2)}${f.join(' ')}`;
    };
    const me = `/proc/${process.pid}`;
    const reader = {
      ...real,
      readText: (p: string): string => (p === `${me}/stat` ? statOf(real.readText(p)) : real.readText(p)),
      readInto: (p: string, into: Buffer): number => (p === `${me}/stat` ? into.write(statOf(real.readText(p))) : real.readInto(p, into)),
      readdir: (p: string): string[] => (p === `${me}/fd` ? [] : real.readdir(p)),
      stat: (p: string) => (p === `${me}/fd` ? { ...real.stat(p), size: 0 } : real.stat(p)),
    };
    const src = new LinuxProcessSource({ reader });
    const m = (await src.measure([process.pid])).get(process.pid);
    assert.ok(m !== undefined, 'still listed');
    assert.equal(m.fds, undefined);
    const live = (await new LinuxProcessSource().measure([process.pid])).get(process.pid);
    assert.ok((live?.fds ?? 0) > 0, 'a live process still counts its FDs');
  });

  test('headless with many targets prints a summarised status line', () => {
    const servers = Array.from({ length: 100 }, (_, i) => makeServer({
      pid: 1000 + i, label: `node server-${i}.js --with-a-long-name`,
      ...(i === 7 ? { status: { level: 'crit' as const, reasons: ['FDs 900/1024'] } } : {}),
      ...(i === 9 ? { alive: false } : {}),
    }));
    const line = formatStatusLine(makeSnapshot({ servers }));
    assert.ok(line.length < 400, `${line.length} chars`);
    assert.match(line, /100 servers: 98 OK, 0 WARN, 1 CRIT, 1 exited; fds [\d,]+ rss \S+ \| worst: node server-7\.js .*CRIT \(FDs 900\/1024\)/);
  });

  test('the stdio pipe under backpressure: one drain listener for any number of waiting sends, all released on drain', async () => {
    const stdin = new Writable({ highWaterMark: 1, write: (_c, _e, cb) => { pending.push(cb); } });
    const pending: (() => void)[] = [];
    const t = new PipeTransport({ stdin, onStdout: () => () => undefined, exited: new Promise(() => undefined), alive: () => true });
    await t.start();
    const sends = Array.from({ length: 50 }, (_, i) => t.send({ jsonrpc: '2.0', id: i, method: 'ping' }));
    assert.ok(stdin.listenerCount('drain') <= 1, `drain listeners ${stdin.listenerCount('drain')}`);
    assert.ok(stdin.listenerCount('close') <= 2, `close listeners ${stdin.listenerCount('close')}`);
    while (pending.length > 0) pending.shift()?.();
    await Promise.all(sends);
    assert.equal(stdin.listenerCount('drain'), 0);
    await t.close();
  });

  test('the test runner hook records a MaxListenersExceededWarning from any process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-warn-'));
    try {
      const file = join(dir, 'w.txt');
      const hook = `--import=${pathToFileURL(resolve(ROOT, 'scripts/test-warnings.mjs')).href}`;
      const r = spawnSync(process.execPath, ['-e', "const e = new (require('node:events'))(); for (let i = 0; i < 11; i++) e.on('x', () => {});"], {
        env: { ...process.env, NODE_OPTIONS: hook, MCPTOP_TEST_WARNINGS: file }, encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      assert.ok(existsSync(file), 'the warning was recorded');
      assert.match(readFileSync(file, 'utf8'), /MaxListenersExceededWarning|Possible EventEmitter memory leak/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
