// Matches live command lines to configured servers: the row labeler and the "not running" list.
import type { Snapshot } from '../types.js';
import type { ConfiguredServer } from './types.js';
import { basename, normalizeArgv, type BinResolver, type Invocation } from './invocation.js';

/** strong: same server and same arguments; weak: same package or script, other arguments; none: unrelated. */
export type MatchStrength = 'none' | 'weak' | 'strong';

/** Labels a process by its argv and comm (the Monitor's `labeler` option): "cursor/filesystem", or undefined. */
export type Labeler = (argv: readonly string[], comm: string) => string | undefined;

/** "@modelcontextprotocol/server-filesystem" -> "filesystem"; "context7-mcp" -> "context7": the part bins share with packages. */
function nameCore(name: string): string {
  let core = basename(name.toLowerCase());
  for (let changed = true; changed;) {
    const before = core;
    core = core.replace(/^(mcp|server|modelcontextprotocol)[-_]/, '').replace(/[-_](mcp|server)$/, '');
    changed = core !== before;
  }
  return core;
}

function pkgMatchesBin(pkg: string, bin: string): boolean {
  if (basename(pkg) === bin) return true;
  const a = nameCore(pkg);
  return a.length >= 3 && a === nameCore(bin);
}

/** Config scripts are made absolute against the config's cwd; live argv is compared exactly as the client wrote it. */
function sameScript(config: ConfiguredServer, c: string, live: string): boolean {
  if (c === live) return true;
  const isAbs = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
  if (config.cwd === undefined || isAbs(c) || !isAbs(live)) return false;
  return `${config.cwd.replace(/[/\\]+$/, '')}/${c.replace(/^\.\//, '')}` === live;
}

const argsKey = (args: readonly string[]): string => args.map((a) => a.replace(/(.)[/\\]+$/, '$1')).join(' ').trim();

function sameServer(config: ConfiguredServer, c: Invocation, l: Invocation): { same: boolean; specific: boolean } {
  if (c.pkg !== undefined) {
    if (l.pkg !== undefined) return { same: l.pkg === c.pkg, specific: true };
    if (l.bin !== undefined) return { same: pkgMatchesBin(c.pkg, l.bin), specific: true };
    return { same: false, specific: true };
  }
  if (c.script !== undefined) {
    if (l.script !== undefined && sameScript(config, c.script, l.script)) return { same: true, specific: true };
    if (c.bin !== undefined && l.bin === c.bin && l.pkg === c.pkg) return { same: true, specific: true };
    return { same: false, specific: true };
  }
  if (c.bin !== undefined && l.pkg !== undefined) return { same: pkgMatchesBin(l.pkg, c.bin), specific: true };
  if (c.bin !== undefined && c.bin === l.bin) {
    // Two bare programs of one name (docker, uv) say nothing alone: only their arguments can tell servers apart.
    return { same: true, specific: c.program !== c.bin || l.program !== l.bin };
  }
  return { same: c.program === l.program && l.script === undefined, specific: false };
}

/** How well a live invocation matches a configured server's. */
export function matchInvocation(config: ConfiguredServer, c: Invocation, l: Invocation): MatchStrength {
  const { same, specific } = sameServer(config, c, l);
  if (!same) return 'none';
  if (argsKey(c.rest) === argsKey(l.rest)) return 'strong';
  return specific ? 'weak' : 'none';
}

interface Prepared { readonly server: ConfiguredServer; readonly inv: Invocation }

function prepare(servers: readonly ConfiguredServer[], resolveBin?: BinResolver): Prepared[] {
  const out: Prepared[] = [];
  for (const server of servers) {
    if (server.transport !== 'stdio' || server.command === undefined) continue;
    const inv = normalizeArgv([server.command, ...server.args], resolveBin);
    if (inv) out.push({ server, inv });
  }
  return out;
}

const RANK: Readonly<Record<MatchStrength, number>> = { none: 0, weak: 1, strong: 2 };

/** The best-matching configured servers for one argv (several when clients define the same server). */
export function bestMatches(prepared: readonly Prepared[], argv: readonly string[], resolveBin?: BinResolver): { strength: MatchStrength; servers: ConfiguredServer[] } {
  const live = normalizeArgv(argv, resolveBin);
  let best: MatchStrength = 'none';
  let servers: ConfiguredServer[] = [];
  if (!live) return { strength: best, servers };
  for (const p of prepared) {
    const s = matchInvocation(p.server, p.inv, live);
    if (RANK[s] > RANK[best]) { best = s; servers = [p.server]; } else if (s !== 'none' && s === best) servers.push(p.server);
  }
  return { strength: best, servers };
}

/** One label for the matches: "cursor/filesystem", or "claude-code+cursor/filesystem" when two clients share it. */
function labelOf(servers: readonly ConfiguredServer[]): string | undefined {
  const enabled = servers.filter((s) => s.disabled !== true);
  const pool = enabled.length > 0 ? enabled : servers;
  const first = pool[0];
  if (!first) return undefined;
  const same = pool.filter((s) => s.name === first.name);
  const clients = [...new Set(same.map((s) => s.client))];
  return clients.length > 1 ? `${clients.join('+')}/${first.name}` : first.label;
}

/** Builds the Monitor's labeler: a process is named after the configured server its command line runs. */
export function makeLabeler(servers: readonly ConfiguredServer[], resolveBin?: BinResolver): Labeler {
  const prepared = prepare(servers, resolveBin);
  return (argv) => {
    if (prepared.length === 0 || argv.length === 0) return undefined;
    const { strength, servers: found } = bestMatches(prepared, argv, resolveBin);
    return strength === 'none' ? undefined : labelOf(found);
  };
}

/** Splits a ProcessView command back into words (lossy for arguments holding spaces; matching joins them again). */
const splitCommand = (command: string): string[] => (/^\[.*\]$/.test(command) ? [] : command.trim().split(/\s+/));

/**
 * Configured stdio servers with no live process in the snapshot: no alive server carries their label and no
 * alive process runs their command with their arguments. HTTP/SSE entries (no process to find) and disabled
 * ones (the client would not start them) are left out.
 */
export function notRunning(configs: readonly ConfiguredServer[], snapshot: Snapshot, resolveBin?: BinResolver): ConfiguredServer[] {
  const alive = snapshot.servers.filter((s) => s.alive);
  const labels = new Set(alive.flatMap((s) => {
    const slash = s.label.lastIndexOf('/');
    if (slash < 0) return [s.label];
    const name = s.label.slice(slash + 1);
    return s.label.slice(0, slash).split('+').map((client) => `${client}/${name}`);
  }));
  const commands = new Set<string>();
  for (const s of alive) {
    commands.add(s.command);
    for (const p of s.processes) if (p.alive) commands.add(p.command);
  }
  const lives = [...commands].map((c) => normalizeArgv(splitCommand(c), resolveBin)).filter((l): l is Invocation => l !== undefined);
  return prepare(configs, resolveBin)
    .filter(({ server, inv }) => server.disabled !== true && !labels.has(server.label)
      && !lives.some((l) => matchInvocation(server, inv, l) === 'strong'))
    .map((p) => p.server);
}

/**
 * Configured stdio servers that none of the given live command lines runs (the Monitor passes every process's argv).
 * HTTP/SSE entries and disabled ones are left out, as in notRunning().
 */
export function notRunningAmong(configs: readonly ConfiguredServer[], argvs: readonly (readonly string[])[], resolveBin?: BinResolver): ConfiguredServer[] {
  const lives = argvs.map((a) => normalizeArgv(a, resolveBin)).filter((l): l is Invocation => l !== undefined);
  return prepare(configs, resolveBin)
    .filter(({ server, inv }) => server.disabled !== true && !lives.some((l) => matchInvocation(server, inv, l) === 'strong'))
    .map((p) => p.server);
}
