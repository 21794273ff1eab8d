// What the App needs to run a cleanup: a plan for a snapshot and an execution; the wiring builds the real one.
import type { ProcKey, Snapshot } from '../../core/types.js';
import type { CleanupPlan, CleanupProgress } from '../../core/cleanup/types.js';

export interface TuiCleanup {
  /** What would be signalled and why for this snapshot; the App asks once when the view opens and keeps it. */
  plan(snapshot: Snapshot): CleanupPlan;
  /**
   * Ends the selected items of `plan`: progress after every step, the last one with phase 'done'. Throws (or the
   * iteration rejects) with a readable message when nothing could be started, e.g. the log cannot be written.
   */
  execute(plan: CleanupPlan, selection: ReadonlySet<ProcKey>): AsyncIterable<CleanupProgress>;
}
