import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { NodeLauncher } from '../../source/adapters/launcher.js';
import { closeStdioChannel, openStdioSession, StdioConnector } from '../../source/adapters/stdio-session.js';
import { EVERYTHING, NODE, ROOT, fixtureArgv, stopAll } from '../stress/helpers.js';

describe('stdio McpSession over a launched process', () => {
  const launcher = new NodeLauncher();

  test('server-everything through the SDK Client too: initialize, tools/list, calls', async (t) => {
    const p = await launcher.launch([NODE, EVERYTHING], { cwd: ROOT });
    t.after(() => stopAll([p]));
    const s = await openStdioSession(p, 30_000, 'sdk');
    assert.ok((await s.listTools(5000)).some((x) => x.name === 'echo'));
    const outs = await Promise.all(Array.from({ length: 50 }, (_, i) => s.callTool('echo', { message: `n${i}` }, 10_000)));
    assert.equal(outs.filter((o) => o.ok).length, 50);
    const bad = await s.callTool('no-such-tool', {}, 5000);
    assert.equal(bad.ok, false);
  });

  test('server-everything: initialize, tools/list, many pipelined echo calls on one connection', async (t) => {
    const p = await launcher.launch([NODE, EVERYTHING], { cwd: ROOT });
    t.after(() => stopAll([p]));
    const s = await openStdioSession(p, 30_000);
    const tools = await s.listTools(5000);
    const echo = tools.find((x) => x.name === 'echo');
    assert.deepEqual(echo?.required, ['message']);
    const outs = await Promise.all(Array.from({ length: 500 }, (_, i) => s.callTool('echo', { message: `n${i}` }, 10_000)));
    assert.equal(outs.filter((o) => o.ok).length, 500);
    assert.ok(outs.every((o) => o.latencyMs >= 0));
    // A second session on the same process shares the connection (one stdin/stdout), and closing one leaves the other.
    const s2 = await new StdioConnector(p).open();
    await s2.close();
    const after = await s.callTool('echo', { message: 'still here' }, 5000);
    assert.equal(after.ok, true);
    const closed = await s2.callTool('echo', { message: 'x' }, 5000);
    assert.equal(closed.ok, false);
    if (!closed.ok) assert.equal(closed.kind, 'closed');
    // Closing the session never ends the process.
    await closeStdioChannel(p);
    assert.equal(p.alive(), true);
  });

  test('non-JSON lines on stdout are skipped and counted, never fatal', async (t) => {
    const p = await launcher.launch(fixtureArgv('raw-server.js', '--garbage'));
    t.after(() => stopAll([p]));
    const s = await openStdioSession(p, 10_000);
    const outs = await Promise.all(Array.from({ length: 20 }, (_, i) => s.callTool('echo', { message: `g${i}` }, 5000)));
    assert.ok(outs.every((o) => o.ok));
    assert.ok((s.garbageLines?.() ?? 0) >= 21, `garbage counted: ${s.garbageLines?.()}`);
  });

  test('JSON-RPC errors and isError results are told apart', async (t) => {
    const p = await launcher.launch(fixtureArgv('raw-server.js', '--jsonrpc-error-every', '3', '--tool-error-every', '5'));
    t.after(() => stopAll([p]));
    const s = await openStdioSession(p, 10_000);
    const outs = [];
    for (let i = 0; i < 15; i++) outs.push(await s.callTool('echo', { message: 'x' }, 5000));
    const kinds = outs.map((o) => (o.ok ? 'ok' : o.kind));
    assert.equal(kinds.filter((k) => k === 'jsonrpc').length, 5);
    assert.equal(kinds.filter((k) => k === 'toolError').length, 2); // 5 and 10 (15 is a jsonrpc error first)
    assert.equal(kinds.filter((k) => k === 'ok').length, 8);
  });

  test('a hung server gives timeouts, a crashed one gives closed, and neither hangs the client', async (t) => {
    const hung = await launcher.launch(fixtureArgv('raw-server.js', '--hang-after', '2'));
    const crash = await launcher.launch(fixtureArgv('raw-server.js', '--crash-after', '3'));
    t.after(() => stopAll([hung, crash]));
    const hs = await openStdioSession(hung, 10_000);
    const hOuts = await Promise.all(Array.from({ length: 5 }, () => hs.callTool('echo', { message: 'h' }, 300)));
    assert.deepEqual(hOuts.map((o) => (o.ok ? 'ok' : o.kind)).sort(), ['ok', 'ok', 'timeout', 'timeout', 'timeout']);
    const cs = await openStdioSession(crash, 10_000);
    const cOuts = await Promise.all(Array.from({ length: 6 }, () => cs.callTool('echo', { message: 'c' }, 10_000)));
    const ck = cOuts.map((o) => (o.ok ? 'ok' : o.kind));
    assert.equal(ck.filter((k) => k === 'ok').length, 3);
    assert.equal(ck.filter((k) => k === 'closed').length, 3);
    const late = await cs.callTool('echo', { message: 'late' }, 10_000);
    assert.equal(late.ok ? 'ok' : late.kind, 'closed');
    await assert.rejects(openStdioSession(crash, 1000), /closed|exited/i);
  });

  test('initialize against a process that never answers times out', async (t) => {
    const p = await launcher.launch([NODE, '-e', 'process.stdin.resume()']);
    t.after(() => stopAll([p]));
    await assert.rejects(openStdioSession(p, 300), /timed out/i);
  });
});
