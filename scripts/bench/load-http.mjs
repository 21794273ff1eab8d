// The raw Streamable HTTP client the load bench compares mcptop with, and the HTTP servers of each era it runs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const ERA_SERVER = join(ROOT, 'dist', 'demo', 'era-server.js');
const MODERN = '2026-07-28';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': { name: 'raw-bench', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(a.port)); });
});

/** legacy: server-everything streamableHttp (v1, sessions); modern: the v2 era-server (stateless). */
export async function startHttpServer(era) {
  const port = await freePort();
  const argv = era === 'legacy' ? [EVERYTHING, 'streamableHttp'] : [ERA_SERVER, 'modern', '--http', String(port)];
  const child = spawn(process.execPath, argv, { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`HTTP server did not start: ${text}`)), 20_000);
    const on = (d) => { text += d; if (/listening/i.test(text)) { clearTimeout(timer); resolve(); } };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    name: era === 'legacy' ? 'server-everything (v1, legacy era, sessions)' : 'the v2 era-server (modern era, stateless)',
    url: `http://127.0.0.1:${port}/mcp`,
    stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); setTimeout(() => child.kill('SIGKILL'), 2000).unref(); }),
  };
}

/** The JSON-RPC message in a response body: plain JSON, or the first `data:` event of an SSE stream. */
function parseBody(text) {
  if (text.startsWith('{')) return JSON.parse(text);
  const line = text.split('\n').find((l) => l.startsWith('data:'));
  return line ? JSON.parse(line.slice(5)) : undefined;
}

/**
 * The raw client: POST JSON-RPC with fetch (undici keep-alive), `inflight` requests outstanding, nothing else. Legacy:
 * one initialize per in-flight lane (a session each, as mcptop's users have), then calls with Mcp-Session-Id. Modern:
 * the per-request envelope and the Mcp-Method / Mcp-Name headers, no session.
 */
export async function rawHttp(url, era, calls, inflight) {
  const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  let nextId = 1;
  const post = async (headers, method, params) => {
    const res = await fetch(url, { method: 'POST', headers: { ...base, ...headers }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
    return { res, msg: parseBody(await res.text()) };
  };
  const lanes = await Promise.all(Array.from({ length: inflight }, async () => {
    if (era === 'modern') return { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': 'echo' };
    const { res } = await post({}, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-bench', version: '1' } });
    const session = res.headers.get('mcp-session-id');
    const h = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' };
    await fetch(url, { method: 'POST', headers: { ...base, ...h }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) }).then((r) => r.text());
    return h;
  }));
  const meta = era === 'modern' ? { _meta: ENVELOPE } : {};
  let issued = 0;
  let ok = 0;
  const t0 = performance.now();
  await Promise.all(lanes.map(async (headers) => {
    while (issued < calls) {
      const i = issued++;
      const { msg } = await post(headers, 'tools/call', { name: 'echo', arguments: { message: `mcptop load ${i}` }, ...meta });
      if (msg?.result && !msg.result.isError) ok++;
    }
  }));
  const rps = (calls / (performance.now() - t0)) * 1000;
  if (era === 'legacy') await Promise.all(lanes.map((h) => fetch(url, { method: 'DELETE', headers: { ...base, ...h } }).then((r) => r.text()).catch(() => undefined)));
  return { rps, ok };
}
