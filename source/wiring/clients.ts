// Client configs at launch: --clients listing, --server resolution, and the labeler that names rows "client/server".
import { accessSync, constants } from 'node:fs';
import type { CliOptions } from '../options.js';
import { redactText } from '../core/redact.js';
import type { ConfiguredServer } from '../core/clients/index.js';
import type { Snapshot } from '../core/types.js';
import { EXIT, TargetError, type ExitCode } from './exit.js';

export interface ClientsResolution {
  /** Set when the run is over already (--clients listed them). */
  readonly done?: ExitCode;
  readonly labeler?: (argv: readonly string[], comm: string) => string | undefined;
  readonly configured?: { readonly argv: readonly string[]; readonly cwd?: string; readonly env?: Readonly<Record<string, string>> };
  readonly servers: readonly ConfiguredServer[];
  readonly notRunning?: (snapshot: Snapshot) => ConfiguredServer[];
  /** For the Monitor: labels of configured stdio servers that none of the live command lines runs. */
  readonly notRunningLabels?: (argvs: readonly (readonly string[])[]) => readonly string[];
}

/** Reads the MCP hosts' config files (or --clients-config); warnings name the file and never stop the run. */
export async function resolveClients(o: CliOptions, warn: (line: string) => void): Promise<ClientsResolution> {
  const cc = await import('../adapters/client-configs/index.js');
  if (o.clientsConfig !== undefined) {
    // A file named explicitly must exist: a typo is a usage error, not an empty list.
    try { accessSync(o.clientsConfig, constants.R_OK); } catch (error) {
      throw new TargetError(`cannot read --clients-config ${o.clientsConfig}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.usage);
    }
  }
  const r = await cc.loadLabeler(o.clientsConfig === undefined ? {} : { files: [o.clientsConfig] });
  // Warnings go to stderr (stdout carries only the listing, so it can be piped).
  for (const w of r.warnings) warn(`mcptop: warning: ${redactText(w)}`);
  if (o.clients) {
    process.stdout.write(cc.formatClients(r, { warnings: false }));
    return { done: EXIT.ok, servers: r.servers };
  }
  let configured: ClientsResolution['configured'];
  if (o.server !== undefined) {
    const pick = cc.resolveServer(r.servers, o.server);
    if (pick.kind !== 'ok') throw new TargetError(pick.message, EXIT.usage);
    configured = cc.launchSpec(pick.server);
  }
  const resolveBin = cc.diskBinResolver();
  const notRunningLabels = r.servers.length === 0 ? undefined
    : (argvs: readonly (readonly string[])[]): string[] => cc.notRunningAmong(r.servers, argvs, resolveBin).map((s) => s.label);
  return {
    labeler: r.labeler, servers: r.servers, notRunning: r.notRunning,
    ...(notRunningLabels === undefined ? {} : { notRunningLabels }),
    ...(configured === undefined ? {} : { configured }),
  };
}
