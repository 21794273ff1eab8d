// The server table: a header line and only the rows that fit (off-screen rows are never rendered).
import { Box, Text } from 'ink';
import type { Column } from '../columns.js';
import type { TableRow as Row } from '../rows.js';
import type { SortColumn } from '../sort.js';
import { headerSpans, rowDimmed, rowSpans } from '../table-lines.js';
import { SpanLine } from './SpanLine.js';

export interface TableProps {
  readonly rows: readonly Row[];
  readonly columns: readonly Column[];
  readonly selected: number;
  readonly scrollTop: number;
  readonly height: number;
  readonly sort: SortColumn;
  readonly sortReverse: boolean;
  /** Terminal columns: a line that fits is drawn in cheap runs (see SpanLine). */
  readonly width: number;
}

export function Table({ rows, columns, selected, scrollTop, height, sort, sortReverse, width }: TableProps) {
  const visible = rows.slice(scrollTop, scrollTop + height);
  return (
    <Box flexDirection="column">
      <SpanLine spans={headerSpans(columns, sort, sortReverse)} width={width} bold />
      {visible.length === 0 ? <Text dimColor>{'  no servers yet: waiting for a match'}</Text> : null}
      {visible.map((row, i) => {
        const isSelected = scrollTop + i === selected;
        return <SpanLine key={row.id} spans={rowSpans(row, columns, isSelected)} width={width} inverse={isSelected} dim={rowDimmed(row)} />;
      })}
    </Box>
  );
}
