// Compact human units for the table, the header and the summary: bytes, counts, percents, durations, latencies.

/** Shown for a value that could not be read: never 0, so a gap never looks like a measurement. */
export const MISSING = '-';

const BYTE_UNITS = ['B', 'K', 'M', 'G', 'T', 'P'] as const;

/** Bytes in binary units: "800B", "512K", "48.2M", "1.1G"; one decimal below 100, none above. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return MISSING;
  const sign = bytes < 0 ? '-' : '';
  let v = Math.abs(bytes);
  let i = 0;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  const unit = BYTE_UNITS[i] ?? 'B';
  if (i === 0) return `${sign}${Math.round(v)}${unit}`;
  // 99.96 would print as "100.0": decide the precision on the rounded value.
  const text = Number(v.toFixed(1)) < 100 ? v.toFixed(1) : v.toFixed(0);
  return `${sign}${text}${unit}`;
}

/** Signed bytes for growth columns: "+1.2M", "-512K", "+0B". */
export function formatSignedBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return MISSING;
  return bytes < 0 ? formatBytes(bytes) : `+${formatBytes(bytes)}`;
}

/** Integer with thousands separators: "1,800". Fractions keep one decimal: "445.5". */
export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return MISSING;
  const rounded = Number.isInteger(n) ? n : Math.round(n * 10) / 10;
  const [int = '0', frac] = Math.abs(rounded).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${rounded < 0 ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** Signed count for growth: "+849", "-3", "+0". */
export function formatSignedCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return MISSING;
  return n < 0 ? formatCount(n) : `+${formatCount(n)}`;
}

const COMPACT_UNITS = ['', 'k', 'M', 'G', 'T', 'P', 'E'] as const;

/** Large counts in at most five characters: "12,345" stays readable up to 99,999, then "1.2M", "9.2E". */
export function formatCompact(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return MISSING;
  if (Math.abs(n) < 100_000) return formatCount(Math.round(n));
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1000 && i < COMPACT_UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  const text = Number(v.toFixed(1)) < 100 ? v.toFixed(1) : v.toFixed(0);
  return `${n < 0 ? '-' : ''}${text}${COMPACT_UNITS[i] ?? ''}`;
}

/** Percent: "85%" (digits = decimals kept). */
export function formatPct(pct: number | undefined, digits = 0): string {
  if (pct === undefined || !Number.isFinite(pct)) return MISSING;
  return `${pct.toFixed(digits)}%`;
}

/** Signed percent for growth: "+4043%", "-2.5%". */
export function formatSignedPct(pct: number | undefined, digits = 0): string {
  if (pct === undefined || !Number.isFinite(pct)) return MISSING;
  return pct < 0 ? formatPct(pct, digits) : `+${formatPct(pct, digits)}`;
}

/** CPU as percent of one core, one decimal, no sign: "12.3" (the column header carries the unit). */
export function formatCpu(pct: number | undefined): string {
  if (pct === undefined || !Number.isFinite(pct)) return MISSING;
  return pct >= 1000 ? pct.toFixed(0) : pct.toFixed(1);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Elapsed time: "12s", "3m05s", "1h02m", "2d03h". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return MISSING;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${pad2(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${pad2(m % 60)}m`;
  return `${Math.floor(h / 24)}d${pad2(h % 24)}h`;
}

/** A latency: "0.4ms", "12ms", "1.2s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return MISSING;
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}

/** Wall-clock time of day of an epoch-ms instant, local time: "12:00:03". */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** A sampling interval: "500ms", "1s", "2.5s". */
export function formatInterval(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  return Number.isInteger(s) ? `${s}s` : `${s.toFixed(1)}s`;
}
