// The detail chart: FDs or RSS of the selected server over the window, titled with the metric and the range.
import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import { renderChart } from '../../format/chart.js';
import { formatBytes, formatCount } from '../../format/units.js';
import type { ChartMetric } from '../state.js';
import { theme } from '../theme.js';

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

/**
 * The y label (ASCII) and the plot (box drawing) as two <Text>s, so Ink's per-frame width check takes its fast
 * path on the label; the plot loses its trailing blanks, which are never drawn (cyan spaces look like no spaces).
 */
export function chartLineParts(line: string): { readonly label: string; readonly plot: string } {
  const at = LABEL_WIDTH + 1;
  return { label: line.slice(0, at), plot: line.slice(at).trimEnd() };
}

function ChartView({ values, metric, width, height, intervalMs }: ChartProps) {
  const lines = useMemo(
    () => renderChart(values, { width, height: Math.max(2, height - 1), format: LABEL[metric], labelWidth: LABEL_WIDTH }).map(chartLineParts),
    [values, metric, width, height],
  );
  const seconds = Math.round((values.length * intervalMs) / 1000);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate">
        {`${CHART_TITLE[metric]} over the last ${values.length} samples (${seconds}s)`}
        <Text dimColor>{`  m: ${CHART_TITLE[metric === 'fds' ? 'rssBytes' : 'fds']}`}</Text>
      </Text>
      {lines.map((l, i) => (
        <Box key={i}>
          <Text color={theme.chart} wrap="truncate">{l.label}</Text>
          {l.plot === '' ? null : <Text color={theme.chart} wrap="truncate">{l.plot}</Text>}
        </Box>
      ))}
    </Box>
  );
}

export const Chart = memo(ChartView);
