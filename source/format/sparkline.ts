// Sparklines from a window of samples: ▁▂▃▄▅▆▇█, a gap (undefined) is a space, a flat series the lowest bar.

export const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export interface SparklineOptions {
  /** Fix the scale instead of the window's own min/max (e.g. 0 for a floor). */
  readonly min?: number;
  readonly max?: number;
}

/**
 * One character per value. With `width`, the last `width` values are drawn, right-aligned: a short history is
 * padded with spaces on the left so the newest sample is always in the same column.
 */
export function sparkline(values: readonly (number | undefined)[], width?: number, opts: SparklineOptions = {}): string {
  const window = width === undefined ? values : values.slice(Math.max(0, values.length - width));
  const defined = window.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const lo = opts.min ?? Math.min(...defined);
  const hi = opts.max ?? Math.max(...defined);
  const span = hi - lo;
  const top = BARS.length - 1;
  const out = window.map((v) => {
    if (v === undefined || !Number.isFinite(v)) return ' ';
    if (!(span > 0)) return BARS[0];
    const i = Math.round(((Math.min(Math.max(v, lo), hi) - lo) / span) * top);
    return BARS[i] ?? BARS[0];
  }).join('');
  return width === undefined ? out : out.padStart(width, ' ');
}

/** A progress bar of `width` cells: "██████░░░░". Unknown total draws an empty bar. */
export function progressBar(done: number, total: number, width: number): string {
  if (width <= 0) return '';
  const ratio = total > 0 ? Math.min(Math.max(done / total, 0), 1) : 0;
  const full = Math.round(ratio * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}
