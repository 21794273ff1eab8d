// Cleanup inside a monitor run: flags every tick (ServerView.flags) and the `k` view's plan and execution.
import type { Clock, Killer } from '../core/ports.js';
import type { ProcEntry, ProcKey, Snapshot } from '../core/types.js';
import {
  CLEANUP_REASONS, CleanupDetector, OUTCOME_TEXT, planCleanup, runPlan,
  type CleanupLog, type CleanupPlan, type CleanupProgress, type CleanupReason, type Detection, type ItemResult, type MemberOutcome,
} from '../core/cleanup/index.js';
import type { TuiCleanup } from '../ui/cleanup/port.js';
import { safetyFrom } from '../cleanup-command.js';
import { ParentInfo } from './cleanup-scan.js';
import { errorText } from '../core/notices.js';

/** The Monitor as cleanup uses it: read each tick's snapshot, set flags (shown at once), leave a notice. */
export interface FlaggedMonitor {
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  setFlags(serverKey: ProcKey, flags: readonly string[] | undefined): void;
  notice(message: string): void;
}

export interface CleanupSessionDeps {
  readonly monitor: FlaggedMonitor;
  /** Reads parents' command lines (the wiring's ProcessSource). */
  readonly source: { cmdline(pid: number): Promise<readonly string[] | undefined> };
  /** The tick's full process listing (tapSource's lastList): parents and the safety rules come from it. */
  readonly entries: () => readonly ProcEntry[];
  readonly killer: Killer;
  readonly clock: Clock;
  /** Opens the log right before signalling; throws with the reason when it cannot (then nothing is signalled). */
  readonly openLog: () => CleanupLog & { readonly errors?: readonly string[] };
  /** Where the log is, for the notice after a run. */
  readonly logPath: string;
  /** Wall time, ms since the epoch (ages against start times). */
  readonly wallNow: () => number;
  readonly selfPid: number;
  readonly selfUid?: number;
}

export interface CleanupSessionOptions {
  /** An orphan must be at least this old, seconds (--min-age). */
  readonly minAgeS: number;
  /** Root only: include other users' processes (--allow-other-users). */
  readonly allowOtherUsers: boolean;
  /** TERM grace before KILL, ms (default 3000). */
  readonly graceMs?: number;
}

/** In one fixed order, so the table does not flicker between "orphan,dup" and "dup,orphan". */
const byReason = (flags: readonly CleanupReason[]): CleanupReason[] =>
  [...flags].sort((a, b) => CLEANUP_REASONS.indexOf(a) - CLEANUP_REASONS.indexOf(b));

/**
 * Owns one CleanupDetector fed by every tick's snapshot (subscribe, so the snapshot setFlags re-publishes with the
 * flags does not come back here; a tick seen already is not detected twice either), and the executions started from
 * the view, which it lets finish on dispose.
 */
export class CleanupSession implements TuiCleanup {
  private readonly detector: CleanupDetector;
  private readonly parents: ParentInfo;
  private readonly unsubscribe: () => void;
  private flagged = new Set<ProcKey>();
  private lastTick = -1;
  private next: Snapshot | undefined;
  private timer: NodeJS.Immediate | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly deps: CleanupSessionDeps, private readonly options: CleanupSessionOptions) {
    this.detector = new CleanupDetector({ minAgeMs: Math.max(0, options.minAgeS) * 1000 });
    this.parents = new ParentInfo(deps.source);
    this.unsubscribe = deps.monitor.subscribe((s) => this.soon(s));
  }

  /** Detection runs just after the tick, not inside it: the Monitor and the view get the snapshot first. */
  private soon(snapshot: Snapshot): void {
    this.next = snapshot;
    this.timer ??= setImmediate(() => {
      this.timer = undefined;
      const s = this.next;
      this.next = undefined;
      if (s !== undefined) this.flag(this.detect(s));
    });
  }

  /** Detection for this snapshot: a tick seen already (the same, or an older paused copy) is not counted twice. */
  private detect(snapshot: Snapshot): Detection {
    const last = this.detector.last();
    if (last !== undefined && snapshot.tick <= this.lastTick) return last;
    this.lastTick = snapshot.tick;
    return this.detector.update(snapshot, this.deps.wallNow(), { procs: this.parents.now(snapshot, this.deps.entries()) });
  }

  private flag(d: Detection): void {
    const next = new Set<ProcKey>();
    for (const [key, flags] of d.serverFlags) {
      if (flags.length === 0) continue;
      this.deps.monitor.setFlags(key, byReason(flags));
      next.add(key);
    }
    for (const key of this.flagged) if (!next.has(key)) this.deps.monitor.setFlags(key, undefined);
    this.flagged = next;
  }

  private safety() {
    return safetyFrom(this.deps.entries(), { selfPid: this.deps.selfPid, selfUid: this.deps.selfUid, allowOtherUsers: this.options.allowOtherUsers });
  }

  plan(snapshot: Snapshot): CleanupPlan {
    return planCleanup(this.detect(snapshot), this.safety());
  }

  execute(plan: CleanupPlan, selection: ReadonlySet<ProcKey>): AsyncIterable<CleanupProgress> {
    const channel = new Channel<CleanupProgress>();
    let log: ReturnType<CleanupSessionDeps['openLog']>;
    try {
      log = this.deps.openLog();
    } catch (e) {
      channel.fail(new Error(`cannot write the cleanup log ${this.deps.logPath}: ${errorText(e)}; nothing signalled`));
      return channel;
    }
    // The safety rules are read again from the newest listing: the plan may be minutes old.
    const deps = { killer: this.deps.killer, clock: this.deps.clock, log, safety: this.safety() };
    const run = runPlan(plan, selection, deps, { graceMs: this.options.graceMs ?? 3000 }, (p) => channel.push(p)).then(
      (results) => {
        this.deps.monitor.notice(`cleanup: ${tally(results)}; logged to ${this.deps.logPath}`);
        if (log.errors !== undefined && log.errors.length > 0) this.deps.monitor.notice(`cleanup: some log lines could not be written: ${log.errors[0] ?? ''}`);
        channel.end();
      },
      (e: unknown) => { channel.fail(e instanceof Error ? e : new Error(String(e))); },
    );
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return channel;
  }

  /** Stops flagging and waits for executions under way (TERM, grace, KILL take a few seconds at most). */
  async dispose(): Promise<void> {
    this.unsubscribe();
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = undefined;
    await Promise.all([...this.running]);
  }
}

function tally(results: readonly ItemResult[]): string {
  const counts = new Map<MemberOutcome, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return [...counts].map(([o, n]) => `${n} ${OUTCOME_TEXT[o]}`).join(', ') || 'nothing selected';
}

/** A queue read with for-await: the producer never waits for the reader, so a closed view cannot stall a cleanup. */
class Channel<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private done = false;
  private error: Error | undefined;
  private wake: (() => void) | undefined;

  push(item: T): void { this.items.push(item); this.poke(); }
  end(): void { this.done = true; this.poke(); }
  fail(error: Error): void { this.error = error; this.done = true; this.poke(); }

  private poke(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const item = this.items.shift();
      if (item !== undefined) { yield item; continue; }
      if (this.error !== undefined) throw this.error;
      if (this.done) return;
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }
}

/** The real session of a monitor run: ProcKiller, the system clock, the cleanup log file. */
export async function startCleanupSession(
  monitor: FlaggedMonitor, source: CleanupSessionDeps['source'], entries: () => readonly ProcEntry[],
  options: CleanupSessionOptions & { readonly cleanupLog?: string },
): Promise<CleanupSession> {
  const [{ ProcKiller }, { FileCleanupLog, defaultCleanupLogPath }, { systemClock }] = await Promise.all([
    import('../adapters/killer.js'), import('../adapters/cleanup-log.js'), import('../adapters/clock.js'),
  ]);
  const logPath = options.cleanupLog ?? defaultCleanupLogPath();
  return new CleanupSession({
    monitor, source, entries, killer: new ProcKiller(), clock: systemClock, logPath,
    openLog: () => FileCleanupLog.open(logPath), wallNow: () => Date.now(), selfPid: process.pid, selfUid: process.getuid?.(),
  }, options);
}
