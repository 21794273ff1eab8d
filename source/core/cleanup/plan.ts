// planCleanup: turns a Detection into the list of exactly what would be signalled and why, grouped by reason.
import { procKey, type ProcKey } from '../types.js';
import { refusal, type SafetyContext } from './safety.js';
import { formatAge, nameOf, plural } from './text.js';
import {
  CLEANUP_REASONS,
  type CleanupGroup, type CleanupItem, type CleanupPlan, type CleanupProc, type CleanupReason, type Detection,
  type ProcInfo, type SignalTarget,
} from './types.js';

export interface PlanOptions {
  /** Only these reasons (default: all). */
  readonly only?: readonly CleanupReason[];
}

const GROUP_TITLE: Readonly<Record<CleanupReason, string>> = {
  zombie: 'Parents that do not reap their zombies',
  orphan: 'Orphans (parent died; re-parented to a reaper)',
  respawn: 'Respawn loops',
  runaway: 'Runaways (over a CRIT threshold)',
  duplicate: 'Duplicates (older copies; the newest is kept)',
};

interface Draft {
  target: SignalTarget;
  reasons: Set<CleanupReason>;
  evidence: string[];
  refused?: string;
}

const toTarget = (p: CleanupProc | ProcInfo & { startTime: number }): SignalTarget =>
  ({ pid: p.pid, startTime: p.startTime, command: p.command ?? `[${p.comm}]`, uid: p.uid });

/** Watched descendants of `root` (itself included), parents before children, zombies left out. */
export function treeOf(root: CleanupProc, procs: ReadonlyMap<ProcKey, CleanupProc>): CleanupProc[] {
  const children = new Map<number, CleanupProc[]>();
  for (const p of procs.values()) {
    const list = children.get(p.ppid);
    if (list === undefined) children.set(p.ppid, [p]);
    else list.push(p);
  }
  const out: CleanupProc[] = [];
  const queue = [root];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const p = queue.shift();
    if (p === undefined || seen.has(p.pid)) continue;
    seen.add(p.pid);
    if (p.state !== 'Z' && p.state !== 'X') out.push(p);
    for (const c of children.get(p.pid) ?? []) if (c.startTime >= p.startTime) queue.push(c);
  }
  return out;
}

export function planCleanup(detection: Detection, safety: SafetyContext, opts: PlanOptions = {}): CleanupPlan {
  const wanted = new Set(opts.only ?? CLEANUP_REASONS);
  const { procs } = detection;
  const watched = new Set(procs.keys());
  const byPid = new Map<number, CleanupProc>();
  for (const p of procs.values()) byPid.set(p.pid, p);
  const drafts = new Map<ProcKey, Draft>();
  const notes: string[] = [];
  const add = (target: SignalTarget, reason: CleanupReason, line: string, refused?: string): void => {
    const key = procKey(target);
    let d = drafts.get(key);
    if (d === undefined) drafts.set(key, (d = { target, reasons: new Set(), evidence: [], refused }));
    d.reasons.add(reason);
    d.evidence.push(line);
  };
  const outside = (p: ProcInfo): string | undefined => (byPid.has(p.pid) ? undefined : 'outside the watched set: fix or end it yourself');

  if (wanted.has('zombie')) {
    for (const z of detection.zombies) {
      const line = `zombie ${nameOf(z.proc)} not reaped for ${formatAge(z.forMs)} (${plural(z.samples, 'sample')}) by ${nameOf(z.parent)}`;
      if (z.parent.startTime !== undefined) add(toTarget({ ...z.parent, startTime: z.parent.startTime }), 'zombie', line, outside(z.parent));
      else notes.push(`${line}; its parent is outside the watched set`);
    }
  }
  if (wanted.has('orphan')) {
    for (const o of detection.orphans) {
      const age = `${formatAge(o.ageMs)}${o.ageFromStart ? '' : ' (seen)'}`;
      // The target line shows the command; the evidence adds what makes it an orphan.
      add(toTarget(o.proc), 'orphan', `orphan: parent ${nameOf(o.parent)} is ${o.parentKind}; age ${age}`);
    }
  }
  if (wanted.has('respawn')) {
    for (const r of detection.respawns) {
      const line = `respawn loop: ${nameOf(r.parent)} started ${plural(r.births, 'watched process', 'watched processes')} in ${formatAge(r.windowMs)}`;
      notes.push(line);
      if (r.parent.startTime !== undefined) add(toTarget({ ...r.parent, startTime: r.parent.startTime }), 'respawn', line, outside(r.parent));
    }
  }
  if (wanted.has('runaway')) {
    for (const r of detection.runaways) add(toTarget(r.root), 'runaway', `runaway ${r.label}: CRIT ${r.reasons.join('; ')}`);
  }
  if (wanted.has('duplicate')) {
    for (const g of detection.duplicates) {
      notes.push(g.summary);
      for (const s of g.sets) {
        const n = s.members.length;
        const newest = s.members[n - 1];
        s.members.slice(0, -1).forEach((m, i) => {
          const older = newest?.startedAtMs !== undefined && m.startedAtMs !== undefined ? `, ${formatAge(newest.startedAtMs - m.startedAtMs)} older than` : '; newest';
          add(toTarget(m), 'duplicate', `duplicate: copy ${i + 1} of ${n} under ${nameOf(g.parent)}${older} ${newest?.pid ?? '?'}, which is kept`);
        });
      }
    }
  }

  const items = finish(drafts, procs, byPid, watched, safety);
  const groups: CleanupGroup[] = [];
  for (const reason of CLEANUP_REASONS) {
    const list = items.filter((i) => i.reason === reason);
    if (list.length > 0) groups.push({ reason, title: GROUP_TITLE[reason], items: list });
  }
  return { t: detection.t, groups, watched, notes, birthsPerTick: detection.birthsPerTick };
}

/** Folds items inside another item's tree into it, lists each tree's signals and applies the safety rules. */
function finish(
  drafts: Map<ProcKey, Draft>, procs: ReadonlyMap<ProcKey, CleanupProc>, byPid: ReadonlyMap<number, CleanupProc>,
  watched: ReadonlySet<ProcKey>, safety: SafetyContext,
): CleanupItem[] {
  const trees = new Map<ProcKey, CleanupProc[]>();
  for (const [key, d] of drafts) {
    const root = procs.get(key);
    trees.set(key, root === undefined || d.refused !== undefined ? [] : treeOf(root, procs));
  }
  // An item whose target lies in a bigger item's tree is ended by that item: merge, keep the evidence.
  for (const [key, d] of [...drafts]) {
    for (const [otherKey, tree] of trees) {
      if (otherKey === key || !drafts.has(otherKey) || !tree.some((p) => procKey(p) === key)) continue;
      const other = drafts.get(otherKey);
      if (other === undefined) continue;
      for (const r of d.reasons) other.reasons.add(r);
      other.evidence.push(...d.evidence);
      drafts.delete(key);
      break;
    }
  }
  const items: CleanupItem[] = [];
  for (const [key, d] of drafts) {
    const tree = trees.get(key) ?? [];
    const signals = tree.map(toTarget);
    let refused = d.refused;
    if (refused === undefined && !byPid.has(d.target.pid)) refused = 'not in the watched set';
    for (const s of signals) {
      if (refused !== undefined) break;
      const why = refusal(s, watched, safety);
      if (why !== undefined) refused = s.pid === d.target.pid ? why : `${s.pid} in its tree: ${why}`;
    }
    const reason = CLEANUP_REASONS.find((r) => d.reasons.has(r)) ?? 'duplicate';
    items.push({ key, target: d.target, reason, evidence: d.evidence, signals, ...(refused === undefined ? {} : { refused }) });
  }
  return items.sort((a, b) => a.target.pid - b.target.pid);
}

/** Keys of every item the safety rules allow: the default selection. */
export function selectable(plan: CleanupPlan): ProcKey[] {
  return plan.groups.flatMap((g) => g.items).filter((i) => i.refused === undefined).map((i) => i.key);
}

export function planItems(plan: CleanupPlan): CleanupItem[] {
  return plan.groups.flatMap((g) => g.items);
}
