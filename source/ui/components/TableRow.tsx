// One table line, a server or one of its processes: fixed-width cells, the status coloured, exited rows dimmed.
import { Text } from 'ink';
import type { Column } from '../columns.js';
import { fit, processCells, serverCells } from '../columns.js';
import type { TableRow as Row } from '../rows.js';
import { theme } from '../theme.js';

export interface TableRowProps {
  readonly row: Row;
  readonly columns: readonly Column[];
  readonly selected: boolean;
}

export function TableRow({ row, columns, selected }: TableRowProps) {
  const cells = row.kind === 'server' ? serverCells(row.server, columns) : processCells(row.proc, row.last, columns);
  const dim = row.kind === 'server' ? !row.server.alive : !row.proc.alive;
  return (
    <Text wrap="truncate" inverse={selected} dimColor={dim}>
      {selected ? '› ' : '  '}
      {cells.map((c, i) => {
        const col = columns[i];
        if (!col) return null;
        const text = `${i === 0 ? '' : ' '}${fit(c, col)}`;
        const color = c.level ? theme.status[c.level] : c.verdict ? theme.verdict[c.verdict] : undefined;
        return color && !dim ? <Text key={col.id} color={color}>{text}</Text> : text;
      })}
    </Text>
  );
}
