// The Monitor: owns the sampling loop and every server's state, and publishes a Snapshot after each tick.
import { LOOKED_FOR } from './discovery-rules.js';
import { distinctLabels } from './label.js';
import { DEFAULT_WINDOW } from './history.js';
import { Notices, errorText } from './notices.js';
import { KindsRota } from './kinds-rota.js';
import { FdAttribution } from './attribution/fd-targets.js';
import { Cadence, Refresher } from './loop.js';
import type { MonitorOptions } from './monitor-options.js';
import { EVENTS } from './ports.js';
import type { LaunchedProcess, SinkRecord } from './ports.js';
import { Sampler } from './sampler.js';
import { CommandCache } from './command-cache.js';
import { WorkCounter } from './work-counter.js';
import type { Collected, SampledServer } from './sampler.js';
import { processView, serverSample } from './sampling.js';
import { ServerState, dropOldEnded, serverIdentity } from './server-state.js';
import { SnapshotFeeds, newStage, sameFlags, withFlags } from './snapshot-feed.js';
import { buildRunSummary } from './summary.js';
import type { ChurnView, FdKindsResult, HostInfo, McpEra, MonitorHandle, ProcKey, RunSummary, SelfInfo, Snapshot, StressView } from './types.js';
import { JudgeQueue, worstVerdict } from './verdict/index.js';
import type { LoadMarks } from './verdict/index.js';
import type { ProfileResult } from './stress/profile-judge.js';
import type { HeapReport } from './attribution/heap.js';

export type { MonitorOptions } from './monitor-options.js';

/** Dead servers kept listed with their history; past this the one that ended first is dropped. */
export const MAX_ENDED_SERVERS = 100;

export class Monitor implements MonitorHandle {
  private readonly sampler: Sampler;
  private readonly servers = new Map<ProcKey, ServerState>();
  private readonly launched = new Map<number, LaunchedProcess>();
  /** Each watched process's shown command line, redacted once per identity (and again only when exec changes its argv). */
  private readonly commands = new CommandCache();
  private readonly feeds: SnapshotFeeds;
  private readonly notices = new Notices();
  private readonly kindsRota = new KindsRota();
  private readonly attribution = new FdAttribution();
  private readonly startedAt: number;
  private readonly windowSize: number;
  private snap: Snapshot;
  private ticks = 0;
  /** Loop ticks not taken: the previous one was still running, or the monitor was paused. */
  skippedTicks = 0;
  private focus: ProcKey | undefined;
  private stress: StressView | undefined;
  private readonly eras = new Map<number, McpEra>();
  private notRunningCache: { gen: number; labels: readonly string[] } | undefined;
  private churn: ChurnView | undefined;
  private profile: ProfileResult | undefined;
  /** --heap findings, one per snapshot pair (bounded by the loads run: a few). */
  private readonly heap: HeapReport[] = [];
  private hostInfo: HostInfo | undefined;
  private selfInfo: SelfInfo | undefined;
  private paused = false;
  private stopping: Promise<void> | undefined;
  private readonly loop: Cadence;
  private readonly hostLoop: Refresher | undefined;
  private inFlight: Promise<Snapshot> | undefined;
  /** Work done so far (stress calls, churn cycles), over every run: the x of every verdict; recorded with each tick. */
  private readonly work = new WorkCounter();
  /** Due re-judgements of every server wait here and run within a budget per tick (core/verdict/queue.ts). */
  private readonly judgeQueue = new JudgeQueue();

  constructor(private readonly opts: MonitorOptions) {
    this.startedAt = opts.clock.now();
    this.windowSize = opts.windowSize ?? DEFAULT_WINDOW;
    this.feeds = new SnapshotFeeds(opts.clock, () => this.snap, (m) => this.notice(m, false));
    this.sampler = new Sampler(opts.source, opts.clock, opts.targets, opts.selfPid, (m) => this.notice(m, false), opts.notRunning !== undefined, {
      ...(opts.peers === undefined ? {} : { peers: opts.peers }), ...(opts.configured === undefined ? {} : { configured: opts.configured }),
    });
    this.snap = this.buildSnapshot(this.startedAt);
    this.loop = new Cadence(opts.clock, opts.intervalMs, () => {
      if (this.inFlight || this.paused) this.skippedTicks += 1;
      else void this.tick();
    });
    const host = opts.host;
    if (host) {
      this.hostLoop = new Refresher(opts.clock, opts.hostRefreshMs ?? 5000, () => host.read().then(
        (h) => { this.hostInfo = h; }, (err: unknown) => this.notice(`host info failed: ${errorText(err)}`)));
    }
  }

  /** Ticks now, then every intervalMs on a chained timer; a due tick is skipped while the last is still running. */
  start(): void {
    if (this.stopping) return;
    this.loop.start();
    this.hostLoop?.start();
  }

  /**
   * Ends the loop and the host refresh and waits for a tick in flight. Idempotent. A host read in flight is not
   * awaited (a slow systeminformation call must not hold up exit); it arms nothing once stopped. Sinks stay open:
   * their owner closes them after writing the summary. A between-tick publication still pending is dropped.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.loop.stop();
      this.hostLoop?.stop();
      this.feeds.close();
      await this.inFlight?.catch(() => undefined);
    })();
    return this.stopping;
  }

  /**
   * A sample at a work checkpoint (the load and churn engines call it every few calls or cycles, so a run of any speed
   * has its evidence): records the current run's counts and ticks. It shares a tick in flight, never stacks; `fresh`
   * waits for that one and takes a new one (a baseline must be read after the moment it was asked for).
   */
  async checkpoint(work: { readonly calls?: number; readonly cycles?: number }, fresh = false): Promise<void> {
    this.work.note(work.calls, work.cycles);
    if (this.stopping) return;
    if (fresh) await this.inFlight?.catch(() => undefined);
    await this.tick();
  }

  /** A replay sets the recorded work counter as it was (already summed over runs). */
  setWork(work: LoadMarks): void {
    this.work.set(work);
  }

  /**
   * The server(s) answered (a stress session initialized and listed its tools): each one's next clean sample is its
   * baseline. Recorded, so a replay takes the same baseline.
   */
  markReady(keys?: ReadonlySet<ProcKey>): void {
    const t = this.opts.clock.now();
    const marked: ProcKey[] = [];
    for (const s of this.servers.values()) if (s.alive && (keys === undefined || keys.has(s.id.key))) { s.markReady(t); marked.push(s.id.key); }
    this.event(EVENTS.ready, { serverKeys: marked });
  }

  /** One tick now; a call while a tick runs shares that tick. */
  tick(): Promise<Snapshot> {
    this.inFlight ??= this.runTick().finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  private async runTick(): Promise<Snapshot> {
    const selfRead = this.opts.self?.read().then((s) => { this.selfInfo = s; }, () => undefined);
    let t = this.opts.clock.now();
    try {
      const got = await this.sampler.collect();
      if (got) {
        t = got.t;
        await this.apply(got);
      }
    } catch (err) {
      this.notice(`tick failed: ${errorText(err)}`);
    }
    await selfRead;
    this.ticks += 1;
    this.snap = this.buildSnapshot(t);
    this.feeds.tick(this.snap);
    return this.snap;
  }

  private async apply(got: Collected): Promise<void> {
    const { t } = got;
    for (const key of got.ended) this.servers.get(key)?.end(t);
    const load: LoadMarks = this.work.marks;
    // A recording carries the work counter with every tick once there was any, so a replay judges against the same x.
    if (load.calls > 0 || load.cycles > 0 || this.stress !== undefined || this.churn !== undefined) this.write({ type: 'event', t, event: EVENTS.load, detail: { ...load } });
    const replayed = this.opts.kindsRecorded?.();
    // FD kinds: the selected server, one whose count rose, and the others in turns (a replay: as recorded).
    const turn = replayed ?? this.kindsRota.pick(got.servers.map((s) => ({ key: s.server.key, fds: this.servers.get(s.server.key)?.lastFds })),
      new Set(this.focus === undefined ? [] : [this.focus]));
    await Promise.all(got.servers.map(async (s) => {
      const state = this.stateFor(s);
      // Calls count for the servers the load went to: another server's verdict must not read "over 1,200 calls".
      const loadOf = this.stress?.targets === undefined || this.stress.targets.includes(state.id.key) ? load : { calls: 0, cycles: load.cycles };
      state.host = s.host;
      state.stdinPeer = s.stdinPeer;
      const sample = serverSample(t, s.members);
      const prevFds = state.lastFds;
      const rising = prevFds !== undefined && sample.fds !== undefined && sample.fds > prevFds;
      if (turn.has(state.id.key) || (!replayed && (rising || this.focus === state.id.key))) this.kindsRead(t, state, await this.sampler.fdKinds(s.server.members), loadOf);
      if (!replayed && (rising || (turn.has(state.id.key) && !this.attribution.has(state.id.key)))) await this.targetsRead(state.id.key, s);
      const views = s.members.map((m) =>
        processView(m, this.commandOf(m.member.key, m.member.entry.comm), this.opts.source.startedAtMs?.(m.member.entry)));
      state.record(sample, views, s.members.map((m) => ({ fds: m.metrics.fds, fdLimit: m.fdLimit })), loadOf);
      for (const m of s.members) {
        this.write({ type: 'sample', t, serverKey: state.id.key, label: state.id.label, proc: m.member.entry, metrics: m.metrics, fdLimit: m.fdLimit });
      }
    }));
    this.pruneCommands(got);
    dropOldEnded(this.servers, MAX_ENDED_SERVERS);
    if (this.attribution.size > this.servers.size) this.attribution.retain(new Set(this.servers.keys()));
  }

  /** FD targets of a tree (live members, root first): the first read is the baseline, later ones say what grew. */
  private async targetsRead(key: ProcKey, s: SampledServer): Promise<void> {
    const reader = this.opts.fdTargets;
    if (reader === undefined) return;
    const pids = s.members.filter((m) => m.member.entry.state !== 'Z').map((m) => m.member.entry.pid);
    if (pids.length === 0) return;
    this.attribution.observe(key, await reader.read(pids).catch(() => 'gone' as const));
  }

  /** A breakdown read for a server: shown, judged, and recorded (a replay reads kinds at exactly these ticks). */
  private kindsRead(t: number, state: ServerState, kinds: FdKindsResult | undefined, load: LoadMarks): void {
    state.recordKinds(t, kinds, load);
    if (typeof kinds === 'object') this.write({ type: 'event', t, event: EVENTS.fdKinds, detail: { serverKey: state.id.key, ...kinds } });
  }

  private commandOf(key: ProcKey, comm: string): string {
    return this.commands.of(key, this.sampler.argvOf(key), comm);
  }

  /** Command lines are kept for the watched processes only. */
  private pruneCommands(got: Collected): void {
    if (this.commands.size === 0) return;
    const watched = new Set<ProcKey>();
    for (const s of got.servers) for (const m of s.members) watched.add(m.member.key);
    this.commands.retain(watched);
  }

  /**
   * What the Monitor holds per server and per process identity (tests and the soak bench check these stay bounded:
   * servers by the live ones plus MAX_ENDED_SERVERS, commands/limits/cpu by the watched processes, argv by the present).
   */
  footprint(): { servers: number; commands: number; argv: number; limits: number; cpu: number } {
    return { servers: this.servers.size, commands: this.commands.size, ...this.sampler.cacheSizes() };
  }

  /** The state of a discovered server, created on first sight; its name follows the root's argv (exec can change it). */
  private stateFor(s: SampledServer): ServerState {
    const key = s.server.key;
    const argvRead = this.sampler.argvOf(key);
    let state = this.servers.get(key);
    if (state && state.argvSeen === argvRead) return state;
    const root = s.server.members.find((m) => m.key === key)?.entry;
    if (state && !root) return state;
    const launched = s.server.launched && root ? this.launched.get(root.pid) : undefined;
    const argv = argvRead !== undefined && argvRead.length > 0 ? argvRead : launched?.command ?? state?.launched?.command ?? [];
    const id = serverIdentity(key, root?.pid ?? Number(key.split('@')[0]), argv, root?.comm ?? '?', this.opts.labeler);
    if (state) state.id = id;
    else {
      state = new ServerState(id, this.opts.thresholds, this.opts.intervalMs, this.windowSize, this.judgeQueue);
      this.servers.set(key, state);
    }
    state.argvSeen = argvRead;
    state.launched ??= launched;
    return state;
  }

  private write(record: SinkRecord): void {
    for (const sink of this.opts.sinks ?? []) {
      try { sink.write(record); } catch (err) { this.notices.add(`recorder failed: ${errorText(err)}`); }
    }
  }

  /** Recomputed only when the set of command lines changed: matching every process against every config is not free. */
  private configuredNotRunning(): readonly string[] | undefined {
    if (this.opts.notRunning === undefined || this.ticks === 0) return undefined; // nothing read yet: unknown, not "none running"
    const gen = this.sampler.generation;
    if (this.notRunningCache?.gen !== gen) this.notRunningCache = { gen, labels: this.opts.notRunning(this.sampler.liveArgvs()) };
    return this.notRunningCache.labels;
  }

  /** A server's view or summary with the era its MCP session spoke (only servers mcptop opened a session to have one). */
  private withEra<T extends { readonly pid: number }>(v: T): T {
    const era = this.eras.size === 0 ? undefined : this.eras.get(v.pid);
    return era === undefined ? v : { ...v, era };
  }

  /** Record the era a server's MCP session spoke (shown in the table, the summary and --json); bounded by launched servers. */
  setEra(pid: number, era: McpEra): void {
    if (this.eras.get(pid) === era) return;
    if (this.eras.size >= 1024) this.eras.clear();
    this.eras.set(pid, era);
    this.event('era', { pid, era });
  }

  private buildSnapshot(t: number): Snapshot {
    const servers = distinctLabels([...this.servers.values()].map((s) => this.withEra(this.withTargets(s.view()))));
    const notRunning = this.configuredNotRunning();
    return {
      ...(notRunning === undefined ? {} : { notRunning }),
      ...(this.opts.targets.auto === true ? { discovery: { lookedFor: LOOKED_FOR } } : {}),
      tick: this.ticks, t, startedAt: this.startedAt, elapsedMs: t - this.startedAt, intervalMs: this.opts.intervalMs,
      paused: this.paused, host: this.hostInfo, self: this.selfInfo, servers,
      watchedProcs: servers.reduce((n, s) => n + (s.alive ? s.processes.length : 0), 0),
      notices: this.notices.list(), stress: this.stress, churn: this.churn,
      verdict: worstVerdict(servers.map((s) => s.verdict)),
    };
  }

  /** A view with the targets that grew, when some did (most servers: the view itself, no copy). */
  private withTargets<V extends { readonly key: ProcKey }>(v: V): V {
    const fdTargets = this.attribution.growing(v.key);
    return fdTargets === undefined ? v : { ...v, fdTargets };
  }

  getSnapshot(): Snapshot { return this.snap; }

  /** Called once per tick, with that tick's snapshot: for listeners that count ticks or print one line each. */
  subscribe(listener: (snapshot: Snapshot) => void): () => void {
    return this.feeds.ticked.add(listener);
  }

  /** Called with every new snapshot: each tick's (after subscribe's listeners), and changes between ticks (SnapshotFeeds). */
  onChange(listener: (snapshot: Snapshot) => void): () => void {
    return this.feeds.changed.add(listener);
  }

  /** What a view draws from: its subscribers hear of every new snapshot (onChange), not only of ticks. */
  readonly view: MonitorHandle = {
    getSnapshot: () => this.getSnapshot(), subscribe: (fn) => this.onChange(fn), setFocus: (key) => this.setFocus(key),
  };

  setFocus(key: ProcKey | undefined): void {
    this.focus = key;
  }

  /** While paused the loop skips its ticks (tick() still samples when asked). */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.change({ paused }, this.snap.paused !== paused);
  }

  attachLaunched(pid: number, proc: LaunchedProcess): void {
    this.launched.set(pid, proc);
    this.sampler.discovery.attachLaunched(pid);
  }

  /** Shown between ticks when its stage changes (newStage); progress alone waits for the tick. */
  setStress(view: StressView | undefined): void {
    this.stress = view;
    this.work.note(view?.calls, undefined, view?.sessionPerCall === true);
    this.change({ stress: view }, newStage(this.snap.stress, view));
  }

  setChurn(view: ChurnView | undefined): void {
    this.churn = view;
    this.work.note(undefined, view?.done);
    this.change({ churn: view }, newStage(this.snap.churn, view));
  }

  /** Replaces the current snapshot between ticks; published on onChange before the next tick when asked. */
  private change(part: Partial<Snapshot>, publish: boolean): void {
    this.snap = { ...this.snap, ...part };
    if (publish) this.feeds.soon();
  }

  /**
   * Cleanup's findings (orphan, duplicate, zombie, runaway) for a server. A change shows at once: the current snapshot is
   * replaced by one carrying them, for onChange's listeners (not subscribe's: no new tick). The same flags publish nothing.
   */
  setFlags(serverKey: ProcKey, flags: readonly string[] | undefined): void {
    const s = this.servers.get(serverKey);
    if (!s || sameFlags(s.flags, flags)) return;
    s.flags = flags !== undefined && flags.length > 0 ? flags : undefined;
    const next = withFlags(this.snap, serverKey, s.flags);
    if (next === undefined) return; // found during a tick still running: its snapshot will carry them
    this.snap = next;
    this.feeds.publish(next);
  }

  /** The per-tool profile's table, for the exit summary (and a recording, as a `profile` event). */
  setProfile(result: ProfileResult | undefined): void {
    this.profile = result;
    if (result !== undefined) this.event('profile', { ...result });
  }

  /** A --heap finding (or why there is none), for the exit summary and a recording. */
  setHeap(report: HeapReport): void {
    if (this.heap.length >= 16) this.heap.shift();
    this.heap.push(report);
    this.event('heap', { ...report });
  }

  markRoundEnd(round: number): void {
    const t = this.opts.clock.now();
    for (const s of this.servers.values()) if (s.alive) s.markRoundEnd(t, round);
    this.event(EVENTS.roundEnd, { round });
  }

  event(name: string, detail?: Record<string, unknown>): void {
    this.write({ type: 'event', t: this.opts.clock.now(), event: name, detail });
  }

  /** Shown before the next tick (onChange); the sampler's and a failing listener's wait for the next snapshot. */
  notice(message: string, publish = true): void {
    this.notices.add(message);
    this.change({ notices: this.notices.list() }, publish);
    this.event('notice', { message });
  }

  /** Ticks taken so far. */
  get tickCount(): number {
    return this.ticks;
  }

  summary(): RunSummary {
    const now = this.opts.clock.now();
    return buildRunSummary({
      durationMs: now - this.startedAt, samples: this.ticks, now, stress: this.stress, churn: this.churn,
      ...(this.profile === undefined ? {} : { profile: this.profile }),
      heap: [...this.heap],
      servers: [...distinctLabels([...this.servers.values()].map((s) => this.withEra(this.withTargets(s.summary()))))],
    });
  }
}
