// The demo trickle: a slow, steady stream of calls into each demo server so one visibly stays flat and one climbs.
import type { Clock, McpSession, TimerHandle } from '../core/ports.js';

export interface TrickleOptions {
  /** Calls per second into each session (default 3). */
  readonly perSecond?: number;
  /** Per-call timeout, ms (default 5000). */
  readonly timeoutMs?: number;
}

const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms) as TimerHandle,
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Starts the trickle; returns stop(), which ends the timer and resolves once in-flight calls have settled.
 * A session whose previous call has not returned is skipped that beat, so a slow server is never piled on.
 */
export function startDemoTrickle(sessions: readonly McpSession[], clock: Clock = realClock, opts: TrickleOptions = {}): () => Promise<void> {
  const periodMs = 1000 / Math.max(0.1, opts.perSecond ?? 3);
  const timeoutMs = opts.timeoutMs ?? 5000;
  const busy = new Set<number>();
  const inflight = new Set<Promise<unknown>>();
  let timer: TimerHandle | undefined;
  let stopped = false;
  let n = 0;

  const beat = (): void => {
    timer = undefined;
    if (stopped) return;
    sessions.forEach((s, idx) => {
      if (busy.has(idx)) return;
      busy.add(idx);
      n += 1;
      const p = s.callTool('echo', { message: `trickle ${n}` }, timeoutMs)
        .catch(() => undefined)
        .finally(() => { busy.delete(idx); inflight.delete(p); });
      inflight.add(p);
    });
    timer = clock.setTimeout(beat, periodMs);
  };
  timer = clock.setTimeout(beat, periodMs);

  return async () => {
    stopped = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    await Promise.all([...inflight]);
  };
}
