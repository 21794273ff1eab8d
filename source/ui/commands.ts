// What a key does: routes Ink's key events by mode (table, help, form, twin prompt) to reducer actions and AppActions.
import type { Key } from 'ink';
import type { AppActions, ProcKey, ServerView, Snapshot } from '../core/types.js';
import type { CleanupPlan } from '../core/cleanup/types.js';
import type { TuiCleanup } from './cleanup/port.js';
import { churnShapeOf, loadShapeOf } from './forms.js';
import type { ActionId } from './keymap.js';
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
    if (form.kind === 'load' && 'users' in shape) ctx.actions?.startLoad?.(shape, form.target);
    if (form.kind === 'churn' && 'cycles' in shape) ctx.actions?.startChurn?.(shape, form.target);
    ctx.dispatch({ type: 'close' });
    say(ctx, `${form.kind} started`);
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
    case 'sort': case 'sortReverse': case 'metric': case 'help': return dispatch({ type: action });
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
export function handleKey(input: string, key: Key, ctx: KeyContext): void {
  if (isBurst(input, key)) {
    for (const ch of Array.from(input)) handleKey(...keyOfChar(ch), ctx);
    return;
  }
  const name = keyNameOf(input, key);
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
      if (name === 'escape' || name === '?') return ctx.dispatch({ type: 'close' });
      if (name === 'q') return ctx.onQuit();
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
