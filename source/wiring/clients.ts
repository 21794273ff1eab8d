// Client configs at launch: --clients listing, --server resolution, and the labeler that names rows "client/server".
import type { CliOptions } from '../options.js';
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
  const r = await cc.loadLabeler(o.clientsConfig === undefined ? {} : { files: [o.clientsConfig] });
  if (o.clients) {
    process.stdout.write(cc.formatClients(r)); // the listing carries the warnings itself
    return { done: EXIT.ok, servers: r.servers };
  }
  for (const w of r.warnings) warn(`mcptop: warning: ${w}`);
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
