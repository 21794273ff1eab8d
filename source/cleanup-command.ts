// `mcptop cleanup`: scan the targets a few times, print the plan, and with --yes end what it lists (exit code out).
import { hasTargets } from './core/config.js';
import type { Clock, Killer, ProcessSource } from './core/ports.js';
import { procKey, type ProcEntry, type ProcKey } from './core/types.js';
import {
  CleanupDetector, ancestorsOf, buildCleanupSnapshot, planCleanup, planItems, planLines, procInfoMap, protectedPids, resultLines,
  runPlan, selectable,
  type CleanupLog, type CleanupPlan, type CleanupReason, type CleanupSnapshot, type ItemResult, type ProcInfo,
  type SafetyContext, type ScanProc, type WatchTargets,
} from './core/cleanup/index.js';
import { ProcKiller } from './adapters/killer.js';
import { FileCleanupLog, defaultCleanupLogPath } from './adapters/cleanup-log.js';
import { LinuxProcessSource } from './adapters/procfs.js';
import { systemClock } from './adapters/clock.js';
import { errorText } from './core/notices.js';

export interface CleanupCommandOptions {
  readonly targets: WatchTargets;
  /** List only; never signal. */
  readonly dryRun: boolean;
  /** Signal what the plan lists without asking (the headless confirmation). */
  readonly yes: boolean;
  /** An orphan must be at least this old, seconds (default 60; 0 allowed). */
  readonly minAgeS?: number;
  /** Root only: include other users' processes. */
  readonly allowOtherUsers?: boolean;
  /** Log file (default $XDG_STATE_HOME/mcptop/cleanup.log). */
  readonly cleanupLog?: string;
  /** Only these reasons (default all). */
  readonly only?: readonly CleanupReason[];
  /** TERM grace before KILL, ms (default 3000). */
  readonly graceMs?: number;
  /** Scans before planning, so a zombie can be seen to persist (default 2, at least 1). */
  readonly samples?: number;
  /** Time between scans, ms (default 1000). */
  readonly intervalMs?: number;
  /** Print the plan and results as one JSON object on stdout instead of text. */
  readonly json?: boolean;
}

/** One scan: the watched servers, every listed process (for parents and safety), and their descriptions. */
export interface CleanupScan {
  readonly snapshot: CleanupSnapshot;
  readonly entries: readonly ProcEntry[];
  readonly procs: ReadonlyMap<number, ProcInfo>;
}

export interface CleanupCommandDeps {
  readonly source?: ProcessSource;
  readonly killer?: Killer;
  readonly clock?: Clock;
  readonly log?: CleanupLog;
  readonly stdout?: (line: string) => void;
  readonly stderr?: (line: string) => void;
  readonly selfPid?: number;
  readonly selfUid?: number;
  /** Wall time, ms since the epoch (ages against start times). */
  readonly wallNow?: () => number;
  /** Replaces the built-in scan (e.g. a Monitor's snapshot, whose statuses make runaways visible). */
  readonly scan?: () => Promise<CleanupScan>;
}

const ALL_OK: ReadonlySet<string> = new Set(['term', 'kill', 'gone', 'reused']);

export async function runCleanupCommand(opts: CleanupCommandOptions, deps: CleanupCommandDeps = {}): Promise<number> {
  const out = deps.stdout ?? ((l: string) => { process.stdout.write(`${l}\n`); });
  const err = deps.stderr ?? ((l: string) => { process.stderr.write(`${l}\n`); });
  // On a terminal, lines fit its width; piped into a file or a script, whole command lines are kept.
  const width = deps.stdout === undefined && process.stdout.isTTY === true ? process.stdout.columns : Infinity;
  const { targets } = opts;
  if (!hasTargets(targets)) {
    err('mcptop cleanup: nothing to watch: give --name, --match or --pid (see mcptop --help)');
    return 2;
  }
  if (opts.dryRun && opts.yes) {
    err('mcptop cleanup: --dry-run and --yes contradict each other (see mcptop --help)');
    return 2;
  }
  const clock = deps.clock ?? systemClock;
  const selfPid = deps.selfPid ?? process.pid;
  const wallNow = deps.wallNow ?? (() => Date.now());
  const scan = deps.scan ?? scanner(deps.source ?? new LinuxProcessSource(), targets, selfPid, clock);
  const detector = new CleanupDetector({ minAgeMs: Math.max(0, opts.minAgeS ?? 60) * 1000 });
  const samples = Math.max(1, Math.floor(opts.samples ?? 2));

  let last: CleanupScan | undefined;
  let detection;
  for (let i = 0; i < samples; i++) {
    if (i > 0) await new Promise<void>((resolve) => { clock.setTimeout(resolve, opts.intervalMs ?? 1000); });
    last = await scan();
    detection = detector.update(last.snapshot, wallNow(), { procs: last.procs });
  }
  if (last === undefined || detection === undefined) return 0;

  const safety = safetyFrom(last.entries, { selfPid, selfUid: deps.selfUid, allowOtherUsers: opts.allowOtherUsers });
  const plan = planCleanup(detection, safety, { only: opts.only });
  const keys = selectable(plan);
  const watchedCount = plan.watched.size;

  if (!opts.yes) {
    if (opts.json) out(JSON.stringify(toJson(plan, undefined, watchedCount)));
    else {
      out(`mcptop cleanup: ${watchedCount} watched ${watchedCount === 1 ? 'process' : 'processes'} scanned${opts.dryRun ? ' (dry run: nothing is signalled)' : ''}`);
      if (planItems(plan).length === 0) out('nothing to clean up');
      else out(planLines(plan, width).join('\n'));
      if (!opts.dryRun && keys.length > 0) err(`mcptop cleanup: nothing signalled; pass --yes to end the ${keys.length} selectable target(s)`);
    }
    return 0;
  }
  if (keys.length === 0) {
    if (opts.json) out(JSON.stringify(toJson(plan, [], watchedCount)));
    else out(planItems(plan).length === 0 ? 'nothing to clean up' : `${planLines(plan, width).join('\n')}\nnothing selectable: every target was refused`);
    return 0;
  }

  let log = deps.log;
  const logPath = opts.cleanupLog ?? defaultCleanupLogPath();
  if (log === undefined) {
    try {
      log = FileCleanupLog.open(logPath);
    } catch (e) {
      err(`mcptop cleanup: cannot write the cleanup log ${logPath}: ${errorText(e)}; nothing signalled`);
      return 2;
    }
  }
  if (!opts.json) out(planLines(plan, width).join('\n'));
  const killer = deps.killer ?? new ProcKiller();
  const results = await runPlan(plan, new Set<ProcKey>(keys), { killer, clock, log, safety }, { graceMs: opts.graceMs ?? 3000 });
  if (opts.json) out(JSON.stringify(toJson(plan, results, watchedCount)));
  else {
    out(['', 'Results', ...resultLines(results, width).map((l) => `  ${l}`)].join('\n'));
    if (deps.log === undefined) out(`logged to ${logPath}`);
  }
  if (log instanceof FileCleanupLog && log.errors.length > 0) err(`mcptop cleanup: some log lines could not be written: ${log.errors[0] ?? ''}`);
  return results.every((r) => ALL_OK.has(r.outcome)) ? 0 : 1;
}

/** The safety context of this mcptop process from one listing (the TUI builds it when the cleanup key is pressed). */
export function safetyFrom(
  entries: readonly ProcEntry[], opts: { selfPid?: number; selfUid?: number; allowOtherUsers?: boolean } = {},
): SafetyContext {
  const selfPid = opts.selfPid ?? process.pid;
  return {
    selfPid,
    selfUid: opts.selfUid ?? process.getuid?.(),
    protectedPids: protectedPids(selfPid, entries),
    allowOtherUsers: opts.allowOtherUsers ?? false,
  };
}

/** The built-in scan: one list(), argv read once per identity, the watched set built like the monitor's. */
function scanner(source: ProcessSource, targets: WatchTargets, selfPid: number, clock: Clock): () => Promise<CleanupScan> {
  const argvCache = new Map<ProcKey, readonly string[]>();
  return async () => {
    const entries = await source.list();
    const procs: ScanProc[] = [];
    const present = new Set<ProcKey>();
    for (const e of entries) {
      const key = procKey(e);
      present.add(key);
      let argv = argvCache.get(key);
      if (argv === undefined) {
        argv = (await source.cmdline(e.pid)) ?? [];
        if (argv.length > 0 || e.state === 'Z') argvCache.set(key, argv);
      }
      procs.push({ ...e, argv, startedAtMs: source.startedAtMs?.(e) });
    }
    for (const key of argvCache.keys()) if (!present.has(key)) argvCache.delete(key);
    // Like the monitor: mcptop and its ancestors are never watched (their command lines hold the pattern).
    const exclude = ancestorsOf(selfPid, entries);
    exclude.add(selfPid);
    return { snapshot: buildCleanupSnapshot(clock.now(), procs, targets, exclude), entries, procs: procInfoMap(procs) };
  };
}

function toJson(plan: CleanupPlan, results: readonly ItemResult[] | undefined, watched: number): unknown {
  return {
    watched,
    groups: plan.groups.map((g) => ({ reason: g.reason, title: g.title, items: g.items })),
    notes: plan.notes,
    results: results ?? null,
  };
}
