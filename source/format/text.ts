// Fixed-width cells for aligned plain text and table rows: truncate with an ellipsis, pad left or right.

/** Code points, so a label with an emoji or accents is never cut in half. */
const chars = (s: string): string[] => Array.from(s);

/** Cut to `width` characters, ending in "…" when cut. */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  const c = chars(s);
  if (c.length <= width) return s;
  return width === 1 ? '…' : `${c.slice(0, width - 1).join('')}…`;
}

/** Truncate then pad to exactly `width` characters. */
export function cell(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const t = truncate(s, width);
  const fill = ' '.repeat(Math.max(0, width - chars(t).length));
  return align === 'left' ? t + fill : fill + t;
}

/** Collapse newlines and tabs so a label or reason stays on one line. */
export function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/** Aligns rows of cells into columns; numbers right, the first column left. */
export function alignColumns(rows: readonly (readonly string[])[], gap = 2, leftColumns = 1): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => { widths[i] = Math.max(widths[i] ?? 0, chars(c).length); });
  return rows.map((row) => row
    .map((c, i) => cell(c, widths[i] ?? 0, i < leftColumns ? 'left' : 'right'))
    .join(' '.repeat(gap))
    .trimEnd());
}
