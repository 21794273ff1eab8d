// The text beside the chart: status reasons, verdict, FD breakdown, process tree and stderr tail of one server.
import type { FdKind, FdKindsResult, MetricVerdict, ServerView, StatusLevel, Verdict } from '../core/types.js';
import { FD_KINDS } from '../core/types.js';
import { formatBytes, formatCount } from '../format/units.js';
import { oneLine, truncate, wrap } from '../format/text.js';
import { fdTargetLines } from '../format/fd-targets-text.js';
import { treeOrder } from './rows.js';

export interface DetailLine {
  readonly text: string;
  readonly level?: StatusLevel;
  readonly verdict?: Verdict;
  readonly dim?: boolean;
  readonly bold?: boolean;
}

const LEVEL_WORD: Readonly<Record<StatusLevel, string>> = { ok: 'OK', warn: 'WARN', crit: 'CRIT' };
const KIND_LABEL: Readonly<Record<(typeof FD_KINDS)[number], string>> = {
  socket: 'socket', pipe: 'pipe', anon_inode: 'anon', file: 'file', other: 'other',
};

/**
 * "denied" is another user's process: the count is unknown, so it must never read as 0. A kind judged a leak, or
 * inconclusive on enough data, carries the word ("socket 41 leak").
 */
export function fdKindsText(kinds: FdKindsResult | undefined, verdicts?: Partial<Readonly<Record<FdKind, MetricVerdict>>>): string {
  if (kinds === undefined) return 'fds by kind: not read yet';
  if (kinds === 'denied') return 'fds by kind: no permission';
  if (kinds === 'gone') return 'fds by kind: process gone';
  const mark = (k: FdKind): string => {
    const v = verdicts?.[k];
    return v === undefined || v.verdict === 'ok' || !v.enoughData ? '' : v.verdict === 'leak' ? ' leak' : ' unsure';
  };
  return `fds: ${FD_KINDS.map((k) => `${KIND_LABEL[k]} ${formatCount(kinds[k])}${mark(k)}`).join(' ')}`;
}

/** Lines in priority order; the pane cuts from the bottom, so the tree and stderr go last. */
export function detailLines(s: ServerView, width: number): DetailLine[] {
  const cut = (t: string): string => truncate(oneLine(t), width);
  const lines: DetailLine[] = [];
  if (!s.alive) lines.push({ text: cut('exited: history kept'), dim: true });
  const status = s.status.reasons.length > 0 ? `${LEVEL_WORD[s.status.level]}: ${s.status.reasons.join('; ')}` : LEVEL_WORD[s.status.level];
  lines.push({ text: cut(`status ${status}`), level: s.status.level });
  if (s.worstStatus.level !== s.status.level && s.worstStatus.reasons.length > 0) {
    lines.push({ text: cut(`worst ${LEVEL_WORD[s.worstStatus.level]}: ${s.worstStatus.reasons[0] ?? ''}`), level: s.worstStatus.level });
  }
  const verdictWord = s.verdict;
  const reason = s.metricVerdicts.fds?.verdict === s.verdict ? s.metricVerdicts.fds.reason
    : Object.values(s.metricVerdicts).find((m) => m?.verdict === s.verdict)?.reason
      ?? Object.values(s.fdKindVerdicts ?? {}).find((m) => m?.verdict === s.verdict)?.reason;
  // The reason is the evidence: wrapped (up to 4 lines), never cut off at the pane's edge.
  for (const text of wrap(`verdict ${verdictWord}${reason ? `: ${reason}` : ''}`, width, 4)) lines.push({ text, verdict: s.verdict });
  lines.push({ text: cut(fdKindsText(s.fdKinds, s.fdKindVerdicts)), dim: s.fdKinds === undefined });
  if (s.fdTargets !== undefined) {
    lines.push({ text: cut('fds growing by target'), bold: true });
    for (const l of fdTargetLines(s.fdTargets, 3)) lines.push({ text: cut(`  ${l}`), level: 'warn' });
  }
  if (s.flags && s.flags.length > 0) lines.push({ text: cut(`flags: ${s.flags.join(', ')}`), level: 'warn' });
  if (s.stdinPeer !== undefined) lines.push(...wrap(s.stdinPeer, width).map((text) => ({ text, level: 'warn' as const })));
  if (s.host !== undefined) lines.push({ text: cut(`host: ${s.host.name} (pid ${s.host.pid})`), dim: true });
  const procs = treeOrder(s.processes);
  lines.push({ text: cut(`processes (${procs.length})`), bold: true });
  for (const p of procs) {
    const rss = p.metrics.rssBytes === undefined ? '' : ` ${formatBytes(p.metrics.rssBytes)}`;
    lines.push({ text: cut(`${'  '.repeat(p.depth)}${p.pid}${p.state === 'Z' ? ' zombie' : ''} ${p.command}${rss}`), dim: !p.alive });
  }
  if (s.stderrTail && s.stderrTail.length > 0) {
    lines.push({ text: 'stderr', bold: true });
    for (const l of s.stderrTail.slice(-5)) lines.push({ text: cut(l), dim: true });
  }
  return lines;
}
