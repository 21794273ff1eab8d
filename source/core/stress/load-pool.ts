// The load engine's bounds: the concurrency cap, how often callers yield to the event loop, the grace after an abort.
import type { Clock, TimerHandle } from '../ports.js';

/** The stated concurrency cap: at most this many callers and sessions, whatever --users says. */
export const LOAD_CONCURRENCY_CAP = 256;
/** Calls a caller makes between yields to the event loop. */
export const CALLS_PER_YIELD = 32;
/** How long calls in flight may still finish after an abort, ms. */
export const ABORT_GRACE_MS = 500;

/** Callers (and sessions) at once: min(users, the cap, the caller's bound), at least 1. */
export function concurrencyOf(users: number, maxConcurrency: number | undefined): number {
  const cap = Math.max(1, Math.floor(Math.min(maxConcurrency ?? LOAD_CONCURRENCY_CAP, LOAD_CONCURRENCY_CAP)));
  return Math.max(1, Math.min(users, cap));
}

/**
 * Waits for `work`, or, once `aborted` resolves, for ABORT_GRACE_MS more at most (a hung server must not hold the
 * summary for a whole --timeout). The grace timer never outlives the wait.
 */
export async function untilDoneOrGrace(work: Promise<unknown>, aborted: Promise<void>, clock: Clock): Promise<void> {
  let grace: TimerHandle | undefined;
  let over = false;
  const graceOver = aborted.then(() => new Promise<void>((resolve) => {
    if (!over) grace = clock.setTimeout(resolve, ABORT_GRACE_MS);
  }));
  await Promise.race([work, graceOver]);
  over = true;
  if (grace !== undefined) clock.clearTimeout(grace);
}
