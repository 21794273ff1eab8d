// Turns MCP client results and errors into CallOutcome kinds, and tools/list entries into ToolInfo (shared by all transports).
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { CallErrorKind } from '../core/types.js';
import type { CallOutcome, ToolInfo } from '../core/ports.js';
import { errorText } from '../core/notices.js';

/** Which error kind a thrown client error is. */
export function classifyError(err: unknown): { kind: CallErrorKind; message: string } {
  const message = errorText(err);
  if (err instanceof McpError) {
    if (err.code === ErrorCode.RequestTimeout) return { kind: 'timeout', message };
    if (err.code === ErrorCode.ConnectionClosed) return { kind: 'closed', message };
    return { kind: 'jsonrpc', message };
  }
  if (/not connected|connection closed|socket hang up|ECONNREFUSED|ECONNRESET|EPIPE|fetch failed/i.test(message)) {
    return { kind: 'closed', message };
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return { kind: 'timeout', message };
  return { kind: 'other', message };
}

interface ToolResultLike {
  readonly isError?: boolean;
  readonly content?: readonly unknown[];
}

function firstText(content: readonly unknown[] | undefined): string {
  for (const c of content ?? []) {
    if (typeof c === 'object' && c !== null && (c as { type?: unknown }).type === 'text') {
      const text = (c as { text?: unknown }).text;
      if (typeof text === 'string') return text.slice(0, 200);
    }
  }
  return 'tool returned isError';
}

/** A resolved tools/call result as an outcome: isError is a failure of kind 'toolError'. */
export function resultOutcome(result: ToolResultLike, latencyMs: number): CallOutcome {
  if (result.isError === true) return { ok: false, latencyMs, kind: 'toolError', message: firstText(result.content) };
  return { ok: true, latencyMs };
}

export function errorOutcome(err: unknown, latencyMs: number): CallOutcome {
  return { ok: false, latencyMs, ...classifyError(err) };
}

interface ToolLike {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: { readonly required?: readonly string[]; readonly properties?: Readonly<Record<string, unknown>> };
}

export function toToolInfo(t: ToolLike): ToolInfo {
  return {
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    required: [...(t.inputSchema?.required ?? [])],
    properties: Object.keys(t.inputSchema?.properties ?? {}),
  };
}

export const CLIENT_INFO = { name: 'mcptop', version: '0.1.0' } as const;
