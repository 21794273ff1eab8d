// The Monitor's two timers, both chained clock timeouts: a steady cadence, and a refresh that waits for its work.
import type { Clock, TimerHandle } from './ports.js';

/**
 * Calls `due` now and then every periodMs. The next timeout is armed before `due` runs, so async work never delays
 * the cadence; `due` decides whether to skip (a tick still running is skipped, never stacked). After a stall the
 * cadence restarts from now rather than firing the missed periods in a burst.
 */
export class Cadence {
  private timer: TimerHandle | undefined;
  private nextDue = 0;
  private running = false;

  constructor(private readonly clock: Clock, private readonly periodMs: number, private readonly due: () => void) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.nextDue = this.clock.now();
    this.fire();
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.running) return;
    const now = this.clock.now();
    this.nextDue += this.periodMs;
    if (this.nextDue <= now) this.nextDue = now + this.periodMs;
    this.timer = this.clock.setTimeout(() => this.fire(), this.nextDue - now);
    this.due();
  }

  stop(): void {
    this.running = false;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Runs `work` now and again periodMs after each run settles, so a slow read never overlaps the next. */
export class Refresher {
  private timer: TimerHandle | undefined;
  private running = false;
  private busy = false;

  constructor(private readonly clock: Clock, private readonly periodMs: number, private readonly work: () => Promise<void>) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.run();
  }

  private run(): void {
    this.timer = undefined;
    if (!this.running || this.busy) return;
    this.busy = true;
    void this.work().catch(() => undefined).finally(() => {
      this.busy = false;
      if (this.running) this.timer = this.clock.setTimeout(() => this.run(), this.periodMs);
    });
  }

  /** Clears the timer; a run in flight finishes but arms nothing. */
  stop(): void {
    this.running = false;
    if (this.timer) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
