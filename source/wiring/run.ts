// The monitor session: build adapters and the Monitor, launch targets, run the TUI or headless, end everything, report.
import { hasTargets } from '../core/config.js';
import { Monitor } from '../core/monitor.js';
import type { HostSource, McpConnector, ProcessSource, SelfSource } from '../core/ports.js';
import type { CliOptions } from '../options.js';
import { systemClock } from '../adapters/clock.js';
import { SystemHostSource } from '../adapters/host.js';
import { NodeSelfSource } from '../adapters/self.js';
import { NodeLauncher } from '../adapters/launcher.js';
import { ProcessGuardian } from '../adapters/guardian.js';
import { runHeadless } from '../headless.js';
import { EXIT, TargetError, finishedExit, signalExit, stressFailure, type ExitCode } from './exit.js';
import { Owned } from './owned.js';
import { launchTargets } from './launch.js';
import { OUTPUT_FAILED, openSinks, writeOutputs } from './outputs.js';
import { checkOutputs } from './output-check.js';
import { installSignals } from './signals.js';
import { readToolArgs } from './tool-args.js';
import { prepareHeapDir } from './heap.js';
import { resolveClients } from './clients.js';
import { tapSource } from './cleanup-scan.js';
import type * as UiRun from '../ui/run.js';
import type { LivePlot } from './plot.js';
import { startHeapLog } from './heap-log.js';
import { NO_BOOT_FRAME } from './boot-frame.js';
import type { BootFrame } from './boot-frame.js';

/** `hostTurns`: the monitor's loop reads unwatched host processes in turns (adapters/procfs-scan.ts); `mcptop cleanup` does not. */
export async function makeSource(backend: CliOptions['backend'], hostTurns = false): Promise<ProcessSource> {
  if (backend === 'linux') {
    const { HOST_TURNS, LinuxProcessSource } = await import('../adapters/procfs.js');
    // Unwatched host processes in turns: their exec or re-parenting shows within HOST_TURNS ticks.
    return new LinuxProcessSource(hostTurns ? { hostTurns: HOST_TURNS } : {});
  }
  const { PortableProcessSource } = await import('../adapters/portable.js');
  return new PortableProcessSource();
}

/** A --pid that names no process is a target that cannot be reached (exit 3), found before anything starts. */
async function checkPids(source: ProcessSource, pids: readonly number[]): Promise<void> {
  if (pids.length === 0) return;
  if (pids.includes(process.pid)) throw new TargetError('mcptop does not watch itself', EXIT.usage);
  const alive = new Set((await source.list()).map((p) => p.pid));
  const missing = pids.filter((p) => !alive.has(p));
  if (missing.length > 0) throw new TargetError(`no process with pid ${missing.join(', ')}`, EXIT.target);
}

async function urlConnector(o: CliOptions): Promise<McpConnector | undefined> {
  if (o.url === undefined) return undefined;
  const { httpConnector } = await import('../adapters/http-session.js');
  // The handshake (initialize, or the discover probe) honours --timeout like every call.
  return httpConnector(o.url, { sse: o.sse, sessionPerCall: o.load.sessionPerCall === true, noDelete: o.load.noDelete === true, era: o.era,
    initTimeoutMs: o.load.timeoutMs });
}

/**
 * Ink and React read the environment once, at import: CI / CONTINUOUS_INTEGRATION make Ink draw only the final frame,
 * and NODE_ENV picks React's build (the development one costs ~1.6x per frame). mcptop takes the TUI path only when
 * stdin and stdout are terminals, so a person is watching: for the import alone, CI is hidden and NODE_ENV is
 * production. The environment is restored after, so servers mcptop launches later still get the user's own.
 */
async function importTui(): Promise<typeof UiRun> {
  const names = ['CI', 'CONTINUOUS_INTEGRATION', 'NODE_ENV'] as const;
  const saved = names.map((n) => [n, process.env[n]] as const);
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  process.env['NODE_ENV'] = 'production';
  try {
    return await import('../ui/run.js');
  } finally {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}

/** Zero-config rule 1: a command line the client configs' labeler names runs a configured server. */
const configuredTest = (labeler: NonNullable<Awaited<ReturnType<typeof resolveClients>>['labeler']>) =>
  (argv: readonly string[]): boolean => labeler(argv, '') !== undefined;

/**
 * The Monitor's optional ports, read every tick only where something shows them. Host figures: the TUI's header and the
 * exporter's host gauges. mcptop's own figures: the TUI's header only (a churn stress reads its own). A plain headless
 * run reads neither.
 */
export function monitorPorts(shown: { readonly interactive: boolean; readonly exporter: boolean }, host: () => HostSource, self: SelfSource): { host?: HostSource; self?: SelfSource } {
  return { ...(shown.interactive || shown.exporter ? { host: host() } : {}), ...(shown.interactive ? { self } : {}) };
}

/** `boot`: the frame cli drew before loading all this (its lines to stderr are held until the terminal is back). */
export async function runMonitor(o: CliOptions, boot: BootFrame = NO_BOOT_FRAME): Promise<ExitCode> {
  const warn = (line: string): void => { boot.warn(line); };
  checkOutputs(o);
  const clients = await resolveClients(o, warn);
  if (clients.done !== undefined) return clients.done;
  const interactive = !o.headless && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (!interactive) boot.leave();
  const toolArgs = readToolArgs(o.toolArgs);
  const heapDir = prepareHeapDir(o.heap);
  const source = await makeSource(o.backend, true);
  // FD attribution reads /proc links and /proc/PID/net tables: the Linux backend only.
  const fdTargets = source.name === 'linux' ? new (await import('../adapters/fd-attribution.js')).ProcFdTargetReader(process.pid) : undefined;
  await checkPids(source, o.targets.pids);
  const owned = new Owned();
  const heapLog = startHeapLog();
  if (heapLog !== undefined) owned.add('heap log', heapLog);
  // Whatever mcptop launches dies with it, even on SIGKILL: a guardian process ends the groups when our pipe closes.
  const guardian = new ProcessGuardian();
  const launcher = new NodeLauncher({ guardian });
  const shutdown = new AbortController();
  const signals = installSignals(shutdown, () => launcher.killAllNow());
  // This kernel may lack /proc/PID/task/*/children: count mcptop's children from the tick's own scan instead of a second one.
  const childCount = source.childCount === undefined ? undefined : (): number | undefined => source.childCount?.(process.pid);
  const self = new NodeSelfSource({ ...(childCount === undefined ? {} : { childCount }), heldFds: () => source.heldFds });
  let monitor: Monitor | undefined;
  let plot: LivePlot | undefined;
  let recordingFailed = false;
  try {
    const sinks = await openSinks(o, owned);
    // Cleanup flags reuse each tick's process listing rather than scanning /proc a second time.
    const tapped = tapSource(source);
    monitor = new Monitor({
      source: tapped.source, clock: systemClock, ...monitorPorts({ interactive, exporter: o.prometheus !== undefined }, () => new SystemHostSource(), self),
      targets: o.targets, thresholds: o.thresholds, intervalMs: o.intervalMs, selfPid: process.pid, sinks,
      // The series window feeds sparklines and the chart; headless draws neither (summaries use whole-run aggregates,
      // --plot and Prometheus the latest sample), so it keeps none.
      ...(interactive ? {} : { windowSize: 0 }),
      ...(clients.labeler === undefined ? {} : { labeler: clients.labeler }),
      ...(fdTargets === undefined ? {} : { fdTargets }),
      ...(clients.notRunningLabels === undefined ? {} : { notRunning: clients.notRunningLabels }),
      ...(o.backend === 'linux' ? { peers: (await import('../adapters/stdin-peer.js')).procStdinPeers } : {}),
      ...(clients.labeler === undefined ? {} : { configured: configuredTest(clients.labeler) }),
    });
    const m = monitor;
    owned.add('monitor', () => m.stop());
    // d3 (the SVG plot) is loaded only for --plot.
    if (o.plot !== undefined) plot = (await import('./plot.js')).collectPlot(m, owned);
    // Cleanup flags (orphan, duplicate, ...) show in the TUI and the exporter's group gauges; a plain headless run
    // prints none, so it neither loads nor runs the detector.
    const cleanup = interactive || o.prometheus !== undefined ? await (await import('./cleanup-tui.js')).startCleanupSession(m, source, tapped.lastList, o) : undefined;
    if (cleanup !== undefined) owned.add('cleanup', () => cleanup.dispose());
    const launched = await launchTargets({ command: o.command, demo: o.demo, inspect: heapDir !== undefined, ...(clients.configured === undefined ? {} : { configured: clients.configured }) }, m, launcher, owned);
    const url = await urlConnector(o);
    // The stress controller and its engines load when a stress can run: the TUI's keys, or --stress.
    const stress = !interactive && o.stress === undefined ? undefined : await (await import('./stress.js')).buildStress(o, { monitor: m, launcher, source, self, launched, owned, ...(url === undefined ? {} : { url }), ...(toolArgs === undefined ? {} : { toolArgs }), ...(heapDir === undefined ? {} : { heapDir }) });
    if (o.prometheus !== undefined) {
      const { startPrometheus } = await import('../adapters/prometheus.js');
      // Servers mcptop did not launch are reached over --url when one is given: label them with that transport.
      const transport = o.url === undefined ? undefined : o.sse ? 'sse' : 'http';
      const endpoint = await startPrometheus(m, o.prometheus, {
        configured: clients.servers, ...(clients.notRunning === undefined ? {} : { notRunning: clients.notRunning }),
        ...(transport === undefined ? {} : { transport: () => transport }),
        // The era a server's MCP session spoke (set once a session opened: the demo, a load, a churn's server).
        era: (view) => view.era,
      })
        .catch((error: unknown) => { throw new TargetError(`cannot serve --prometheus ${o.prometheus}: ${(error as Error).message}`, EXIT.usage); });
      owned.add('prometheus endpoint', () => endpoint.close());
      warn(`mcptop: serving Prometheus metrics at ${endpoint.url}`);
    }
    m.start();
    const stressDone = o.stress === undefined ? undefined : stress?.runAtStart(o.stress);
    stressDone?.catch((error: unknown) => m.notice(`stress: ${(error as Error).message}`));
    if (o.durationMs !== undefined) {
      const timer = setTimeout(() => shutdown.abort('duration'), o.durationMs);
      owned.add('duration timer', () => clearTimeout(timer));
    }
    if (interactive && stress !== undefined) {
      const { runTui } = await importTui();
      // ProcKiller checks identities in /proc: the cleanup view is offered on Linux only. m.view: the table redraws
      // when cleanup flags a server, a notice lands, pause toggles or a load changes stage, not a tick later;
      // headless, plot and stress count ticks on m.subscribe.
      const { procInspect } = await import('./inspect.js');
      // `d` on the "nothing found" screen: the demo pair, launched and attached as --demo would (once).
      let demo: Promise<void> | undefined;
      const startDemo = (): Promise<void> => (demo ??= launchTargets({ command: [], demo: true }, m, launcher, owned).then(() => undefined));
      boot.handOver();
      await runTui({
        monitor: m.view, actions: { ...stress.actions, startDemo }, signal: shutdown.signal,
        ...(process.platform === 'linux' && cleanup !== undefined ? { cleanup, inspect: procInspect(source) } : {}),
      });
    } else {
      if (o.targets.auto === true) {
        const { LOOKED_FOR } = await import('../core/discovery-rules.js');
        warn(`mcptop: no target given: watching the MCP servers found on this machine (${LOOKED_FOR.join('; ')})`);
      }
      await runHeadless({
        monitor: m, write: (line) => process.stderr.write(`${line}\n`), signal: shutdown.signal, intervalMs: o.intervalMs,
        ...(o.durationMs === undefined ? {} : { durationMs: o.durationMs }),
        ...(stressDone === undefined ? {} : { stressDone }),
        ...(launched.length > 0 && !hasTargets(o.targets) && stressDone === undefined && o.url === undefined
          ? { allExited: Promise.all(launched.map((p) => p.exited)) } : {}),
      });
    }
  } finally {
    await monitor?.stop();
    const problems = await owned.disposeAll();
    signals.dispose();
    guardian.dispose();
    boot.leave();
    for (const p of problems) warn(`mcptop: while ${p.startsWith(OUTPUT_FAILED) ? '' : 'ending '}${p}`);
    recordingFailed = problems.some((p) => p.startsWith(OUTPUT_FAILED));
  }
  if (monitor === undefined) return EXIT.internal;
  const summary = monitor.summary();
  const failedOutputs = await writeOutputs(o, summary, plot, warn);
  // An output that could not be written is the usage error it would have been had it been seen before the run.
  if (failedOutputs > 0 || recordingFailed) return EXIT.usage;
  // Interrupted (SIGHUP / SIGINT / SIGTERM): the summary is out; the exit code says the run did not finish.
  const interrupted = shutdown.signal.aborted ? signalExit(shutdown.signal.reason) : undefined;
  if (interrupted !== undefined) return interrupted;
  const why = stressFailure(summary);
  if (why !== undefined) warn(`mcptop: ${why}`);
  return finishedExit(summary, o.failOn);
}
