// The load engine: `users` concurrent callers x `calls` per round x `rounds`, a live StressView, settled baselines per round.
import type { Clock, McpConnector, McpSession, CallOutcome, TimerHandle } from '../ports.js';
import { zeroErrors, type LoadShape, type McpEra, type ProcKey, type RoundBaseline, type StressView } from '../types.js';
import { LatencyHistogram } from './latency.js';
import { expandArgs, hasIndex, pickTool, type ToolChoice } from './tool-pick.js';
import { baselinesOf, delay, waitSettled, type SettleOptions } from './settle.js';
import type { StressMonitor } from './ports.js';
import { errorText } from '../notices.js';
import { CALLS_PER_YIELD, concurrencyOf, untilDoneOrGrace } from './load-pool.js';

/** Work checkpoints per run: samples at known call counts however fast the calls go (the verdict's evidence). */
export const CHECKPOINTS = 24;
/** The longest callers wait for a checkpoint's sample, ms. */
export const GATE_MAX_MS = 100;

export interface LoadDeps {
  readonly clock: Clock;
  readonly connector: McpConnector;
  /** Receives the view (setStress), round marks and events; optional so the engine runs alone in tests. */
  readonly monitor?: StressMonitor;
  /** Servers whose settled baselines are recorded after each round (default: every live server). */
  readonly serverKeys?: ReadonlySet<ProcKey>;
  /** Live view period, ms (default 100). */
  readonly viewEveryMs?: number;
  /** How to wait for the metrics to settle after a round; false = read the snapshot at once. */
  readonly settle?: SettleOptions | false;
  readonly onView?: (view: StressView) => void;
  /** Timeout for opening sessions and tools/list, ms (default: the shape's call timeout, at least 10 s). */
  readonly prepareTimeoutMs?: number;
  /**
   * Most calls in flight at once (default LOAD_CONCURRENCY_CAP); the wiring lowers it to what memory can hold. More
   * users than this are simulated by this many callers taking the users' calls in turn: the planned total is kept.
   */
  readonly maxConcurrency?: number;
  /** Lets the event loop run (timers, I/O, signals) between batches of calls; without it fast calls starve it. */
  readonly yieldToLoop?: () => Promise<void>;
}

export { LOAD_CONCURRENCY_CAP } from './load-pool.js';

type State = StressView['state'];

export class LoadRun {
  private state: State = 'preparing';
  private round = 0;
  private ok = 0;
  private failed = 0;
  /** Modern era: calls answered `input_required` (their own outcome: neither ok nor an error). */
  private inputRequired = 0;
  private era: McpEra | undefined;
  /** --session-per-call, unless the server speaks the modern era (no sessions there). */
  private perCall: boolean;
  /** The first session opened: its era decided perCall (the view says sessionPerCall from then on). */
  private opened = false;
  private readonly errors = zeroErrors();
  private readonly hist = new LatencyHistogram();
  private readonly baselines: RoundBaseline[] = [];
  private tool: ToolChoice | undefined;
  private message: string | undefined;
  private startedAt: number | undefined;
  private endedAt: number | undefined;
  private activeMs = 0;
  private roundStart: number | undefined;
  private nextIndex = 0;
  private stopIssuing = false;
  private aborted = false;
  private failure: string | undefined;
  private consecutiveTimeouts = 0;
  private consecutiveClosed = 0;
  private sessions: McpSession[] = [];
  private garbageBase = 0;
  private viewTimer: TimerHandle | undefined;
  /** A work checkpoint being sampled: callers wait for it before their next call, so its sample sits at its call count. */
  private gate: Promise<void> | undefined;
  private readonly every: number;
  private cancelResolve: () => void = () => undefined;
  private readonly cancel = new Promise<void>((resolve) => { this.cancelResolve = resolve; });
  private abortResolve: () => void = () => undefined;
  /** Resolves on abort() only (a failure still lets the calls in flight report). */
  private readonly abortedNow = new Promise<void>((resolve) => { this.abortResolve = resolve; });
  private readonly transport: StressView['transport'];
  /** Callers (and sessions) at once: min(users, the cap). */
  private readonly concurrency: number;
  /** Calls issued so far in the current round (each round issues users x calls). */
  private issued = 0;

  constructor(private readonly shape: LoadShape, private readonly deps: LoadDeps) {
    this.transport = deps.connector.transport;
    this.concurrency = concurrencyOf(shape.users, deps.maxConcurrency);
    this.every = Math.max(1, Math.ceil((shape.users * shape.calls * shape.rounds) / CHECKPOINTS));
    if (this.concurrency < shape.users) {
      this.message = `${shape.users} users run as ${this.concurrency} concurrent callers (the cap), ${shape.calls} calls per user per round`;
    }
    this.perCall = shape.sessionPerCall === true;
  }

  /** Stop issuing calls; in-flight calls finish or time out; the run ends 'aborted'. */
  abort(): void {
    if (this.endedAt !== undefined) return;
    this.aborted = true;
    this.abortResolve();
    this.stopIssuing = true;
    this.cancelResolve();
    this.emit(true);
  }

  /** Calls finished so far, whatever their outcome. */
  private get calls(): number {
    return this.ok + this.failed + this.inputRequired;
  }

  view(): StressView {
    const running = this.roundStart !== undefined ? this.deps.clock.now() - this.roundStart : 0;
    const activeMs = this.activeMs + running;
    const garbage = this.garbageNow() - this.garbageBase;
    const { users, calls, rounds } = this.shape;
    return {
      state: this.state, transport: this.transport,
      ...(this.deps.serverKeys === undefined ? {} : { targets: [...this.deps.serverKeys] }),
      ...(this.era !== undefined ? { era: this.era } : {}),
      ...(this.perCall && this.opened ? { sessionPerCall: true as const } : {}),
      ...(this.inputRequired > 0 ? { inputRequired: this.inputRequired } : {}),
      ...(this.tool ? { tool: this.tool.name, toolNote: this.tool.note } : {}),
      users, callsPerUser: calls, rounds, round: this.round, planned: users * calls * rounds,
      calls: this.calls, ok: this.ok, failed: this.failed,
      errors: { ...this.errors, garbage: this.errors.garbage + Math.max(0, garbage) },
      ...(activeMs > 0 && this.calls > 0 ? { callsPerSec: Math.round((this.calls / activeMs) * 1000 * 10) / 10 } : {}),
      latencyMs: this.hist.summary(), latencyBuckets: this.hist.buckets(),
      ...(this.startedAt !== undefined ? { startedAt: this.startedAt } : {}),
      ...(this.endedAt !== undefined ? { endedAt: this.endedAt } : {}),
      ...(this.message !== undefined ? { message: this.message } : {}),
      roundBaselines: [...this.baselines],
    };
  }

  /** Stdio sessions of one process share one connection and one count, so the max is the count. */
  private garbageNow(): number {
    return this.sessions.reduce((n, s) => Math.max(n, s.garbageLines?.() ?? 0), 0);
  }

  /** Runs to the end (done, aborted or failed) and resolves with the final view; never rejects. */
  async run(): Promise<StressView> {
    const { clock, monitor } = this.deps;
    this.startedAt = clock.now();
    this.emit(true);
    try {
      await this.prepare();
      if (this.failure === undefined && !this.aborted) {
        // The server answered initialize and tools/list: the sample taken now is its verdict baseline.
        monitor?.markReady?.(this.deps.serverKeys);
        await monitor?.checkpoint?.({ calls: this.calls }, true);
        monitor?.event('stress.start', { tool: this.tool?.name, users: this.shape.users, calls: this.shape.calls, rounds: this.shape.rounds, transport: this.transport,
          ...(this.era !== undefined ? { era: this.era } : {}) });
        await this.rounds();
      }
    } catch (err) {
      this.failure ??= `load failed: ${errorText(err)}`;
    }
    await Promise.all(this.sessions.map((s) => s.close().catch(() => undefined)));
    this.state = this.failure !== undefined ? 'failed' : this.aborted ? 'aborted' : 'done';
    this.message = this.failure ?? (this.aborted ? `aborted by the user in round ${this.round}` : this.message);
    this.endedAt = clock.now();
    if (this.roundStart !== undefined) { this.activeMs += this.endedAt - this.roundStart; this.roundStart = undefined; }
    monitor?.event('stress.end', { state: this.state, calls: this.calls, ok: this.ok, failed: this.failed, ...(this.message === undefined ? {} : { message: this.message }) });
    this.emit(true);
    return this.view();
  }

  private async prepare(): Promise<void> {
    const timeout = this.deps.prepareTimeoutMs ?? Math.max(10_000, this.shape.timeoutMs);
    const first = await this.deps.connector.open().catch((err: unknown) => {
      this.failure = `cannot open an MCP session: ${errorText(err)}`;
      return undefined;
    });
    if (!first) return;
    this.sessions.push(first);
    this.era = first.era;
    if (first.era === 'modern') this.modernNotes();
    this.opened = true;
    const perCall = this.perCall;
    const tools = await first.listTools(timeout).catch((err: unknown) => {
      if (this.shape.tool === undefined) this.failure = `tools/list failed: ${errorText(err)}`;
      return [];
    });
    if (this.failure !== undefined) return;
    const choice = pickTool(tools, { ...(this.shape.tool !== undefined ? { tool: this.shape.tool } : {}), ...(this.shape.args !== undefined ? { args: this.shape.args } : {}) });
    if ('error' in choice) { this.failure = choice.error; return; }
    this.tool = choice;
    if (perCall) { await first.close().catch(() => undefined); this.sessions = []; return; }
    // One session per concurrent caller (over stdio they all share the process's one connection), opened in batches
    // of at most the cap with the loop let run between them, so a huge --users never opens everything at once.
    for (let opened = 1; opened < this.concurrency && !this.aborted;) {
      const batch = Math.min(this.concurrency - opened, 32);
      const more = await Promise.all(Array.from({ length: batch }, () => this.deps.connector.open().catch(() => undefined)));
      for (const s of more) if (s) this.sessions.push(s);
      opened += batch;
      await this.deps.yieldToLoop?.();
    }
    this.garbageBase = this.garbageNow();
  }

  private async rounds(): Promise<void> {
    const { clock, monitor } = this.deps;
    for (let r = 1; r <= this.shape.rounds && !this.stopIssuing; r++) {
      this.round = r;
      this.state = 'running';
      monitor?.event('stress.round.start', { round: r });
      this.roundStart = clock.now();
      this.emit(true);
      this.issued = 0;
      // After an abort, calls in flight get ABORT_GRACE_MS to finish, not a whole --timeout (a hung server would hold
      // the summary that long); the sessions are closed next, which fails the rest, and a later outcome is not counted.
      await untilDoneOrGrace(Promise.all(Array.from({ length: this.concurrency }, () => this.caller())), this.abortedNow, clock);
      await this.gate;
      if (!this.stopIssuing) await monitor?.checkpoint?.({ calls: this.calls });
      this.activeMs += clock.now() - (this.roundStart ?? clock.now());
      this.roundStart = undefined;
      if (this.stopIssuing) break;
      this.state = 'settling';
      this.emit(true);
      const snap = monitor === undefined ? undefined
        : this.deps.settle === false ? monitor.getSnapshot()
          : await waitSettled(monitor, clock, this.deps.serverKeys, { ...this.deps.settle, cancel: this.cancel });
      if (snap) this.baselines.push(...baselinesOf(snap, r, this.calls, this.deps.serverKeys));
      monitor?.markRoundEnd(r);
      monitor?.event('stress.round.end', { round: r, calls: this.calls, ok: this.ok, failed: this.failed });
      if (r < this.shape.rounds && this.shape.delayMs > 0 && !this.stopIssuing) {
        this.state = 'pause';
        this.emit(true);
        await delay(clock, this.shape.delayMs, this.cancel);
      }
    }
  }

  /** One concurrent caller: takes the round's next call until users x calls are issued; yields to the loop now and then. */
  private async caller(): Promise<void> {
    const tool = this.tool;
    if (!tool) return;
    const indexed = hasIndex(tool.args);
    const { timeoutMs } = this.shape;
    const perRound = this.shape.users * this.shape.calls;
    for (let made = 1; this.issued < perRound && !this.stopIssuing; made++) {
      if (this.gate) await this.gate;
      if (this.stopIssuing || this.issued >= perRound) break;
      const u = Math.floor(this.issued / this.shape.calls);
      this.issued += 1;
      const i = this.nextIndex++;
      const args = (indexed ? expandArgs(tool.args, i) : tool.args) as Record<string, unknown>;
      let out: CallOutcome;
      if (this.perCall) {
        out = await this.callOnFreshSession(tool.name, args, timeoutMs);
      } else {
        const s = this.sessions[u % Math.max(1, this.sessions.length)];
        out = s ? await s.callTool(tool.name, args, timeoutMs) : { ok: false, latencyMs: 0, kind: 'closed', message: 'no session' };
      }
      if (this.endedAt !== undefined) return;
      this.record(out);
      if (made % CALLS_PER_YIELD === 0) await this.deps.yieldToLoop?.();
    }
  }

  private async callOnFreshSession(name: string, args: Record<string, unknown>, timeoutMs: number): Promise<CallOutcome> {
    const t0 = this.deps.clock.now();
    let s: McpSession;
    try {
      s = await this.deps.connector.open();
    } catch (err) {
      return { ok: false, latencyMs: this.deps.clock.now() - t0, kind: 'closed', message: `cannot open a session: ${errorText(err)}` };
    }
    try {
      return await s.callTool(name, args, timeoutMs);
    } finally {
      await s.close().catch(() => undefined);
    }
  }

  private record(out: CallOutcome): void {
    this.hist.add(out.latencyMs);
    if (out.ok) {
      if (out.inputRequired === true) this.inputRequired += 1;
      else this.ok += 1;
      this.consecutiveTimeouts = 0;
      this.consecutiveClosed = 0;
    } else {
      this.failed += 1;
      this.errors[out.kind] += 1;
      this.consecutiveTimeouts = out.kind === 'timeout' ? this.consecutiveTimeouts + 1 : 0;
      this.consecutiveClosed = out.kind === 'closed' ? this.consecutiveClosed + 1 : 0;
      this.checkGiveUp(out);
    }
    const cp = this.deps.monitor?.checkpoint;
    if (cp && this.gate === undefined && this.calls % this.every === 0 && !this.stopIssuing) {
      // Callers wait for the sample, at most GATE_MAX_MS: a fast run still gets its evidence, a slow tick on a busy
      // machine does not throttle the load (the sample then sits a few calls later, counted as they happen).
      const { clock } = this.deps;
      let timer: TimerHandle | undefined;
      const cap = new Promise<void>((resolve) => { timer = clock.setTimeout(resolve, GATE_MAX_MS); });
      const sampled = cp.call(this.deps.monitor, { calls: this.calls }).catch(() => undefined);
      const gate: Promise<void> = Promise.race([sampled, cap]).finally(() => {
        if (timer !== undefined) clock.clearTimeout(timer);
        if (this.gate === gate) this.gate = undefined;
      });
      this.gate = gate;
    }
    this.emit(false);
  }

  /** The modern era has no sessions: growth is per request, and the session flags say plainly that they do not apply. */
  private modernNotes(): void {
    const notes: string[] = [];
    if (this.shape.sessionPerCall === true) notes.push('--session-per-call does not apply in the modern era (no sessions; growth is per request)');
    if (this.shape.noDelete === true && this.transport !== 'stdio') notes.push('--no-delete does not apply in the modern era (no sessions to delete)');
    this.perCall = false;
    for (const n of notes) this.deps.monitor?.notice(n);
    if (notes.length > 0) this.message = notes.join('; ');
  }

  /** A dead or hung server ends the run instead of failing every remaining call slowly. */
  private checkGiveUp(out: Extract<CallOutcome, { ok: false }>): void {
    if (this.stopIssuing) return;
    const waves = Math.max(4, this.concurrency * 2);
    if (out.kind === 'closed' && (this.transport === 'stdio' || this.consecutiveClosed >= Math.max(20, waves))) {
      this.fail(`the server closed the connection in round ${this.round} (${out.message}); did it exit?`);
    } else if (out.kind === 'timeout' && this.consecutiveTimeouts >= waves) {
      this.fail(`the server stopped answering: ${this.consecutiveTimeouts} calls in a row timed out after ${this.shape.timeoutMs} ms`);
    }
  }

  private fail(message: string): void {
    this.failure = message;
    this.stopIssuing = true;
    this.cancelResolve();
  }

  /** Push the view now (state changes) or at most every viewEveryMs (progress). */
  private emit(force: boolean): void {
    const { clock } = this.deps;
    if (force) {
      if (this.viewTimer !== undefined) { clock.clearTimeout(this.viewTimer); this.viewTimer = undefined; }
      this.publish();
      return;
    }
    if (this.viewTimer !== undefined) return;
    this.viewTimer = clock.setTimeout(() => { this.viewTimer = undefined; this.publish(); }, this.deps.viewEveryMs ?? 100);
  }

  private publish(): void {
    const v = this.view();
    this.deps.monitor?.setStress(v);
    this.deps.onView?.(v);
  }
}
