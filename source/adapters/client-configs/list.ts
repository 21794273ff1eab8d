// The `mcptop --clients` listing: what was found, one server a line, secrets redacted.
import type { ClientConfigResult, ConfiguredServer } from '../../core/clients/types.js';
import { redactArgv, redactText } from '../../core/redact.js';
import { loadClientConfigs, type LoadOptions } from './load.js';

/** The command (redacted) or URL (credentials redacted) a server is reached by, with its env names. */
export function describeTarget(s: ConfiguredServer): string {
  if (s.transport !== 'stdio') return redactText(s.url ?? '');
  const quote = (a: string): string => (a === '' || /[\s"'\\$`]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a);
  const argv = redactArgv([s.command ?? '', ...s.args]).map(quote).join(' ');
  const env = s.env && Object.keys(s.env).length > 0 ? `  [env: ${Object.keys(s.env).join(', ')}]` : '';
  return argv + env;
}

const pad = (text: string, width: number): string => text + ' '.repeat(Math.max(0, width - text.length));

/** Aligned plain text: CLIENT NAME TRANSPORT SCOPE COMMAND/URL, then the files that gave warnings. */
export function formatClients(result: ClientConfigResult, opts: { warnings?: boolean } = {}): string {
  const lines: string[] = [];
  if (result.servers.length === 0) lines.push('No MCP servers found in client configs.');
  else {
    const rows = result.servers.map((s) => [s.client, s.name + (s.disabled ? ' (disabled)' : ''), s.transport, s.scope === 'project' && s.project ? `project ${s.project}` : s.scope, describeTarget(s)]);
    const head = ['CLIENT', 'NAME', 'TRANSPORT', 'SCOPE', 'COMMAND / URL'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i] ?? 0))).join('  ');
    lines.push(line(head), ...rows.map(line));
    const files = [...new Set(result.servers.map((s) => s.source))];
    lines.push('', 'Read from:', ...files.map((f) => `  ${f}`));
  }
  if (opts.warnings !== false) for (const w of result.warnings) lines.push(`warning: ${redactText(w)}`);
  return `${lines.join('\n')}\n`;
}

/** `mcptop --clients`: prints the listing to `out`; exit code 0 (warnings do not fail it). */
export async function runClients(opts: LoadOptions, out: (text: string) => void): Promise<number> {
  out(formatClients(await loadClientConfigs(opts)));
  return 0;
}
