// Parses one config file's text by format (JSON/JSONC or TOML) into servers and warnings; never throws.
import { parse as parseToml } from 'smol-toml';
import type { ClientConfigResult, ConfiguredServer } from '../../core/clients/types.js';
import { isRecord, toServers, type EntryContext } from './entry.js';
import { parseJsonc } from './jsonc.js';
import type { ConfigFormat } from './locations.js';

type Parsed = { servers: ConfiguredServer[]; warnings: string[] };

/** The first line of an error, with control and non-ASCII-printable bytes shown as "?" (a binary file is never echoed). */
const errorText = (err: unknown): string => ((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unknown error')
  .replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, '?').slice(0, 200); // eslint-disable-line no-control-regex

/** Text with NUL bytes or many replacement characters is not a config file (a binary, an image...). */
const looksBinary = (text: string): boolean => text.includes('\u0000') || (text.match(/\ufffd/g)?.length ?? 0) > 8;

/** The text of a file as a JSON/JSONC or TOML document, or a warning naming the file. */
export function parseDocument(text: string, format: ConfigFormat, source: string): { doc: unknown } | { warning: string } {
  if (looksBinary(text)) return { warning: `${source}: not a text file; skipped` };
  try {
    return { doc: format === 'codex-toml' ? parseToml(text) : parseJsonc(text) };
  } catch (err) {
    return { warning: `${source}: cannot parse ${format === 'codex-toml' ? 'TOML' : 'JSON'}: ${errorText(err)}` };
  }
}

/** Servers of an already parsed document laid out as `format`. */
export function serversOf(doc: unknown, format: ConfigFormat, ctx: EntryContext): Parsed {
  if (!isRecord(doc)) return { servers: [], warnings: [`${ctx.source}: top level is not an object; ignored`] };
  switch (format) {
    case 'mcpServers':
      return toServers(doc['mcpServers'], ctx, 'mcpServers');
    case 'vscode-servers':
      return toServers(doc['servers'], ctx, 'servers');
    case 'vscode-settings': {
      const mcp = doc['mcp'];
      return toServers(isRecord(mcp) ? mcp['servers'] : doc['mcp.servers'], ctx, 'mcp.servers');
    }
    case 'codex-toml':
      return toServers(doc['mcp_servers'], ctx, 'mcp_servers');
    case 'claude-code-user': {
      const out = toServers(doc['mcpServers'], ctx, 'mcpServers');
      const projects = doc['projects'];
      if (isRecord(projects)) {
        for (const [dir, proj] of Object.entries(projects)) {
          if (!isRecord(proj) || proj['mcpServers'] === undefined) continue;
          const r = toServers(proj['mcpServers'], { ...ctx, scope: 'project', project: dir }, `projects["${dir}"].mcpServers`);
          out.servers.push(...r.servers);
          out.warnings.push(...r.warnings);
        }
      }
      return out;
    }
  }
}

/** Parses a whole file's text; malformed text gives one warning naming the file, never an exception. */
export function parseConfigText(text: string, format: ConfigFormat, ctx: EntryContext): ClientConfigResult {
  if (text.trim() === '') return { servers: [], warnings: [] };
  const parsed = parseDocument(text, format, ctx.source);
  if ('warning' in parsed) return { servers: [], warnings: [parsed.warning] };
  return serversOf(parsed.doc, format, ctx);
}

/** The layout of a document whose client is unknown (a --clients-config file), from the keys it has. */
export function detectFormat(doc: unknown): ConfigFormat | undefined {
  if (!isRecord(doc)) return undefined;
  if (isRecord(doc['mcp_servers'])) return 'codex-toml';
  if (isRecord(doc['projects']) && !isRecord(doc['servers'])) return 'claude-code-user';
  if (isRecord(doc['mcpServers'])) return 'mcpServers';
  if (isRecord(doc['servers'])) return 'vscode-servers';
  if ((isRecord(doc['mcp']) && isRecord(doc['mcp']['servers'])) || isRecord(doc['mcp.servers'])) return 'vscode-settings';
  return undefined;
}
