// Command-line and config-file parsing: argv in, validated CliOptions or one usage line out (never exits itself).
import { ERA_CHOICES, type ChurnMode, type ChurnShape, type EraChoice, type LoadShape } from './core/types.js';
import { hasTargets, type Targets, type Thresholds } from './core/config.js';
import { readFlags } from './options-argv.js';
import { parseHostPort } from './adapters/prometheus-address.js';
import { MAX_TIMER_MS, UsageError, bool, jsonArgs, list, num, oneOf, pids, regexes, str, thresholds, type Raw } from './options-values.js';

export { UsageError } from './options-values.js';

export type Backend = 'linux' | 'portable';

export interface CliOptions {
  readonly targets: Targets;
  /** argv after `--`: a stdio MCP server to launch and watch. */
  readonly command: readonly string[];
  readonly demo: boolean;
  readonly url?: string;
  readonly sse: boolean;
  /** MCP era to speak: negotiate per server (auto, the default) or force one. */
  readonly era: EraChoice;
  readonly server?: string;
  readonly intervalMs: number;
  readonly thresholds: Thresholds;
  readonly backend: Backend;
  readonly stress?: 'load' | 'churn' | 'profile';
  /** --tool-args: a JSON file of arguments per tool for --stress profile (read and checked before the run). */
  readonly toolArgs?: string;
  /** --heap <dir>: heap snapshots of a launched Node server at the start and end of a load, written there. */
  readonly heap?: string;
  readonly load: LoadShape;
  readonly churn: ChurnShape;
  /** True when --headless was given (stdout/stdin not being terminals also selects headless, decided by the caller). */
  readonly headless: boolean;
  readonly durationMs?: number;
  /** Which verdict fails the run (exit 1 leak, 5 inconclusive): 'inconclusive' fails on both, 'leak' on a leak, 'never' on none. */
  readonly failOn: 'leak' | 'inconclusive' | 'never';
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

export interface ParseEnv {
  readonly platform: string;
  /** Reads a --config file; throws with a readable message when it cannot. */
  readonly readConfig: (path: string) => Raw;
  /** 'cleanup' parses `mcptop cleanup [targets]`: targets and cleanup flags only. Default 'monitor'. */
  readonly mode?: 'monitor' | 'cleanup';
}

/** Parse the arguments after the program name (subcommands are split off by the caller). */
export function parseArgs(argv: readonly string[], env: ParseEnv): ParseResult {
  try {
    const read = readFlags(argv, env.readConfig);
    if (read.kind !== 'raw') return read;
    return { kind: 'run', options: build(read.raw, read.command, env) };
  } catch (error) {
    // One line whatever the user typed: control characters in a value are shown escaped, never echoed.
    if (error instanceof UsageError) return { kind: 'usage', message: oneLineMessage(error.message) };
    throw error;
  }
}

const oneLineMessage = (m: string): string =>
  m.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`); // eslint-disable-line no-control-regex

function build(raw: Raw, command: readonly string[], env: ParseEnv): CliOptions {
  const cleanup = env.mode === 'cleanup';
  if (!cleanup && (bool(raw, 'dryRun', false) || bool(raw, 'yes', false))) {
    throw new UsageError(`--${bool(raw, 'dryRun', false) ? 'dry-run' : 'yes'} goes with 'mcptop cleanup'`);
  }
  if (cleanup) {
    if (command.length > 0) throw new UsageError("'mcptop cleanup' ends processes; it does not launch one (drop the command after --)");
    if (bool(raw, 'dryRun', false) && bool(raw, 'yes', false)) throw new UsageError('--dry-run and --yes contradict each other');
  }
  const targets: Targets = {
    names: list(raw, 'name'),
    patterns: regexes(list(raw, 'match')),
    pids: pids(list(raw, 'pid')),
    children: bool(raw, 'children', true),
  };
  if (cleanup && !hasTargets(targets)) {
    throw new UsageError("'mcptop cleanup' needs targets: --name, --match or --pid (only the watched set is ever signalled)");
  }
  const demo = bool(raw, 'demo', false);
  const url = str(raw, 'url');
  if (url !== undefined) {
    let u: URL;
    try { u = new URL(url); } catch { throw new UsageError(`--url expects an http(s) URL, got "${url}"`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`--url expects an http(s) URL, got "${url}"`);
  }
  if (url === undefined && bool(raw, 'sse', false)) throw new UsageError('--sse goes with --url (it picks the legacy HTTP+SSE transport)');
  const server = str(raw, 'server');
  const clients = bool(raw, 'clients', false);
  // No target at all: the MCP servers of this machine (zero-config discovery, grouped by host).
  const auto = !cleanup && !hasTargets(targets) && command.length === 0 && !demo && server === undefined && url === undefined && !clients;
  if (demo && command.length > 0) throw new UsageError('--demo launches its own servers; drop it or the command after --');
  const intervalMs = num(raw, 'interval', 'interval', { min: 50, max: MAX_TIMER_MS, integer: true, fallback: 1000 });
  const stress = oneOf(raw, 'stress', ['load', 'churn', 'profile'] as const, undefined);
  const toolArgs = str(raw, 'toolArgs');
  const heap = str(raw, 'heap');
  if (heap !== undefined && command.length === 0 && str(raw, 'server') === undefined) {
    throw new UsageError('--heap attaches only to a Node server mcptop launches: give its command after -- or --server');
  }
  const mode = oneOf<ChurnMode>(raw, 'mode', ['eof', 'term', 'kill'], 'eof') ?? 'eof';
  const era = oneOf<EraChoice>(raw, 'era', ERA_CHOICES, 'auto') ?? 'auto';
  if (era === 'modern' && bool(raw, 'sse', false)) throw new UsageError('--sse is the legacy HTTP+SSE transport: it cannot speak --era modern');
  const durationS = num(raw, 'duration', 'duration', { min: 0.1, max: MAX_TIMER_MS / 1000 });
  const backend = oneOf<Backend>(raw, 'backend', ['linux', 'portable'], env.platform === 'linux' ? 'linux' : 'portable') ?? 'portable';
  if (backend === 'linux' && env.platform !== 'linux') throw new UsageError('--backend linux needs Linux (/proc); use --backend portable');
  const tool = str(raw, 'tool');
  const rawArgs = raw['args'];
  // A --config file may give "args" as a JSON object; a flag gives it as text.
  const args = typeof rawArgs === 'object' && rawArgs !== null && !Array.isArray(rawArgs) ? rawArgs as Record<string, unknown> : jsonArgs(str(raw, 'args'));
  const timeoutMs = num(raw, 'timeout', 'timeout', { min: 1, max: MAX_TIMER_MS, integer: true, fallback: 10_000 });
  const load: LoadShape = {
    users: num(raw, 'users', 'users', { min: 1, integer: true, fallback: 4 }),
    calls: num(raw, 'calls', 'calls', { min: 1, integer: true, fallback: 100 }),
    rounds: num(raw, 'rounds', 'rounds', { min: 1, integer: true, fallback: 3 }),
    delayMs: num(raw, 'delay', 'delay', { min: 0, max: MAX_TIMER_MS, integer: true, fallback: 2000 }),
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
    eofDeadlineMs: num(raw, 'eofDeadline', 'eof-deadline', { min: 1, max: MAX_TIMER_MS, integer: true, fallback: 2000 }),
  };
  if (stress !== undefined && command.length === 0 && !demo && url === undefined && server === undefined) {
    throw new UsageError(`--stress ${stress} needs a server mcptop launches (a command after --, --server or --demo) or --url`);
  }
  if (stress === 'churn' && command.length === 0 && !demo && server === undefined) {
    throw new UsageError('--stress churn spawns the server itself: give its command after --, --server or --demo');
  }
  const opt = (key: string): string | undefined => str(raw, key);
  const out: CliOptions = {
    targets: auto ? { ...targets, auto } : targets, command, demo, sse: bool(raw, 'sse', false), era, intervalMs, thresholds: thresholds(raw), backend, load, churn,
    headless: bool(raw, 'headless', false), clients,
    failOn: oneOf(raw, 'failOn', ['leak', 'inconclusive', 'never'] as const, 'inconclusive') ?? 'inconclusive',
    dryRun: bool(raw, 'dryRun', false), yes: bool(raw, 'yes', false),
    minAgeS: num(raw, 'minAge', 'min-age', { min: 0, max: MAX_TIMER_MS / 1000, fallback: 60 }),
    allowOtherUsers: bool(raw, 'allowOtherUsers', false),
    ...(url === undefined ? {} : { url }),
    ...(server === undefined ? {} : { server }),
    ...(stress === undefined ? {} : { stress }),
    ...(toolArgs === undefined ? {} : { toolArgs }),
    ...(heap === undefined ? {} : { heap }),
    ...(durationS === undefined ? {} : { durationMs: Math.round(durationS * 1000) }),
  };
  const files: Partial<Record<'csv' | 'json' | 'record' | 'plot' | 'junit' | 'prometheus' | 'clientsConfig' | 'cleanupLog', string>> = {};
  for (const k of ['csv', 'json', 'record', 'plot', 'junit', 'prometheus', 'clientsConfig', 'cleanupLog'] as const) {
    const v = opt(k);
    if (v !== undefined) files[k] = v;
  }
  // The exporter's own parser (I/O-free), so what the options accept is exactly what the exporter can serve.
  if (files.prometheus !== undefined) {
    try { parseHostPort(files.prometheus); } catch (error) { throw new UsageError((error as Error).message.replace(/^--prometheus: expected/, '--prometheus expects')); }
  }
  return { ...out, ...files };
}
