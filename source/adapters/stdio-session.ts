// MCP sessions over a launched server's own pipes: one client per process, shared by every user of that process.
import type { Client } from '@modelcontextprotocol/client';
import type { CallOutcome, McpConnector, McpSession, ToolInfo } from '../core/ports.js';
import type { EraChoice, McpEra } from '../core/types.js';
import type * as SdkCalls from './mcp-sdk-calls.js';
import { PipeTransport, type StdioEndpoint } from './mcp-pipe-transport.js';
import { ThinClient } from './mcp-thin-client.js';

export type { StdioEndpoint } from './mcp-pipe-transport.js';

/** Which client speaks MCP on the pipes: the thin one (default, see mcp-thin-client.ts for why) or the SDK Client. */
export type StdioClientKind = 'thin' | 'sdk';

interface ChannelClient {
  connect(timeoutMs: number, era: EraChoice): Promise<void>;
  readonly era: McpEra | undefined;
  listTools(timeoutMs: number): Promise<readonly ToolInfo[]>;
  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome>;
  close(): Promise<void>;
  isClosed(): boolean;
}

/** The official v2 SDK Client over the same transport (kept for comparison and as a fallback; loaded only if asked for). */
class SdkClient implements ChannelClient {
  private client: Client | undefined;
  private calls: typeof SdkCalls | undefined;
  private closed = false;
  era: McpEra | undefined;

  constructor(private readonly transport: PipeTransport) {}

  async connect(timeoutMs: number, era: EraChoice): Promise<void> {
    const calls = this.calls ??= await import('./mcp-sdk-calls.js');
    const client = this.client ??= calls.sdkClient(era);
    client.onclose = () => { this.closed = true; };
    await client.connect(this.transport, { timeout: timeoutMs });
    this.era = calls.sdkEra(client);
  }

  private get sdk(): { client: Client; calls: typeof SdkCalls } {
    if (!this.client || !this.calls) throw new Error('not connected');
    return { client: this.client, calls: this.calls };
  }

  isClosed(): boolean {
    return this.closed;
  }

  listTools(timeoutMs: number): Promise<readonly ToolInfo[]> {
    const { client, calls } = this.sdk;
    return calls.sdkListTools(client, timeoutMs);
  }

  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    const { client, calls } = this.sdk;
    return calls.sdkCallTool(client, name, args, timeoutMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.close();
  }
}

/** One initialized connection to a stdio server; calls are pipelined on it. */
class StdioChannel {
  readonly transport: PipeTransport;
  readonly client: ChannelClient;
  private ready: Promise<void> | undefined;

  constructor(endpoint: StdioEndpoint, kind: StdioClientKind, readonly eraChoice: EraChoice) {
    this.transport = new PipeTransport(endpoint);
    this.client = kind === 'sdk' ? new SdkClient(this.transport) : new ThinClient(this.transport);
  }

  connect(timeoutMs: number): Promise<void> {
    if (this.client.isClosed()) return Promise.reject(new Error('connection closed: the server exited'));
    this.ready ??= this.client.connect(timeoutMs, this.eraChoice).catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }
}

const channels = new WeakMap<StdioEndpoint, StdioChannel>();

/** The era of a process's channel is decided once; a later open with another --era choice reuses what was negotiated. */
function channelFor(endpoint: StdioEndpoint, kind: StdioClientKind, era: EraChoice): StdioChannel {
  let ch = channels.get(endpoint);
  if (!ch || ch.client.isClosed()) {
    ch = new StdioChannel(endpoint, kind, era);
    channels.set(endpoint, ch);
  }
  return ch;
}

/** A user's handle on the shared channel; closing it ends this handle only, never the process or the channel. */
class StdioSessionHandle implements McpSession {
  private closed = false;
  constructor(private readonly channel: StdioChannel) {}

  get era(): McpEra | undefined {
    return this.channel.client.era;
  }

  listTools(timeoutMs: number): Promise<readonly ToolInfo[]> {
    return this.channel.client.listTools(timeoutMs);
  }

  callTool(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, latencyMs: 0, kind: 'closed', message: 'session closed' });
    return this.channel.client.callTool(name, args, timeoutMs);
  }

  garbageLines(): number {
    return this.channel.transport.garbageLines;
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/** Open (initialize once, then share) an MCP session over a launched process's pipes. */
export async function openStdioSession(endpoint: StdioEndpoint, timeoutMs = 10_000, kind: StdioClientKind = 'thin', era: EraChoice = 'auto'): Promise<McpSession> {
  if (!endpoint.alive()) throw new Error('connection closed: the server has exited');
  const ch = channelFor(endpoint, kind, era);
  await ch.connect(timeoutMs);
  return new StdioSessionHandle(ch);
}

/** Detach mcptop's client from a process's pipes (the process keeps running; its output is still drained). */
export async function closeStdioChannel(endpoint: StdioEndpoint): Promise<void> {
  const ch = channels.get(endpoint);
  channels.delete(endpoint);
  await ch?.client.close();
}

/** Connector for the stress engines: every open() shares the process's one channel. */
export class StdioConnector implements McpConnector {
  readonly transport = 'stdio' as const;
  constructor(private readonly endpoint: StdioEndpoint, private readonly initTimeoutMs = 10_000, private readonly kind: StdioClientKind = 'thin',
    private readonly era: EraChoice = 'auto') {}
  open(): Promise<McpSession> {
    return openStdioSession(this.endpoint, this.initTimeoutMs, this.kind, this.era);
  }
}
