// Turns MCP client results and errors into CallOutcome kinds, and tools/list entries into ToolInfo (shared by all transports).
import type { CallErrorKind } from '../core/types.js';
import type { CallOutcome, ToolInfo } from '../core/ports.js';
import { errorText } from '../core/notices.js';

/** The SDK's own (v1 McpError, v2 SdkError) codes for a request timeout and a closed connection. */
const TIMEOUT_CODES = new Set<unknown>([-32001, 'REQUEST_TIMEOUT', 'RequestTimeout']);
const CLOSED_CODES = new Set<unknown>([-32000, 'CONNECTION_CLOSED', 'ConnectionClosed', 'NOT_CONNECTED', 'NotConnected']);

/** Which error kind a thrown client error is (read by shape: SDK error classes are not imported on this path). */
export function classifyError(err: unknown): { kind: CallErrorKind; message: string } {
  const message = errorText(err);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (TIMEOUT_CODES.has(code) || /request timed out/i.test(message)) return { kind: 'timeout', message };
  if (CLOSED_CODES.has(code)) return { kind: 'closed', message };
  if (typeof code === 'number' && code < 0) return { kind: 'jsonrpc', message };
  if (/not connected|connection closed|socket hang up|ECONNREFUSED|ECONNRESET|EPIPE|fetch failed/i.test(message)) {
    return { kind: 'closed', message };
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) return { kind: 'timeout', message };
  return { kind: 'other', message };
}

interface ToolResultLike {
  readonly isError?: boolean;
  readonly content?: readonly unknown[];
  /** Modern era: 'complete' (or absent) for a final result, 'input_required' for a multi-round-trip one. */
  readonly resultType?: unknown;
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

/** A resolved tools/call result as an outcome: isError is a failure of kind 'toolError'; input_required its own outcome. */
export function resultOutcome(result: ToolResultLike, latencyMs: number): CallOutcome {
  if (result.resultType === 'input_required') return { ok: true, latencyMs, inputRequired: true };
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

export { CLIENT_INFO } from './mcp-era.js';

/** What a thin client's request settled with (stdio: the first four; HTTP adds an HTTP failure and a closed reason). */
export type ThinReply =
  | { readonly kind: 'result'; readonly result: Record<string, unknown> }
  | { readonly kind: 'error'; readonly code: number; readonly message: string }
  | { readonly kind: 'http'; readonly status: number; readonly message: string }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'closed'; readonly message?: string };

/** A thin client's tools/call reply as an outcome. */
export function replyOutcome(r: ThinReply, latencyMs: number, timeoutMs: number): CallOutcome {
  switch (r.kind) {
    case 'result': return resultOutcome(r.result as ToolResultLike, latencyMs);
    case 'error': return { ok: false, latencyMs, kind: 'jsonrpc', message: `MCP error ${r.code}: ${r.message}` };
    case 'http': return { ok: false, latencyMs, kind: 'other', message: r.message };
    case 'timeout': return { ok: false, latencyMs, kind: 'timeout', message: `no answer within ${timeoutMs} ms` };
    case 'closed': return { ok: false, latencyMs, kind: 'closed', message: r.message ?? 'connection closed (did the server exit?)' };
  }
}

/** Every page of tools/list (at most 100 pages) through a thin client's request function. */
export async function listAllTools(
  request: (method: string, params: Record<string, unknown>, timeoutMs: number) => Promise<ThinReply>, timeoutMs: number,
): Promise<ToolInfo[]> {
  const out: ToolInfo[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const r = await request('tools/list', cursor === undefined ? {} : { cursor }, timeoutMs);
    if (r.kind !== 'result') throw new Error(`tools/list failed: ${r.kind === 'timeout' ? 'timed out' : r.message ?? r.kind}`);
    const tools = Array.isArray(r.result['tools']) ? (r.result['tools'] as { name: string }[]) : [];
    out.push(...tools.filter((t) => typeof t?.name === 'string').map(toToolInfo));
    cursor = typeof r.result['nextCursor'] === 'string' ? r.result['nextCursor'] : undefined;
    if (cursor === undefined) break;
  }
  return out;
}
