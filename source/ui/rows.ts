// The table's rows: sorted servers, each followed by its processes (depth-first) when expanded; the selection.
import type { ProcKey, ProcessView, ServerView } from '../core/types.js';
import { procKey } from '../core/types.js';

export type TableRow =
  | { readonly kind: 'server'; readonly id: string; readonly server: ServerView }
  | { readonly kind: 'process'; readonly id: string; readonly server: ServerView; readonly proc: ProcessView; readonly last: boolean };

/** What the reducer needs of a row: its id and the server it belongs to. */
export interface RowRef {
  readonly id: string;
  readonly serverKey: ProcKey;
  readonly kind: 'server' | 'process';
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

export function buildRows(servers: readonly ServerView[], expanded: ReadonlySet<ProcKey>): TableRow[] {
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
  if (selectedId === undefined) return 0;
  const exact = rows.findIndex((r) => r.id === selectedId);
  if (exact >= 0) return exact;
  const serverKey = selectedId.split('>')[0];
  const parent = rows.findIndex((r) => r.kind === 'server' && r.id === serverKey);
  return parent >= 0 ? parent : 0;
}

/** First visible row so that the selection is on screen, moving the window as little as possible. */
export function clampScroll(scrollTop: number, selected: number, visibleRows: number, rowCount: number): number {
  const maxTop = Math.max(0, rowCount - Math.max(1, visibleRows));
  let top = Math.min(Math.max(0, scrollTop), maxTop);
  if (selected >= 0 && selected < top) top = selected;
  if (selected >= 0 && selected >= top + visibleRows) top = selected - visibleRows + 1;
  return Math.min(Math.max(0, top), maxTop);
}
