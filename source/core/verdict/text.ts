// Number wording for verdict reasons (core cannot import source/format, and reasons must read the same everywhere).
import type { ServerMetric } from '../types.js';

export const METRIC_NOUN: Readonly<Record<ServerMetric, string>> = {
  fds: 'FDs', rssBytes: 'RSS', vmsBytes: 'VMS', procs: 'processes', threads: 'threads', cpuPct: 'CPU',
};

const group = (n: number): string => {
  const s = Math.round(Math.abs(n)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${s}` : s;
};

/** "1,800" for whole counts. */
export const int = (n: number): string => group(n);

/** "+1.00", "-0.25", "+12": signed, two decimals below 10. */
export function signed(n: number): string {
  const sign = n >= 0 ? '+' : '-';
  const a = Math.abs(n);
  if (a >= 100) return `${sign}${group(a)}`;
  if (a >= 10) return `${sign}${a.toFixed(1)}`;
  return `${sign}${a.toFixed(2)}`;
}

/** Bytes in the unit a person reads: "+25.0 KB", "+3.2 MB". Binary units, like top. */
export function signedBytes(n: number): string {
  const sign = n >= 0 ? '+' : '-';
  const a = Math.abs(n);
  if (a >= 1024 ** 3) return `${sign}${(a / 1024 ** 3).toFixed(2)} GB`;
  if (a >= 1024 ** 2) return `${sign}${(a / 1024 ** 2).toFixed(1)} MB`;
  if (a >= 1024) return `${sign}${(a / 1024).toFixed(1)} KB`;
  return `${sign}${a.toFixed(0)} B`;
}

export const amount = (bytes: boolean, n: number): string => (bytes ? signedBytes(n) : signed(n));

/** "42 s", "3.5 min", "2.1 h". */
export function span(ms: number): string {
  if (ms < 90_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 90 * 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
