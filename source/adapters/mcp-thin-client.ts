// The thinnest correct MCP client for stdio load, in both eras: JSON-RPC ids, per-call timeouts, discover or initialize.
import type { CallOutcome, ToolInfo } from '../core/ports.js';
import type { EraChoice, McpEra } from '../core/types.js';
import { listAllTools, replyOutcome, type ThinReply } from './mcp-outcome.js';
import { CLIENT_INFO, LATEST_LEGACY_VERSION, LEGACY_VERSIONS, MODERN_ENVELOPE, parseDiscover, probeSaysLegacy } from './mcp-era.js';
import type { JsonRpcMessage, PipeTransport } from './mcp-pipe-transport.js';

/** What a request over the pipe settles with (no HTTP status here). */
export type Reply = Exclude<ThinReply, { readonly kind: 'http' }>;

interface Pending {
  readonly resolve: (r: Reply) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

/** What came back for one request: a result, a JSON-RPC error, or nothing (timeout / closed). */

interface Incoming {
  readonly id?: string | number;
  readonly method?: string;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code?: number; readonly message?: string };
}

/** The modern probe waits at most this long before deciding a silent server is legacy (as the SDK does on stdio), ms. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * Why not the SDK Client here: it validates every message and every result with zod (several schema parses per
 * call), which doubled mcptop's CPU per call over a raw pipe client; on a busy 2-core box that CPU is taken from the
 * server being measured. This client does what load needs and no more, correctly: it negotiates the era (a
 * `server/discover` probe; a legacy answer or silence falls back to `initialize` on the same pipe), then either sends
 * the modern per-request `_meta` envelope on every request or runs the legacy handshake (version check,
 * notifications/initialized, answering ping), pages tools/list, and never lets a late or unknown reply hurt.
 */
export class ThinClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closed = false;
  /** The protocol version the server agreed to. */
  protocolVersion: string | undefined;
  /** The era negotiated by connect(). */
  era: McpEra | undefined;

  constructor(private readonly transport: PipeTransport) {
    transport.onmessage = (m) => this.onMessage(m as Incoming);
    transport.onclose = () => this.onClose();
  }

  isClosed(): boolean {
    return this.closed;
  }

  async connect(timeoutMs: number, choice: EraChoice = 'auto'): Promise<void> {
    await this.transport.start();
    if (choice !== 'legacy') {
      const probe = await this.request('server/discover', {}, choice === 'modern' ? timeoutMs : Math.min(timeoutMs, PROBE_TIMEOUT_MS), true);
      if (probe.kind === 'closed') throw new Error('connection closed during server/discover (did the server exit?)');
      if (probe.kind === 'result') {
        const d = parseDiscover(probe.result);
        if ('era' in d) { this.era = 'modern'; this.protocolVersion = undefined; return; }
        if (choice === 'modern') throw new Error(`--era modern: ${d.error}`);
      } else if (choice === 'modern') {
        throw new Error(probe.kind === 'timeout' ? `--era modern: server/discover timed out after ${timeoutMs} ms`
          : `--era modern: the server does not speak the modern era (${probe.message}, ${probe.code})`);
      } else if (probe.kind === 'error' && !probeSaysLegacy(probe.code)) {
        throw new Error(`server/discover failed: ${probe.message} (${probe.code})`);
      }
    }
    await this.initialize(timeoutMs);
  }

  private async initialize(timeoutMs: number): Promise<void> {
    const r = await this.request('initialize', { protocolVersion: LATEST_LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO }, timeoutMs);
    if (r.kind === 'timeout') throw new Error(`initialize timed out after ${timeoutMs} ms`);
    if (r.kind === 'closed') throw new Error('connection closed during initialize (did the server exit?)');
    if (r.kind === 'error') throw new Error(`initialize failed: ${r.message} (${r.code})`);
    const version = r.result.protocolVersion;
    if (typeof version !== 'string' || !LEGACY_VERSIONS.includes(version)) {
      throw new Error(`server's protocol version is not supported: ${String(version)}`);
    }
    this.protocolVersion = version;
    this.era = 'legacy';
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  /** One request; in the modern era (or for the probe) its params carry the per-request envelope. */
  request(method: string, params: Record<string, unknown>, timeoutMs: number, modern = this.era === 'modern'): Promise<Reply> {
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    const id = this.nextId++;
    const body = modern ? { ...params, _meta: MODERN_ENVELOPE } : params;
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // Tell the server to stop working on it, as the protocol asks; a failed send changes nothing here.
        const cancel = { requestId: id, reason: 'timeout' };
        void this.send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: modern ? { ...cancel, _meta: MODERN_ENVELOPE } : cancel });
        resolve({ kind: 'timeout' });
      }, timeoutMs);
      this.pending.set(id, { resolve, timer });
      this.send({ jsonrpc: '2.0', id, method, params: body }).catch(() => this.settle(id, { kind: 'closed' }));
    });
  }

  listTools(timeoutMs: number): Promise<ToolInfo[]> {
    return listAllTools((method, params, ms) => this.request(method, params, ms), timeoutMs);
  }

  async callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    const t0 = performance.now();
    const r = await this.request('tools/call', { name, arguments: args }, timeoutMs);
    return replyOutcome(r, performance.now() - t0, timeoutMs);
  }

  private send(m: JsonRpcMessage): Promise<void> {
    return this.transport.send(m);
  }

  private settle(id: number, reply: Reply): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(reply);
  }

  private onMessage(m: Incoming): void {
    if (m.method !== undefined) {
      // A request from the server: answer ping, refuse the rest (we declared no capabilities). Notifications: ignore.
      // The modern era has no server-to-client requests (they ride in input_required results): never answer one there.
      if (m.id === undefined || this.era === 'modern') return;
      const reply = m.method === 'ping'
        ? { jsonrpc: '2.0' as const, id: m.id, result: {} }
        : { jsonrpc: '2.0' as const, id: m.id, error: { code: -32601, message: `method not found: ${m.method}` } };
      void this.send(reply).catch(() => undefined);
      return;
    }
    if (typeof m.id !== 'number') return;
    if (m.error !== undefined) {
      this.settle(m.id, { kind: 'error', code: typeof m.error.code === 'number' ? m.error.code : 0, message: String(m.error.message ?? 'error') });
    } else if (typeof m.result === 'object' && m.result !== null) {
      this.settle(m.id, { kind: 'result', result: m.result });
    }
  }

  private onClose(): void {
    this.closed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, { kind: 'closed' });
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
