// The v2 SDK Client as mcptop uses it: built for an era choice, tools/list (every page), timed tools/call as outcomes.
import { Client, type VersionNegotiationOptions } from '@modelcontextprotocol/client';
import type { CallOutcome, ToolInfo } from '../core/ports.js';
import type { EraChoice, McpEra } from '../core/types.js';
import { errorOutcome, resultOutcome, toToolInfo } from './mcp-outcome.js';
import { CLIENT_INFO, MODERN_VERSION } from './mcp-era.js';

/** auto = probe with server/discover and fall back to initialize; modern = pinned (no fallback); legacy = plain 2025 handshake. */
export function negotiation(choice: EraChoice): VersionNegotiationOptions {
  return { mode: choice === 'auto' ? 'auto' : choice === 'modern' ? { pin: MODERN_VERSION } : 'legacy' };
}

/**
 * A client that never auto-fulfils `input_required` (mcptop declares no elicitation or sampling handlers): such a
 * result comes back to the call, which counts it as its own outcome.
 */
export function sdkClient(choice: EraChoice): Client {
  const client = new Client(CLIENT_INFO, { capabilities: {}, versionNegotiation: negotiation(choice), inputRequired: { autoFulfill: false } });
  // Protocol errors (a stray response, an unknown notification) are counted by the calls they break, not printed.
  client.onerror = () => undefined;
  return client;
}

/** The era the client negotiated ('legacy' when the SDK does not say). */
export function sdkEra(client: Client): McpEra {
  return client.getProtocolEra() === 'modern' ? 'modern' : 'legacy';
}

/** Follows nextCursor, at most 100 pages, so a server that never stops paging cannot hold a session forever. */
export async function sdkListTools(client: Client, timeoutMs: number): Promise<ToolInfo[]> {
  const out: ToolInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await client.listTools(cursor === undefined ? {} : { cursor }, { timeout: timeoutMs });
    out.push(...res.tools.map(toToolInfo));
    cursor = res.nextCursor;
    if (cursor === undefined) break;
  }
  return out;
}

/** One tools/call with its latency; failures become outcomes, never throws. */
export async function sdkCallTool(client: Client, name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
  const t0 = performance.now();
  try {
    // A per-call timeout, never a shared AbortSignal: the SDK never removes the listeners it adds to one.
    const res = await client.callTool({ name, arguments: args }, { timeout: timeoutMs, allowInputRequired: true });
    return resultOutcome(res as { isError?: boolean; content?: unknown[]; resultType?: unknown }, performance.now() - t0);
  } catch (err) {
    return errorOutcome(err, performance.now() - t0);
  }
}
