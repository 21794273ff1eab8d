// One line of coloured spans, drawn as a few <Text> runs (ASCII apart from glyphs) and skipped when unchanged.
import { memo } from 'react';
import { Box, Text } from 'ink';
import type { Span } from '../runs.js';
import { sameSpans, spansWidth, splitRuns } from '../runs.js';

export interface SpanLineProps {
  readonly spans: readonly Span[];
  /** Cells the line may take; a line that may be wider is drawn as one <Text> and truncated as before. */
  readonly width: number;
  readonly inverse?: boolean;
  readonly dim?: boolean;
  readonly bold?: boolean;
}

const content = (spans: readonly Span[]) => spans.map((s, i) => (s.color ? <Text key={i} color={s.color}>{s.text}</Text> : s.text));

function Line({ spans, width, inverse = false, dim = false, bold = false }: SpanLineProps) {
  const total = spansWidth(spans);
  const runs = total !== undefined && total <= width ? splitRuns(spans) : undefined;
  if (runs === undefined || runs.length < 2) {
    return <Text wrap="truncate" inverse={inverse} dimColor={dim} bold={bold}>{content(spans)}</Text>;
  }
  // Runs laid side by side draw the same cells as one <Text>: the line fits, so nothing is cut or wrapped.
  return (
    <Box>
      {runs.map((run, i) => <Text key={i} wrap="truncate" inverse={inverse} dimColor={dim} bold={bold}>{content(run)}</Text>)}
    </Box>
  );
}

export const SpanLine = memo(Line, (a, b) =>
  a.width === b.width && a.inverse === b.inverse && a.dim === b.dim && a.bold === b.bold && sameSpans(a.spans, b.spans));
