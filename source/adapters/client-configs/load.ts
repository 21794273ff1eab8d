// Reads every known client config (or the --clients-config files) from disk into {servers, warnings}.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, extname, resolve } from 'node:path';
import type { ClientConfigResult, ConfiguredServer } from '../../core/clients/types.js';
import type { EntryContext } from './entry.js';
import { CLIENT_LOCATIONS, guessFromPath, resolveLocation, type ClientLocation, type ConfigFormat, type Platform } from './locations.js';
import { detectFormat, parseDocument, serversOf } from './parse.js';

export interface LoadOptions {
  /** Home folder (default: os.homedir()); tests pass a fixture folder so real files are never read. */
  readonly home?: string;
  /** Project folder for .mcp.json, .cursor/ and .vscode/ (default: process.cwd()). */
  readonly cwd?: string;
  readonly platform?: Platform;
  /** Environment for XDG_CONFIG_HOME, CODEX_HOME, APPDATA and ${env:…} expansion (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces {system} (default /etc on Linux), for tests. */
  readonly systemDir?: string;
  /** --clients-config: read only these files, whatever their name. */
  readonly files?: readonly string[];
  /** Replaces the location table (default CLIENT_LOCATIONS). */
  readonly locations?: readonly ClientLocation[];
}

const currentPlatform = (): Platform => (process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux');

/** The text of a file; undefined when it does not exist; a warning string when it exists but cannot be read. */
async function readText(file: string, mustExist: boolean): Promise<{ text: string } | { warning: string } | undefined> {
  try {
    return { text: await readFile(file, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !mustExist) return undefined;
    return { warning: `${file}: cannot read (${code ?? (err instanceof Error ? err.message : String(err))})` };
  }
}

/** A --clients-config file that is a project file names its project: ${workspaceFolder} expands to it. */
function projectOfFile(file: string): string | undefined {
  if (/[/\\]\.(vscode|cursor)[/\\]mcp\.json$/.test(file)) return dirname(dirname(file));
  return /[/\\]\.mcp\.json$/.test(file) ? dirname(file) : undefined;
}

interface Job { readonly file: string; readonly loc?: ClientLocation }

/** Loads the servers of every client config found; a missing file is silent, a broken one is a warning naming it. */
export async function loadClientConfigs(opts: LoadOptions = {}): Promise<ClientConfigResult> {
  const home = opts.home ?? homedir();
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? currentPlatform();
  const ctxBase = { home, cwd, platform, env, ...(opts.systemDir === undefined ? {} : { systemDir: opts.systemDir }) };
  const jobs: Job[] = [];
  const seen = new Set<string>();
  if (opts.files && opts.files.length > 0) {
    for (const f of opts.files) {
      const file = resolve(cwd, f);
      if (!seen.has(file)) { seen.add(file); jobs.push({ file }); }
    }
  } else {
    for (const loc of opts.locations ?? CLIENT_LOCATIONS) {
      const path = resolveLocation(loc, ctxBase);
      if (path === undefined) continue;
      const file = resolve(path);
      if (!seen.has(file)) { seen.add(file); jobs.push({ file, loc }); }
    }
  }
  const results = await Promise.all(jobs.map((job) => loadOne(job, { home, cwd, env })));
  const servers: ConfiguredServer[] = [];
  const warnings: string[] = [];
  for (const r of results) { servers.push(...r.servers); warnings.push(...r.warnings); }
  return { servers, warnings };
}

async function loadOne(job: Job, base: { home: string; cwd: string; env: Readonly<Record<string, string | undefined>> }): Promise<ClientConfigResult> {
  const read = await readText(job.file, job.loc === undefined);
  if (read === undefined) return { servers: [], warnings: [] };
  if ('warning' in read) return { servers: [], warnings: [read.warning] };
  if (read.text.trim() === '') return { servers: [], warnings: [] };
  const guess = job.loc ?? guessFromPath(job.file);
  const firstTry: ConfigFormat = guess?.format ?? (extname(job.file).toLowerCase() === '.toml' ? 'codex-toml' : 'mcpServers');
  const parsed = parseDocument(read.text, firstTry, job.file);
  if ('warning' in parsed) return { servers: [], warnings: [parsed.warning] };
  const format = job.loc?.format ?? detectFormat(parsed.doc) ?? firstTry;
  const scope = job.loc?.scope ?? 'file';
  const project = scope === 'project' ? base.cwd : projectOfFile(job.file);
  const ctx: EntryContext = {
    client: guess?.client ?? 'config', source: job.file, scope, home: base.home, cwd: base.cwd, env: base.env,
    ...(project === undefined ? {} : { project }),
  };
  const r = serversOf(parsed.doc, format, ctx);
  if (job.loc === undefined && r.servers.length === 0 && r.warnings.length === 0) {
    return { servers: [], warnings: [`${job.file}: no MCP servers found (expected "mcpServers", "servers", "mcp.servers" or [mcp_servers.NAME])`] };
  }
  return r;
}
