// The work counter every verdict is judged against: stress calls and churn cycles done so far, summed over every run.
import type { LoadMarks } from './verdict/index.js';

type Counts = { calls: number; cycles: number };

export class WorkCounter {
  /** Work done so far, over every run: the x of every verdict, recorded with each tick. */
  private readonly total: Counts = { calls: 0, cycles: 0 };
  /** The current run's own counts, and what earlier runs added (a new run counts from 0 again). */
  private readonly run: Counts = { calls: 0, cycles: 0 };
  private readonly base: Counts = { calls: 0, cycles: 0 };

  /** The current run's counts; a count that went down is a new run, whose work adds to the earlier runs'. */
  note(calls: number | undefined, cycles: number | undefined): void {
    this.one('calls', calls);
    this.one('cycles', cycles);
  }

  /** A replay sets the recorded counter as it was (already summed over runs). */
  set(work: LoadMarks): void {
    this.total.calls = Math.max(this.total.calls, work.calls);
    this.total.cycles = Math.max(this.total.cycles, work.cycles);
  }

  get marks(): LoadMarks {
    return { calls: this.total.calls, cycles: this.total.cycles };
  }

  private one(k: keyof Counts, v: number | undefined): void {
    if (v === undefined) return;
    if (v < this.run[k]) this.base[k] += this.run[k];
    this.run[k] = v;
    this.total[k] = Math.max(this.total[k], this.base[k] + v);
  }
}
