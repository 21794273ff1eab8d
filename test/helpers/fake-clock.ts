// A hand-stepped Clock for tests: advance(ms) runs the timers that fall due, in order, and counts what is pending.
import type { Clock, TimerHandle } from '../../source/core/ports.js';

interface Timer { readonly id: number; readonly at: number; readonly fn: () => void }

/** Let promise chains started by timers run (no wall-clock wait: a few turns of the event loop). */
export async function flush(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private t: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 1_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { id, at: this.t + Math.max(0, ms), fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = (handle as { id?: unknown }).id;
    if (typeof id === 'number') this.timers.delete(id);
  }

  /** Timers scheduled and neither fired nor cleared. */
  get pending(): number {
    return this.timers.size;
  }

  private nextDue(until: number): Timer | undefined {
    let best: Timer | undefined;
    for (const tm of this.timers.values()) {
      if (tm.at <= until && (best === undefined || tm.at < best.at || (tm.at === best.at && tm.id < best.id))) best = tm;
    }
    return best;
  }

  /** Moves time forward without firing anything, as if the event loop had been blocked; the next advance fires late. */
  jump(ms: number): void {
    this.t += ms;
  }

  /** Moves time forward by ms, firing due timers in time order (timers they set that fall due fire too). */
  advance(ms: number): void {
    const until = this.t + ms;
    for (let tm = this.nextDue(until); tm !== undefined; tm = this.nextDue(until)) {
      this.timers.delete(tm.id);
      this.t = Math.max(this.t, tm.at);
      tm.fn();
    }
    this.t = until;
  }

  /** Like advance, but lets the async work each timer starts settle before the next fires. */
  async advanceAsync(ms: number): Promise<void> {
    const until = this.t + ms;
    await flush();
    for (let tm = this.nextDue(until); tm !== undefined; tm = this.nextDue(until)) {
      this.timers.delete(tm.id);
      this.t = Math.max(this.t, tm.at);
      tm.fn();
      await flush();
    }
    this.t = until;
  }
}
