// The thin Streamable HTTP client for load, in both eras: one POST per request with its own timeout signal, JSON or SSE replies.
import type { CallOutcome, McpSession, ToolInfo } from '../core/ports.js';
import type { EraChoice, McpEra } from '../core/types.js';
import { listAllTools, replyOutcome, type ThinReply as Reply } from './mcp-outcome.js';
import { CLIENT_INFO, LATEST_LEGACY_VERSION, LEGACY_VERSIONS, MODERN_ENVELOPE, MODERN_VERSION, parseDiscover, probeSaysLegacy } from './mcp-era.js';
import { errorText } from '../core/notices.js';


interface RpcMessage {
  readonly id?: unknown;
  readonly method?: unknown;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/** The reply to request `id` among the messages of a body (JSON: one message or a batch; SSE: `data:` events). */
export function parseReply(messages: readonly unknown[], id: number): Reply | undefined {
  for (const m of messages as RpcMessage[]) {
    if (typeof m !== 'object' || m === null || m.id !== id || m.method !== undefined) continue;
    if (m.error !== undefined) return { kind: 'error', code: typeof m.error.code === 'number' ? m.error.code : 0, message: String(m.error.message ?? 'error') };
    if (typeof m.result === 'object' && m.result !== null) return { kind: 'result', result: m.result };
  }
  return undefined;
}

/** The JSON messages in complete SSE events of `text`, and the unfinished rest. */
export function parseSseEvents(text: string): { messages: unknown[]; rest: string } {
  const messages: unknown[] = [];
  const events = text.replace(/\r\n/g, '\n').split('\n\n');
  const rest = events.pop() ?? '';
  for (const ev of events) {
    const data = ev.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
    if (data.length === 0) continue;
    try { messages.push(JSON.parse(data)); } catch { /* a non-JSON event: not ours */ }
  }
  return { messages, rest };
}

/** Reads an SSE response until the reply to `id` arrives (then stops reading: the stream may stay open). */
async function readSse(res: Response, id: number): Promise<Reply> {
  const body = res.body;
  if (!body) return { kind: 'closed', message: 'empty event stream' };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const parsed = parseSseEvents(buf + decoder.decode(value, { stream: true }));
      buf = parsed.rest;
      const reply = parseReply(parsed.messages, id);
      if (reply) return reply;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
  return { kind: 'closed', message: 'the event stream ended without a reply' };
}

/**
 * Why not the SDK's transport here: it passes one long-lived AbortSignal (its own, combined with a per-request one
 * through AbortSignal.any in the modern era) to every fetch, so a long load piles up listeners and dependents on
 * it, and it spends about twice the CPU of a raw client per call. This client gives each request its own timeout
 * signal, dropped with the request, and does what load needs: negotiate the era, keep the legacy session, page
 * tools/list, call, DELETE the session.
 */
export class ThinHttpSession implements McpSession {
  private nextId = 1;
  private sessionId: string | undefined;
  private protocolVersion: string = LATEST_LEGACY_VERSION;
  private closed = false;
  era: McpEra | undefined;

  constructor(private readonly url: URL, private readonly headers: Readonly<Record<string, string>>, private readonly noDelete: boolean) {}

  /** Negotiate: a server/discover probe unless --era legacy; a legacy answer (error, 4xx) falls back to initialize. */
  async open(choice: EraChoice, timeoutMs: number): Promise<void> {
    if (choice !== 'legacy') {
      const probe = await this.request('server/discover', {}, timeoutMs, true);
      if (probe.kind === 'result') {
        const d = parseDiscover(probe.result);
        if ('era' in d) { this.era = 'modern'; this.protocolVersion = MODERN_VERSION; return; }
        if (choice === 'modern') throw new Error(`--era modern: ${d.error}`);
      } else if (probe.kind === 'timeout' || probe.kind === 'closed') {
        // Over HTTP silence is an outage, not a legacy signal.
        throw new Error(probe.kind === 'timeout' ? `server/discover timed out after ${timeoutMs} ms` : probe.message);
      } else if (probe.kind === 'http' && (probe.status === 401 || probe.status === 403)) {
        throw new Error(probe.message);
      } else if (choice === 'modern') {
        throw new Error(`--era modern: the server does not speak the modern era (${probe.message})`);
      } else if (probe.kind === 'error' && !probeSaysLegacy(probe.code) && probe.code !== -32000) {
        throw new Error(`server/discover failed: ${probe.message} (${probe.code})`);
      }
    }
    const r = await this.request('initialize', { protocolVersion: LATEST_LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO }, timeoutMs, false);
    if (r.kind === 'timeout') throw new Error(`initialize timed out after ${timeoutMs} ms`);
    if (r.kind !== 'result') throw new Error(`initialize failed: ${r.message}`);
    const version = r.result['protocolVersion'];
    if (typeof version !== 'string' || !LEGACY_VERSIONS.includes(version)) throw new Error(`server's protocol version is not supported: ${String(version)}`);
    this.protocolVersion = version;
    this.era = 'legacy';
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' }, timeoutMs, false).then((res) => res.body?.cancel()).catch(() => undefined);
  }

  private post(message: Record<string, unknown>, timeoutMs: number, modern: boolean): Promise<Response> {
    const h: Record<string, string> = {
      ...this.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream',
      'mcp-protocol-version': modern ? MODERN_VERSION : this.protocolVersion,
    };
    if (this.sessionId !== undefined && !modern) h['mcp-session-id'] = this.sessionId;
    const method = message['method'];
    if (modern && typeof method === 'string') {
      h['mcp-method'] = method;
      const name = (message['params'] as { name?: unknown } | undefined)?.name;
      if (typeof name === 'string') h['mcp-name'] = name;
    }
    // A signal of its own per request: nothing accumulates on a long-lived one.
    return fetch(this.url, { method: 'POST', headers: h, body: JSON.stringify(message), signal: AbortSignal.timeout(timeoutMs) });
  }

  private async request(method: string, params: Record<string, unknown>, timeoutMs: number, modern = this.era === 'modern'): Promise<Reply> {
    if (this.closed) return { kind: 'closed', message: 'session closed' };
    const id = this.nextId++;
    try {
      const res = await this.post({ jsonrpc: '2.0', id, method, params: modern ? { ...params, _meta: MODERN_ENVELOPE } : params }, timeoutMs, modern);
      if (method === 'initialize') this.sessionId = res.headers.get('mcp-session-id') ?? undefined;
      const type = res.headers.get('content-type') ?? '';
      if (type.startsWith('text/event-stream')) return res.ok ? await readSse(res, id) : { kind: 'http', status: res.status, message: `HTTP ${res.status}` };
      const text = await res.text();
      let body: unknown;
      try { body = JSON.parse(text); } catch { body = undefined; }
      const reply = body === undefined ? undefined : parseReply(Array.isArray(body) ? body : [body], id);
      if (reply) return reply;
      // A JSON-RPC error with a null id (a transport-level refusal) still says what went wrong.
      const err = (body as RpcMessage | undefined)?.error;
      if (err !== undefined) return { kind: 'error', code: typeof err.code === 'number' ? err.code : 0, message: `${String(err.message ?? 'error')} (HTTP ${res.status})` };
      if (res.status === 404 && this.sessionId !== undefined) return { kind: 'closed', message: 'the server no longer knows this session (HTTP 404)' };
      return { kind: 'http', status: res.status, message: `HTTP ${res.status}${text ? `: ${text.slice(0, 120)}` : ''}` };
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout' };
      return { kind: 'closed', message: errorText(err) };
    }
  }

  listTools(timeoutMs: number): Promise<readonly ToolInfo[]> {
    return listAllTools((method, params, ms) => this.request(method, params, ms), timeoutMs);
  }

  async callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    const t0 = performance.now();
    const r = await this.request('tools/call', { name, arguments: args }, timeoutMs);
    return replyOutcome(r, performance.now() - t0, timeoutMs);
  }

  /** Legacy: DELETE the session unless told not to (405 = the server does not support it; fine). Modern: nothing to end. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.noDelete || this.era !== 'legacy' || this.sessionId === undefined) return;
    const h: Record<string, string> = { ...this.headers, 'mcp-session-id': this.sessionId, 'mcp-protocol-version': this.protocolVersion };
    await fetch(this.url, { method: 'DELETE', headers: h, signal: AbortSignal.timeout(5000) }).then((r) => r.body?.cancel()).catch(() => undefined);
  }
}
