// Where a stress run goes for a selected server: a process mcptop launched (stdio), the --url server, or a twin to launch.
import type { McpConnector, ProcessSource } from '../core/ports.js';
import type { LoadTarget, ProcKey, ServerView, Snapshot } from '../core/types.js';
import type { LaunchOptions, NodeLaunchedProcess } from '../adapters/launcher.js';

export type Resolved =
  | { readonly kind: 'stdio'; readonly proc: NodeLaunchedProcess; readonly key?: ProcKey }
  | { readonly kind: 'url'; readonly connector: McpConnector; readonly key?: ProcKey }
  | { readonly kind: 'twin'; readonly view: ServerView }
  | { readonly kind: 'none'; readonly why: string };

/** Pick the target: the selected server, or (none selected) the --url server, else the first launched one. */
export function resolveTarget(snap: Snapshot, key: ProcKey | undefined, adopted: readonly NodeLaunchedProcess[], url: McpConnector | undefined): Resolved {
  const keyOf = (pid: number): ProcKey | undefined => snap.servers.find((s) => s.pid === pid)?.key;
  if (key === undefined) {
    if (url) return { kind: 'url', connector: url };
    const proc = adopted.find((p) => p.alive());
    if (proc) { const k = keyOf(proc.pid); return k === undefined ? { kind: 'stdio', proc } : { kind: 'stdio', proc, key: k }; }
    const live = snap.servers.filter((s) => s.alive);
    if (live.length === 1 && live[0]) return { kind: 'twin', view: live[0] };
    return { kind: 'none', why: live.length === 0 ? 'no server to stress' : 'select a server first' };
  }
  const view = snap.servers.find((s) => s.key === key);
  if (!view) return { kind: 'none', why: 'that server is no longer listed' };
  const proc = adopted.find((p) => p.pid === view.pid && p.alive());
  if (proc) return { kind: 'stdio', proc, key };
  if (url && !view.launched) return { kind: 'url', connector: url, key };
  if (!view.alive) return { kind: 'none', why: 'the server has exited' };
  if (view.launched) return { kind: 'none', why: 'launched by mcptop but its pipes are not available' };
  return { kind: 'twin', view };
}

export function describeTarget(r: Resolved): LoadTarget {
  switch (r.kind) {
    case 'stdio': return { kind: 'ready', transport: 'stdio', description: `stdio to pid ${r.proc.pid} (${r.proc.command.join(' ')})` };
    case 'url': return { kind: 'ready', transport: r.connector.transport, description: `${r.connector.transport} to the --url server` };
    case 'twin': return { kind: 'twin', command: r.view.command };
    case 'none': return { kind: 'none', why: r.why };
  }
}

export interface TwinSpec {
  readonly argv: readonly string[];
  readonly opts: LaunchOptions;
}

/** argv, cwd and env of a watched process, read from the ProcessSource (undefined when unreadable). */
export async function twinSpec(source: ProcessSource, pid: number): Promise<TwinSpec | undefined> {
  const argv = await source.cmdline(pid);
  if (argv === undefined || argv.length === 0) return undefined;
  const envInfo = await source.environment?.(pid).catch(() => undefined);
  return {
    argv,
    opts: {
      ...(envInfo?.cwd !== undefined ? { cwd: envInfo.cwd } : {}),
      ...(envInfo?.env !== undefined ? { env: envInfo.env } : {}),
    },
  };
}
