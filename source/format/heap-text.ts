// --heap findings as lines: the classes whose objects grew per call, each with one retainer path, and the snapshots.
import type { HeapReport } from '../core/attribution/heap.js';
import { oneLine } from './text.js';
import { formatCount, formatSignedBytes } from './units.js';

/** Steps of a retainer path shown (the end nearest the object says most). */
const PATH_STEPS = 5;

export function heapLines(r: HeapReport): string[] {
  const head = `heap (pid ${r.pid}, ${formatCount(r.calls)} calls)`;
  if (r.error !== undefined) return [`${head}: ${oneLine(r.error)}`];
  const lines = [`${head}: snapshots ${r.snapshots.join(', ')}`];
  if (r.grew.length === 0) lines.push('  no class grew per call');
  for (const g of r.grew) {
    const per = g.countPerCall >= 10 ? g.countPerCall.toFixed(0) : g.countPerCall.toFixed(2);
    lines.push(`  +${formatCount(g.countAfter - g.countBefore)} x ${oneLine(g.className)} (${per} per call, ${formatSignedBytes(g.bytesGrowth)} own size)`);
    if (g.retainerPath && g.retainerPath.length > 0) {
      const steps = g.retainerPath.slice(-PATH_STEPS);
      lines.push(`      kept by: ${g.retainerPath.length > steps.length ? '... ' : ''}${steps.map(oneLine).join(' ')}`);
    }
  }
  return lines;
}
