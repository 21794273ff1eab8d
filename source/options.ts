// Command-line and config-file parsing: argv in, validated CliOptions or one usage line out (never exits itself).
import meow from 'meow';
import type { ChurnMode, ChurnShape, LoadShape } from './core/types.js';
import { DEFAULT_THRESHOLDS, parseFdSpec, type Targets, type Thresholds } from './core/config.js';

export type Backend = 'linux' | 'portable';

export interface CliOptions {
  readonly targets: Targets;
  /** argv after `--`: a stdio MCP server to launch and watch. */
  readonly command: readonly string[];
  readonly demo: boolean;
  readonly url?: string;
  readonly sse: boolean;
  readonly server?: string;
  readonly intervalMs: number;
  readonly thresholds: Thresholds;
  readonly backend: Backend;
  readonly stress?: 'load' | 'churn';
  readonly load: LoadShape;
  readonly churn: ChurnShape;
  /** True when --headless was given (stdout/stdin not being terminals also selects headless, decided by the caller). */
  readonly headless: boolean;
  readonly durationMs?: number;
  readonly csv?: string;
  readonly json?: string;
  readonly record?: string;
  readonly plot?: string;
  readonly junit?: string;
  /** mcptop cleanup: list only / act without asking. */
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly prometheus?: string;
  readonly clients: boolean;
  readonly clientsConfig?: string;
  readonly minAgeS: number;
  readonly allowOtherUsers: boolean;
  readonly cleanupLog?: string;
}

export type ParseResult =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'usage'; readonly message: string };

/** A usage error: the message is the one line shown on stderr. */
export class UsageError extends Error {}

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

type Raw = Record<string, unknown>;

function num(raw: Raw, key: string, flag: string, opts: { min: number; integer?: boolean; fallback: number }): number;
function num(raw: Raw, key: string, flag: string, opts: { min: number; integer?: boolean; fallback?: undefined }): number | undefined;
function num(raw: Raw, key: string, flag: string, opts: { min: number; integer?: boolean; fallback?: number }): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return opts.fallback;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  const kind = opts.integer === true ? 'a whole number' : 'a number';
  if (!Number.isFinite(n) || (opts.integer === true && !Number.isInteger(n)) || n < opts.min) {
    throw new UsageError(`--${flag} expects ${kind} ≥ ${opts.min}, got "${String(v)}"`);
  }
  return n;
}

function str(raw: Raw, key: string): string | undefined {
  const v = raw[key];
  return v === undefined || v === null || v === '' ? undefined : String(v);
}

function list(raw: Raw, key: string): string[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String).filter((s) => s !== '');
}

function bool(raw: Raw, key: string, fallback: boolean): boolean {
  const v = raw[key];
  return typeof v === 'boolean' ? v : fallback;
}

const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function fdSpec(raw: Raw, key: string, fallback: Thresholds['fdWarn']): Thresholds['fdWarn'] {
  const v = str(raw, key);
  if (v === undefined) return fallback;
  const spec = parseFdSpec(v);
  if (spec === undefined) throw new UsageError(`--${kebab(key)} expects a count or a percent of the FD limit (e.g. 800 or 80%), got "${v}"`);
  return spec;
}

function thresholds(raw: Raw): Thresholds {
  const d = DEFAULT_THRESHOLDS;
  const t: Thresholds = {
    ...d,
    fdWarn: fdSpec(raw, 'fdWarn', d.fdWarn),
    fdCrit: fdSpec(raw, 'fdCrit', d.fdCrit),
    rssWarnMB: num(raw, 'rssWarn', 'rss-warn', { min: 1, fallback: d.rssWarnMB }),
    rssCritMB: num(raw, 'rssCrit', 'rss-crit', { min: 1, fallback: d.rssCritMB }),
    cpuWarnPct: num(raw, 'cpuWarn', 'cpu-warn', { min: 1, fallback: d.cpuWarnPct }),
    cpuCritPct: num(raw, 'cpuCrit', 'cpu-crit', { min: 1, fallback: d.cpuCritPct }),
    procsWarn: num(raw, 'procsWarn', 'procs-warn', { min: 1, integer: true, fallback: d.procsWarn }),
    procsCrit: num(raw, 'procsCrit', 'procs-crit', { min: 1, integer: true, fallback: d.procsCrit }),
  };
  if (t.rssWarnMB > t.rssCritMB) throw new UsageError(`--rss-warn (${t.rssWarnMB}) is above --rss-crit (${t.rssCritMB})`);
  if (t.procsWarn > t.procsCrit) throw new UsageError(`--procs-warn (${t.procsWarn}) is above --procs-crit (${t.procsCrit})`);
  if (t.fdWarn.kind === t.fdCrit.kind && t.fdWarn.value > t.fdCrit.value) throw new UsageError('--fd-warn is above --fd-crit');
  return t;
}

function regexes(sources: readonly string[]): RegExp[] {
  return sources.map((s) => {
    try {
      return new RegExp(s);
    } catch (error) {
      throw new UsageError(`--match "${s}" is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  });
}

function pids(values: readonly string[]): number[] {
  return values.map((v) => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new UsageError(`--pid expects a process id (a positive whole number), got "${v}"`);
    return Number(v);
  });
}

function jsonArgs(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--args expects a JSON object, got ${JSON.stringify(text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--args expects a JSON object like \'{"message":"hi {i}"}\'');
  return parsed as Record<string, unknown>;
}

function oneOf<T extends string>(raw: Raw, key: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const v = str(raw, key);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${kebab(key)} expects one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
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

export interface ParseEnv {
  readonly platform: string;
  /** Reads a --config file; throws with a readable message when it cannot. */
  readonly readConfig: (path: string) => Raw;
  /** 'cleanup' parses `mcptop cleanup [targets]`: targets and cleanup flags only. Default 'monitor'. */
  readonly mode?: 'monitor' | 'cleanup';
}

/** Parse the arguments after the program name (subcommands are split off by the caller). */
export function parseArgs(argv: readonly string[], env: ParseEnv): ParseResult {
  const sep = argv.indexOf('--');
  // yargs reads a lone "-" as a positional; "--json -" means stdout, so glue it to its flag.
  const own = (sep === -1 ? [...argv] : argv.slice(0, sep)).flatMap((a, i, all) =>
    (a === '-' && i > 0 && /^--[a-z-]+$/.test(all[i - 1] ?? '') ? [] : all[i + 1] === '-' && /^--[a-z-]+$/.test(a) ? [`${a}=-`] : [a]));
  const command = sep === -1 ? [] : argv.slice(sep + 1);
  try {
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
    const raw = configPath === undefined ? flagsRaw : merged(env.readConfig(configPath), flagsRaw, typedFlags(own));
    return { kind: 'run', options: build(raw, command, env) };
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage', message: error.message };
    throw error;
  }
}

function build(raw: Raw, command: readonly string[], env: ParseEnv): CliOptions {
  const cleanup = env.mode === 'cleanup';
  if (!cleanup && (bool(raw, 'dryRun', false) || bool(raw, 'yes', false))) {
    throw new UsageError(`--${bool(raw, 'dryRun', false) ? 'dry-run' : 'yes'} goes with 'mcptop cleanup'`);
  }
  if (cleanup) {
    if (command.length > 0) throw new UsageError("'mcptop cleanup' ends processes; it does not launch one (drop the command after --)");
    if (bool(raw, 'dryRun', false) && bool(raw, 'yes', false)) throw new UsageError('--dry-run and --yes contradict each other');
    if (list(raw, 'name').length + list(raw, 'match').length + list(raw, 'pid').length === 0) {
      throw new UsageError("'mcptop cleanup' needs targets: --name, --match or --pid (only the watched set is ever signalled)");
    }
  }
  const targets: Targets = {
    names: list(raw, 'name'),
    patterns: regexes(list(raw, 'match')),
    pids: pids(list(raw, 'pid')),
    children: bool(raw, 'children', true),
  };
  const demo = bool(raw, 'demo', false);
  const url = str(raw, 'url');
  if (url !== undefined) {
    let u: URL;
    try { u = new URL(url); } catch { throw new UsageError(`--url expects an http(s) URL, got "${url}"`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--url expects an http(s) URL, got "${url}"`);
  }
  const server = str(raw, 'server');
  const clients = bool(raw, 'clients', false);
  const nothing = targets.names.length + targets.patterns.length + targets.pids.length + command.length === 0;
  if (nothing && !demo && server === undefined && url === undefined && !clients) {
    throw new UsageError('nothing to watch: give --name, --match, --pid, a command after --, --server, --url or --demo');
  }
  if (demo && command.length > 0) throw new UsageError('--demo launches its own servers; drop it or the command after --');
  const intervalMs = num(raw, 'interval', 'interval', { min: 50, integer: true, fallback: 1000 });
  const stress = oneOf(raw, 'stress', ['load', 'churn'] as const, undefined);
  const mode = oneOf<ChurnMode>(raw, 'mode', ['eof', 'term', 'kill'], 'eof') ?? 'eof';
  const durationS = num(raw, 'duration', 'duration', { min: 0.1 });
  const backend = oneOf<Backend>(raw, 'backend', ['linux', 'portable'], env.platform === 'linux' ? 'linux' : 'portable') ?? 'portable';
  if (backend === 'linux' && env.platform !== 'linux') throw new UsageError('--backend linux needs Linux (/proc); use --backend portable');
  const tool = str(raw, 'tool');
  const args = jsonArgs(str(raw, 'args'));
  const timeoutMs = num(raw, 'timeout', 'timeout', { min: 1, integer: true, fallback: 10_000 });
  const load: LoadShape = {
    users: num(raw, 'users', 'users', { min: 1, integer: true, fallback: 4 }),
    calls: num(raw, 'calls', 'calls', { min: 1, integer: true, fallback: 100 }),
    rounds: num(raw, 'rounds', 'rounds', { min: 1, integer: true, fallback: 3 }),
    delayMs: num(raw, 'delay', 'delay', { min: 0, integer: true, fallback: 2000 }),
    timeoutMs,
    sessionPerCall: bool(raw, 'sessionPerCall', false),
    noDelete: !bool(raw, 'delete', true),
    ...(tool === undefined ? {} : { tool }),
    ...(args === undefined ? {} : { args }),
  };
  const churn: ChurnShape = {
    cycles: num(raw, 'cycles', 'cycles', { min: 1, integer: true, fallback: 50 }),
    mode,
    callTool: bool(raw, 'churnCall', false),
    viaNpx: bool(raw, 'npx', false),
    eofDeadlineMs: num(raw, 'eofDeadline', 'eof-deadline', { min: 1, integer: true, fallback: 2000 }),
  };
  if (stress !== undefined && command.length === 0 && !demo && url === undefined && server === undefined) {
    throw new UsageError(`--stress ${stress} needs a server mcptop launches (a command after --, --server or --demo) or --url`);
  }
  if (stress === 'churn' && command.length === 0 && !demo && server === undefined) {
    throw new UsageError('--stress churn spawns the server itself: give its command after --, --server or --demo');
  }
  const opt = (key: string): string | undefined => str(raw, key);
  const out: CliOptions = {
    targets, command, demo, sse: bool(raw, 'sse', false), intervalMs, thresholds: thresholds(raw), backend, load, churn,
    headless: bool(raw, 'headless', false), clients,
    dryRun: bool(raw, 'dryRun', false), yes: bool(raw, 'yes', false),
    minAgeS: num(raw, 'minAge', 'min-age', { min: 0, fallback: 60 }),
    allowOtherUsers: bool(raw, 'allowOtherUsers', false),
    ...(url === undefined ? {} : { url }),
    ...(server === undefined ? {} : { server }),
    ...(stress === undefined ? {} : { stress }),
    ...(durationS === undefined ? {} : { durationMs: Math.round(durationS * 1000) }),
  };
  const files: Partial<Record<'csv' | 'json' | 'record' | 'plot' | 'junit' | 'prometheus' | 'clientsConfig' | 'cleanupLog', string>> = {};
  for (const k of ['csv', 'json', 'record', 'plot', 'junit', 'prometheus', 'clientsConfig', 'cleanupLog'] as const) {
    const v = opt(k);
    if (v !== undefined) files[k] = v;
  }
  if (files.prometheus !== undefined && !/^[^\s:]*:\d{1,5}$/.test(files.prometheus)) {
    throw new UsageError(`--prometheus expects host:port (e.g. 127.0.0.1:9464), got "${files.prometheus}"`);
  }
  return { ...out, ...files };
}

export const CHURN_MODES: readonly ChurnMode[] = ['eof', 'term', 'kill'];
