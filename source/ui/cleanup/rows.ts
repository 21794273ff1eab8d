// The cleanup view as rows of plain text with a style: the plan with checkboxes, or the outcomes; windowed to fit.
import type { ProcKey } from '../../core/types.js';
import { OUTCOME_TEXT, type CleanupPlan, type CleanupProgress, type MemberOutcome } from '../../core/cleanup/types.js';
import { formatAge } from '../../core/cleanup/text.js';
import { sparkline } from '../../format/sparkline.js';
import { cell, truncate } from '../../format/text.js';
import type { SelectionState } from './selection.js';

export type RowStyle = 'title' | 'group' | 'item' | 'cursor' | 'refused' | 'evidence' | 'note' | 'good' | 'warn' | 'bad';

export interface ViewRow {
  readonly text: string;
  readonly style: RowStyle;
  /** The item this row belongs to, for keeping the cursor in the window. */
  readonly item?: number;
}

const PHASE_TEXT = {
  term: 'sending TERM…', grace: 'waiting for TERM to work…', kill: 'sending KILL to survivors…', confirm: 'confirming they are gone…', done: 'done',
} as const;

const OUTCOME_STYLE: Readonly<Record<MemberOutcome, RowStyle>> = {
  term: 'good', kill: 'warn', gone: 'good', reused: 'warn', denied: 'bad', refused: 'bad', survived: 'bad',
};

export function planRows(plan: CleanupPlan, state: SelectionState, width: number): ViewRow[] {
  const all = plan.groups.flatMap((g) => g.items);
  const refused = all.filter((i) => i.refused !== undefined).length;
  const signals = all.filter((i) => state.selected.has(i.key)).reduce((n, i) => n + i.signals.length, 0);
  const births = plan.birthsPerTick.some((b) => b > 0) ? `   births/tick ${sparkline(plan.birthsPerTick, 30, { min: 0 })}` : '';
  const rows: ViewRow[] = [{
    text: `Cleanup: ${state.selected.size} of ${all.length} selected (${signals} processes to signal), ${refused} refused${births}`,
    style: 'title',
  }];
  if (all.length === 0) rows.push({ text: 'Nothing to clean up: no orphans, duplicates, zombies, respawn loops or runaways.', style: 'note' });
  let index = 0;
  for (const g of plan.groups) {
    rows.push({ text: `${g.title} (${g.items.length})`, style: 'group' });
    for (const i of g.items) {
      const here = index === state.cursor;
      const box = i.refused !== undefined ? '[-]' : state.selected.has(i.key) ? '[x]' : '[ ]';
      const tail = truncate(i.refused !== undefined ? `refused: ${i.refused}` : `signals ${i.signals.map((s) => s.pid).join(' ')}`, 40);
      const left = `${here ? '›' : ' '} ${box} ${String(i.target.pid).padStart(7)}  ${i.target.command}`;
      rows.push({
        text: `${cell(left, Math.max(10, width - tail.length - 2))}  ${tail}`,
        style: here ? 'cursor' : i.refused !== undefined ? 'refused' : 'item', item: index,
      });
      const evidence = here ? [...i.evidence, ...(i.refused === undefined ? [] : [`refused: ${i.refused}`])] : i.evidence.slice(0, 1);
      for (const e of evidence) rows.push({ text: truncate(`          ${e}`, width), style: 'evidence', item: index });
      index++;
    }
  }
  if (plan.notes.length > 0) for (const n of plan.notes) rows.push({ text: truncate(`note: ${n}`, width), style: 'note' });
  return rows;
}

/** Outcomes of the confirmed items in plan order; an item still being ended shows as waiting. */
export function resultRows(progress: CleanupProgress, plan: CleanupPlan, selection: ReadonlySet<ProcKey>, width: number): ViewRow[] {
  const byKey = new Map(progress.results.map((r) => [r.key, r]));
  const chosen = plan.groups.flatMap((g) => g.items).filter((i) => selection.has(i.key));
  const counts = new Map<MemberOutcome, number>();
  for (const r of progress.results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const tally = [...counts].map(([o, n]) => `${n} ${OUTCOME_TEXT[o]}`).join(', ');
  const rows: ViewRow[] = [{
    text: `Cleanup: ${PHASE_TEXT[progress.phase]}${progress.pending > 0 ? ` (${progress.pending} still alive)` : ''}${tally === '' ? '' : `  ${tally}`}`,
    style: 'title',
  }];
  for (const i of chosen) {
    const r = byKey.get(i.key);
    if (r === undefined) {
      rows.push({ text: truncate(`${String(i.target.pid).padStart(7)}  [${i.reason}] waiting…  ${i.target.command}`, width), style: 'item' });
      continue;
    }
    const took = r.members.find((m) => m.pid === r.target.pid)?.tookMs;
    const detail = r.detail === undefined ? '' : `: ${r.detail}`;
    const when = took === undefined ? '' : ` in ${formatAge(took)}`;
    rows.push({ text: truncate(`${String(r.target.pid).padStart(7)}  [${r.reason}] ${OUTCOME_TEXT[r.outcome]}${detail}${when}  ${r.target.command}`, width), style: OUTCOME_STYLE[r.outcome] });
    for (const m of r.members) {
      if (m.pid === r.target.pid || m.outcome === r.outcome || r.outcome === 'refused') continue;
      rows.push({ text: truncate(`           ${m.pid} ${OUTCOME_TEXT[m.outcome]}  ${m.command}`, width), style: OUTCOME_STYLE[m.outcome] });
    }
  }
  return rows;
}

/** At most `height` rows, the title kept, scrolled so every row of the cursor's item is visible. */
export function windowRows(rows: readonly ViewRow[], cursor: number, height: number): ViewRow[] {
  if (rows.length <= height) return [...rows];
  const [title, ...body] = rows;
  const room = Math.max(1, height - 1);
  const first = body.findIndex((r) => r.item === cursor);
  let lastIdx = first;
  while (lastIdx + 1 < body.length && body[lastIdx + 1]?.item === cursor) lastIdx++;
  // Show the group header above the first item too when it fits.
  let start = first < 0 ? 0 : Math.max(0, Math.min(first - 1, lastIdx - room + 1));
  start = Math.min(start, Math.max(0, body.length - room));
  return [...(title ? [title] : []), ...body.slice(start, start + room)];
}
