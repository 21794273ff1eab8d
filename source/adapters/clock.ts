// The system Clock: monotonic-enough wall time and Node's timers, behind the Clock port.
import type { Clock, TimerHandle } from '../core/ports.js';

/**
 * timeOrigin + now() is wall time that never jumps backwards with NTP steps during a run (Date.now can), and it is
 * still ms since the epoch, so timestamps in recordings stay meaningful.
 */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms) as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
