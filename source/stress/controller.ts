// Runs load and churn for the TUI and headless mode: resolves targets, wires engines to adapters and the Monitor, ends it all.
import type { Clock, LaunchedProcess, McpConnector, ProcessSource, SelfSource } from '../core/ports.js';
import { zeroErrors, type AppActions, type ChurnShape, type EraChoice, type LoadShape, type LoadTarget, type McpEra, type ProcKey } from '../core/types.js';
import type { StressMonitor } from '../core/stress/ports.js';
import { LoadRun } from '../core/stress/load-engine.js';
import { ChurnRun } from '../core/stress/churn-engine.js';
import { ProfileRun, type ProfileResult } from '../core/stress/profile-engine.js';
import type { LaunchOptions, NodeLaunchedProcess } from '../adapters/launcher.js';
import { ChurnProbe, type ChurnProbeSource } from '../adapters/churn-probe.js';
import { endProcesses } from '../adapters/kill-tree.js';
import { churnArgv, churnServer, looksLike, serverSignature } from './churn-host.js';
import { describeTarget, resolveTarget, twinSpec, type Resolved } from './targets.js';
import { errorText } from '../core/notices.js';
import type { HeapSession } from './heap-session.js';

export type ControllerMonitor = StressMonitor & { attachLaunched(pid: number, proc: LaunchedProcess): void; setProfile?(result: ProfileResult | undefined): void; setEra?(pid: number, era: McpEra): void };

export interface StressControllerOptions {
  readonly monitor: ControllerMonitor;
  readonly launcher: { launch(argv: readonly string[], opts?: LaunchOptions): Promise<NodeLaunchedProcess> };
  /** The --url server's connector (Streamable HTTP or SSE), when given. */
  readonly connectors?: { readonly url?: McpConnector };
  readonly source: ProcessSource;
  readonly self?: SelfSource;
  readonly clock: Clock;
  /** Servers cli.tsx launched (`-- cmd`, --demo): stressed over their own pipes. More can be adopted later. */
  readonly launched?: readonly NodeLaunchedProcess[];
  readonly selfPid?: number;
  /** Reads pgid/sid/ppid for churn survivors (default: /proc). */
  readonly probe?: ChurnProbeSource;
  /** Grace between TERM and KILL when ending twins, ms. */
  readonly stopGraceMs?: number;
  /** Load concurrency bound and event-loop yield (see LoadDeps); the wiring sizes them from the machine. */
  readonly loadLimits?: { readonly maxConcurrency: number; readonly yieldToLoop: () => Promise<void> };
  /** Arguments per tool for a profile (--tool-args). */
  readonly toolArgs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** --heap: snapshots of a launched Node server around each load or profile. */
  readonly heap?: Pick<HeapSession, 'start' | 'end'>;
  /** --era: negotiate per server (default) or force one. */
  readonly era?: EraChoice;
}

export type StressKind = 'load' | 'churn' | 'profile';

export class StressController {
  private readonly adopted: NodeLaunchedProcess[] = [];
  private readonly twins: NodeLaunchedProcess[] = [];
  private current: { abort(): void; done: Promise<void> } | undefined;
  private disposed = false;

  constructor(private readonly o: StressControllerOptions) {
    for (const p of o.launched ?? []) this.adopt(p);
  }

  /** A process launched elsewhere whose pipes stress may use. */
  adopt(proc: NodeLaunchedProcess): void {
    if (!this.adopted.includes(proc)) this.adopted.push(proc);
  }

  /** The TUI's actions, bound to this controller. */
  actions(): AppActions {
    return {
      loadTarget: (k) => this.loadTarget(k),
      launchTwin: (k) => this.launchTwin(k),
      startLoad: (s, k) => this.startLoad(s, k),
      startChurn: (s, k) => this.startChurn(s, k),
      startProfile: (s, k) => this.startProfile(s, k),
      abortStress: () => this.abortStress(),
    };
  }

  private resolve(key: ProcKey | undefined): Resolved {
    return resolveTarget(this.o.monitor.getSnapshot(), key, this.adopted, this.o.connectors?.url);
  }

  loadTarget(key: ProcKey | undefined): LoadTarget {
    return describeTarget(this.resolve(key));
  }

  /** Launch a twin of a watched server (same argv, cwd, env), watch it, and return its key once the Monitor lists it. */
  async launchTwin(key: ProcKey): Promise<ProcKey | undefined> {
    const { monitor, source } = this.o;
    const view = monitor.getSnapshot().servers.find((s) => s.key === key);
    if (!view) return undefined;
    const spec = await twinSpec(source, view.pid);
    if (!spec) { monitor.notice(`cannot read the command line of pid ${view.pid}`); return undefined; }
    let proc: NodeLaunchedProcess;
    try {
      proc = await this.o.launcher.launch(spec.argv, spec.opts);
    } catch (err) {
      monitor.notice(`twin: ${errorText(err)}`);
      return undefined;
    }
    this.twins.push(proc);
    this.adopt(proc);
    monitor.attachLaunched(proc.pid, proc);
    monitor.notice(`launched a twin of pid ${view.pid}: pid ${proc.pid}`);
    return this.waitListed(proc.pid);
  }

  private waitListed(pid: number): Promise<ProcKey | undefined> {
    const { monitor, clock } = this.o;
    const found = (): ProcKey | undefined => monitor.getSnapshot().servers.find((s) => s.pid === pid)?.key;
    const now = found();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (k: ProcKey | undefined): void => { unsubscribe(); clock.clearTimeout(timer); resolve(k); };
      const unsubscribe = monitor.subscribe(() => { const k = found(); if (k !== undefined) finish(k); });
      const timer = clock.setTimeout(() => finish(found()), Math.max(5000, monitor.getSnapshot().intervalMs * 5));
    });
  }

  startLoad(shape: LoadShape, key: ProcKey | undefined): void {
    void this.start('load', shape, key);
  }

  startChurn(shape: ChurnShape, key: ProcKey | undefined): void {
    void this.start('churn', shape, key);
  }

  startProfile(shape: LoadShape, key: ProcKey | undefined): void {
    void this.start('profile', shape, key);
  }

  abortStress(): void {
    this.current?.abort();
  }

  /** Headless `--stress load|churn`: run one to the end (a watched, not launched server gets a twin). */
  async run(kind: 'load' | 'profile', shape: LoadShape, key?: ProcKey): Promise<void>;
  async run(kind: 'churn', shape: ChurnShape, key?: ProcKey): Promise<void>;
  async run(kind: StressKind, shape: LoadShape | ChurnShape, key?: ProcKey): Promise<void> {
    await this.start(kind, shape, key);
  }

  private async start(kind: StressKind, shape: LoadShape | ChurnShape, key: ProcKey | undefined): Promise<void> {
    const { monitor } = this.o;
    if (this.disposed) return;
    if (this.current) { monitor.notice('a stress run is already going: x aborts it'); return; }
    let cancelled = false;
    let abort: () => void = () => undefined;
    const done = (async () => {
      let target = this.resolve(key);
      if (target.kind === 'twin' && kind !== 'churn') {
        const twinKey = await this.launchTwin(target.view.key);
        target = twinKey === undefined ? { kind: 'none', why: 'the twin could not be started' } : this.resolve(twinKey);
      }
      if (target.kind === 'none') { monitor.notice(`${kind}: ${target.why}`); this.failView(kind, shape, target.why); return; }
      const run = kind === 'load' ? this.loadRun(shape as LoadShape, target)
        : kind === 'profile' ? this.profileRun(shape as LoadShape, target) : await this.churnRun(shape as ChurnShape, target);
      if (!run) return;
      abort = () => run.abort();
      if (cancelled) run.abort();
      const heap = kind !== 'churn' && target.kind === 'stdio' ? this.o.heap : undefined;
      if (heap && target.kind === 'stdio') await heap.start(target.proc);
      const v = await run.run();
      if (heap && target.kind === 'stdio') await heap.end(target.proc, 'tools' in v ? v.tools.reduce((n, t) => n + t.calls, 0) : 'calls' in v ? v.calls : 0);
      monitor.notice('tools' in v
        ? `profile ${v.state}: ${v.tools.filter((t) => t.state === 'done').length} tools profiled, ${v.tools.filter((t) => t.verdict === 'leak').map((t) => t.tool).join(', ') || 'none'} leaking${v.message ? ` (${v.message})` : ''}`
        : 'planned' in v
        ? `load ${v.state}: ${v.calls} calls, ${v.failed} failed${v.callsPerSec !== undefined ? `, ${v.callsPerSec} calls/s` : ''}${v.message ? ` (${v.message})` : ''}`
        : `churn ${v.state}: ${v.done}/${v.cycles} cycles, ${v.failed} failed, ${v.survivors} survivors${v.message ? ` (${v.message})` : ''}`);
    })().catch((err: unknown) => { monitor.notice(`${kind} failed: ${errorText(err)}`); });
    const current = { abort: () => { cancelled = true; abort(); }, done };
    this.current = current;
    try {
      await done;
    } finally {
      if (this.current === current) this.current = undefined;
    }
  }

  private loadRun(shape: LoadShape, target: Exclude<Resolved, { kind: 'none' }>): LoadRun {
    const { clock, monitor } = this.o;
    const { connector, key } = this.loadTo(shape, target);
    let eraSeen: McpEra | undefined;
    const onView = (v: { readonly era?: McpEra }): void => {
      if (v.era === undefined || v.era === eraSeen) return;
      // Looked up when the era is known: a --url load may start before the first tick lists the --pid server.
      const pid = target.kind === 'stdio' ? target.proc.pid : eraPid(monitor.getSnapshot().servers, key);
      if (pid === undefined) return;
      eraSeen = v.era;
      monitor.setEra?.(pid, v.era);
    };
    return new LoadRun(shape, { clock, connector, monitor, onView, ...this.o.loadLimits, ...(key !== undefined ? { serverKeys: new Set([key]) } : {}) });
  }

  /** The load against each tool in turn, judged on the target server. */
  private profileRun(shape: LoadShape, target: Exclude<Resolved, { kind: 'none' }>): ProfileRun {
    const { clock, monitor, toolArgs } = this.o;
    const { connector, key } = this.loadTo(shape, target);
    const pid = target.kind === 'stdio' ? target.proc.pid : undefined;
    // A server launched at start is listed after the first tick: its key is looked up by pid when the profile needs it.
    const serverKey = (): ProcKey | undefined => key ?? monitor.getSnapshot().servers.find((s) => s.pid === pid)?.key;
    return new ProfileRun(shape, { clock, connector, monitor, serverKey, ...this.o.loadLimits, ...(toolArgs === undefined ? {} : { toolArgs }) });
  }

  private loadTo(shape: LoadShape, target: Exclude<Resolved, { kind: 'none' }>): { connector: McpConnector; key: ProcKey | undefined } {
    const connector = target.kind === 'stdio' ? lazyStdioConnector(target.proc, Math.max(10_000, shape.timeoutMs), this.o.era ?? 'auto')
      : target.kind === 'url' ? target.connector : undefined;
    if (!connector) throw new Error('no connector for this target');
    return { connector, key: target.kind === 'twin' ? target.view.key : target.key };
  }

  private async churnRun(shape: ChurnShape, target: Exclude<Resolved, { kind: 'none' }>): Promise<ChurnRun | undefined> {
    const { clock, monitor, launcher } = this.o;
    const spec = target.kind === 'stdio' ? { argv: target.proc.command, opts: target.proc.options }
      : target.kind === 'twin' ? await twinSpec(this.o.source, target.view.pid) : undefined;
    if (!spec) {
      const why = target.kind === 'url' ? 'churn needs a command to spawn (a launched or watched stdio server)' : 'cannot read the server command';
      monitor.notice(`churn: ${why}`);
      this.failView('churn', shape, why);
      return undefined;
    }
    const argv = churnArgv(spec.argv, shape.viaNpx);
    return new ChurnRun(shape, {
      clock, monitor, selfPid: this.o.selfPid ?? process.pid,
      probe: this.o.probe ?? new ChurnProbe(),
      ...(this.o.self ? { self: this.o.self } : {}),
      launch: async () => churnServer(await launcher.launch(argv, spec.opts), this.o.era ?? 'auto'),
      endProcs: async (procs) => { await endProcesses(procs, 300); },
      looksLikeServer: looksLike(serverSignature(spec.argv)),
    });
  }

  private failView(kind: StressKind, shape: LoadShape | ChurnShape, why: string): void {
    const { monitor } = this.o;
    if (kind !== 'churn') {
      const s = shape as LoadShape;
      monitor.event('stress.end', { state: 'failed', calls: 0, ok: 0, failed: 0, message: why });
      monitor.setStress({
        state: 'failed', transport: this.o.connectors?.url?.transport ?? 'stdio', users: s.users, callsPerUser: s.calls, rounds: s.rounds, round: 0,
        planned: s.users * s.calls * s.rounds, calls: 0, ok: 0, failed: 0,
        errors: zeroErrors(), latencyMs: {}, message: why, roundBaselines: [],
      });
    } else {
      const s = shape as ChurnShape;
      monitor.event('churn.end', { state: 'failed', done: 0, failed: 0, survivors: 0, message: why });
      monitor.setChurn({
        state: 'failed', mode: s.mode, viaNpx: s.viaNpx, cycles: s.cycles, done: 0, failed: 0, survivors: 0, zombies: 0,
        eofCompliant: 0, eofChecked: 0, latencyMs: {}, message: why, survivorSamples: [],
      });
    }
  }

  /** Abort what runs, wait for it, end the twins this controller launched. Idempotent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const cur = this.current;
    cur?.abort();
    await cur?.done;
    await Promise.all(this.twins.splice(0).map((p) => p.stop(this.o.stopGraceMs ?? 2000)));
  }
}

/** The watched process a --url load talks to: the selected one, else the only one watched (`--url ... --pid N`). */
function eraPid(servers: readonly { readonly key: ProcKey; readonly pid: number; readonly alive: boolean }[], key: ProcKey | undefined): number | undefined {
  if (key !== undefined) return servers.find((s) => s.key === key)?.pid;
  const live = servers.filter((s) => s.alive);
  return live.length === 1 ? live[0]?.pid : undefined;
}

/**
 * The MCP client code is loaded on the first session, not at start-up: a monitor that never stresses never pays for it
 * (the stdio path is mcptop's own thin client and loads no SDK at all; HTTP loads the v2 client package).
 */
function lazyStdioConnector(proc: NodeLaunchedProcess, initTimeoutMs: number, era: EraChoice): McpConnector {
  return {
    transport: 'stdio',
    open: async () => (await import('../adapters/stdio-session.js')).openStdioSession(proc, initTimeoutMs, 'thin', era),
  };
}
