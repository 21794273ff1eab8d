// Line chart of one metric over the window: wraps `asciichart`, downsamples to the width, leaves gaps blank.
import asciichart from 'asciichart';

export interface ChartOptions {
  /** Total width in characters, labels included. */
  readonly width: number;
  /** Rows of the plot (at least 2). */
  readonly height: number;
  /** Y-axis label of a value ("48.2M", "870"). */
  readonly format?: (value: number) => string;
  /** Width of the y-axis labels. */
  readonly labelWidth?: number;
}

/**
 * Reduces a series to `buckets` points. A bucket keeps its maximum, not its mean, so a short spike of FDs or RSS
 * stays visible after downsampling; a bucket without any sample stays a gap.
 */
export function downsample(values: readonly (number | undefined)[], buckets: number): (number | undefined)[] {
  if (buckets <= 0) return [];
  if (values.length <= buckets) return [...values];
  const out: (number | undefined)[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * values.length) / buckets);
    const to = Math.floor(((b + 1) * values.length) / buckets);
    let best: number | undefined;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v !== undefined && Number.isFinite(v) && (best === undefined || v > best)) best = v;
    }
    out.push(best);
  }
  return out;
}

/** Replaces gaps with the nearest earlier value (the first one with the next), so asciichart sees only numbers. */
function bridge(values: readonly (number | undefined)[]): number[] {
  const firstDefined = values.find((v): v is number => v !== undefined && Number.isFinite(v)) ?? 0;
  let last = firstDefined;
  return values.map((v) => {
    if (v !== undefined && Number.isFinite(v)) last = v;
    return last;
  });
}

const OFFSET = 3;

/** The chart as lines of exactly `width` characters; "(no data yet)" when the window holds no value. */
export function renderChart(values: readonly (number | undefined)[], opts: ChartOptions): string[] {
  const height = Math.max(2, Math.floor(opts.height));
  const labelWidth = Math.max(OFFSET, opts.labelWidth ?? 7);
  // Prefix = label + space + axis; asciichart leaves one spare cell after the last point.
  const points = Math.max(1, opts.width - labelWidth - 2);
  const fmt = opts.format ?? ((v: number) => String(Math.round(v)));
  const series = downsample(values, points);
  const defined = series.filter((v): v is number => v !== undefined && Number.isFinite(v));
  if (defined.length === 0) return ['(no data yet)'.slice(0, opts.width).padEnd(opts.width, ' ')];
  const lo = Math.min(...defined);
  const hi = Math.max(...defined);
  // A range lost in floating-point noise plots as flat: asciichart would scale it into millions of rows.
  const flat = !(hi - lo > Math.max(Math.abs(hi), Math.abs(lo), 1) * 1e-9);
  const text = asciichart.plot(bridge(series), {
    height: height - 1,
    min: lo,
    // A flat series would collapse to one row; give it a unit of headroom so the chart keeps its height.
    max: flat ? lo + 1 : hi,
    offset: OFFSET,
    format: (x: number) => fmt(x).slice(0, labelWidth).padStart(labelWidth, ' '),
  });
  const plotStart = labelWidth + OFFSET - 1;
  let prevLabel = '';
  return text.split('\n').map((line) => {
    const cells = Array.from(line);
    // A small range over many rows rounds to the same label on neighbouring rows: say each value once.
    const label = cells.slice(0, labelWidth).join('');
    if (label.trim() !== '' && label === prevLabel) for (let i = 0; i < labelWidth; i++) cells[i] = ' ';
    else prevLabel = label;
    for (let x = 0; x < series.length - 1; x++) {
      if (series[x] === undefined || series[x + 1] === undefined) {
        const at = plotStart + x;
        if (at < cells.length) cells[at] = ' ';
      }
    }
    return cells.join('').slice(0, opts.width).padEnd(opts.width, ' ');
  });
}
