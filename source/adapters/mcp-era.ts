// The wire facts of the two MCP eras that mcptop's own clients need: revisions, the per-request `_meta` envelope, era picking.
import type { EraChoice, McpEra } from '../core/types.js';

/** The first (and, here, only) modern revision: stateless, `server/discover`, a per-request envelope. */
export const MODERN_VERSION = '2026-07-28';
/** The legacy revisions mcptop's thin client accepts from `initialize`, newest first. */
export const LEGACY_VERSIONS: readonly string[] = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05', '2024-10-07'];
export const LATEST_LEGACY_VERSION = '2025-11-25';

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
} as const;

export const CLIENT_INFO = { name: 'mcptop', version: '0.1.0' } as const;

/** The `_meta` every modern request carries (built once: it never changes for a client). */
export const MODERN_ENVELOPE: Readonly<Record<string, unknown>> = Object.freeze({
  [META.protocolVersion]: MODERN_VERSION,
  [META.clientInfo]: CLIENT_INFO,
  [META.clientCapabilities]: {},
});

/** JSON-RPC codes that say "I do not speak that revision / method": a legacy server answering a modern probe. */
export const METHOD_NOT_FOUND = -32601;
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** What a `server/discover` reply means for the era: modern when it offers our revision, else legacy (or a failure). */
export function parseDiscover(result: Record<string, unknown>): { era: McpEra } | { error: string } {
  const versions = result['supportedVersions'];
  if (!Array.isArray(versions)) return { error: 'server/discover result has no supportedVersions' };
  return versions.includes(MODERN_VERSION) ? { era: 'modern' } : { error: `server offers ${versions.join(', ') || 'no revision'}, not ${MODERN_VERSION}` };
}

/** A JSON-RPC error to the modern probe that means "legacy server": method not found, unsupported version, invalid request. */
export function probeSaysLegacy(code: number): boolean {
  return code === METHOD_NOT_FOUND || code === UNSUPPORTED_PROTOCOL_VERSION || code === -32600 || code === -32602;
}

export function eraLabel(choice: EraChoice): string {
  return choice === 'auto' ? 'negotiated' : `forced ${choice}`;
}
