// The flag table meow parses and the raw record it yields: unknown flags refused, config-file values merged under typed flags.
import meow from 'meow';
import { UsageError, kebab, str, type Raw } from './options-values.js';

const flags = {
  name: { type: 'string', isMultiple: true },
  match: { type: 'string', isMultiple: true },
  pid: { type: 'string', isMultiple: true },
  children: { type: 'boolean', default: true },
  demo: { type: 'boolean', default: false },
  url: { type: 'string' },
  sse: { type: 'boolean', default: false },
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
const KNOWN = new Set<string>([...Object.keys(flags), 'h', 'v']);

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
  const cli = meow({ importMeta: import.meta, argv: own, flags, allowUnknownFlags: true, autoHelp: false, autoVersion: false, inferType: false });
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
  const raw = configPath === undefined ? flagsRaw : merged(readConfig(configPath), flagsRaw, typedFlags(own));
  return { kind: 'raw', raw, command };
}
