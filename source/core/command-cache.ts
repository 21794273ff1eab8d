// Redacted command lines of watched processes, built once per process identity (and again only when exec changes argv).
import { redactArgv } from './redact.js';
import type { ProcKey } from './types.js';

export class CommandCache {
  private readonly commands = new Map<ProcKey, { argv: readonly string[] | undefined; comm: string; command: string }>();

  /** The command line shown for a process: its argv redacted, or comm in brackets when argv is unreadable. */
  of(key: ProcKey, argv: readonly string[] | undefined, comm: string): string {
    const hit = this.commands.get(key);
    if (hit !== undefined && hit.argv === argv && hit.comm === comm) return hit.command;
    const command = argv !== undefined && argv.length > 0 ? redactArgv(argv).join(' ') : `[${comm}]`;
    this.commands.set(key, { argv, comm, command });
    return command;
  }

  /** Bounded by the watched set: a process no longer in any tree takes its command line with it. */
  retain(watched: ReadonlySet<ProcKey>): void {
    for (const k of this.commands.keys()) if (!watched.has(k)) this.commands.delete(k);
  }

  get size(): number {
    return this.commands.size;
  }
}
