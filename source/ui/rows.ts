// The table's rows: sorted servers (grouped by host in zero-config discovery, filtered), their processes when expanded; the selection.
import type { ProcKey, ProcessView, ServerView } from '../core/types.js';
import { procKey } from '../core/types.js';

export type TableRow =
  | { readonly kind: 'group'; readonly id: string; readonly server: ServerView; readonly title: string }
  | { readonly kind: 'server'; readonly id: string; readonly server: ServerView }
  | { readonly kind: 'process'; readonly id: string; readonly server: ServerView; readonly proc: ProcessView; readonly last: boolean };

/** What the reducer needs of a row: its id and the server it belongs to. */
export interface RowRef {
  readonly id: string;
  readonly serverKey: ProcKey;
  readonly kind: 'group' | 'server' | 'process';
}

export const processRowId = (serverKey: ProcKey, proc: ProcessView): string => `${serverKey}>${procKey(proc)}`;

/** Processes in tree order (parent before children), keeping the Monitor's order among siblings. */
export function treeOrder(processes: readonly ProcessView[]): ProcessView[] {
  const pids = new Set(processes.map((p) => p.pid));
  const children = new Map<number, ProcessView[]>();
  const roots: ProcessView[] = [];
  for (const p of processes) {
    if (p.depth === 0 || !pids.has(p.ppid) || p.ppid === p.pid) roots.push(p);
    else children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  }
  const out: ProcessView[] = [];
  const seen = new Set<number>();
  const visit = (p: ProcessView): void => {
    if (seen.has(p.pid)) return;
    seen.add(p.pid);
    out.push(p);
    for (const c of children.get(p.pid) ?? []) visit(c);
  };
  roots.forEach(visit);
  // A cycle in ppid (pid reuse mid-tick) must not hide a process.
  for (const p of processes) visit(p);
  return out;
}

/** Which servers the table lists: `/` filter text (label or command, any case), exited ones hidden, grouped by host. */
export interface RowOptions {
  readonly filter?: string;
  readonly hideExited?: boolean;
  readonly group?: boolean;
}

/** Whether a server passes the `/` filter: its label, command or a process's command holds the text (any case). */
export function matchesFilter(s: ServerView, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (f === '') return true;
  return s.label.toLowerCase().includes(f) || s.command.toLowerCase().includes(f)
    || s.processes.some((p) => p.command.toLowerCase().includes(f));
}

const NO_HOST = 'no host';
const hostKey = (s: ServerView): string => (s.host === undefined ? NO_HOST : `${s.host.name}@${s.host.pid}`);

/** "cursor (pid 4100): 6 servers, 2 duplicated" / "no host: 3 servers, 1 exited"; duplicates share a command line. */
export function groupTitle(servers: readonly ServerView[]): string {
  const first = servers[0];
  const name = first?.host === undefined ? NO_HOST : `${first.host.name} (pid ${first.host.pid})`;
  const alive = servers.filter((s) => s.alive);
  const dup = alive.length - new Set(alive.map((s) => s.command)).size;
  const exited = servers.length - alive.length;
  const parts = [`${alive.length} server${alive.length === 1 ? '' : 's'}`];
  if (dup > 0) parts.push(`${dup} duplicated`);
  if (exited > 0) parts.push(`${exited} exited`);
  return `${name}: ${parts.join(', ')}`;
}

/** Servers in host groups, hosts by name then pid, "no host" last; the given (sorted) order is kept within a group. */
export function groupByHost(servers: readonly ServerView[]): ServerView[][] {
  const groups = new Map<string, ServerView[]>();
  for (const s of servers) {
    const k = hostKey(s);
    const g = groups.get(k);
    if (g) g.push(s); else groups.set(k, [s]);
  }
  return [...groups.entries()].sort(([ka, a], [kb, b]) => {
    if ((ka === NO_HOST) !== (kb === NO_HOST)) return ka === NO_HOST ? 1 : -1;
    return (a[0]?.host?.name ?? '').localeCompare(b[0]?.host?.name ?? '') || (a[0]?.host?.pid ?? 0) - (b[0]?.host?.pid ?? 0);
  }).map(([, g]) => g);
}

export function buildRows(all: readonly ServerView[], expanded: ReadonlySet<ProcKey>, opts: RowOptions = {}): TableRow[] {
  const servers = all.filter((s) => (!opts.hideExited || s.alive) && matchesFilter(s, opts.filter ?? ''));
  if (opts.group === true) {
    return groupByHost(servers).flatMap((g) => {
      const first = g[0];
      if (first === undefined) return [];
      return [{ kind: 'group' as const, id: `group:${hostKey(first)}`, server: first, title: groupTitle(g) }, ...serverRows(g, expanded)];
    });
  }
  return serverRows(servers, expanded);
}

function serverRows(servers: readonly ServerView[], expanded: ReadonlySet<ProcKey>): TableRow[] {
  const rows: TableRow[] = [];
  for (const server of servers) {
    rows.push({ kind: 'server', id: server.key, server });
    if (!expanded.has(server.key)) continue;
    const procs = treeOrder(server.processes);
    procs.forEach((proc, i) => {
      rows.push({ kind: 'process', id: processRowId(server.key, proc), server, proc, last: i === procs.length - 1 });
    });
  }
  return rows;
}

export const rowRefs = (rows: readonly TableRow[]): RowRef[] =>
  rows.map((r) => ({ id: r.id, serverKey: r.server.key, kind: r.kind }));

/**
 * Index of the selected row. A selection that disappeared (its process exited, its server collapsed) falls back
 * to its server's row, then to the first row; -1 only when the table is empty.
 */
export function selectedIndex(rows: readonly RowRef[], selectedId: string | undefined): number {
  if (rows.length === 0) return -1;
  // A group title is never selected: the first server row stands in for it.
  const firstServer = Math.max(0, rows.findIndex((r) => r.kind !== 'group'));
  if (selectedId === undefined) return firstServer;
  const exact = rows.findIndex((r) => r.id === selectedId && r.kind !== 'group');
  if (exact >= 0) return exact;
  const serverKey = selectedId.split('>')[0];
  const parent = rows.findIndex((r) => r.kind === 'server' && r.id === serverKey);
  return parent >= 0 ? parent : firstServer;
}

/** First visible row so that the selection is on screen, moving the window as little as possible. */
export function clampScroll(scrollTop: number, selected: number, visibleRows: number, rowCount: number): number {
  const maxTop = Math.max(0, rowCount - Math.max(1, visibleRows));
  let top = Math.min(Math.max(0, scrollTop), maxTop);
  if (selected >= 0 && selected < top) top = selected;
  if (selected >= 0 && selected >= top + visibleRows) top = selected - visibleRows + 1;
  return Math.min(Math.max(0, top), maxTop);
}
