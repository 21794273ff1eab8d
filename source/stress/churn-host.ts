// Adapts launched processes to the churn engine: each cycle's server (optionally behind npx), its ways to close, signatures.
import { basename } from 'node:path';
import type { ChurnServer } from '../core/stress/ports.js';
import type { NodeLaunchedProcess } from '../adapters/launcher.js';
import type { EraChoice } from '../core/types.js';

/** Quote one word for `sh -c`. */
export const shQuote = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/**
 * The argv for a cycle. viaNpx runs it as `npx --offline -c '<argv>'`: npm exec -> sh -> the server, the same wrapper
 * chain a client config's `npx some-server` builds, offline so no registry is asked.
 */
export function churnArgv(argv: readonly string[], viaNpx: boolean): string[] {
  if (!viaNpx) return [...argv];
  return ['npx', '--offline', '-c', argv.map(shQuote).join(' ')];
}

const INTERPRETERS = new Set(['node', 'nodejs', 'python', 'python3', 'bun', 'deno', 'npx', 'uvx', 'sh', 'bash', 'tsx', 'ts-node']);

/** The word that identifies a server in a command line: its script or package, else its program. */
export function serverSignature(argv: readonly string[]): string {
  const prog = basename(argv[0] ?? '');
  if (!INTERPRETERS.has(prog.replace(/\.exe$/, ''))) return prog;
  const word = argv.slice(1).find((a) => !a.startsWith('-') && !['run', 'exec', 'x'].includes(a));
  return word !== undefined ? basename(word) : prog;
}

export function looksLike(signature: string): (argv: readonly string[]) => boolean {
  return (argv) => signature.length > 0 && argv.some((a) => a === signature || a.endsWith(`/${signature}`) || basename(a) === signature);
}

/** A cycle's server; its session opens in the era asked for: modern churn is spawn -> discover -> (call) -> close. */
export function churnServer(proc: NodeLaunchedProcess, era: EraChoice = 'auto'): ChurnServer {
  return {
    proc,
    // Loaded on first use: a monitor without stress never needs the MCP client code.
    open: async (timeoutMs) => (await import('../adapters/stdio-session.js')).openStdioSession(proc, timeoutMs, 'thin', era),
    endStdin: () => proc.endStdin(),
    term: () => proc.signal('SIGTERM'),
    killGroup: () => proc.killGroup(),
  };
}
