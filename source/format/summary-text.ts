// The growth summary printed on exit: per server and metric, then stress and churn totals; plain aligned text.
import type { Culprit, MetricSummary, RunSummary, ServerSummary, StatusLevel, Verdict } from '../core/types.js';
import { CALL_ERROR_KINDS, FD_KINDS } from '../core/types.js';
import {
  formatBytes, formatCount, formatDuration, formatMs, formatPct, formatSignedBytes, formatSignedCount, formatSignedPct,
} from './units.js';
import { alignColumns, oneLine } from './text.js';
import { fdTargetLines } from './fd-targets-text.js';
import { profileLines } from './profile-text.js';
import { heapLines } from './heap-text.js';

type MetricRow = { readonly name: string; readonly m: MetricSummary; readonly bytes: boolean };

const VERDICT_WORD: Readonly<Record<Verdict, string>> = { ok: 'OK', inconclusive: 'INCONCLUSIVE', leak: 'LEAK' };
const LEVEL_WORD: Readonly<Record<StatusLevel, string>> = { ok: 'OK', warn: 'WARN', crit: 'CRIT' };

/** FD kinds worth a row: one that moved or is not ok (the other kinds would only repeat "flat"). */
function kindRows(s: ServerSummary): MetricRow[] {
  return FD_KINDS.flatMap((k) => {
    const m = s.fdKinds?.[k];
    return m !== undefined && (m.verdict !== 'ok' || (m.growth ?? 0) !== 0) ? [{ name: `  ${k}`, m, bytes: false }] : [];
  });
}

function metricRows(s: ServerSummary): MetricRow[] {
  const rows: MetricRow[] = [
    { name: 'FDs', m: s.metrics.fds, bytes: false },
    ...kindRows(s),
    { name: 'RSS', m: s.metrics.rssBytes, bytes: true },
    { name: 'VMS', m: s.metrics.vmsBytes, bytes: true },
    { name: 'procs', m: s.metrics.procs, bytes: false },
  ];
  if (s.metrics.threads) rows.push({ name: 'threads', m: s.metrics.threads, bytes: false });
  return rows;
}

function serverBlock(s: ServerSummary): string[] {
  const state = s.alive ? '' : ', exited';
  const worst = s.worstStatus.reasons.length > 0
    ? `${LEVEL_WORD[s.worstStatus.level]} (${oneLine(s.worstStatus.reasons.join('; '))})`
    : LEVEL_WORD[s.worstStatus.level];
  const lines = [
    `${oneLine(s.label)}  pid ${s.pid}${state}${s.era ? `  ${s.era} era` : ''}  verdict ${VERDICT_WORD[s.verdict]}  worst status ${worst}`,
  ];
  if (s.command && s.command !== s.label) lines.push(`  command: ${oneLine(s.command)}`);
  const table: string[][] = [['metric', 'initial', 'final', 'min', 'max', 'avg', 'growth', 'growth%', 'verdict']];
  for (const { name, m, bytes } of metricRows(s)) {
    const v = bytes ? formatBytes : formatCount;
    table.push([
      name, v(m.initial), v(m.final), v(m.min), v(m.max), v(m.avg),
      bytes ? formatSignedBytes(m.growth) : formatSignedCount(m.growth),
      formatSignedPct(m.growthPct, m.growthPct !== undefined && m.growthPct !== 0 && Math.abs(m.growthPct) < 10 ? 1 : 0),
      VERDICT_WORD[m.verdict],
    ]);
  }
  lines.push(...alignColumns(table).map((l) => `  ${l}`));
  const reasons = metricRows(s).filter((r) => r.m.reason);
  if (reasons.length > 0) {
    const width = Math.max(...reasons.map((r) => r.name.trim().length));
    for (const r of reasons) {
      lines.push(`  ${r.name.trim().padEnd(width)}  ${VERDICT_WORD[r.m.verdict].padEnd(7)}  ${oneLine(r.m.reason ?? '')}`);
      if (r.m.verdict === 'inconclusive' && r.m.hint) lines.push(`  ${''.padEnd(width)}  ${''.padEnd(7)}  to decide: ${oneLine(r.m.hint)}`);
    }
  }
  if (s.fdTargets !== undefined) lines.push('  FDs grew on:', ...fdTargetLines(s.fdTargets).map((l) => `    ${l}`));
  if (s.culprits && s.culprits.length > 0) lines.push('  culprits:', ...s.culprits.map((c) => `    ${culpritLine(c)}`));
  return lines;
}

function stressBlock(stress: NonNullable<RunSummary['stress']>, labels: ReadonlyMap<string, string>): string[] {
  const via = [stress.tool && `tool ${stress.tool}`, stress.transport, stress.era && `${stress.era} era`].filter(Boolean).join(', ');
  const lines = [
    `load: ${formatCount(stress.calls)} calls, ${formatCount(stress.ok)} ok, ${formatCount(stress.failed)} failed, `
      + `${stress.callsPerSec.toFixed(1)} calls/s${via ? ` (${via})` : ''}`,
    `  latency p50 ${formatMs(stress.latencyMs.p50)}  p95 ${formatMs(stress.latencyMs.p95)}  p99 ${formatMs(stress.latencyMs.p99)}`
      + (stress.latencyMs.max === undefined ? '' : `  max ${formatMs(stress.latencyMs.max)}`),
  ];
  if (stress.inputRequired !== undefined && stress.inputRequired > 0) {
    lines.push(`  input_required: ${formatCount(stress.inputRequired)} calls answered with a multi-round-trip request (not errors)`);
  }
  if (stress.errors && stress.failed > 0) {
    const errors = stress.errors;
    lines.push(`  errors: ${CALL_ERROR_KINDS.filter((k) => errors[k] > 0).map((k) => `${k} ${formatCount(errors[k])}`).join(', ')}`);
  }
  if (stress.rounds && stress.rounds.length > 0) {
    const table: string[][] = [['round', 'server', 'calls so far', 'fds', 'rss', 'procs']];
    for (const r of stress.rounds) {
      table.push([String(r.round), oneLine(labels.get(r.serverKey) ?? r.serverKey), formatCount(r.callsSoFar),
        formatCount(r.fds), formatBytes(r.rssBytes), formatCount(r.procs)]);
    }
    lines.push('  settled baseline after each round:', ...alignColumns(table, 2, 2).map((l) => `    ${l}`));
  }
  return lines;
}

/** "zombie pid 412 (parent 400, state Z) [sh] - ended by mcptop" */
export function culpritLine(c: Culprit): string {
  const cycle = c.cycle === undefined ? '' : `, after cycle ${c.cycle}`;
  return `${c.kind} pid ${c.pid} (parent ${c.ppid}, state ${c.state}${cycle}) ${oneLine(c.command)} - ${c.ended ? 'ended by mcptop' : 'left running (not started by mcptop)'}`;
}

function churnBlock(churn: NonNullable<RunSummary['churn']>): string[] {
  const parts = [
    `${formatCount(churn.cycles)} cycles`, `${formatCount(churn.failed)} failed`, `${formatCount(churn.survivors)} survivors`,
  ];
  if (churn.zombies !== undefined) parts.push(`${formatCount(churn.zombies)} zombies`);
  if (churn.mode) parts.push(`mode ${churn.mode}`);
  if (churn.era) parts.push(`${churn.era} era`);
  if (churn.eofComplianceRate !== undefined) parts.push(`EOF compliance ${formatPct(churn.eofComplianceRate * 100)}`);
  if (churn.selfFdDrift !== undefined) parts.push(`mcptop FD drift ${formatSignedCount(churn.selfFdDrift)}`);
  return [`churn: ${parts.join(', ')}`, ...(churn.survivorList ?? []).map((c) => `  ${culpritLine(c)}`)];
}

/**
 * Lines longer than `width` broken at spaces, continued under their own indent plus two: a terminal that wraps by
 * itself cuts "1,234" into "1,2" and "34".
 */
export function fitLines(lines: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    let rest = line;
    let pad = '';
    for (let guard = 0; pad.length + rest.length > width && guard < 100; guard++) {
      const room = width - pad.length;
      const cut = rest.lastIndexOf(' ', room);
      // No space to break at (one long word): leave it whole rather than cut it.
      if (cut <= (pad === '' ? indent : 0)) break;
      out.push(pad + rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
      pad = ' '.repeat(Math.min(indent + 2, Math.max(0, width - 10)));
    }
    out.push(pad + rest);
  }
  return out;
}

/** The summary as text lines joined by "\n", no colour, no trailing newline; fitted to `width` columns when given. */
export function formatSummary(summary: RunSummary, width?: number): string {
  const lines = [
    `mcptop summary: ${formatDuration(summary.durationMs)}, ${formatCount(summary.samples)} samples, `
      + `${summary.servers.length} server${summary.servers.length === 1 ? '' : 's'}, verdict ${VERDICT_WORD[summary.verdict]}`
      + (summary.critReached ? ', CRIT reached' : ''),
  ];
  if (summary.servers.length === 0) lines.push('', 'no server was watched');
  for (const s of summary.servers) lines.push('', ...serverBlock(s));
  const labels = new Map(summary.servers.map((s) => [s.key, s.label] as const));
  if (summary.profile) lines.push('', ...profileLines(summary.profile));
  else if (summary.stress) lines.push('', ...stressBlock(summary.stress, labels));
  for (const h of summary.heap ?? []) lines.push('', ...heapLines(h));
  if (summary.churn) lines.push('', ...churnBlock(summary.churn));
  return (width === undefined ? lines : fitLines(lines, width)).join('\n');
}
