import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { openStdioSession } from '../../source/adapters/stdio-session.js';
import type { StdioEndpoint } from '../../source/adapters/mcp-pipe-transport.js';
import { waitFor } from '../stress/helpers.js';

/** An in-memory server end: we read what the client writes and feed it lines as the server. */
function fakeEndpoint(): StdioEndpoint & { sent: () => Record<string, unknown>[]; feed: (obj: unknown) => void; feedRaw: (s: string) => void; exit: () => void } {
  const stdin = new PassThrough();
  let written = '';
  stdin.on('data', (c: Buffer) => { written += c.toString('utf8'); });
  const listeners = new Set<(c: Buffer) => void>();
  let alive = true;
  let exit: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => { exit = () => { alive = false; resolve(); }; });
  return {
    stdin,
    onStdout: (l) => { listeners.add(l); return () => { listeners.delete(l); }; },
    exited,
    alive: () => alive,
    sent: () => written.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    feedRaw: (s) => { for (const l of listeners) l(Buffer.from(s)); },
    feed: (obj) => { for (const l of listeners) l(Buffer.from(`${JSON.stringify(obj)}\n`)); },
    exit: () => exit(),
  };
}

async function handshake(ep: ReturnType<typeof fakeEndpoint>, version = '2025-06-18'): Promise<void> {
  await waitFor(() => ep.sent().find((m) => m.method === 'initialize'), 2000, 'initialize');
  ep.feed({ jsonrpc: '2.0', id: 1, result: { protocolVersion: version, capabilities: { tools: {} }, serverInfo: { name: 'f', version: '1' } } });
}

describe('the thin stdio client', () => {
  test('handshake: initialize, then notifications/initialized; pipelined calls matched by id, out of order', async () => {
    const ep = fakeEndpoint();
    const opening = openStdioSession(ep, 2000);
    await handshake(ep);
    const s = await opening;
    assert.deepEqual(ep.sent().map((m) => m.method), ['initialize', 'notifications/initialized']);
    const a = s.callTool('echo', { message: 'a' }, 2000);
    const b = s.callTool('echo', { message: 'b' }, 2000);
    await waitFor(() => ep.sent().filter((m) => m.method === 'tools/call').length === 2, 2000, 'two calls sent');
    const [ca, cb] = ep.sent().filter((m) => m.method === 'tools/call');
    // Answer the second first, with a split chunk and a garbage line in between.
    const second = JSON.stringify({ jsonrpc: '2.0', id: cb?.id, result: { content: [] } });
    ep.feedRaw(second.slice(0, 10));
    ep.feedRaw(`${second.slice(10)}\nnot json at all\n`);
    ep.feed({ jsonrpc: '2.0', id: ca?.id, result: { isError: true, content: [{ type: 'text', text: 'nope' }] } });
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(rb.ok, true);
    assert.equal(ra.ok ? 'ok' : `${ra.kind}:${ra.message}`, 'toolError:nope');
    assert.equal(s.garbageLines?.(), 1);
  });

  test('answers the server\'s ping, refuses its other requests, ignores notifications and stray ids', async () => {
    const ep = fakeEndpoint();
    const opening = openStdioSession(ep, 2000);
    await handshake(ep);
    await opening;
    ep.feed({ jsonrpc: '2.0', id: 'p1', method: 'ping' });
    ep.feed({ jsonrpc: '2.0', id: 'r1', method: 'roots/list' });
    ep.feed({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } });
    ep.feed({ jsonrpc: '2.0', id: 999, result: {} });
    await waitFor(() => ep.sent().length >= 4, 2000, 'two replies');
    const replies = ep.sent().slice(2);
    assert.deepEqual(replies[0], { jsonrpc: '2.0', id: 'p1', result: {} });
    assert.equal((replies[1]?.error as { code: number }).code, -32601);
  });

  test('an unsupported protocol version is refused; a timeout cancels the request; exit fails pending calls as closed', async () => {
    const bad = fakeEndpoint();
    const refused = openStdioSession(bad, 2000);
    await handshake(bad, '1999-01-01');
    await assert.rejects(refused, /protocol version is not supported/);

    const ep = fakeEndpoint();
    const opening = openStdioSession(ep, 2000);
    await handshake(ep);
    const s = await opening;
    const slow = await s.callTool('echo', { message: 'x' }, 50);
    assert.equal(slow.ok ? 'ok' : slow.kind, 'timeout');
    const cancel = ep.sent().find((m) => m.method === 'notifications/cancelled');
    assert.ok(cancel, 'notifications/cancelled sent');
    const pending = s.callTool('echo', { message: 'y' }, 5000);
    ep.exit();
    const r = await pending;
    assert.equal(r.ok ? 'ok' : r.kind, 'closed');
    const after = await s.callTool('echo', { message: 'z' }, 5000);
    assert.equal(after.ok ? 'ok' : after.kind, 'closed');
  });
});
