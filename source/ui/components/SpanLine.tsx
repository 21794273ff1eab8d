// One line of styled spans, drawn as a few runs with blank stretches left undrawn, skipped when unchanged.
//
// What Ink lays out is blanks, not the text. Ink 6 keeps the measured size of every distinct string a <Text> ever
// held, for the life of the process (measure-text.js: a Map that never evicts), so a monitor whose figures change
// every tick would grow with every frame it draws. Each run is therefore laid out as blanks of the same widths in the
// same styles, and a <Transform> puts the real characters into those cells when the frame is written. Ink only ever
// measures strings of blanks and style codes, bounded by the screen's shapes; the text never reaches its cache.
// (It also keeps string-width on its fast ASCII path: a run of sparkline glyphs costs no grapheme segmentation.)
import { memo } from 'react';
import type { ReactNode } from 'react';
import { Box, Text, Transform } from 'ink';
import type { Span } from '../runs.js';
import { MIN_GAP, linePieces, sameSpans, sliceSpans, spansWidth, styled } from '../runs.js';

export interface SpanLineProps {
  readonly spans: readonly Span[];
  /** Cells the line may take; a longer line is cut, ending in "…". */
  readonly width: number;
  readonly inverse?: boolean;
  readonly dim?: boolean;
  readonly bold?: boolean;
  /** Shortest blank stretch left undrawn (MIN_GAP). */
  readonly minGap?: number;
}

/** Each span as Ink text: its own <Text> when it has a style, else a bare string. */
const content = (spans: readonly Span[], text: (s: Span) => string): ReactNode[] => spans.map((s, i) => (styled(s)
  ? <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>{text(s)}</Text>
  : text(s)));

const BLANKS: string[] = [];
const blanks = (n: number): string => (BLANKS[n] ??= ' '.repeat(n));
const asBlanks = (s: Span): string => blanks(s.text.length);
const asText = (s: Span): string => s.text;

/**
 * The styled line Ink wrote for a run of blanks, its blanks replaced in order by the run's characters; the style
 * codes stay where they were. Only for text whose characters are each one cell wide (the caller checks).
 */
export function fillCells(styledBlanks: string, text: string): string {
  let at = 0;
  return styledBlanks.replace(/ +/g, (run) => {
    const part = text.slice(at, at + run.length);
    at += run.length;
    return part;
  });
}

interface CellsProps { readonly spans: readonly Span[]; readonly inverse: boolean; readonly dim: boolean; readonly bold: boolean }

/** One run: laid out as blanks, written as its text. */
function Cells({ spans, inverse, dim, bold }: CellsProps) {
  const text = spans.map(asText).join('');
  return (
    <Transform transform={(line) => fillCells(line, text)}>
      <Text inverse={inverse} dimColor={dim} bold={bold}>{content(spans, asBlanks)}</Text>
    </Transform>
  );
}

/** The line cut to `width` cells as Ink's wrap="truncate" cuts it: the first width - 1 cells and an unstyled "…". */
function truncateSpans(spans: readonly Span[], width: number): Span[] {
  return width <= 0 ? [] : [...sliceSpans(spans, 0, width - 1), { text: '…' }];
}

function Line({ spans, width, inverse = false, dim = false, bold = false, minGap = MIN_GAP }: SpanLineProps) {
  const total = spansWidth(spans);
  if (total === undefined) {
    // A character of unknown width (emoji, CJK): Ink measures and truncates the text itself.
    return <Text wrap="truncate" inverse={inverse} dimColor={dim} bold={bold}>{content(spans, asText)}</Text>;
  }
  // The line fits (cut if need be), so pieces laid side by side fill the same cells as one <Text>: nothing is cut or
  // wrapped. An inverse line keeps its spaces, which show as the highlight.
  const pieces = linePieces(total > width ? truncateSpans(spans, width) : spans, inverse ? Infinity : minGap);
  return (
    <Box height={1}>
      {pieces.map((p, i) => (p.kind === 'gap'
        ? <Box key={i} width={p.width} flexShrink={0} />
        : <Cells key={i} spans={p.spans} inverse={inverse} dim={dim} bold={bold} />))}
    </Box>
  );
}

export const SpanLine = memo(Line, (a, b) => a.width === b.width && a.inverse === b.inverse && a.dim === b.dim
  && a.bold === b.bold && a.minGap === b.minGap && sameSpans(a.spans, b.spans));
