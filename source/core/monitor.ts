// The Monitor: owns the sampling loop and every server's state, and publishes a Snapshot after each tick.
import { LOOKED_FOR } from './discovery-rules.js';
import { DEFAULT_WINDOW } from './history.js';
import { Notices, errorText } from './notices.js';
import { Cadence, Refresher } from './loop.js';
import type { MonitorOptions } from './monitor-options.js';
import { EVENTS } from './ports.js';
import type { LaunchedProcess, SinkRecord } from './ports.js';
import { Sampler } from './sampler.js';
import { WorkCounter } from './work-counter.js';
import type { Collected } from './sampler.js';
import { ServerBook } from './server-book.js';
import { SnapshotFeeds, newStage, sameFlags, withFlags } from './snapshot-feed.js';
import { buildRunSummary } from './summary.js';
import type { ChurnView, HostInfo, McpEra, MonitorHandle, ProcKey, RunSummary, SelfInfo, Snapshot, StressView } from './types.js';
import { worstVerdict } from './verdict/index.js';
import type { LoadMarks } from './verdict/index.js';
import type { ProfileResult } from './stress/profile-judge.js';
import type { HeapReport } from './attribution/heap.js';

export type { MonitorOptions } from './monitor-options.js';

export { MAX_ENDED_SERVERS } from './server-book.js';

export class Monitor implements MonitorHandle {
  private readonly sampler: Sampler;
  /** Every server's state, fed each tick's samples. */
  private readonly book: ServerBook;
  private readonly feeds: SnapshotFeeds;
  private readonly notices = new Notices();
  private readonly startedAt: number;
  private snap: Snapshot;
  private ticks = 0;
  /** Loop ticks not taken: the previous one was still running, or the monitor was paused. */
  skippedTicks = 0;
  private focus: ProcKey | undefined;
  private stress: StressView | undefined;
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

  constructor(private readonly opts: MonitorOptions) {
    this.startedAt = opts.clock.now();
    this.feeds = new SnapshotFeeds(opts.clock, () => this.snap, (m) => this.notice(m, false));
    this.sampler = new Sampler(opts.source, opts.clock, opts.targets, opts.selfPid, (m) => this.notice(m, false), opts.notRunning !== undefined, {
      ...(opts.peers === undefined ? {} : { peers: opts.peers }), ...(opts.configured === undefined ? {} : { configured: opts.configured }),
    });
    this.book = new ServerBook(opts, this.sampler, opts.windowSize ?? DEFAULT_WINDOW, (r) => this.write(r));
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
    for (const s of this.book.servers.values()) if (s.alive && (keys === undefined || keys.has(s.id.key))) { s.markReady(t); marked.push(s.id.key); }
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
    for (const key of got.ended) this.book.servers.get(key)?.end(got.t);
    const load: LoadMarks = this.work.marks;
    // A recording carries the work counter with every tick once there was any, so a replay judges against the same x.
    if (load.calls > 0 || load.cycles > 0 || this.stress !== undefined || this.churn !== undefined) this.write({ type: 'event', t: got.t, event: EVENTS.load, detail: { ...load } });
    await this.book.record(got, load, this.stress?.targets, this.focus);
  }

  /**
   * What the Monitor holds per server and per process identity (tests and the soak bench check these stay bounded:
   * servers by the live ones plus MAX_ENDED_SERVERS, commands/limits/cpu by the watched processes, argv by the present).
   */
  footprint(): { servers: number; commands: number; views: number; argv: number; limits: number; cpu: number; samples: number; matches: number; members: number } {
    return { servers: this.book.servers.size, commands: this.book.commandCount, views: this.book.viewCount, ...this.sampler.cacheSizes() };
  }

  private write(record: SinkRecord): void {
    for (const sink of this.opts.sinks ?? []) {
      try { sink.write(record); } catch (err) { this.notices.add(`recorder failed: ${errorText(err)}`); }
    }
  }

  /** Record the era a server's MCP session spoke (shown in the table, the summary and --json); bounded by launched servers. */
  setEra(pid: number, era: McpEra): void {
    if (this.book.setEra(pid, era)) this.event('era', { pid, era });
  }

  private buildSnapshot(t: number): Snapshot {
    const servers = this.book.views();
    // Nothing read yet: unknown, not "none running".
    const notRunning = this.opts.notRunning === undefined || this.ticks === 0 ? undefined : this.sampler.notRunning(this.opts.notRunning);
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
    this.book.launched.set(pid, proc);
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
    const s = this.book.servers.get(serverKey);
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
    for (const s of this.book.servers.values()) if (s.alive) s.markRoundEnd(t, round);
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
      servers: this.book.summaries(),
    });
  }
}
