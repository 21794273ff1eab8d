// View state and its reducer: selection, scrolling, expansion, sort, chart metric, the frozen copy, overlays.
import type { ProcKey, Snapshot } from '../core/types.js';
import type { CleanupPlan, CleanupProgress } from '../core/cleanup/types.js';
import type { FormKey, FormKind, FormState } from './forms.js';
import { editForm, openForm } from './forms.js';
import type { RowRef } from './rows.js';
import { clampScroll, selectedIndex } from './rows.js';
import type { SortColumn } from './sort.js';
import { nextSortColumn, prevSortColumn } from './sort.js';

export type ChartMetric = 'fds' | 'rssBytes';
export type Mode = 'table' | 'help' | 'form' | 'twinPrompt' | 'cleanup' | 'filter';
/** What the detail pane shows: the chart and text, the selected process's open FDs (`l`), or its environment (`e`). */
export type Pane = 'chart' | 'fds' | 'env';

export interface ViewState {
  /** Row id of the selection: a server key, or "serverKey>procKey" for a process row. */
  readonly selectedId?: string;
  readonly scrollTop: number;
  /** Servers whose processes are shown under their row. */
  readonly expanded: ReadonlySet<ProcKey>;
  readonly sort: SortColumn;
  readonly sortReverse: boolean;
  readonly chartMetric: ChartMetric;
  /** Set while the view is paused: the copy drawn instead of the live snapshot. */
  readonly frozen?: Snapshot;
  readonly mode: Mode;
  readonly form?: FormState;
  /** The "launch a twin?" question. */
  readonly prompt?: { readonly serverKey: ProcKey; readonly command: string };
  /** One line under the table until the next key ("load: not available here"). */
  readonly message?: string;
  /** The cleanup view: its plan, fixed while shown, and the execution's progress once confirmed. */
  readonly cleanup?: CleanupViewState;
  /** `/` filter text ('' = none); typed while mode is 'filter'. */
  readonly filter: string;
  readonly hideExited: boolean;
  readonly pane: Pane;
}

export interface CleanupViewState {
  readonly plan: CleanupPlan;
  readonly progress?: CleanupProgress;
}

export const initialViewState = (): ViewState => ({
  scrollTop: 0, expanded: new Set(), sort: 'fds', sortReverse: false, chartMetric: 'fds', mode: 'table',
  filter: '', hideExited: false, pane: 'chart',
});

export type Move = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** Row lists travel with the actions that need them, so the reducer never re-derives rows from a snapshot. */
export type ViewAction =
  | { readonly type: 'move'; readonly move: Move; readonly rows: readonly RowRef[]; readonly visibleRows: number }
  | { readonly type: 'expand' | 'collapse' | 'toggle'; readonly rows: readonly RowRef[] }
  | { readonly type: 'sort' } | { readonly type: 'sortPrev' } | { readonly type: 'sortReverse' } | { readonly type: 'metric' }
  /** `t`: expand every server when none is expanded, else collapse them all. */
  | { readonly type: 'toggleAll'; readonly rows: readonly RowRef[] }
  | { readonly type: 'filterStart' } | { readonly type: 'filterEdit'; readonly text: string } | { readonly type: 'filterDone'; readonly keep: boolean }
  | { readonly type: 'hideExited' }
  | { readonly type: 'pane'; readonly pane: Pane }
  /** A mouse click on a table row (index into rows), a wheel step (rows to move the selection by). */
  | { readonly type: 'select'; readonly index: number; readonly rows: readonly RowRef[]; readonly visibleRows: number }
  | { readonly type: 'scroll'; readonly delta: number; readonly rows: readonly RowRef[]; readonly visibleRows: number }
  | { readonly type: 'pause'; readonly live: Snapshot }
  | { readonly type: 'help' } | { readonly type: 'close' }
  | { readonly type: 'openForm'; readonly kind: FormKind; readonly target: ProcKey | undefined }
  | { readonly type: 'formKey'; readonly key: FormKey }
  | { readonly type: 'formError'; readonly error: string }
  | { readonly type: 'prompt'; readonly serverKey: ProcKey; readonly command: string }
  | { readonly type: 'openCleanup'; readonly plan: CleanupPlan }
  /** Progress of the execution of `plan`; ignored once that view is closed (a later one has another plan). */
  | { readonly type: 'cleanupProgress'; readonly plan: CleanupPlan; readonly progress: CleanupProgress }
  | { readonly type: 'message'; readonly text: string | undefined };

function move(state: ViewState, how: Move, rows: readonly RowRef[], visibleRows: number): ViewState {
  if (rows.length === 0) return state;
  const at = selectedIndex(rows, state.selectedId);
  const page = Math.max(1, visibleRows - 1);
  const target = {
    up: at - 1, down: at + 1, pageUp: at - page, pageDown: at + page, home: 0, end: rows.length - 1,
  }[how];
  return selectAt(state, target, how === 'up' || how === 'pageUp' || how === 'end' ? -1 : 1, rows, visibleRows);
}

/** Selects row i (clamped); a group title passes the selection on in direction `dir` (then back the other way). */
function selectAt(state: ViewState, target: number, dir: 1 | -1, rows: readonly RowRef[], visibleRows: number): ViewState {
  let i = Math.min(Math.max(0, target), rows.length - 1);
  for (const d of [dir, -dir]) {
    let j = i;
    while (rows[j]?.kind === 'group') j += d;
    if (rows[j] !== undefined) { i = j; break; }
  }
  if (rows[i] === undefined || rows[i]?.kind === 'group') return state;
  // Keep a group's title on screen above its first server.
  const top = rows[i - 1]?.kind === 'group' && i - 1 < state.scrollTop ? i - 1 : state.scrollTop;
  return { ...state, selectedId: rows[i]?.id, scrollTop: clampScroll(top, i, visibleRows, rows.length) };
}

function toggleAll(state: ViewState, rows: readonly RowRef[]): ViewState {
  if (state.expanded.size > 0) {
    const at = rows[selectedIndex(rows, state.selectedId)];
    return { ...state, expanded: new Set(), ...(at ? { selectedId: at.serverKey } : {}) };
  }
  return { ...state, expanded: new Set(rows.filter((r) => r.kind === 'server').map((r) => r.serverKey)) };
}

function setExpanded(state: ViewState, rows: readonly RowRef[], want: 'expand' | 'collapse' | 'toggle'): ViewState {
  const row = rows[selectedIndex(rows, state.selectedId)];
  if (!row) return state;
  const open = state.expanded.has(row.serverKey);
  const next = want === 'toggle' ? !open : want === 'expand';
  // Expanding from a process row changes nothing; collapsing from one moves the selection to its server.
  if (row.kind === 'process' && next) return state;
  const expanded = new Set(state.expanded);
  if (next) expanded.add(row.serverKey);
  else expanded.delete(row.serverKey);
  return { ...state, expanded, selectedId: row.serverKey };
}

function step(state: ViewState, action: ViewAction): ViewState {
  switch (action.type) {
    case 'move': return move(state, action.move, action.rows, action.visibleRows);
    case 'expand': case 'collapse': case 'toggle': return setExpanded(state, action.rows, action.type);
    case 'sort': return { ...state, sort: nextSortColumn(state.sort), sortReverse: false };
    case 'sortPrev': return { ...state, sort: prevSortColumn(state.sort), sortReverse: false };
    case 'toggleAll': return toggleAll(state, action.rows);
    case 'filterStart': return { ...state, mode: 'filter' };
    case 'filterEdit': return { ...state, filter: action.text, scrollTop: 0 };
    case 'filterDone': return { ...state, mode: 'table', filter: action.keep ? state.filter : '' };
    case 'hideExited': return { ...state, hideExited: !state.hideExited };
    case 'pane': return { ...state, pane: state.pane === action.pane ? 'chart' : action.pane };
    case 'select': return selectAt(state, action.index, 1, action.rows, action.visibleRows);
    case 'scroll': {
      const at = selectedIndex(action.rows, state.selectedId);
      return selectAt(state, at + action.delta, action.delta < 0 ? -1 : 1, action.rows, action.visibleRows);
    }
    case 'sortReverse': return { ...state, sortReverse: !state.sortReverse };
    case 'metric': return { ...state, chartMetric: state.chartMetric === 'fds' ? 'rssBytes' : 'fds' };
    // A deep copy: the Monitor may reuse objects between ticks, a frozen view must not change under the user.
    case 'pause': return { ...state, frozen: state.frozen ? undefined : structuredClone(action.live) };
    case 'help': return { ...state, mode: state.mode === 'help' ? 'table' : 'help' };
    case 'close': return { ...state, mode: 'table', form: undefined, prompt: undefined, cleanup: undefined };
    case 'openForm': return { ...state, mode: 'form', form: openForm(action.kind, action.target), prompt: undefined };
    case 'formKey': return state.form ? { ...state, form: editForm(state.form, action.key) } : state;
    case 'formError': return state.form ? { ...state, form: { ...state.form, error: action.error } } : state;
    case 'prompt': return { ...state, mode: 'twinPrompt', prompt: { serverKey: action.serverKey, command: action.command } };
    case 'openCleanup': return { ...state, mode: 'cleanup', cleanup: { plan: action.plan }, form: undefined, prompt: undefined };
    case 'cleanupProgress':
      return state.mode === 'cleanup' && state.cleanup?.plan === action.plan ? { ...state, cleanup: { plan: action.plan, progress: action.progress } } : state;
    case 'message': return state;
  }
}

/** Every action but `message` clears the last message: it answers one key and goes with the next. */
export function reduce(state: ViewState, action: ViewAction): ViewState {
  if (action.type === 'message') return { ...state, message: action.text };
  const next = step(state, action);
  return next.message === undefined ? next : { ...next, message: undefined };
}
