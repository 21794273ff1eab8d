// A load's work checkpoints: every `every` calls the callers wait, briefly, for the Monitor's sample, so the verdict's
// evidence sits at known call counts however fast the calls go.
import type { Clock, TimerHandle } from '../ports.js';
import type { StressMonitor } from './ports.js';

/** Work checkpoints per run: samples at known call counts however fast the calls go (the verdict's evidence). */
export const CHECKPOINTS = 24;
/** The longest callers wait for a checkpoint's sample, ms. */
export const GATE_MAX_MS = 100;

export class CheckpointGate {
  private gate: Promise<void> | undefined;
  /** Calls between checkpoints: `planned` calls give CHECKPOINTS of them. */
  private readonly every: number;

  constructor(private readonly clock: Clock, private readonly monitor: StressMonitor | undefined, planned: number) {
    this.every = Math.max(1, Math.ceil(planned / CHECKPOINTS));
  }

  /** What a caller awaits before its next call: the checkpoint being sampled, if any. */
  get open(): Promise<void> | undefined {
    return this.gate;
  }

  /**
   * After a call, `calls` finished so far: on a checkpoint, callers wait for the sample, at most GATE_MAX_MS (a fast
   * run still gets its evidence, a slow tick on a busy machine does not throttle the load: the sample then sits a few
   * calls later, counted as they happen).
   */
  after(calls: number): void {
    const cp = this.monitor?.checkpoint;
    if (!cp || this.gate !== undefined || calls % this.every !== 0) return;
    let timer: TimerHandle | undefined;
    const cap = new Promise<void>((resolve) => { timer = this.clock.setTimeout(resolve, GATE_MAX_MS); });
    const sampled = cp.call(this.monitor, { calls }).catch(() => undefined);
    const gate: Promise<void> = Promise.race([sampled, cap]).finally(() => {
      if (timer !== undefined) this.clock.clearTimeout(timer);
      if (this.gate === gate) this.gate = undefined;
    });
    this.gate = gate;
  }
}
