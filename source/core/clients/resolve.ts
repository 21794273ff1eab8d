// Picks the configured server `--server <name>` means, and what launching it takes (argv, cwd, env).
import type { ConfiguredServer } from './types.js';

export type ServerPick =
  | { readonly kind: 'ok'; readonly server: ConfiguredServer }
  | { readonly kind: 'missing' | 'ambiguous' | 'not-stdio'; readonly message: string };

const sameLaunch = (a: ConfiguredServer, b: ConfiguredServer): boolean =>
  a.command === b.command && a.args.join('\0') === b.args.join('\0') && a.cwd === b.cwd
  && JSON.stringify(a.env ?? {}) === JSON.stringify(b.env ?? {}) && a.url === b.url;

/**
 * `--server filesystem` or `--server cursor/filesystem` (the label). A name several clients define the same
 * way is not ambiguous: the first definition wins (locations are read in table order, project files first).
 */
export function resolveServer(servers: readonly ConfiguredServer[], name: string): ServerPick {
  const byLabel = servers.filter((s) => s.label === name);
  const found = byLabel.length > 0 ? byLabel : servers.filter((s) => s.name === name);
  const first = found[0];
  if (!first) {
    const known = [...new Set(servers.map((s) => s.label))].sort();
    const hint = known.length > 0 ? `; configured: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''}` : '; no client config was found (see mcptop --clients)';
    return { kind: 'missing', message: `no configured MCP server named "${name}"${hint}` };
  }
  if (!found.every((s) => sameLaunch(s, first))) {
    return { kind: 'ambiguous', message: `"${name}" is defined differently by ${[...new Set(found.map((s) => s.label))].join(', ')}: pick one by label` };
  }
  if (first.transport !== 'stdio' || first.command === undefined) {
    return { kind: 'not-stdio', message: `"${first.label}" is an ${first.transport.toUpperCase()} server at ${first.url ?? '?'}: watch it with --url and --pid` };
  }
  return { kind: 'ok', server: first };
}

/** What the Launcher needs: argv, cwd, and the config's env (the Launcher lays it over the user's environment). */
export function launchSpec(server: ConfiguredServer): { argv: string[]; cwd?: string; env?: Record<string, string> } {
  return {
    argv: [server.command ?? '', ...server.args],
    ...(server.cwd === undefined ? {} : { cwd: server.cwd }),
    ...(server.env === undefined ? {} : { env: { ...server.env } }),
  };
}
