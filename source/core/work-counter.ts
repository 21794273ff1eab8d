// The work counter every verdict is judged against: stress calls and churn cycles done so far, summed over every run.
import type { LoadMarks } from './verdict/index.js';

type Counts = { calls: number; cycles: number };

export class WorkCounter {
  /** Work done so far, over every run: the x of every verdict, recorded with each tick. */
  private readonly total: Counts = { calls: 0, cycles: 0 };
  /** The current run's own counts, and what earlier runs added (a new run counts from 0 again). */
  private readonly run: Counts = { calls: 0, cycles: 0 };
  private readonly base: Counts = { calls: 0, cycles: 0 };
  /** Of the calls so far, those that opened a session of their own (--session-per-call): growth is then per session. */
  private sessions = 0;
  /** The current run makes one session per call (as its stress view last said). */
  private perSession = false;

  /**
   * The current run's counts; a count that went down is a new run, whose work adds to the earlier runs'. `perSession`
   * (from the stress view; undefined: unchanged) says whether its calls each open a session of their own.
   */
  note(calls: number | undefined, cycles: number | undefined, perSession?: boolean): void {
    if (perSession !== undefined) this.perSession = perSession;
    const before = this.total.calls;
    this.one('calls', calls);
    if (this.perSession) this.sessions += this.total.calls - before;
    this.one('cycles', cycles);
  }

  /** A replay sets the recorded counter as it was (already summed over runs). */
  set(work: LoadMarks): void {
    this.total.calls = Math.max(this.total.calls, work.calls);
    this.total.cycles = Math.max(this.total.cycles, work.cycles);
    this.sessions = Math.max(this.sessions, work.sessions ?? 0);
  }

  get marks(): LoadMarks {
    return { calls: this.total.calls, cycles: this.total.cycles, ...(this.sessions > 0 ? { sessions: this.sessions } : {}) };
  }

  private one(k: keyof Counts, v: number | undefined): void {
    if (v === undefined) return;
    if (v < this.run[k]) this.base[k] += this.run[k];
    this.run[k] = v;
    this.total[k] = Math.max(this.total[k], this.base[k] + v);
  }
}
