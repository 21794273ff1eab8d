// The load engine: `users` concurrent callers x `calls` per round x `rounds`, a live StressView, settled baselines per round.
import type { McpSession, CallOutcome, TimerHandle } from '../ports.js';
import type { LoadShape, McpEra, RoundBaseline, StressView } from '../types.js';
import { CallTally } from './call-tally.js';
import { expandArgs, hasIndex, pickTool, type ToolChoice } from './tool-pick.js';
import { baselinesOf, delay, waitSettled } from './settle.js';
import type { LoadDeps } from './ports.js';
import { errorText } from '../notices.js';
import { CALLS_PER_YIELD, concurrencyOf, untilDoneOrGrace } from './load-pool.js';
import { CheckpointGate } from './checkpoint-gate.js';


export type { LoadDeps } from './ports.js';
export { LOAD_CONCURRENCY_CAP } from './load-pool.js';
export { CHECKPOINTS, GATE_MAX_MS } from './checkpoint-gate.js';

type State = StressView['state'];

export class LoadRun {
  private state: State = 'preparing';
  private round = 0;
  private readonly tally = new CallTally();
  private era: McpEra | undefined;
  /** --session-per-call, unless the server speaks the modern era (no sessions there). */
  private perCall: boolean;
  /** The first session opened: its era decided perCall (the view says sessionPerCall from then on). */
  private opened = false;
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
  private sessions: McpSession[] = [];
  private garbageBase = 0;
  private viewTimer: TimerHandle | undefined;
  /** Callers wait for a work checkpoint's sample before their next call, so the sample sits at its call count. */
  private readonly checkpoints: CheckpointGate;
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
    this.checkpoints = new CheckpointGate(deps.clock, deps.monitor, shape.users * shape.calls * shape.rounds);
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
    return this.tally.calls;
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
      ...(this.tally.inputRequired > 0 ? { inputRequired: this.tally.inputRequired } : {}),
      ...(this.tool ? { tool: this.tool.name, toolNote: this.tool.note } : {}),
      users, callsPerUser: calls, rounds, round: this.round, planned: users * calls * rounds,
      calls: this.calls, ok: this.tally.ok, failed: this.tally.failed,
      errors: { ...this.tally.errors, garbage: this.tally.errors.garbage + Math.max(0, garbage) },
      ...(activeMs > 0 && this.calls > 0 ? { callsPerSec: Math.round((this.calls / activeMs) * 1000 * 10) / 10 } : {}),
      latencyMs: this.tally.hist.summary(), latencyBuckets: this.tally.hist.buckets(),
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
    monitor?.event('stress.end', { state: this.state, calls: this.calls, ok: this.tally.ok, failed: this.tally.failed, ...(this.message === undefined ? {} : { message: this.message }) });
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
      await this.checkpoints.open;
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
      monitor?.event('stress.round.end', { round: r, calls: this.calls, ok: this.tally.ok, failed: this.tally.failed });
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
      const gate = this.checkpoints.open;
      if (gate) await gate;
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
    const giveUp = this.tally.add(out, { transport: this.transport, concurrency: this.concurrency, timeoutMs: this.shape.timeoutMs, round: this.round });
    if (giveUp !== undefined && !this.stopIssuing) this.fail(giveUp);
    if (!this.stopIssuing) this.checkpoints.after(this.calls);
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
