// FD targets that grew, as lines: "+1,000 x file /srv/app/data.json" (detail pane, exit summary).
import type { FdTargetGrowth } from '../core/attribution/fd-targets.js';
import { formatCount } from './units.js';
import { oneLine } from './text.js';

export function fdTargetLine(g: FdTargetGrowth): string {
  return `+${formatCount(g.growth)} x ${oneLine(g.target)} (${formatCount(g.baseline)} -> ${formatCount(g.count)})`;
}

/** At most `max` lines, largest growth first (the list arrives sorted). */
export function fdTargetLines(targets: readonly FdTargetGrowth[] | undefined, max = targets?.length ?? 0): string[] {
  return (targets ?? []).slice(0, max).map(fdTargetLine);
}
