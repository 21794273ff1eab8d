// A TuiCleanup driven by hand: records plan() and execute() calls; the test releases each progress step.
import type { ProcKey, Snapshot } from '../../../source/core/types.js';
import type { CleanupPlan, CleanupProgress, ItemResult } from '../../../source/core/cleanup/index.js';
import type { TuiCleanup } from '../../../source/ui/cleanup/port.js';

export class FakeCleanup implements TuiCleanup {
  readonly planned: Snapshot[] = [];
  readonly executed: { plan: CleanupPlan; selection: ReadonlySet<ProcKey> }[] = [];
  private readonly steps: CleanupProgress[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  /** Set to make execute() fail before any progress. */
  failWith: Error | undefined;

  constructor(private readonly thePlan: CleanupPlan) {}

  plan(snapshot: Snapshot): CleanupPlan {
    this.planned.push(snapshot);
    return this.thePlan;
  }

  execute(plan: CleanupPlan, selection: ReadonlySet<ProcKey>): AsyncIterable<CleanupProgress> {
    this.executed.push({ plan, selection });
    return this.run();
  }

  private async *run(): AsyncGenerator<CleanupProgress> {
    if (this.failWith) throw this.failWith;
    for (;;) {
      const step = this.steps.shift();
      if (step !== undefined) { yield step; continue; }
      if (this.ended) return;
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
  }

  /** Hands the next progress step to the App. */
  step(progress: CleanupProgress): void {
    this.steps.push(progress);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }
}

/** The result of a plan item as executePlan would report it. */
export function resultOf(plan: CleanupPlan, pid: number, outcome: 'term' | 'kill'): ItemResult {
  const item = plan.groups.flatMap((g) => g.items).find((i) => i.target.pid === pid);
  if (!item) throw new Error(`no item for ${pid}`);
  return { key: item.key, reason: item.reason, target: item.target, outcome, members: item.signals.map((s) => ({ ...s, outcome, tookMs: 40 })) };
}
