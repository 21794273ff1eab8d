// Table columns: which fit the terminal width, their headers, and the text of each cell of a server or process row.
import type { ProcessView, ServerView, StatusLevel } from '../core/types.js';
import { formatBytes, formatCount, formatCpu, formatPct } from '../format/units.js';
import { sparkline } from '../format/sparkline.js';
import { cell } from '../format/text.js';

export type ColumnId =
  | 'label' | 'pid' | 'fds' | 'fdPct' | 'rss' | 'vms' | 'cpu' | 'threads' | 'procs' | 'status' | 'flags' | 'verdict'
  | 'fdSpark' | 'rssSpark';

export interface Column {
  readonly id: ColumnId;
  readonly header: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

const FIXED: readonly Column[] = [
  { id: 'pid', header: 'PID', width: 7, align: 'right' },
  { id: 'fds', header: 'FDS', width: 5, align: 'right' },
  { id: 'fdPct', header: 'FD%', width: 4, align: 'right' },
  { id: 'rss', header: 'RSS', width: 6, align: 'right' },
  { id: 'vms', header: 'VMS', width: 6, align: 'right' },
  { id: 'cpu', header: 'CPU%1c', width: 6, align: 'right' },
  { id: 'threads', header: 'THR', width: 4, align: 'right' },
  { id: 'procs', header: 'PRC', width: 3, align: 'right' },
  { id: 'status', header: 'STATUS', width: 7, align: 'left' },
  { id: 'verdict', header: 'VERDICT', width: 7, align: 'left' },
];

/** The marker column in front of every row ("›" on the selection). */
export const MARKER_WIDTH = 2;
const LABEL_MIN = 12;
/** Enough for "npx server-filesystem" before the sparklines widen. */
const LABEL_PREF = 24;
const LABEL_MAX = 40;
const SPARK_MIN = 6;
const SPARK_MAX = 20;
/** Dropped in this order when the terminal is too narrow for the label's minimum. */
const DROP_ORDER: readonly ColumnId[] = ['vms', 'threads', 'verdict', 'procs', 'fdPct', 'cpu'];

const width = (cols: readonly Column[]): number => cols.reduce((n, c) => n + c.width + 1, 0);

/** Cleanup flags as the table shows them: short words ("orphan,dup"); the detail pane spells them out. */
const FLAG_WORD: Readonly<Record<string, string>> = { duplicate: 'dup' };
export const flagsText = (flags: readonly string[] | undefined): string => (flags ?? []).map((f) => FLAG_WORD[f] ?? f).join(',');
const FLAGS_MAX = 16;
const FLAGS_MIN = 'FLAGS'.length;

/** A server's flags: cleanup's, then "stdin" when its stdin is a dead end (the detail pane gives the reason). */
export const serverFlags = (s: ServerView): readonly string[] | undefined =>
  (s.stdinPeer === undefined ? s.flags : [...(s.flags ?? []), 'stdin']);

/** Width of the FLAGS column for these servers: 0 (no column) while no server has a flag. */
export function flagsWidth(servers: readonly ServerView[]): number {
  const widest = servers.reduce((w, s) => Math.max(w, flagsText(serverFlags(s)).length), 0);
  return widest === 0 ? 0 : Math.min(FLAGS_MAX, Math.max(FLAGS_MIN, widest));
}

/**
 * Columns for a terminal `total` characters wide. Extra width goes to the label up to a readable length, then to
 * the sparklines, then to the label again; on a narrow terminal sparklines go first, then VMS, then lesser counts.
 * `flags` > 0 adds a FLAGS column that wide after STATUS (only while some server is flagged, so it costs nothing else).
 */
export function planColumns(total: number, flags = 0): Column[] {
  let fixed = [...FIXED];
  if (flags > 0) {
    const at = fixed.findIndex((c) => c.id === 'status') + 1;
    fixed.splice(at, 0, { id: 'flags', header: 'FLAGS', width: flags, align: 'left' });
  }
  const budget = total - MARKER_WIDTH;
  const room = budget - width(fixed) - 1;
  if (room >= LABEL_MIN + 2 * (SPARK_MIN + 1)) {
    let extra = room - LABEL_MIN - 2 * (SPARK_MIN + 1);
    const toLabel = Math.min(extra, LABEL_PREF - LABEL_MIN);
    extra -= toLabel;
    const toSparks = Math.min(Math.floor(extra / 2), SPARK_MAX - SPARK_MIN);
    extra -= 2 * toSparks;
    const spark = SPARK_MIN + toSparks;
    const label = Math.min(LABEL_MAX, LABEL_MIN + toLabel + extra);
    return [
      { id: 'label', header: 'SERVER', width: label, align: 'left' }, ...fixed,
      { id: 'fdSpark', header: 'FDS~', width: spark, align: 'left' },
      { id: 'rssSpark', header: 'RSS~', width: spark, align: 'left' },
    ];
  }
  for (const id of DROP_ORDER) {
    if (budget - width(fixed) - 1 >= LABEL_MIN) break;
    fixed = fixed.filter((c) => c.id !== id);
  }
  // Still too narrow: FLAGS shrinks to its header, then goes (the detail pane still lists the flags).
  const short = LABEL_MIN - (budget - width(fixed) - 1);
  if (short > 0 && flags > 0) {
    const narrower = flags - short;
    fixed = fixed.flatMap((c) => (c.id !== 'flags' ? [c] : narrower >= FLAGS_MIN ? [{ ...c, width: narrower }] : []));
  }
  const label = Math.max(6, Math.min(LABEL_MAX, budget - width(fixed) - 1));
  return [{ id: 'label', header: 'SERVER', width: label, align: 'left' }, ...fixed];
}

/** One cell's text and how it is drawn. */
export interface Cell {
  readonly text: string;
  readonly level?: StatusLevel;
  readonly verdict?: ServerView['verdict'];
}

const LEVEL_WORD: Readonly<Record<StatusLevel, string>> = { ok: 'OK', warn: 'WARN', crit: 'CRIT' };

function serverCell(s: ServerView, id: ColumnId, w: number): Cell {
  const l = s.latest;
  switch (id) {
    case 'label': return { text: s.era === undefined ? s.label : `${s.label} [${s.era}]` };
    case 'pid': return { text: String(s.pid) };
    case 'fds': return { text: formatCount(l?.fds) };
    case 'fdPct': return { text: formatPct(l?.fdPctOfLimit) };
    case 'rss': return { text: formatBytes(l?.rssBytes) };
    case 'vms': return { text: formatBytes(l?.vmsBytes) };
    case 'cpu': return { text: formatCpu(l?.cpuPct) };
    case 'threads': return { text: formatCount(l?.threads) };
    case 'procs': return { text: l ? String(l.procs) : '-' };
    case 'status': return s.alive ? { text: LEVEL_WORD[s.status.level], level: s.status.level } : { text: 'exited' };
    case 'flags': {
      const text = flagsText(serverFlags(s));
      return text === '' ? { text } : { text, level: s.flags?.includes('runaway') ? 'crit' : 'warn' };
    }
    case 'verdict': return { text: s.verdict === 'inconclusive' ? 'unsure' : s.verdict, verdict: s.verdict };
    case 'fdSpark': return { text: sparkline(s.series.fds, w) };
    case 'rssSpark': return { text: sparkline(s.series.rssBytes, w) };
  }
}

function processCell(p: ProcessView, id: ColumnId, last: boolean): Cell {
  const m = p.metrics;
  switch (id) {
    case 'label': return { text: `${'  '.repeat(p.depth)}${last ? '└' : '├'} ${p.comm}${p.alive ? '' : ' (gone)'}` };
    case 'pid': return { text: String(p.pid) };
    case 'fds': return { text: formatCount(m.fds) };
    case 'fdPct': return { text: m.fds !== undefined && p.fdLimit ? formatPct((m.fds / p.fdLimit) * 100) : '-' };
    case 'rss': return { text: formatBytes(m.rssBytes) };
    case 'vms': return { text: formatBytes(m.vmsBytes) };
    case 'cpu': return { text: formatCpu(p.cpuPct) };
    case 'threads': return { text: formatCount(m.threads) };
    case 'procs': return { text: '' };
    case 'status': return { text: p.state === 'Z' ? 'zombie' : p.state };
    case 'flags': case 'verdict': case 'fdSpark': case 'rssSpark': return { text: '' };
  }
}

export const serverCells = (s: ServerView, cols: readonly Column[]): Cell[] => cols.map((c) => serverCell(s, c.id, c.width));
export const processCells = (p: ProcessView, last: boolean, cols: readonly Column[]): Cell[] => cols.map((c) => processCell(p, c.id, last));

/** Pads a cell to its column; the caller joins cells with one space. */
export const fit = (c: Cell, col: Column): string => cell(c.text, col.width, col.align);
