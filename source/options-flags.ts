// The flag table meow parses and the raw record it yields: unknown flags refused, config-file values merged under typed flags.
import meow from 'meow';
import { z } from 'zod';
import { UsageError, kebab, str, type Raw } from './options-values.js';

export const FLAGS = {
  name: { type: 'string', isMultiple: true },
  match: { type: 'string', isMultiple: true },
  pid: { type: 'string', isMultiple: true },
  children: { type: 'boolean', default: true },
  demo: { type: 'boolean', default: false },
  url: { type: 'string' },
  sse: { type: 'boolean', default: false },
  era: { type: 'string' },
  server: { type: 'string' },
  interval: { type: 'string' },
  fdWarn: { type: 'string' },
  fdCrit: { type: 'string' },
  rssWarn: { type: 'string' },
  rssCrit: { type: 'string' },
  cpuWarn: { type: 'string' },
  cpuCrit: { type: 'string' },
  procsWarn: { type: 'string' },
  procsCrit: { type: 'string' },
  config: { type: 'string' },
  backend: { type: 'string' },
  stress: { type: 'string' },
  users: { type: 'string' },
  calls: { type: 'string' },
  rounds: { type: 'string' },
  delay: { type: 'string' },
  tool: { type: 'string' },
  args: { type: 'string' },
  toolArgs: { type: 'string' },
  heap: { type: 'string' },
  timeout: { type: 'string' },
  sessionPerCall: { type: 'boolean', default: false },
  delete: { type: 'boolean', default: true },
  cycles: { type: 'string' },
  mode: { type: 'string' },
  npx: { type: 'boolean', default: false },
  churnCall: { type: 'boolean', default: false },
  eofDeadline: { type: 'string' },
  headless: { type: 'boolean', default: false },
  duration: { type: 'string' },
  failOn: { type: 'string' },
  csv: { type: 'string' },
  json: { type: 'string' },
  record: { type: 'string' },
  plot: { type: 'string' },
  junit: { type: 'string' },
  dryRun: { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  prometheus: { type: 'string' },
  clients: { type: 'boolean', default: false },
  clientsConfig: { type: 'string' },
  minAge: { type: 'string' },
  allowOtherUsers: { type: 'boolean', default: false },
  cleanupLog: { type: 'string' },
  help: { type: 'boolean', shortFlag: 'h', default: false },
  version: { type: 'boolean', shortFlag: 'v', default: false },
} as const;

/** Every flag name as the user types it, for the unknown-flag check. */
const KNOWN = new Set<string>([...Object.keys(FLAGS), 'h', 'v']);

/** Keys a --config file may hold: every flag by its camelCase name, except the ones that only make sense typed. */
export const CONFIG_KEYS: readonly string[] = Object.keys(FLAGS).filter((k) => !['config', 'help', 'version', 'clients'].includes(k));

const nonEmpty = z.string().refine((v) => v.trim() !== '', 'an empty string');
const CONFIG_SCHEMA = z.strictObject(Object.fromEntries(CONFIG_KEYS.map((k) => {
  const f: { type: string; isMultiple?: boolean } = FLAGS[k as keyof typeof FLAGS];
  const schema = k === 'args' ? z.union([nonEmpty, z.record(z.string(), z.unknown())])
    : f.type === 'boolean' ? z.boolean()
    : f.isMultiple === true ? z.union([nonEmpty, z.number(), z.array(z.union([nonEmpty, z.number()]))])
      : z.union([nonEmpty, z.number()]);
  return [k, schema.optional()];
})));

/** Edit distance, for "did you mean" on an unknown config key. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The valid key closest to `key` ("fd-warn" and "fd_warn" → "fdWarn"). */
export function nearestKey(key: string): string {
  const norm = (k: string): string => k.replace(/[-_\s]/g, '').toLowerCase();
  let best = CONFIG_KEYS[0] ?? '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of CONFIG_KEYS) {
    const d = distance(norm(key), norm(k));
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `"${v}"` : `${typeof v} ${JSON.stringify(v)}`);

/** Checks a parsed --config object against the flag table: an unknown key or a wrong type is one usage line. */
export function validateConfig(config: Raw, path: string): Raw {
  const r = CONFIG_SCHEMA.safeParse(config);
  if (r.success) return config;
  const issue = r.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    throw new UsageError(`--config ${path}: unknown key "${key}" (did you mean "${nearestKey(key)}"?)`);
  }
  const key = String(issue?.path[0] ?? '');
  const f = (FLAGS as Record<string, { type: string }>)[key];
  const want = f?.type === 'boolean' ? 'true or false' : 'a non-empty string or a number';
  throw new UsageError(`--config ${path}: "${key}" expects ${want}, got ${typeName(config[key])}`);
}

/** Merge config-file settings (camelCase keys like the flags) under the command-line flags. */
function merged(config: Raw, cli: Raw, given: ReadonlySet<string>): Raw {
  const out: Raw = { ...config };
  for (const [k, v] of Object.entries(cli)) {
    if (given.has(k) || !(k in out)) out[k] = v;
    else if (Array.isArray(v) && v.length > 0) out[k] = v;
  }
  return out;
}

/** Flags the user actually typed (camelCase), so config-file values are not overridden by defaults. */
function typedFlags(argv: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const a of argv) {
    const m = /^--(no-)?([a-z][a-z0-9-]*)/.exec(a);
    if (m?.[2] !== undefined) out.add(m[2].replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
  }
  return out;
}

export type RawFlags =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'raw'; readonly raw: Raw; readonly command: readonly string[] };

/** Split argv at `--`, parse mcptop's own flags, and merge a --config file under them; throws UsageError. */
export function readFlags(argv: readonly string[], readConfig: (path: string) => Raw): RawFlags {
  const sep = argv.indexOf('--');
  // yargs reads a lone "-" as a positional; "--json -" means stdout, so glue it to its flag.
  const own = (sep === -1 ? [...argv] : argv.slice(0, sep)).flatMap((a, i, all) =>
    (a === '-' && i > 0 && /^--[a-z-]+$/.test(all[i - 1] ?? '') ? [] : all[i + 1] === '-' && /^--[a-z-]+$/.test(a) ? [`${a}=-`] : [a]));
  const command = sep === -1 ? [] : argv.slice(sep + 1);
  // A flag typed twice (or a value-less one) is the user's mistake, said as one usage line, not meow's Error.
  for (const [k, f] of Object.entries(FLAGS) as [string, { type: string; isMultiple?: boolean }][]) {
    const times = own.filter((x) => x === `--${kebab(k)}` || x.startsWith(`--${kebab(k)}=`)).length;
    if (times > 1 && f.isMultiple !== true) throw new UsageError(`--${kebab(k)} can be given only once`);
  }
  let cli;
  try {
    cli = meow({ importMeta: import.meta, argv: own, flags: FLAGS, allowUnknownFlags: true, autoHelp: false, autoVersion: false, inferType: false });
  } catch (error) {
    const m = /--(\w+)/.exec((error as Error).message);
    throw new UsageError(m?.[1] === undefined ? `cannot read the flags: ${(error as Error).message}` : `--${kebab(m[1])} can be given only once`);
  }
  const unknown = Object.keys(cli.unnormalizedFlags).filter((k) => !KNOWN.has(k) && !KNOWN.has(k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())));
  if (unknown.length > 0) {
    const u = unknown[0] ?? '';
    throw new UsageError(`unknown flag ${u.length === 1 ? '-' : '--'}${kebab(u)}`);
  }
  if (cli.input.length > 0) throw new UsageError(`unexpected argument "${cli.input[0]}" (a server command goes after --)`);
  const flagsRaw = cli.flags as Raw;
  if (flagsRaw['help'] === true) return { kind: 'help' };
  if (flagsRaw['version'] === true) return { kind: 'version' };
  const configPath = str(flagsRaw, 'config');
  const typed = typedFlags(own);
  for (const k of typed) {
    const f = (FLAGS as Record<string, { type: string; isMultiple?: boolean }>)[k];
    const v = flagsRaw[k];
    // A repeatable flag left without its value is dropped by the parser: count the times it was typed instead.
    const times = own.filter((x) => x === `--${kebab(k)}` || x.startsWith(`--${kebab(k)}=`)).length;
    if (f?.isMultiple === true && Array.isArray(v) && v.length < times) throw new UsageError(`--${kebab(k)} needs a value`);
  }
  for (const [k, v] of Object.entries(flagsRaw)) {
    // A string flag given with no value ("--interval" at the end, "--json ''") is an error, not "not given".
    if (v === '' || (Array.isArray(v) && v.some((x) => String(x).trim() === ''))) throw new UsageError(`--${kebab(k)} needs a value`);
  }
  const raw = configPath === undefined ? flagsRaw : merged(validateConfig(readConfig(configPath), configPath), flagsRaw, typed);
  return { kind: 'raw', raw, command };
}

/** "eofDeadline" → "eof-deadline": a table key as the user types it. */
export const kebabOf = kebab;
