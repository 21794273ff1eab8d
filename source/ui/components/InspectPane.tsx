// The detail pane's place taken by the `l` (open FDs with targets) or `e` (environment) listing of the selected process.
import { Box } from 'ink';
import type { DetailLine } from '../detail-lines.js';
import { theme } from '../theme.js';
import { SpanLine } from './SpanLine.js';

export function InspectPane({ lines, width, height }: { readonly lines: readonly DetailLine[]; readonly width: number; readonly height: number }) {
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height).map((l, i) => (
        <SpanLine key={i} spans={[{ text: l.text, bold: l.bold, dim: l.dim, color: l.level ? theme.status[l.level] : undefined }]} width={width} />
      ))}
    </Box>
  );
}
