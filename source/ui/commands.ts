// What a key does: routes Ink's key events by mode (table, help, form, twin prompt) to reducer actions and AppActions.
import type { Key } from 'ink';
import type { AppActions, ProcKey, ServerView, Snapshot } from '../core/types.js';
import type { CleanupPlan } from '../core/cleanup/types.js';
import type { TuiCleanup } from './cleanup/port.js';
import { churnShapeOf, loadShapeOf, wantsProfile } from './forms.js';
import type { ActionId, KeyName } from './keymap.js';
import { isRawRemnant } from './raw-input.js';
import type { RawEvent } from './raw-input.js';
import { actionOf, keyNameOf } from './keymap.js';
import type { RowRef } from './rows.js';
import { selectedIndex } from './rows.js';
import type { ViewAction, ViewState } from './state.js';

/** Everything a key may need, rebuilt on every render and read through a ref by the input hook. */
export interface KeyContext {
  /** The state after every action dispatched so far, even before React re-rendered (keys can arrive in bursts). */
  readonly state: () => ViewState;
  readonly dispatch: (action: ViewAction) => void;
  readonly rows: readonly RowRef[];
  readonly visibleRows: number;
  readonly live: Snapshot;
  /** Servers as drawn, to find the selected one. */
  readonly servers: readonly ServerView[];
  readonly actions?: AppActions;
  readonly onQuit: () => void;
  /** Plans and runs a cleanup; without it `k` says "not available here". */
  readonly cleanup?: TuiCleanup;
  /** False once the App unmounted: a late promise must not dispatch. */
  readonly isMounted: () => boolean;
}

const say = (ctx: KeyContext, text: string): void => ctx.dispatch({ type: 'message', text });

function selectedServer(ctx: KeyContext): ServerView | undefined {
  const key = ctx.rows[selectedIndex(ctx.rows, ctx.state().selectedId)]?.serverKey;
  return ctx.servers.find((s) => s.key === key);
}
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function openLoad(ctx: KeyContext): void {
  const { actions } = ctx;
  if (!actions?.startLoad) return say(ctx, 'load: not available here');
  const key = selectedServer(ctx)?.key;
  const target = actions.loadTarget ? actions.loadTarget(key) : undefined;
  if (!target || target.kind === 'ready') return ctx.dispatch({ type: 'openForm', kind: 'load', target: key });
  if (target.kind === 'twin' && key !== undefined) return ctx.dispatch({ type: 'prompt', serverKey: key, command: target.command });
  say(ctx, `load: ${target.kind === 'none' ? target.why : 'no server selected'}`);
}

function launchTwin(ctx: KeyContext, serverKey: ProcKey, command: string): void {
  ctx.dispatch({ type: 'close' });
  const launch = ctx.actions?.launchTwin;
  if (!launch) return say(ctx, 'twin: not available here');
  say(ctx, `launching a twin of ${command}...`);
  launch.call(ctx.actions, serverKey).then(
    (twin) => {
      if (!ctx.isMounted()) return;
      if (twin === undefined) say(ctx, 'the twin did not start (see the notices)');
      else ctx.dispatch({ type: 'openForm', kind: 'load', target: twin });
    },
    (e: unknown) => { if (ctx.isMounted()) say(ctx, `twin failed: ${errorText(e)}`); },
  );
}

function submitForm(ctx: KeyContext): void {
  const form = ctx.state().form;
  if (!form) return;
  const shape = form.kind === 'load' ? loadShapeOf(form) : churnShapeOf(form);
  if (typeof shape === 'string') return ctx.dispatch({ type: 'formError', error: shape });
  try {
    const profile = wantsProfile(form);
    if (form.kind === 'load' && 'users' in shape) (profile ? ctx.actions?.startProfile : ctx.actions?.startLoad)?.call(ctx.actions, shape, form.target);
    if (form.kind === 'churn' && 'cycles' in shape) ctx.actions?.startChurn?.(shape, form.target);
    ctx.dispatch({ type: 'close' });
    say(ctx, `${profile ? 'profile' : form.kind} started`);
  } catch (e) {
    ctx.dispatch({ type: 'formError', error: `${form.kind} did not start: ${errorText(e)}` });
  }
}

/** Plans from the live snapshot once; the view keeps that plan however the table changes under it. */
function openCleanup(ctx: KeyContext): void {
  if (!ctx.cleanup) return say(ctx, 'cleanup: not available here');
  let plan: CleanupPlan;
  try {
    plan = ctx.cleanup.plan(ctx.live);
  } catch (e) {
    return say(ctx, `cleanup: ${errorText(e)}`);
  }
  ctx.dispatch({ type: 'openCleanup', plan });
}

/**
 * Runs the confirmed selection and feeds its progress to the view. The execution belongs to the wiring: if the App
 * goes away meanwhile, it still finishes (TERM, grace, KILL), only nothing is drawn.
 */
export async function runCleanup(ctx: KeyContext, plan: CleanupPlan, selection: ReadonlySet<ProcKey>): Promise<void> {
  const cleanup = ctx.cleanup;
  if (!cleanup) return;
  try {
    for await (const progress of cleanup.execute(plan, selection)) {
      if (ctx.isMounted()) ctx.dispatch({ type: 'cleanupProgress', plan, progress });
    }
  } catch (e) {
    if (!ctx.isMounted()) return;
    if (ctx.state().cleanup?.plan === plan) ctx.dispatch({ type: 'close' });
    say(ctx, `cleanup failed: ${errorText(e)}`);
  }
}

function run(ctx: KeyContext, action: ActionId): void {
  const { dispatch, rows, visibleRows } = ctx;
  switch (action) {
    case 'quit': return ctx.onQuit();
    case 'up': case 'down': case 'pageUp': case 'pageDown': case 'home': case 'end':
      return dispatch({ type: 'move', move: action, rows, visibleRows });
    case 'expand': case 'collapse': case 'toggle': return dispatch({ type: action, rows });
    case 'sort': case 'sortPrev': case 'sortReverse': case 'metric': case 'help': case 'hideExited': return dispatch({ type: action });
    case 'toggleAll': return dispatch({ type: 'toggleAll', rows });
    case 'filter': return dispatch({ type: 'filterStart' });
    case 'fds': case 'env': return dispatch({ type: 'pane', pane: action });
    case 'demo':
      if (!ctx.actions?.startDemo) return say(ctx, 'demo: not available here');
      if (ctx.live.servers.length > 0 && ctx.live.discovery === undefined) return say(ctx, 'demo: already watching servers');
      say(ctx, 'starting the demo servers...');
      return void ctx.actions.startDemo().catch((e: unknown) => { if (ctx.isMounted()) say(ctx, `demo failed: ${errorText(e)}`); });
    case 'pause': return dispatch({ type: 'pause', live: ctx.live });
    case 'load': return openLoad(ctx);
    case 'churn':
      if (!ctx.actions?.startChurn) return say(ctx, 'churn: not available here');
      return dispatch({ type: 'openForm', kind: 'churn', target: selectedServer(ctx)?.key });
    case 'abort':
      if (!ctx.actions?.abortStress) return say(ctx, 'abort: not available here');
      ctx.actions.abortStress();
      return say(ctx, 'abort requested');
    case 'cleanup': return openCleanup(ctx);
  }
}

/** The `/` filter line: characters narrow the table as they are typed, Enter keeps the filter, Esc clears it. */
function filterKey(ctx: KeyContext, input: string, key: Key): void {
  const text = ctx.state().filter;
  if (key.escape) return ctx.dispatch({ type: 'filterDone', keep: false });
  if (key.return) return ctx.dispatch({ type: 'filterDone', keep: true });
  if (key.upArrow || key.downArrow) return ctx.dispatch({ type: 'move', move: key.upArrow ? 'up' : 'down', rows: ctx.rows, visibleRows: ctx.visibleRows });
  if (key.backspace || key.delete) return ctx.dispatch({ type: 'filterEdit', text: text.slice(0, -1) });
  if (key.ctrl && input === 'c') return ctx.onQuit();
  if (!key.ctrl && !key.meta && input.length > 0 && !/[\r\n\t]/.test(input)) ctx.dispatch({ type: 'filterEdit', text: `${text}${input}` });
}

/** A function key or mouse report from the raw listener (ui/raw-input.ts). `bodyTop`: the screen row of the table's first row, 1-based. */
export function handleRaw(event: RawEvent, ctx: KeyContext, table: { readonly bodyTop: number; readonly scrollTop: number; readonly height: number }): void {
  if (event.kind === 'key') return handleKey('', NO_KEY, ctx, event.name);
  if (ctx.state().mode !== 'table' && ctx.state().mode !== 'filter') return;
  if (event.kind === 'wheel') return ctx.dispatch({ type: 'scroll', delta: event.delta, rows: ctx.rows, visibleRows: ctx.visibleRows });
  const line = event.y - table.bodyTop;
  if (line < 0 || line >= table.height) return;
  ctx.dispatch({ type: 'select', index: table.scrollTop + line, rows: ctx.rows, visibleRows: ctx.visibleRows });
}

function formKey(ctx: KeyContext, input: string, key: Key): void {
  const d = (k: Parameters<typeof ctx.dispatch>[0]): void => ctx.dispatch(k);
  if (key.escape) return d({ type: 'close' });
  if (key.return) return submitForm(ctx);
  if (key.upArrow || (key.tab && key.shift)) return d({ type: 'formKey', key: { type: 'prev' } });
  if (key.downArrow || key.tab) return d({ type: 'formKey', key: { type: 'next' } });
  if (key.leftArrow) return d({ type: 'formKey', key: { type: 'left' } });
  if (key.rightArrow) return d({ type: 'formKey', key: { type: 'right' } });
  if (key.backspace || key.delete) return d({ type: 'formKey', key: { type: 'backspace' } });
  if (!key.ctrl && !key.meta && input.length > 0) d({ type: 'formKey', key: { type: 'char', ch: input } });
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false,
  end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false,
  meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

/** The key event a single character would have produced on its own. */
function keyOfChar(ch: string): [string, Key] {
  if (ch === '\r' || ch === '\n') return ['', { ...NO_KEY, return: true }];
  if (ch === '\t') return ['', { ...NO_KEY, tab: true }];
  if (ch === '\u007F' || ch === '\b') return ['', { ...NO_KEY, backspace: true }];
  if (ch === '\u0003') return ['c', { ...NO_KEY, ctrl: true }];
  return [ch, NO_KEY];
}

const isBurst = (input: string, key: Key): boolean =>
  Array.from(input).length > 1 && !key.ctrl && !key.meta && !key.return && !key.escape && !key.tab
  && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown;

/**
 * Handles one key event from Ink's useInput. Ctrl+C quits from every mode. Ink hands over keys that arrive
 * together ("j\r" from tmux send-keys, a paste) as one string: they are replayed one by one.
 */
export function handleKey(input: string, key: Key, ctx: KeyContext, named?: KeyName): void {
  if (named === undefined && isRawRemnant(input)) return; // a function key or mouse report: the raw listener has it
  if (isBurst(input, key)) {
    for (const ch of Array.from(input)) handleKey(...keyOfChar(ch), ctx);
    return;
  }
  if (named === undefined && ctx.state().mode === 'filter') return filterKey(ctx, input, key);
  const name = named ?? keyNameOf(input, key);
  if (name === 'ctrl+c') return ctx.onQuit();
  const state = ctx.state();
  switch (state.mode) {
    case 'form': return formKey(ctx, input, key);
    case 'twinPrompt': {
      const prompt = state.prompt;
      if (prompt && (name === 'y' || name === 'Y' || name === 'enter')) return launchTwin(ctx, prompt.serverKey, prompt.command);
      if (name === 'n' || name === 'N' || name === 'escape') return ctx.dispatch({ type: 'close' });
      return;
    }
    case 'help':
      if (name === 'escape' || name === '?' || name === 'h' || name === 'f1') return ctx.dispatch({ type: 'close' });
      if (name === 'q' || name === 'f10') return ctx.onQuit();
      return;
    case 'filter':
      if (name === 'escape') return ctx.dispatch({ type: 'filterDone', keep: false });
      if (name === 'enter') return ctx.dispatch({ type: 'filterDone', keep: true });
      if (name === 'f10') return ctx.onQuit();
      return;
    // The cleanup view has its own keys; only keys that came in the same burst as `k` get here.
    case 'cleanup': return;
    case 'table': {
      const action = actionOf(name);
      if (action) return run(ctx, action);
      if (name === 'escape' && state.message) say(ctx, '');
      return;
    }
  }
}
