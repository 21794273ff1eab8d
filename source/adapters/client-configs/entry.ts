// One server entry of any client's config -> a ConfiguredServer, or a warning saying why it was skipped.
import type { ClientId, ConfigScope, ConfiguredServer, ServerTransport } from '../../core/clients/types.js';

/** Where an entry was found and what its ${…} variables expand to. */
export interface EntryContext {
  readonly client: ClientId;
  readonly source: string;
  readonly scope: ConfigScope;
  readonly home: string;
  readonly cwd: string;
  /** The project folder of project-scoped files and Claude Code per-project entries. */
  readonly project?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Expands the variables clients expand: VS Code / Cursor ${workspaceFolder}, ${userHome}, ${env:NAME};
 * Claude Code ${NAME} and ${NAME:-default}. Unknown ones (${input:…}) stay as written.
 */
export function expandVars(text: string, ctx: EntryContext): string {
  return text.replace(/\$\{([^}]+)\}/g, (m, inner: string) => {
    if (inner === 'workspaceFolder' || inner === 'workspaceRoot') return ctx.project ?? ctx.cwd;
    if (inner === 'userHome') return ctx.home;
    if (inner === 'pathSeparator' || inner === '/') return '/';
    const envRef = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(inner);
    if (envRef) return ctx.env[envRef[1] ?? ''] ?? '';
    const plain = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/.exec(inner);
    if (plain) return ctx.env[plain[1] ?? ''] ?? plain[2] ?? m;
    return m;
  });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function transportOf(type: unknown, url: string): ServerTransport {
  const t = typeof type === 'string' ? type.toLowerCase() : undefined;
  if (t === 'sse') return 'sse';
  if (t !== undefined && t !== 'stdio') return 'http';
  return /\/sse\/?(\?|$)/.test(url) ? 'sse' : 'http';
}

/** Converts one entry; a string result is a warning naming the file and the entry. */
export function toServer(name: string, raw: unknown, ctx: EntryContext): ConfiguredServer | string {
  const where = `${ctx.source}: server "${name}"`;
  if (!isRecord(raw)) return `${where} is not an object; skipped`;
  const x = (v: string): string => expandVars(v, ctx);
  const base = {
    client: ctx.client, name, label: `${ctx.client}/${name}`, source: ctx.source, scope: ctx.scope,
    ...(ctx.project === undefined ? {} : { project: ctx.project }),
    ...(raw['disabled'] === true || raw['enabled'] === false ? { disabled: true } : {}),
  };
  // A command or URL must be text: `"url": 5` is a mistake to report, not a server at "5".
  for (const key of ['command', 'url', 'serverUrl', 'httpUrl']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string') return `${where}: "${key}" is not a string; skipped`;
  }
  const command = str(raw['command']);
  const url = str(raw['url']) ?? str(raw['serverUrl']) ?? str(raw['httpUrl']);
  if (command !== undefined && command.trim() !== '') {
    const rawArgs = raw['args'];
    if (rawArgs !== undefined && !Array.isArray(rawArgs)) return `${where}: "args" is not a list; skipped`;
    const args = (rawArgs ?? []).map((a) => x(str(a) ?? JSON.stringify(a)));
    let env: Record<string, string> | undefined;
    if (isRecord(raw['env'])) {
      env = {};
      for (const [k, v] of Object.entries(raw['env'])) { const s = str(v); if (s !== undefined) env[k] = x(s); }
    }
    const cwd = str(raw['cwd']) ?? ctx.project;
    return {
      ...base, transport: 'stdio', command: x(command), args,
      ...(env === undefined ? {} : { env }), ...(cwd === undefined ? {} : { cwd: x(cwd) }),
    };
  }
  if (url !== undefined && url.trim() !== '') {
    const u = x(url);
    return { ...base, transport: transportOf(raw['type'] ?? raw['transport'], u), args: [], url: u };
  }
  return `${where} has neither "command" nor "url"; skipped`;
}

/** Converts a {name: entry} table; a table that is not an object is one warning. */
export function toServers(table: unknown, ctx: EntryContext, key: string): { servers: ConfiguredServer[]; warnings: string[] } {
  const servers: ConfiguredServer[] = [];
  const warnings: string[] = [];
  if (table === undefined || table === null) return { servers, warnings };
  if (!isRecord(table)) return { servers, warnings: [`${ctx.source}: "${key}" is not an object; ignored`] };
  for (const [name, raw] of Object.entries(table)) {
    const r = toServer(name, raw, ctx);
    if (typeof r === 'string') warnings.push(r); else servers.push(r);
  }
  return { servers, warnings };
}

export { isRecord };
