// MCP sessions over a launched server's own pipes: one SDK Client per process, shared by every user of that process.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallOutcome, McpConnector, McpSession, ToolInfo } from '../core/ports.js';
import { CLIENT_INFO, errorOutcome, resultOutcome, toToolInfo } from './mcp-outcome.js';
import { PipeTransport, type StdioEndpoint } from './mcp-pipe-transport.js';

export type { StdioEndpoint } from './mcp-pipe-transport.js';

/**
 * One initialized connection to a stdio server. A process has one stdin/stdout, so there is at most one channel
 * per process (the demo trickle and a load run share it); calls are pipelined on it.
 */
class StdioChannel {
  private readonly transport: PipeTransport;
  private readonly client: Client;
  private ready: Promise<void> | undefined;
  private closed = false;

  constructor(endpoint: StdioEndpoint) {
    this.transport = new PipeTransport(endpoint);
    this.client = new Client(CLIENT_INFO, { capabilities: {} });
    // Protocol errors (a stray response, an unknown notification) are counted by the calls they break, not printed.
    this.client.onerror = () => undefined;
    this.client.onclose = () => { this.closed = true; };
  }

  connect(timeoutMs: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('connection closed: the server exited'));
    this.ready ??= this.client.connect(this.transport, { timeout: timeoutMs }).catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  isClosed(): boolean {
    return this.closed;
  }

  garbageLines(): number {
    return this.transport.garbageLines;
  }

  async listTools(timeoutMs: number): Promise<readonly ToolInfo[]> {
    const out: ToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const res = await this.client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
      out.push(...res.tools.map(toToolInfo));
      cursor = res.nextCursor;
      if (cursor === undefined) break;
    }
    return out;
  }

  async callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    const t0 = performance.now();
    try {
      // A per-call timeout, not a shared AbortSignal: thousands of calls never pile listeners on one signal.
      const res = await this.client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
      return resultOutcome(res as { isError?: boolean; content?: unknown[] }, performance.now() - t0);
    } catch (err) {
      return errorOutcome(err, performance.now() - t0);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.close();
  }
}

const channels = new WeakMap<StdioEndpoint, StdioChannel>();

function channelFor(endpoint: StdioEndpoint): StdioChannel {
  let ch = channels.get(endpoint);
  if (!ch || ch.isClosed()) {
    ch = new StdioChannel(endpoint);
    channels.set(endpoint, ch);
  }
  return ch;
}

/** A user's handle on the shared channel; closing it ends this handle only, never the process or the channel. */
class StdioSessionHandle implements McpSession {
  private closed = false;
  constructor(private readonly channel: StdioChannel) {}

  listTools(timeoutMs: number): Promise<readonly ToolInfo[]> {
    return this.channel.listTools(timeoutMs);
  }

  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, latencyMs: 0, kind: 'closed', message: 'session closed' });
    return this.channel.callTool(name, args, timeoutMs);
  }

  garbageLines(): number {
    return this.channel.garbageLines();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** Open (initialize once, then share) an MCP session over a launched process's pipes. */
export async function openStdioSession(endpoint: StdioEndpoint, timeoutMs = 10_000): Promise<McpSession> {
  if (!endpoint.alive()) throw new Error('connection closed: the server has exited');
  const ch = channelFor(endpoint);
  await ch.connect(timeoutMs);
  return new StdioSessionHandle(ch);
}

/** Detach mcptop's client from a process's pipes (the process keeps running; its output is still drained). */
export async function closeStdioChannel(endpoint: StdioEndpoint): Promise<void> {
  const ch = channels.get(endpoint);
  channels.delete(endpoint);
  await ch?.close();
}

/** Connector for the stress engines: every open() shares the process's one channel. */
export class StdioConnector implements McpConnector {
  readonly transport = 'stdio' as const;
  constructor(private readonly endpoint: StdioEndpoint, private readonly initTimeoutMs = 10_000) {}
  open(): Promise<McpSession> {
    return openStdioSession(this.endpoint, this.initTimeoutMs);
  }
}
