// argv -> the raw flag record (node:util parseArgs on the flag table): unknown, repeated and value-less flags refused, --config merged under typed flags.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FLAGS, flagSpec, type FlagSpec } from './options-flags.js';
import { mergeConfig, validateConfig } from './options-config.js';
import { UsageError, kebab, str, type Raw } from './options-values.js';

export type RawFlags =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'raw'; readonly raw: Raw; readonly command: readonly string[] };

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** parseArgs' option table: each flag by its typed (kebab) name and, as meow took it, its camelCase name. */
const OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  (Object.entries(FLAGS) as [string, FlagSpec][]).flatMap(([k, f]) => {
    const o = { type: f.type, ...(f.isMultiple === true ? { multiple: true } : {}), ...(f.shortFlag === undefined ? {} : { short: f.shortFlag }) };
    return kebab(k) === k ? [[k, o]] : [[kebab(k), o], [k, o]];
  }),
);

/** A word that reads as a flag, not a value: "--x", "-x" (a lone "-" means stdout, "-1" is a number that is out of range). */
const flagLike = (a: string): boolean => a.length > 1 && a.startsWith('-') && !/^-\d*\.?\d+$/.test(a);

/**
 * A string flag directly followed by another flag has no value: `--interval --headless` is "--interval needs a value"
 * and --headless still counts, so its value is made explicitly empty before parseArgs (which would take the next word).
 */
function markValueless(args: readonly string[]): string[] {
  return args.map((a, i) => {
    const next = args[i + 1];
    if (!a.startsWith('--') || a.includes('=') || flagSpec(camel(a.slice(2)))?.type !== 'string') return a;
    return next === undefined || flagLike(next) ? `${a}=` : a;
  });
}

/** The table key a typed option name stands for, and the value a negated boolean takes (--no-children). */
function keyOf(name: string): { key: string; negated: boolean } | undefined {
  if (name.length === 1) {
    const entry = (Object.entries(FLAGS) as [string, FlagSpec][]).find(([, f]) => f.shortFlag === name);
    return entry === undefined ? undefined : { key: entry[0], negated: false };
  }
  if (flagSpec(camel(name)) !== undefined) return { key: camel(name), negated: false };
  const negated = /^no-?(.+)$/.exec(name)?.[1];
  if (negated !== undefined) {
    const key = camel(negated.replace(/^[A-Z]/, (c) => c.toLowerCase()));
    if (flagSpec(key)?.type === 'boolean') return { key, negated: true };
  }
  return undefined;
}

/** mcptop's own flags (before `--`) into the raw record: defaults for booleans and lists, strings only when typed. */
function parseOwn(own: readonly string[]): { raw: Raw; typed: Set<string>; help: boolean; version: boolean } {
  const { tokens } = parseArgs({ args: markValueless(own), options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const raw: Raw = {};
  for (const [k, f] of Object.entries(FLAGS) as [string, FlagSpec][]) {
    if (f.isMultiple === true) raw[k] = [];
    else if (f.default !== undefined) raw[k] = f.default;
  }
  const typed = new Set<string>();
  const counts = new Map<string, number>();
  const faults: { unknown?: string; positional?: string } = {};
  for (const t of tokens) {
    if (t.kind === 'positional') { faults.positional ??= t.value; continue; }
    if (t.kind !== 'option') continue;
    const at = keyOf(t.name);
    if (at === undefined) { faults.unknown ??= t.rawName.replace(/=.*/, ''); continue; }
    const f = flagSpec(at.key);
    typed.add(at.key);
    // As meow did: a --no- form is not a second use (--delete --no-delete: the last one wins).
    if (!at.negated) counts.set(at.key, (counts.get(at.key) ?? 0) + 1);
    if (f?.type === 'boolean') {
      if (t.value !== undefined && t.value !== 'true' && t.value !== 'false') throw new UsageError(`--${kebab(at.key)} is a switch: true or false, got "${t.value}"`);
      raw[at.key] = (t.value === undefined || t.value === 'true') !== at.negated;
    } else if (at.negated) {
      faults.unknown ??= t.rawName;
    } else if (f?.isMultiple === true) {
      (raw[at.key] as string[]).push(t.value ?? '');
    } else {
      raw[at.key] = t.value ?? '';
    }
  }
  // A flag typed twice is the user's mistake, said first; then an unknown flag; then a stray word.
  for (const [k, n] of counts) {
    if (n > 1 && flagSpec(k)?.isMultiple !== true) throw new UsageError(`--${kebab(k)} can be given only once`);
  }
  if (faults.unknown !== undefined) throw new UsageError(`unknown flag ${faults.unknown}`);
  if (faults.positional !== undefined) throw new UsageError(`unexpected argument "${faults.positional}" (a server command goes after --)`);
  return { raw, typed, help: raw['help'] === true, version: raw['version'] === true };
}

/** Split argv at `--`, parse mcptop's own flags, and merge a --config file under them; throws UsageError. */
export function readFlags(argv: readonly string[], readConfig: (path: string) => Raw): RawFlags {
  const sep = argv.indexOf('--');
  const own = sep === -1 ? argv : argv.slice(0, sep);
  const command = sep === -1 ? [] : argv.slice(sep + 1);
  const { raw, typed, help, version } = parseOwn(own);
  if (help) return { kind: 'help' };
  if (version) return { kind: 'version' };
  for (const [k, v] of Object.entries(raw)) {
    // A string flag given with no value ("--interval" at the end, "--json ''") is an error, not "not given".
    if (v === '' || (Array.isArray(v) && v.some((x) => String(x).trim() === ''))) throw new UsageError(`--${kebab(k)} needs a value`);
  }
  const configPath = str(raw, 'config');
  return { kind: 'raw', raw: configPath === undefined ? raw : mergeConfig(validateConfig(readConfig(configPath), configPath), raw, typed), command };
}
