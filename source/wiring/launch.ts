// Starts what mcptop itself runs: the server after `--`, the bundled demo pair, or a server from a client config.
import { fileURLToPath } from 'node:url';
import type { Monitor } from '../core/monitor.js';
import type { NodeLaunchedProcess, NodeLauncher } from '../adapters/launcher.js';
import { EXIT, TargetError } from './exit.js';
import type { Owned } from './owned.js';
import { errorText } from '../core/notices.js';

export interface LaunchRequest {
  readonly command: readonly string[];
  readonly demo: boolean;
  /** A configured server resolved from client configs. */
  readonly configured?: { readonly argv: readonly string[]; readonly cwd?: string; readonly env?: Readonly<Record<string, string>> };
  /** --heap: launch the command / configured server with its Node inspector open on loopback. */
  readonly inspect?: boolean;
}

/** Grace between TERM and KILL when mcptop ends a server it launched, ms. */
export const STOP_GRACE_MS = 2000;

const demoServer = (file: string): string => fileURLToPath(new URL(`../demo/${file}`, import.meta.url));

/** Launch, attach to the Monitor and register each server's end with `owned`. Throws TargetError (exit 3) when a spawn fails. */
export async function launchTargets(req: LaunchRequest, monitor: Monitor, launcher: NodeLauncher, owned: Owned): Promise<NodeLaunchedProcess[]> {
  const started: NodeLaunchedProcess[] = [];
  // The inspector module brings `ws` (~12 MB RSS at import): loaded for --heap only.
  const inspectLaunch = req.inspect === true ? (await import('../adapters/inspector.js')).inspectLaunch : undefined;
  const launch = async (argv: readonly string[], opts: { cwd?: string; env?: Readonly<Record<string, string>> } = {}): Promise<NodeLaunchedProcess> => {
    let proc: NodeLaunchedProcess;
    try {
      proc = await launcher.launch(argv, opts);
    } catch (error) {
      throw new TargetError(errorText(error), EXIT.target);
    }
    owned.add(`server ${proc.pid}`, () => proc.stop(STOP_GRACE_MS));
    monitor.attachLaunched(proc.pid, proc);
    started.push(proc);
    return proc;
  };
  const inspected = (argv: readonly string[], env: Readonly<Record<string, string>> | undefined): { argv: readonly string[]; env?: Readonly<Record<string, string>> } => {
    if (inspectLaunch === undefined) return env === undefined ? { argv } : { argv, env };
    const how = inspectLaunch(argv, env?.['NODE_OPTIONS'] ?? process.env['NODE_OPTIONS']);
    const merged = how.env === undefined ? env : { ...env, ...how.env };
    return merged === undefined ? { argv: how.argv } : { argv: how.argv, env: merged };
  };
  if (req.command.length > 0) {
    const l = inspected(req.command, undefined);
    await launch(l.argv, l.env === undefined ? {} : { env: l.env });
  }
  if (req.configured !== undefined) {
    const l = inspected(req.configured.argv, req.configured.env);
    await launch(l.argv, {
      ...(req.configured.cwd === undefined ? {} : { cwd: req.configured.cwd }),
      ...(l.env === undefined ? {} : { env: l.env }),
    });
  }
  if (req.demo) {
    const healthy = await launch([process.execPath, demoServer('healthy-server.js')]);
    const leaky = await launch([process.execPath, demoServer('leaky-server.js')]);
    const [{ openStdioSession }, { startDemoTrickle }] = await Promise.all([import('../adapters/stdio-session.js'), import('../demo/driver.js')]);
    const sessions = await Promise.all([openStdioSession(healthy), openStdioSession(leaky)]);
    // One server per era (healthy: modern, leaky: legacy), each labelled with the era it negotiated.
    sessions.forEach((s, i) => { const p = i === 0 ? healthy : leaky; if (s.era !== undefined) monitor.setEra(p.pid, s.era); });
    const stop = startDemoTrickle(sessions);
    owned.add('demo trickle', stop);
    monitor.notice('demo: a trickle of calls goes into both servers (healthy: modern era, leaky: legacy era); the leaky one keeps an FD and some memory per call');
  }
  return started;
}
