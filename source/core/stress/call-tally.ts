// A load's call outcomes: counts by outcome and error kind, the latency histogram, and when a run of failures says
// the server is gone or hung (the run then ends instead of failing every remaining call slowly).
import type { CallOutcome } from '../ports.js';
import { zeroErrors, type StressView } from '../types.js';
import { LatencyHistogram } from './latency.js';

export interface GiveUpRule {
  readonly transport: StressView['transport'];
  /** Callers at once: a dead server fails a wave of calls at a time. */
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly round: number;
}

export class CallTally {
  ok = 0;
  failed = 0;
  /** Modern era: calls answered `input_required` (their own outcome: neither ok nor an error). */
  inputRequired = 0;
  readonly errors = zeroErrors();
  readonly hist = new LatencyHistogram();
  private consecutiveTimeouts = 0;
  private consecutiveClosed = 0;

  /** Calls finished so far, whatever their outcome. */
  get calls(): number {
    return this.ok + this.failed + this.inputRequired;
  }

  /** Counts one outcome; returns why the run should give up when it ends a run of failures that says so. */
  add(out: CallOutcome, rule: GiveUpRule): string | undefined {
    this.hist.add(out.latencyMs);
    if (out.ok) {
      if (out.inputRequired === true) this.inputRequired += 1;
      else this.ok += 1;
      this.consecutiveTimeouts = 0;
      this.consecutiveClosed = 0;
      return undefined;
    }
    this.failed += 1;
    this.errors[out.kind] += 1;
    this.consecutiveTimeouts = out.kind === 'timeout' ? this.consecutiveTimeouts + 1 : 0;
    this.consecutiveClosed = out.kind === 'closed' ? this.consecutiveClosed + 1 : 0;
    const waves = Math.max(4, rule.concurrency * 2);
    if (out.kind === 'closed' && (rule.transport === 'stdio' || this.consecutiveClosed >= Math.max(20, waves))) {
      return `the server closed the connection in round ${rule.round} (${out.message}); did it exit?`;
    }
    if (out.kind === 'timeout' && this.consecutiveTimeouts >= waves) {
      return `the server stopped answering: ${this.consecutiveTimeouts} calls in a row timed out after ${rule.timeoutMs} ms`;
    }
    return undefined;
  }
}
