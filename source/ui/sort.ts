// Table order: the sort columns the `o` key cycles through and the comparison behind each.
import type { ServerView } from '../core/types.js';
import { STATUS_ORDER } from '../core/types.js';

export const SORT_COLUMNS = ['fds', 'rss', 'cpu', 'status', 'name', 'pid'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** The column header each sort column marks. */
export const SORT_HEADER: Readonly<Record<SortColumn, string>> = {
  fds: 'fds', rss: 'rss', cpu: 'cpu', status: 'status', name: 'label', pid: 'pid',
};

type Key = (s: ServerView) => number | string | undefined;

const KEYS: Readonly<Record<SortColumn, Key>> = {
  fds: (s) => s.latest?.fds,
  rss: (s) => s.latest?.rssBytes,
  cpu: (s) => s.latest?.cpuPct,
  status: (s) => STATUS_ORDER[s.status.level],
  name: (s) => s.label.toLowerCase(),
  pid: (s) => s.pid,
};

/** Numbers sort biggest first (the heavy server on top, like top); names and PIDs ascending. */
const DESCENDING: Readonly<Record<SortColumn, boolean>> = {
  fds: true, rss: true, cpu: true, status: true, name: false, pid: false,
};

export const nextSortColumn = (c: SortColumn): SortColumn =>
  SORT_COLUMNS[(SORT_COLUMNS.indexOf(c) + 1) % SORT_COLUMNS.length] ?? 'fds';
export const prevSortColumn = (c: SortColumn): SortColumn =>
  SORT_COLUMNS[(SORT_COLUMNS.indexOf(c) + SORT_COLUMNS.length - 1) % SORT_COLUMNS.length] ?? 'fds';

/**
 * Sorted copy. Exited servers stay below live ones and unknown values below known ones whatever the direction,
 * so reversing never floats gaps to the top; ties fall back to label then PID so rows do not jump between ticks.
 */
export function sortServers(servers: readonly ServerView[], column: SortColumn, reverse: boolean): ServerView[] {
  const key = KEYS[column];
  const sign = (DESCENDING[column] ? -1 : 1) * (reverse ? -1 : 1);
  return [...servers].sort((a, b) => {
    if (a.alive !== b.alive) return a.alive ? -1 : 1;
    const ka = key(a);
    const kb = key(b);
    if (ka === undefined || kb === undefined) {
      if (ka !== kb) return ka === undefined ? 1 : -1;
    } else if (ka !== kb) {
      return (ka < kb ? -1 : 1) * sign;
    }
    return a.label.localeCompare(b.label) || a.pid - b.pid;
  });
}
