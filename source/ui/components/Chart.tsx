// The detail chart: FDs or RSS of the selected server over the window, titled with the metric and the range.
import { memo, useMemo } from 'react';
import { Box } from 'ink';
import { renderChart } from '../../format/chart.js';
import { formatBytes, formatCount } from '../../format/units.js';
import type { ChartMetric } from '../state.js';
import { theme } from '../theme.js';
import { SpanLine } from './SpanLine.js';

export interface ChartProps {
  readonly values: readonly (number | undefined)[];
  readonly metric: ChartMetric;
  readonly width: number;
  /** Lines including the title. */
  readonly height: number;
  readonly intervalMs: number;
}

export const CHART_TITLE: Readonly<Record<ChartMetric, string>> = { fds: 'FDs', rssBytes: 'RSS' };

const LABEL: Readonly<Record<ChartMetric, (v: number) => string>> = {
  fds: (v) => formatCount(Math.round(v)),
  rssBytes: (v) => formatBytes(v),
};

const LABEL_WIDTH = 7;

function ChartView({ values, metric, width, height, intervalMs }: ChartProps) {
  const lines = useMemo(
    () => renderChart(values, { width, height: Math.max(2, height - 1), format: LABEL[metric], labelWidth: LABEL_WIDTH })
      .map((text) => [{ text, color: theme.chart }]),
    [values, metric, width, height],
  );
  const seconds = Math.round((values.length * intervalMs) / 1000);
  // Plot lines are mostly blank: SpanLine leaves the blanks undrawn, which Ink would otherwise copy cell by cell.
  return (
    <Box flexDirection="column" width={width}>
      <SpanLine
        spans={[
          { text: `${CHART_TITLE[metric]} over the last ${values.length} samples (${seconds}s)`, bold: true },
          { text: `  m: ${CHART_TITLE[metric === 'fds' ? 'rssBytes' : 'fds']}`, bold: true, dim: true },
        ]}
        width={width}
      />
      {lines.map((spans, i) => <SpanLine key={i} spans={spans} width={width} />)}
    </Box>
  );
}

export const Chart = memo(ChartView);
