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

/**
 * Words laid out in lines of at most `width` characters, broken at spaces (a word longer than a line is cut); at most
 * `maxLines` lines, the last one ending in "…" when text was left over. Never breaks inside a number.
 */
export function wrap(text: string, width: number, maxLines = Infinity): string[] {
  const w = Math.max(1, width);
  const words = oneLine(text).split(' ').filter((x) => x !== '');
  const lines: string[] = [];
  let cur = '';
  for (const word of words) {
    const next = cur === '' ? word : `${cur} ${word}`;
    if (next.length <= w) { cur = next; continue; }
    if (cur !== '') lines.push(cur);
    cur = word.length <= w ? word : truncate(word, w);
  }
  if (cur !== '') lines.push(cur);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = last.length < w ? `${last}…` : `${last.slice(0, w - 1)}…`;
  return kept;
}
