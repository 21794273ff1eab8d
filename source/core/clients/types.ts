// The vocabulary of MCP client configs: which client, and one configured server as mcptop understands it.

/** The MCP clients whose configs mcptop reads; "config" is a file given with --clients-config that names no client. */
export const CLIENT_IDS = ['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'config'] as const;
export type ClientId = (typeof CLIENT_IDS)[number];

export type ServerTransport = 'stdio' | 'http' | 'sse';

/** Where a definition came from: a user-wide file, a project file, an admin-managed file, or --clients-config. */
export type ConfigScope = 'user' | 'project' | 'managed' | 'file';

/** One MCP server as a client config defines it. Stdio servers have a command; HTTP/SSE ones a url. */
export interface ConfiguredServer {
  readonly client: ClientId;
  /** The key in the client's config ("filesystem"). */
  readonly name: string;
  /** Row label: "client/name" ("cursor/filesystem"). */
  readonly label: string;
  readonly transport: ServerTransport;
  /** Executable as written in the config ("npx", "node", "/usr/bin/docker"). */
  readonly command?: string;
  readonly args: readonly string[];
  /** Extra environment the client sets (values are secrets until shown otherwise: print through redactEnv). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory: the config's own cwd, else the project folder for project-scoped files. */
  readonly cwd?: string;
  readonly url?: string;
  /** The file this came from. */
  readonly source: string;
  readonly scope: ConfigScope;
  /** Claude Code per-project entries and project files: the project folder. */
  readonly project?: string;
  /** The client is told not to start it (Cursor/Windsurf "disabled", Codex enabled = false). */
  readonly disabled?: boolean;
}

/** What the loader gives: every server found, and one readable warning per file or entry it could not use. */
export interface ClientConfigResult {
  readonly servers: readonly ConfiguredServer[];
  readonly warnings: readonly string[];
}
