// Plain-text rendering of a plan and of execution results, for `mcptop cleanup` and logs (no colours).
import { OUTCOME_TEXT, type CleanupPlan, type ItemResult } from './types.js';
import { formatAge, plural, shortCommand } from './text.js';

/**
 * The plan, grouped by reason: each item with its evidence and exactly which processes it would signal. `width`
 * Infinity (output that is not a terminal) keeps whole command lines: they are the evidence.
 */
export function planLines(plan: CleanupPlan, width = 100): string[] {
  const items = plan.groups.flatMap((g) => g.items);
  const ok = items.filter((i) => i.refused === undefined);
  const procs = ok.reduce((n, i) => n + i.signals.length, 0);
  const lines = [`${plural(ok.length, 'target')} (${plural(procs, 'process', 'processes')} to signal), ${items.length - ok.length} refused`];
  for (const g of plan.groups) {
    lines.push('', `${g.title} (${g.items.length})`);
    for (const i of g.items) {
      const mark = i.refused === undefined ? '*' : '-';
      lines.push(`  ${mark} ${i.target.pid}  ${shortCommand(i.target.command, width - 12)}`);
      for (const e of i.evidence) lines.push(`      ${shortCommand(e, width - 6)}`);
      if (i.refused !== undefined) lines.push(`      refused: ${i.refused}`);
      else lines.push(`      signals: ${i.signals.map((s) => s.pid).join(' ')}`);
    }
  }
  if (plan.notes.length > 0) lines.push('', 'Notes', ...plan.notes.map((n) => `  ${n}`));
  return lines;
}

/** One line per item, then one per member that did not share the item's outcome. */
export function resultLines(results: readonly ItemResult[], width = 100): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const took = r.members.find((m) => m.pid === r.target.pid)?.tookMs;
    const detail = r.detail === undefined ? '' : `: ${r.detail}`;
    lines.push(`${r.target.pid} ${shortCommand(r.target.command, width - 50)} [${r.reason}]: ${OUTCOME_TEXT[r.outcome]}${detail}${took === undefined ? '' : ` in ${formatAge(took)}`}`);
    for (const m of r.members) {
      if (m.pid === r.target.pid || m.outcome === r.outcome || r.outcome === 'refused') continue;
      lines.push(`    ${m.pid} ${shortCommand(m.command, width - 54)}: ${OUTCOME_TEXT[m.outcome]}`);
    }
  }
  return lines;
}
