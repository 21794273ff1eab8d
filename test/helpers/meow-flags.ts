// The reference parser: mcptop's flag table read by meow (its parser until the run moved to node:util parseArgs for
// ~8 MB less RSS at start), used by the invalid-invocation property test to show both give the same answers.
import meow from 'meow';
import { FLAGS, kebabOf } from '../../source/options-flags.js';

export type MeowAnswer = { readonly kind: 'usage' } | { readonly kind: 'help' } | { readonly kind: 'version' } | { readonly kind: 'raw'; readonly raw: Record<string, unknown>; readonly command: readonly string[] };

const KNOWN = new Set<string>([...Object.keys(FLAGS), 'h', 'v']);

/** The former readFlags, argv part (no --config): what meow made of argv, with mcptop's own checks around it. */
export function meowFlags(argv: readonly string[]): MeowAnswer {
  const sep = argv.indexOf('--');
  // yargs reads a lone "-" as a positional; "--json -" means stdout, so glue it to its flag.
  const own = (sep === -1 ? [...argv] : argv.slice(0, sep)).flatMap((a, i, all) =>
    (a === '-' && i > 0 && /^--[a-z-]+$/.test(all[i - 1] ?? '') ? [] : all[i + 1] === '-' && /^--[a-z-]+$/.test(a) ? [`${a}=-`] : [a]));
  const command = sep === -1 ? [] : argv.slice(sep + 1);
  for (const [k, f] of Object.entries(FLAGS) as [string, { type: string; isMultiple?: boolean }][]) {
    const times = own.filter((x) => x === `--${kebabOf(k)}` || x.startsWith(`--${kebabOf(k)}=`)).length;
    if (times > 1 && f.isMultiple !== true) return { kind: 'usage' };
  }
  let cli;
  try {
    cli = meow({ importMeta: import.meta, argv: own, flags: FLAGS, allowUnknownFlags: true, autoHelp: false, autoVersion: false, inferType: false });
  } catch {
    return { kind: 'usage' };
  }
  const unknown = Object.keys(cli.unnormalizedFlags).filter((k) => !KNOWN.has(k) && !KNOWN.has(k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())));
  if (unknown.length > 0 || cli.input.length > 0) return { kind: 'usage' };
  const raw = cli.flags as Record<string, unknown>;
  if (raw['help'] === true) return { kind: 'help' };
  if (raw['version'] === true) return { kind: 'version' };
  for (const a of own) {
    const m = /^--(no-)?([a-z][a-z0-9-]*)/.exec(a);
    const k = m?.[2]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const f = k === undefined ? undefined : (FLAGS as Record<string, { type: string; isMultiple?: boolean }>)[k];
    const times = own.filter((x) => x === `--${m?.[2] ?? ''}` || x.startsWith(`--${m?.[2] ?? ''}=`)).length;
    const v = k === undefined ? undefined : raw[k];
    if (f?.isMultiple === true && Array.isArray(v) && v.length < times) return { kind: 'usage' };
  }
  for (const v of Object.values(raw)) {
    if (v === '' || (Array.isArray(v) && v.some((x) => String(x).trim() === ''))) return { kind: 'usage' };
  }
  return { kind: 'raw', raw, command };
}
