// The inspector launch flag, the ws:// URL a Node server prints (loopback only), and HeapSession saying clearly when
// there is no inspector to open.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INSPECT_FLAG, InspectorClient, inspectLaunch, parseInspectorUrl } from '../../source/adapters/inspector.js';
import type { HeapReport } from '../../source/core/attribution/heap.js';
import { HeapSession } from '../../source/stress/heap-session.js';
import type { NodeLaunchedProcess } from '../../source/adapters/launcher.js';

describe('inspectLaunch', () => {
  test('a node command gets the flag after the executable; anything else through NODE_OPTIONS, kept', () => {
    assert.deepEqual(inspectLaunch(['/usr/bin/node', 'server.js'], undefined), { argv: ['/usr/bin/node', INSPECT_FLAG, 'server.js'] });
    assert.deepEqual(inspectLaunch(['npx', '-y', 'pkg'], '--max-old-space-size=512'), {
      argv: ['npx', '-y', 'pkg'], env: { NODE_OPTIONS: `--max-old-space-size=512 ${INSPECT_FLAG}` },
    });
    assert.equal(INSPECT_FLAG, '--inspect=127.0.0.1:0');
  });
});

describe('parseInspectorUrl', () => {
  test('the last loopback URL in stderr; other hosts are refused', () => {
    const lines = ['noise', 'Debugger listening on ws://127.0.0.1:40001/aaaa-bbbb', 'For help, see: https://nodejs.org/en/docs/inspector',
      'Debugger listening on ws://127.0.0.1:40002/cccc-dddd'];
    assert.equal(parseInspectorUrl(lines), 'ws://127.0.0.1:40002/cccc-dddd');
    assert.equal(parseInspectorUrl(['Debugger listening on ws://10.0.0.5:9229/x']), undefined);
    assert.equal(parseInspectorUrl([]), undefined);
  });
  test('the client refuses a non-loopback URL before connecting', async () => {
    await assert.rejects(InspectorClient.connect('ws://10.0.0.5:9229/x', 100), /not a loopback inspector URL/);
  });
});

describe('HeapSession', () => {
  test('a server that printed no inspector URL: the report says so, nothing is written', async () => {
    const reports: HeapReport[] = [];
    const session = new HeapSession('/nonexistent', { setHeap: (r) => { reports.push(r); }, notice: () => undefined });
    const proc = { pid: 4242, stderrTail: () => ['python server starting'], alive: () => false } as unknown as NodeLaunchedProcess;
    await session.start(proc);
    await session.end(proc, 10);
    assert.equal(reports.length, 1);
    assert.match(reports[0]?.error ?? '', /no inspector: .*not a Node server/);
    assert.deepEqual(reports[0]?.snapshots, []);
  });
});
