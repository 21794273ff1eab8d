// MCP sessions over Streamable HTTP (--url: mcptop's thin client, or the v2 SDK's) and legacy SSE (the v2 SDK's), era negotiated.
import { SSEClientTransport, StreamableHTTPClientTransport, type Client } from '@modelcontextprotocol/client';
import type { CallOutcome, McpConnector, McpSession, ToolInfo } from '../core/ports.js';
import type { EraChoice, McpEra } from '../core/types.js';
import { sdkCallTool, sdkClient, sdkEra, sdkListTools } from './mcp-sdk-calls.js';
import { errorText } from '../core/notices.js';
import { ThinHttpSession } from './mcp-thin-http.js';

export interface HttpConnectorOptions {
  readonly url: string;
  /** 'http' = Streamable HTTP (default), 'sse' = the legacy HTTP+SSE transport. */
  readonly transport?: 'http' | 'sse';
  /** Leave sessions open at the end (no DELETE), to see what abandoned sessions cost the server. */
  readonly noDelete?: boolean;
  /** Extra request headers (e.g. Authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Timeout of the initialize handshake or discover probe, ms (default 10 s; the load passes --timeout). */
  readonly initTimeoutMs?: number;
  /** Which era to speak (default: negotiate). The legacy SSE transport is legacy-only. */
  readonly era?: EraChoice;
  /** Streamable HTTP client: mcptop's thin one (default: see mcp-thin-http.ts for why) or the v2 SDK Client. */
  readonly client?: 'thin' | 'sdk';
}

/**
 * One MCP session = one SDK Client with its own transport (legacy era: a server-side session; modern era: no session,
 * the client is only a connection pool). Calls never get an AbortSignal: the SDK adds an 'abort'
 * listener to the signal of every request and never removes it, so one shared signal (say, to abort a run) would pile
 * up listeners and print MaxListenersExceededWarning over the TUI. Each call has its own timeout instead, and an
 * abort simply stops issuing calls.
 */
class HttpSession implements McpSession {
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly transport: StreamableHTTPClientTransport | SSEClientTransport,
    private readonly noDelete: boolean,
    readonly era: McpEra,
  ) {}

  listTools(timeoutMs: number): Promise<readonly ToolInfo[]> {
    return sdkListTools(this.client, timeoutMs);
  }

  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, latencyMs: 0, kind: 'closed', message: 'session closed' });
    return sdkCallTool(this.client, name, args, timeoutMs);
  }

  /** The session's id as the server gave it (Streamable HTTP only). */
  get sessionId(): string | undefined {
    return this.transport instanceof StreamableHTTPClientTransport ? this.transport.sessionId : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.noDelete && this.era === 'legacy' && this.transport instanceof StreamableHTTPClientTransport) {
      // Per-session state is where HTTP servers leak: say goodbye (405 = the server does not support it; fine).
      await this.transport.terminateSession().catch(() => undefined);
    }
    await this.client.close().catch(() => undefined);
  }
}

export class HttpConnector implements McpConnector {
  readonly transport: 'http' | 'sse';
  private readonly url: URL;

  constructor(private readonly opts: HttpConnectorOptions) {
    this.transport = opts.transport ?? 'http';
    this.url = new URL(opts.url);
  }

  async open(): Promise<McpSession> {
    if (this.transport === 'http' && this.opts.client !== 'sdk') {
      const session = new ThinHttpSession(this.url, this.opts.headers ?? {}, this.opts.noDelete === true);
      try {
        await session.open(this.opts.era ?? 'auto', this.opts.initTimeoutMs ?? 10_000);
      } catch (err) {
        throw new Error(`cannot open an MCP session at ${this.url.href}: ${errorText(err)}`);
      }
      return session;
    }
    const requestInit: RequestInit = this.opts.headers ? { headers: { ...this.opts.headers } } : {};
    const transport = this.transport === 'sse'
      ? new SSEClientTransport(this.url, { requestInit })
      : new StreamableHTTPClientTransport(this.url, { requestInit });
    // Transport errors surface as failed calls; never print them over the TUI (sdkClient silences onerror).
    const client = sdkClient(this.transport === 'sse' ? 'legacy' : this.opts.era ?? 'auto');
    try {
      await client.connect(transport, { timeout: this.opts.initTimeoutMs ?? 10_000 });
    } catch (err) {
      await client.close().catch(() => undefined);
      throw new Error(`cannot open an MCP session at ${this.url.href}: ${errorText(err)}`);
    }
    return new HttpSession(client, transport, this.opts.noDelete === true, sdkEra(client));
  }
}

/** The connector for `--url` (with `--sse` for legacy servers). Session-per-call is the load shape's business, not the connector's. */
export function httpConnector(url: string, opts: { sse?: boolean; sessionPerCall?: boolean; noDelete?: boolean; headers?: Readonly<Record<string, string>>;
  initTimeoutMs?: number; era?: EraChoice } = {}): McpConnector {
  return new HttpConnector({
    url, transport: opts.sse === true ? 'sse' : 'http',
    ...(opts.era !== undefined ? { era: opts.era } : {}),
    ...(opts.noDelete !== undefined ? { noDelete: opts.noDelete } : {}),
    ...(opts.headers !== undefined ? { headers: opts.headers } : {}),
    ...(opts.initTimeoutMs !== undefined ? { initTimeoutMs: opts.initTimeoutMs } : {}),
  });
}
