// The per-tool profile as a table: tool, calls, FDs / bytes / children per call, latency, a verdict per metric.
import type { ProfileResult, ProfileToolRow } from '../core/stress/profile-judge.js';
import type { Verdict } from '../core/types.js';
import { alignColumns, oneLine } from './text.js';
import { formatCount, formatMs, formatSignedBytes } from './units.js';

const WORD: Readonly<Record<string, string>> = { ok: 'ok', warn: 'inconclusive', inconclusive: 'inconclusive', leak: 'LEAK' };
const word = (v: Verdict): string => WORD[v] ?? v;

/** "+0.98" per call; "-" when unknown. */
function perCall(n: number | undefined): string {
  if (n === undefined) return '-';
  const r = Math.abs(n) >= 10 ? n.toFixed(0) : n.toFixed(2);
  return `${n > 0 ? '+' : ''}${r === '-0.00' ? '0.00' : r}`;
}

function row(t: ProfileToolRow): string[] {
  const judged = t.state === 'done';
  const v = (m: keyof ProfileToolRow['metrics']): string => (judged ? word(t.metrics[m].verdict) : '-');
  return [
    oneLine(t.tool), formatCount(t.calls), perCall(t.metrics.fds.perCall),
    t.metrics.rssBytes.perCall === undefined ? '-' : formatSignedBytes(Math.round(t.metrics.rssBytes.perCall)),
    perCall(t.metrics.procs.perCall), formatMs(t.latencyMs.p50), v('fds'), v('rssBytes'), v('procs'),
    judged ? word(t.verdict) : t.state,
  ];
}

/** The profile block of the exit summary, no trailing newline per line. */
export function profileLines(p: ProfileResult): string[] {
  const lines = [`profile: ${p.state}, ${p.tools.filter((t) => t.state === 'done').length} of ${p.tools.length} tools profiled${p.message ? ` (${oneLine(p.message)})` : ''}`];
  if (p.tools.length === 0) return lines;
  const table = [['tool', 'calls', 'FDs/call', 'bytes/call', 'children/call', 'p50', 'FDs', 'memory', 'children', 'verdict'], ...p.tools.map(row)];
  lines.push(...alignColumns(table, 2, 1).map((l) => `  ${l}`));
  for (const t of p.tools) if (t.note) lines.push(`  ${oneLine(t.tool)}: ${oneLine(t.note)}`);
  return lines;
}
