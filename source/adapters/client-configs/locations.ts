// Where each MCP client keeps its server definitions, per platform: one table, easy to correct.
import type { ClientId, ConfigScope } from '../../core/clients/types.js';

/**
 * How a file lays its servers out:
 * - mcpServers: {"mcpServers": {name: {command, args, env, cwd} | {url|serverUrl, type}}} (Claude Desktop, Cursor, Windsurf, .mcp.json)
 * - claude-code-user: ~/.claude.json, "mcpServers" at the top plus "projects": {"/abs/dir": {"mcpServers": {...}}}
 * - vscode-servers: {"servers": {name: {type, command, args, env, envFile, url}}} (.vscode/mcp.json, User/mcp.json)
 * - vscode-settings: settings.json (JSONC) with "mcp": {"servers": {...}}
 * - codex-toml: config.toml with [mcp_servers.NAME] command, args, env, cwd, url, enabled
 */
export type ConfigFormat = 'mcpServers' | 'claude-code-user' | 'vscode-servers' | 'vscode-settings' | 'codex-toml';

export type Platform = 'linux' | 'darwin' | 'win32';

export interface ClientLocation {
  readonly client: ClientId;
  readonly format: ConfigFormat;
  readonly scope: ConfigScope;
  /**
   * Path template. {home} the home folder; {cwd} the project folder; {appConfig} ~/.config or $XDG_CONFIG_HOME
   * (Linux), ~/Library/Application Support (macOS), %APPDATA% (Windows); {codexHome} $CODEX_HOME or ~/.codex;
   * {system} /etc (Linux), /Library/Application Support (macOS), %ProgramData% (Windows).
   */
  readonly path: string;
  /** Platforms where this location exists; all when absent. */
  readonly platforms?: readonly Platform[];
}

/** Read in this order: project files before user files, so `--server NAME` prefers the project's definition. */
export const CLIENT_LOCATIONS: readonly ClientLocation[] = [
  { client: 'claude-code', format: 'mcpServers', scope: 'project', path: '{cwd}/.mcp.json' },
  { client: 'cursor', format: 'mcpServers', scope: 'project', path: '{cwd}/.cursor/mcp.json' },
  { client: 'vscode', format: 'vscode-servers', scope: 'project', path: '{cwd}/.vscode/mcp.json' },
  { client: 'claude-desktop', format: 'mcpServers', scope: 'user', path: '{appConfig}/Claude/claude_desktop_config.json' },
  { client: 'claude-code', format: 'claude-code-user', scope: 'user', path: '{home}/.claude.json' },
  { client: 'claude-code', format: 'mcpServers', scope: 'managed', path: '{system}/claude-code/managed-mcp.json', platforms: ['linux'] },
  { client: 'claude-code', format: 'mcpServers', scope: 'managed', path: '{system}/ClaudeCode/managed-mcp.json', platforms: ['darwin', 'win32'] },
  { client: 'cursor', format: 'mcpServers', scope: 'user', path: '{home}/.cursor/mcp.json' },
  { client: 'vscode', format: 'vscode-servers', scope: 'user', path: '{appConfig}/Code/User/mcp.json' },
  { client: 'vscode', format: 'vscode-settings', scope: 'user', path: '{appConfig}/Code/User/settings.json' },
  { client: 'vscode', format: 'vscode-servers', scope: 'user', path: '{appConfig}/Code - Insiders/User/mcp.json' },
  { client: 'vscode', format: 'vscode-settings', scope: 'user', path: '{appConfig}/Code - Insiders/User/settings.json' },
  { client: 'windsurf', format: 'mcpServers', scope: 'user', path: '{home}/.codeium/windsurf/mcp_config.json' },
  { client: 'codex', format: 'codex-toml', scope: 'user', path: '{codexHome}/config.toml' },
];

/** What the templates are filled from; tests pass a fake home, cwd and system folder so no real file is read. */
export interface LocationContext {
  readonly home: string;
  readonly cwd: string;
  readonly platform: Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Overrides {system} (default: /etc on Linux). */
  readonly systemDir?: string;
}

const join = (...parts: string[]): string => parts.join('/').replace(/\/{2,}/g, '/');

/** Fills a template; undefined when the location does not exist on this platform. */
export function resolveLocation(loc: ClientLocation, ctx: LocationContext): string | undefined {
  if (loc.platforms && !loc.platforms.includes(ctx.platform)) return undefined;
  const appConfig = ctx.platform === 'darwin' ? join(ctx.home, 'Library/Application Support')
    : ctx.platform === 'win32' ? (ctx.env['APPDATA'] ?? join(ctx.home, 'AppData/Roaming'))
      : (ctx.env['XDG_CONFIG_HOME'] || join(ctx.home, '.config'));
  const system = ctx.systemDir ?? (ctx.platform === 'darwin' ? '/Library/Application Support'
    : ctx.platform === 'win32' ? (ctx.env['ProgramData'] ?? 'C:/ProgramData') : '/etc');
  const codexHome = ctx.env['CODEX_HOME'] || join(ctx.home, '.codex');
  const vars: Readonly<Record<string, string>> = { home: ctx.home, cwd: ctx.cwd, appConfig, system, codexHome };
  return loc.path.replace(/\{(\w+)\}/g, (m, name: string) => vars[name] ?? m);
}

/** The client and format a file given with --clients-config most likely is, from its path alone. */
export function guessFromPath(file: string): { client: ClientId; format: ConfigFormat } | undefined {
  const f = file.replace(/\\/g, '/');
  const rules: readonly [RegExp, ClientId, ConfigFormat][] = [
    [/claude_desktop_config\.json$/, 'claude-desktop', 'mcpServers'],
    [/(^|\/)\.claude\.json$/, 'claude-code', 'claude-code-user'],
    [/(^|\/)(\.mcp|managed-mcp)\.json$/, 'claude-code', 'mcpServers'],
    [/(^|\/)\.cursor\/mcp\.json$/, 'cursor', 'mcpServers'],
    [/(^|\/)\.vscode\/mcp\.json$|\/User\/mcp\.json$/, 'vscode', 'vscode-servers'],
    [/\/User\/settings\.json$/, 'vscode', 'vscode-settings'],
    [/windsurf\/mcp_config\.json$/, 'windsurf', 'mcpServers'],
    [/\.toml$/, 'codex', 'codex-toml'],
  ];
  for (const [re, client, format] of rules) if (re.test(f)) return { client, format };
  return undefined;
}
