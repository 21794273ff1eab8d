// Waiting on the Monitor: until its metrics settle after a round (a few ticks, FDs and processes steady), or a clock delay.
import type { Clock } from '../ports.js';
import type { ProcKey, RoundBaseline, Snapshot } from '../types.js';
import type { StressMonitor } from './ports.js';

export interface SettleOptions {
  /** Ticks to wait at least (default 2). */
  readonly minTicks?: number;
  /** Ticks to wait at most (default 5). */
  readonly maxTicks?: number;
  /** Resolves early when this does (an abort). */
  readonly cancel?: Promise<void>;
}

const steadyKey = (s: Snapshot, keys: ReadonlySet<ProcKey> | undefined): string =>
  s.servers.filter((v) => v.alive && (keys === undefined || keys.has(v.key)))
    .map((v) => `${v.key}:${v.latest?.fds ?? '-'}:${v.latest?.procs ?? '-'}`).join('|');

/**
 * Resolves with the first snapshot after at least minTicks ticks whose FD and process counts equal the previous
 * tick's, or after maxTicks ticks; a deadline on the clock covers a Monitor that is not ticking.
 */
export function waitSettled(monitor: StressMonitor, clock: Clock, keys?: ReadonlySet<ProcKey>, opts: SettleOptions = {}): Promise<Snapshot> {
  const minTicks = opts.minTicks ?? 2;
  const maxTicks = Math.max(minTicks, opts.maxTicks ?? 5);
  const interval = Math.max(1, monitor.getSnapshot().intervalMs);
  // A Monitor that samples on demand is asked every SETTLE_EVERY_MS (the clock's ticks go on too, and count).
  const every = Math.min(interval, SETTLE_EVERY_MS);
  return new Promise((resolve) => {
    let ticks = 0;
    let prev = steadyKey(monitor.getSnapshot(), keys);
    let done = false;
    let poll: ReturnType<Clock['setTimeout']> | undefined;
    const ask = (): void => {
      poll = clock.setTimeout(() => { poll = undefined; void monitor.checkpoint?.({}).then(() => { if (!done) ask(); }); }, every);
    };
    const finish = (): void => {
      if (done) return;
      done = true;
      unsubscribe();
      clock.clearTimeout(timer);
      if (poll !== undefined) clock.clearTimeout(poll);
      resolve(monitor.getSnapshot());
    };
    const unsubscribe = monitor.subscribe((s) => {
      ticks += 1;
      const now = steadyKey(s, keys);
      if ((ticks >= minTicks && now === prev) || ticks >= maxTicks) finish();
      prev = now;
    });
    const timer = clock.setTimeout(finish, (maxTicks + 2) * interval);
    if (monitor.checkpoint !== undefined && every < interval) ask();
    void opts.cancel?.then(finish);
  });
}

/** How often the settle wait asks for a sample when the Monitor takes them on demand, ms. */
export const SETTLE_EVERY_MS = 200;

/** Per-server baselines of a settled snapshot (live servers only). */
export function baselinesOf(s: Snapshot, round: number, callsSoFar: number, keys?: ReadonlySet<ProcKey>): RoundBaseline[] {
  return s.servers
    .filter((v) => v.alive && (keys === undefined || keys.has(v.key)))
    .map((v) => ({
      round, serverKey: v.key, callsSoFar,
      ...(v.latest?.fds !== undefined ? { fds: v.latest.fds } : {}),
      ...(v.latest?.rssBytes !== undefined ? { rssBytes: v.latest.rssBytes } : {}),
      ...(v.latest?.procs !== undefined ? { procs: v.latest.procs } : {}),
    }));
}

/** A clock delay that a cancel promise cuts short. */
export function delay(clock: Clock, ms: number, cancel?: Promise<void>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    void cancel?.then(() => { clock.clearTimeout(timer); resolve(); });
  });
}
