// executePlan: the TERM -> grace -> KILL -> confirm state machine over the Killer and Clock ports, logging every signal.
import type { Clock, Killer } from '../ports.js';
import { procKey, type ProcKey } from '../types.js';
import { refusal, type SafetyContext } from './safety.js';
import type {
  CleanupItem, CleanupLog, CleanupPhase, CleanupPlan, CleanupProgress, CleanupReason, ItemResult, MemberOutcome,
  MemberResult, SignalResult, SignalTarget,
} from './types.js';

export interface ExecuteDeps {
  readonly killer: Killer;
  readonly clock: Clock;
  readonly log?: CleanupLog;
  /** When given, the safety rules are applied again right before signalling (the plan may be old). */
  readonly safety?: SafetyContext;
}

export interface ExecuteOptions {
  /** Time TERM is given before KILL, ms. */
  readonly graceMs: number;
  /** Time KILL is given before a process is reported as surviving, ms. */
  readonly killWaitMs: number;
  /** Liveness poll period, ms. */
  readonly pollMs: number;
}

export const DEFAULT_EXECUTE_OPTIONS: ExecuteOptions = { graceMs: 3000, killWaitMs: 2000, pollMs: 100 };

/** Worst first: the item's outcome is its worst member's. */
const SEVERITY: Readonly<Record<MemberOutcome, number>> = { survived: 6, denied: 5, reused: 4, refused: 3, kill: 2, term: 1, gone: 0 };

interface Member {
  readonly target: SignalTarget;
  readonly reason: CleanupReason;
  state: 'term-sent' | 'kill-sent' | MemberOutcome;
  sentAt?: number;
  tookMs?: number;
}

const sleep = (clock: Clock, ms: number): Promise<void> => new Promise((resolve) => { clock.setTimeout(resolve, ms); });

/**
 * Ends the selected items of a plan: TERM to every process of each tree (parents first, so a respawning
 * parent goes before its children), a grace period, KILL to survivors, then a wait to confirm. The Killer
 * re-checks each (pid, start time) just before every signal, so a reused PID is never hit. Yields progress
 * after each step; the last value has phase 'done' and every item's result.
 */
export async function* executePlan(
  plan: CleanupPlan,
  selection: ReadonlySet<ProcKey>,
  deps: ExecuteDeps,
  options: Partial<ExecuteOptions> = {},
): AsyncGenerator<CleanupProgress, readonly ItemResult[]> {
  const opts = { ...DEFAULT_EXECUTE_OPTIONS, ...options };
  const { killer, clock, log } = deps;
  const items = plan.groups.flatMap((g) => g.items).filter((i) => selection.has(i.key));
  const members = new Map<ProcKey, Member>();
  const refusedItems = new Map<ProcKey, string>();

  const record = (m: Member, signal: 'SIGTERM' | 'SIGKILL' | 'result', outcome: SignalResult | MemberOutcome): void => {
    log?.append({ t: clock.now(), pid: m.target.pid, startTime: m.target.startTime, command: m.target.command, reason: m.reason, signal, outcome });
  };
  const settle = (m: Member, outcome: MemberOutcome): void => {
    m.state = outcome;
    if (m.sentAt !== undefined && (outcome === 'term' || outcome === 'kill')) m.tookMs = clock.now() - m.sentAt;
    record(m, 'result', outcome);
  };
  const results = (): ItemResult[] => items.filter((i) => isSettled(i)).map((i) => resultOf(i, members, refusedItems.get(i.key)));
  const isSettled = (i: CleanupItem): boolean =>
    refusedItems.has(i.key) || i.signals.every((s) => { const st = members.get(procKey(s))?.state; return st !== undefined && st !== 'term-sent' && st !== 'kill-sent'; });
  const pending = (): Member[] => [...members.values()].filter((m) => m.state === 'term-sent' || m.state === 'kill-sent');
  const progress = (phase: CleanupPhase): CleanupProgress => ({ phase, pending: pending().length, results: results() });

  // TERM, parents first.
  for (const item of items) {
    const why = item.refused ?? recheck(item, plan, deps.safety);
    if (why !== undefined) { refusedItems.set(item.key, why); continue; }
    for (const s of item.signals) {
      const key = procKey(s);
      if (members.has(key)) continue;
      const m: Member = { target: s, reason: item.reason, state: 'term-sent' };
      members.set(key, m);
      const r = killer.signal(s, 'SIGTERM');
      record(m, 'SIGTERM', r);
      if (r === 'sent') m.sentAt = clock.now();
      else settle(m, r);
    }
  }
  yield progress('term');

  // Grace: wait for TERM to work.
  yield* waitForExit(opts.graceMs, 'term-sent', 'term', 'grace');

  // KILL the survivors; one that died meanwhile was ended by TERM.
  for (const m of pending()) {
    const r = killer.signal(m.target, 'SIGKILL');
    record(m, 'SIGKILL', r);
    if (r === 'sent') m.state = 'kill-sent';
    else settle(m, r === 'denied' ? 'denied' : 'term');
  }
  yield progress('kill');

  yield* waitForExit(opts.killWaitMs, 'kill-sent', 'kill', 'confirm');
  for (const m of pending()) settle(m, 'survived');
  const final = items.map((i) => resultOf(i, members, refusedItems.get(i.key)));
  yield { phase: 'done', pending: 0, results: final };
  return final;

  async function* waitForExit(ms: number, state: Member['state'], outcome: MemberOutcome, phase: CleanupPhase): AsyncGenerator<CleanupProgress> {
    const deadline = clock.now() + ms;
    for (;;) {
      let changed = false;
      for (const m of members.values()) {
        if (m.state === state && !killer.isAlive(m.target)) { settle(m, outcome); changed = true; }
      }
      if (changed) yield progress(phase);
      if (![...members.values()].some((m) => m.state === state) || clock.now() >= deadline) return;
      await sleep(clock, Math.min(opts.pollMs, Math.max(1, deadline - clock.now())));
    }
  }
}

/** Drives executePlan to the end, calling onProgress for every step; returns the item results. */
export async function runPlan(
  plan: CleanupPlan, selection: ReadonlySet<ProcKey>, deps: ExecuteDeps, options: Partial<ExecuteOptions> = {},
  onProgress?: (p: CleanupProgress) => void,
): Promise<readonly ItemResult[]> {
  let last: readonly ItemResult[] = [];
  for await (const p of executePlan(plan, selection, deps, options)) {
    onProgress?.(p);
    last = p.results;
  }
  return last;
}

function recheck(item: CleanupItem, plan: CleanupPlan, safety: SafetyContext | undefined): string | undefined {
  if (safety === undefined) return undefined;
  for (const s of item.signals) {
    const why = refusal(s, plan.watched, safety);
    if (why !== undefined) return s.pid === item.target.pid ? why : `${s.pid} in its tree: ${why}`;
  }
  return undefined;
}

function resultOf(item: CleanupItem, members: ReadonlyMap<ProcKey, Member>, refused: string | undefined): ItemResult {
  if (refused !== undefined) {
    return { key: item.key, reason: item.reason, target: item.target, outcome: 'refused', detail: refused,
      members: item.signals.map((s) => ({ ...s, outcome: 'refused' as const })) };
  }
  const list: MemberResult[] = item.signals.map((s) => {
    const m = members.get(procKey(s));
    const outcome: MemberOutcome = m === undefined || m.state === 'term-sent' || m.state === 'kill-sent' ? 'survived' : m.state;
    return { ...s, outcome, ...(m?.tookMs === undefined ? {} : { tookMs: m.tookMs }) };
  });
  const outcome = list.reduce<MemberOutcome>((w, m) => (SEVERITY[m.outcome] > SEVERITY[w] ? m.outcome : w), 'gone');
  return { key: item.key, reason: item.reason, target: item.target, outcome, members: list };
}
