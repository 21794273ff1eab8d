// Public API of cleanup detection, planning and execution (what cli.tsx, the TUI and the command import).
export * from './types.js';
export { CleanupDetector, collectProcs } from './detector.js';
export { planCleanup, selectable, planItems, treeOf, type PlanOptions } from './plan.js';
export { ancestorsOf, protectedPids, refusal, type SafetyContext } from './safety.js';
export { executePlan, runPlan, DEFAULT_EXECUTE_OPTIONS, type ExecuteDeps, type ExecuteOptions } from './execute.js';
export { buildCleanupSnapshot, matchesScan, procInfoMap, commandOf, type ScanProc, type WatchTargets } from './watch.js';
export { reaperKind } from './reaper.js';
export { formatAge, shortCommand } from './text.js';
export { planLines, resultLines } from './report.js';
