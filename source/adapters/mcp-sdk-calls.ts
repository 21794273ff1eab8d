// tools/list (every page) and timed tools/call through the SDK Client: the part every SDK-backed session shares.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallOutcome, ToolInfo } from '../core/ports.js';
import { errorOutcome, resultOutcome, toToolInfo } from './mcp-outcome.js';

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
    const res = await client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs });
    return resultOutcome(res as { isError?: boolean; content?: unknown[] }, performance.now() - t0);
  } catch (err) {
    return errorOutcome(err, performance.now() - t0);
  }
}
