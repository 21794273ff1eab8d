// The selected server in depth: the chart on the left, reasons / FD kinds / tree / stderr on the right.
import { Box, Text } from 'ink';
import type { ServerView } from '../../core/types.js';
import { detailLines } from '../detail-lines.js';
import type { ChartMetric } from '../state.js';
import { theme } from '../theme.js';
import { Chart } from './Chart.js';
import { SpanLine } from './SpanLine.js';

export interface DetailPaneProps {
  readonly server: ServerView | undefined;
  readonly metric: ChartMetric;
  readonly width: number;
  readonly height: number;
  readonly intervalMs: number;
}

/** Below this width the chart takes the whole pane and the text is dropped. */
const SIDE_MIN = 70;

export function DetailPane({ server, metric, width, height, intervalMs }: DetailPaneProps) {
  if (!server) return <Text dimColor>{'  select a server to see its chart'}</Text>;
  const side = width >= SIDE_MIN ? Math.min(48, Math.floor(width * 0.42)) : 0;
  const chartWidth = width - side - (side > 0 ? 2 : 0);
  const lines = side > 0 ? detailLines(server, side).slice(0, height) : [];
  return (
    <Box flexDirection="row" height={height}>
      <Chart values={server.series[metric]} metric={metric} width={chartWidth} height={height} intervalMs={intervalMs} />
      {side > 0 ? (
        <Box flexDirection="column" width={side} marginLeft={2}>
          {lines.map((l, i) => (
            <SpanLine
              key={i}
              spans={[{ text: l.text, bold: l.bold, dim: l.dim, color: l.level ? theme.status[l.level] : l.verdict ? theme.verdict[l.verdict] : undefined }]}
              width={side}
            />
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
