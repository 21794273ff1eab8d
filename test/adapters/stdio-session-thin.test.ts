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

/** A legacy server's opening: "method not found" to the server/discover probe (as v1 servers answer), then initialize. */
async function handshake(ep: ReturnType<typeof fakeEndpoint>, version = '2025-06-18'): Promise<void> {
  const probe = await waitFor(() => ep.sent().find((m) => m.method === 'server/discover'), 2000, 'server/discover');
  ep.feed({ jsonrpc: '2.0', id: probe.id, error: { code: -32601, message: 'Method not found' } });
  const init = await waitFor(() => ep.sent().find((m) => m.method === 'initialize'), 2000, 'initialize');
  ep.feed({ jsonrpc: '2.0', id: init.id, result: { protocolVersion: version, capabilities: { tools: {} }, serverInfo: { name: 'f', version: '1' } } });
}

const ENVELOPE = 'io.modelcontextprotocol/protocolVersion';
const metaOf = (m: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
  (m?.params as { _meta?: Record<string, unknown> } | undefined)?._meta;

describe('the thin stdio client', () => {
  test('handshake: initialize, then notifications/initialized; pipelined calls matched by id, out of order', async () => {
    const ep = fakeEndpoint();
    const opening = openStdioSession(ep, 2000);
    await handshake(ep);
    const s = await opening;
    assert.deepEqual(ep.sent().map((m) => m.method), ['server/discover', 'initialize', 'notifications/initialized']);
    assert.equal(s.era, 'legacy');
    assert.equal(metaOf(ep.sent()[1]), undefined, 'legacy requests carry no modern envelope');
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
    await waitFor(() => ep.sent().length >= 5, 2000, 'two replies');
    const replies = ep.sent().slice(3);
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

  test('modern era: discover offers 2026-07-28, every request carries the envelope, input_required is its own outcome', async () => {
    const ep = fakeEndpoint();
    const opening = openStdioSession(ep, 2000);
    const probe = await waitFor(() => ep.sent().find((m) => m.method === 'server/discover'), 2000, 'server/discover');
    assert.equal(metaOf(probe)?.[ENVELOPE], '2026-07-28');
    ep.feed({ jsonrpc: '2.0', id: probe.id, result: { supportedVersions: ['2026-07-28'], capabilities: { tools: {} } } });
    const s = await opening;
    assert.equal(s.era, 'modern');
    const a = s.callTool('confirm', {}, 2000);
    const b = s.callTool('echo', { message: 'b' }, 2000);
    await waitFor(() => ep.sent().filter((m) => m.method === 'tools/call').length === 2, 2000, 'two calls sent');
    const [ca, cb] = ep.sent().filter((m) => m.method === 'tools/call');
    assert.equal(metaOf(ca)?.[ENVELOPE], '2026-07-28', 'a modern call names its revision');
    ep.feed({ jsonrpc: '2.0', id: ca?.id, result: { resultType: 'input_required', inputRequests: { confirm: {} } } });
    ep.feed({ jsonrpc: '2.0', id: cb?.id, result: { resultType: 'complete', content: [] } });
    const [ra, rb] = await Promise.all([a, b]);
    assert.deepEqual(ra.ok ? { ok: true, inputRequired: ra.inputRequired } : ra, { ok: true, inputRequired: true });
    assert.equal(rb.ok && rb.inputRequired === undefined, true);
    // No initialize, no notifications/initialized, and no answer to a server request (the modern era has none).
    ep.feed({ jsonrpc: '2.0', id: 'p1', method: 'ping' });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(ep.sent().map((m) => m.method), ['server/discover', 'tools/call', 'tools/call']);
  });

  test('--era legacy skips the probe; --era modern refuses a legacy server instead of falling back', async () => {
    const legacy = fakeEndpoint();
    const opening = openStdioSession(legacy, 2000, 'thin', 'legacy');
    const init = await waitFor(() => legacy.sent().find((m) => m.method === 'initialize'), 2000, 'initialize');
    legacy.feed({ jsonrpc: '2.0', id: init.id, result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'f', version: '1' } } });
    assert.equal((await opening).era, 'legacy');
    assert.equal(legacy.sent()[0]?.method, 'initialize');

    const old = fakeEndpoint();
    const refused = openStdioSession(old, 2000, 'thin', 'modern');
    const probe = await waitFor(() => old.sent().find((m) => m.method === 'server/discover'), 2000, 'server/discover');
    old.feed({ jsonrpc: '2.0', id: probe.id, error: { code: -32601, message: 'Method not found' } });
    await assert.rejects(refused, /--era modern: the server does not speak the modern era/);
    assert.equal(old.sent().some((m) => m.method === 'initialize'), false);
  });
});
