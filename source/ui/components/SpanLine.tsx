// One line of coloured spans, drawn as a few <Text> runs with blank stretches left undrawn, skipped when unchanged.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Span } from '../runs.js';
import { MIN_GAP, linePieces, sameSpans, spansWidth } from '../runs.js';

export interface SpanLineProps {
  readonly spans: readonly Span[];
  /** Cells the line may take; a line that may be wider is drawn as one <Text> and truncated as before. */
  readonly width: number;
  readonly inverse?: boolean;
  readonly dim?: boolean;
  readonly bold?: boolean;
  /** Shortest blank stretch left undrawn (MIN_GAP). */
  readonly minGap?: number;
}

const content = (spans: readonly Span[]) => spans.map((s, i) => (s.color ? <Text key={i} color={s.color}>{s.text}</Text> : s.text));

function Line({ spans, width, inverse = false, dim = false, bold = false, minGap = MIN_GAP }: SpanLineProps) {
  const total = spansWidth(spans);
  if (total === undefined || total > width) {
    return <Text wrap="truncate" inverse={inverse} dimColor={dim} bold={bold}>{content(spans)}</Text>;
  }
  // The line fits, so pieces laid side by side fill the same cells as one <Text>: nothing is cut or wrapped. An
  // inverse line keeps its spaces, which show as the highlight.
  const pieces = linePieces(spans, inverse ? Infinity : minGap);
  return (
    <Box height={1}>
      {pieces.map((p, i) => (p.kind === 'gap'
        ? <Box key={i} width={p.width} flexShrink={0} />
        : <Text key={i} wrap="truncate" inverse={inverse} dimColor={dim} bold={bold}>{content(p.spans)}</Text>))}
    </Box>
  );
}

export const SpanLine = memo(Line, (a, b) => a.width === b.width && a.inverse === b.inverse && a.dim === b.dim
  && a.bold === b.bold && a.minGap === b.minGap && sameSpans(a.spans, b.spans));
