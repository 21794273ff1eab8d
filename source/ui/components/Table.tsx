// The server table: a header line and only the rows that fit (off-screen rows are never rendered).
import { Box, Text } from 'ink';
import type { Column } from '../columns.js';
import { fit } from '../columns.js';
import type { TableRow as Row } from '../rows.js';
import type { SortColumn } from '../sort.js';
import { TableRow } from './TableRow.js';

export interface TableProps {
  readonly rows: readonly Row[];
  readonly columns: readonly Column[];
  readonly selected: number;
  readonly scrollTop: number;
  readonly height: number;
  readonly sort: SortColumn;
  readonly sortReverse: boolean;
}

const SORTED_BY: Readonly<Record<SortColumn, Column['id']>> = {
  fds: 'fds', rss: 'rss', cpu: 'cpu', status: 'status', name: 'label', pid: 'pid',
};

export function Table({ rows, columns, selected, scrollTop, height, sort, sortReverse }: TableProps) {
  const header = columns.map((c, i) => {
    const mark = c.id === SORTED_BY[sort] ? (sortReverse ? '▲' : '▼') : '';
    return `${i === 0 ? '' : ' '}${fit({ text: c.align === 'right' ? `${mark}${c.header}` : `${c.header}${mark}` }, c)}`;
  }).join('');
  const visible = rows.slice(scrollTop, scrollTop + height);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">{`  ${header}`}</Text>
      {visible.length === 0 ? <Text dimColor>{'  no servers yet: waiting for a match'}</Text> : null}
      {visible.map((row, i) => (
        <TableRow key={row.id} row={row} columns={columns} selected={scrollTop + i === selected} />
      ))}
    </Box>
  );
}
