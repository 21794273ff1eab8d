// The table's lines as spans: the header with the sort mark, and each server or process row with its colours.
import type { Column } from './columns.js';
import { fit, processCells, serverCells } from './columns.js';
import type { TableRow } from './rows.js';
import type { Span } from './runs.js';
import type { SortColumn } from './sort.js';
import { theme } from './theme.js';

const SORTED_BY: Readonly<Record<SortColumn, Column['id']>> = {
  fds: 'fds', rss: 'rss', cpu: 'cpu', status: 'status', name: 'label', pid: 'pid',
};

/** The header line, the sorted column marked ▼ (▲ reversed) on the side its numbers or words are aligned to. */
export function headerSpans(columns: readonly Column[], sort: SortColumn, reverse: boolean): Span[] {
  return [{ text: '  ' }, ...columns.map((c, i) => {
    const mark = c.id === SORTED_BY[sort] ? (reverse ? '▲' : '▼') : '';
    return { text: `${i === 0 ? '' : ' '}${fit({ text: c.align === 'right' ? `${mark}${c.header}` : `${c.header}${mark}` }, c)}` };
  })];
}

/** An exited server or process is dimmed, and then its cells lose their colour. */
export const rowDimmed = (row: TableRow): boolean => (row.kind === 'group' ? false : row.kind === 'server' ? !row.server.alive : !row.proc.alive);

/** One row: the selection marker, then fixed-width cells joined by a space; status, flags and verdict coloured. */
export function rowSpans(row: TableRow, columns: readonly Column[], selected: boolean): Span[] {
  // A host group's title spans the row: "── cursor (pid 4100): 6 servers, 2 duplicated".
  if (row.kind === 'group') return [{ text: '  ' }, { text: `── ${row.title}`, bold: true, color: theme.accent }];
  const cells = row.kind === 'server' ? serverCells(row.server, columns) : processCells(row.proc, row.last, columns);
  const dim = rowDimmed(row);
  const spans: Span[] = [{ text: selected ? '› ' : '  ' }];
  cells.forEach((c, i) => {
    const col = columns[i];
    if (!col) return;
    const text = `${i === 0 ? '' : ' '}${fit(c, col)}`;
    const color = dim ? undefined : c.level ? theme.status[c.level] : c.verdict ? theme.verdict[c.verdict] : undefined;
    spans.push(color === undefined ? { text } : { text, color });
  });
  return spans;
}
