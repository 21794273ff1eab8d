// Finds copies of the same command line under one parent and clusters their start times into generations.
import type { CleanupProc, DuplicateGroup, DuplicateSet, ProcInfo } from './types.js';
import { nameOf, plural } from './text.js';

/** Start estimate of a process, ms since the epoch (its start time, else when it was first seen). */
export type StartOf = (p: CleanupProc) => number;

const byStart = (startOf: StartOf) => (a: CleanupProc, b: CleanupProc): number =>
  startOf(a) - startOf(b) || a.startTime - b.startTime || a.pid - b.pid;

/** Number of clusters of `starts` (ms) where neighbours closer than `gapMs` share a cluster. */
export function countGenerations(starts: readonly number[], gapMs: number): number {
  if (starts.length === 0) return 0;
  const sorted = [...starts].sort((a, b) => a - b);
  let generations = 1;
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] ?? 0) - (sorted[i - 1] ?? 0) > gapMs) generations++;
  }
  return generations;
}

/**
 * Duplicate groups among live, non-zombie watched processes: for each parent, the command lines that occur
 * more than once. Members of a set are oldest first; the newest is the one a live host most likely uses.
 */
export function findDuplicates(
  procs: Iterable<CleanupProc>,
  parentOf: (ppid: number) => ProcInfo,
  startOf: StartOf,
  generationGapMs: number,
): DuplicateGroup[] {
  const byParent = new Map<number, Map<string, CleanupProc[]>>();
  for (const p of procs) {
    if (p.state === 'Z' || p.state === 'X') continue;
    let cmds = byParent.get(p.ppid);
    if (cmds === undefined) byParent.set(p.ppid, (cmds = new Map()));
    const list = cmds.get(p.command);
    if (list === undefined) cmds.set(p.command, [p]);
    else list.push(p);
  }
  const groups: DuplicateGroup[] = [];
  for (const [ppid, cmds] of byParent) {
    const sets: DuplicateSet[] = [];
    for (const [command, members] of cmds) {
      if (members.length > 1) sets.push({ command, members: [...members].sort(byStart(startOf)) });
    }
    if (sets.length === 0) continue;
    const all = sets.flatMap((s) => s.members);
    const generations = countGenerations(all.map(startOf), generationGapMs);
    const parent = parentOf(ppid);
    const summary = `${plural(all.length, 'copy', 'copies')}: ${plural(generations, 'generation')} of ${plural(sets.length, 'server')} under ${nameOf(parent)}`;
    groups.push({ parent, sets, generations, summary });
  }
  return groups.sort((a, b) => a.parent.pid - b.parent.pid);
}
