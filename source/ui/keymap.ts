// The one table of keys: the input handler, the help line and the `?` overlay are all generated from it.
import type { Key } from 'ink';

export type ActionId =
  | 'quit' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'expand' | 'collapse' | 'toggle'
  | 'sort' | 'sortPrev' | 'sortReverse' | 'metric' | 'pause' | 'help' | 'load' | 'churn' | 'abort' | 'cleanup'
  | 'filter' | 'toggleAll' | 'fds' | 'env' | 'hideExited' | 'demo';

/** A key as the table names it: a printable character, or one of the named keys below. */
export type KeyName =
  | 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end' | 'enter' | 'escape' | 'space'
  | 'tab' | 'backspace' | 'ctrl+c' | 'f1' | 'f6' | 'f9' | 'f10' | (string & {});

export interface KeyBinding {
  readonly keys: readonly KeyName[];
  readonly action: ActionId;
  /** Shown in the help line; empty = only in the overlay. */
  readonly label: string;
  readonly description: string;
}

export const KEYMAP: readonly KeyBinding[] = [
  { keys: ['q', 'ctrl+c', 'f10'], action: 'quit', label: 'quit', description: 'quit and print the summary' },
  { keys: ['up'], action: 'up', label: 'move', description: 'select the row above' },
  { keys: ['down', 'j'], action: 'down', label: '', description: 'select the row below' },
  { keys: ['pageup'], action: 'pageUp', label: '', description: 'one page up' },
  { keys: ['pagedown'], action: 'pageDown', label: '', description: 'one page down' },
  { keys: ['home', 'g'], action: 'home', label: '', description: 'first row' },
  { keys: ['end', 'G'], action: 'end', label: '', description: 'last row' },
  { keys: ['enter'], action: 'toggle', label: 'tree', description: "show / hide the server's processes" },
  { keys: ['right'], action: 'expand', label: '', description: 'expand the server' },
  { keys: ['left'], action: 'collapse', label: '', description: 'collapse the server' },
  { keys: ['t'], action: 'toggleAll', label: '', description: 'expand / collapse every tree' },
  { keys: ['/'], action: 'filter', label: 'filter', description: 'filter rows by label or command (Esc clears)' },
  { keys: ['o', 'f6', '>'], action: 'sort', label: 'sort', description: 'sort: fds, rss, cpu, status, name, pid' },
  { keys: ['<'], action: 'sortPrev', label: '', description: 'sort by the previous column' },
  { keys: ['O'], action: 'sortReverse', label: '', description: 'reverse the sort order' },
  { keys: ['m'], action: 'metric', label: 'chart', description: 'chart FDs or RSS' },
  { keys: ['l'], action: 'fds', label: 'fds', description: 'open FDs of the selected server, with targets (lsof -p)' },
  { keys: ['e'], action: 'env', label: '', description: 'environment of the selected server (secrets redacted)' },
  { keys: ['H'], action: 'hideExited', label: '', description: 'hide / show exited servers' },
  { keys: ['p', 'space'], action: 'pause', label: 'pause', description: 'freeze the view (sampling goes on)' },
  { keys: ['s'], action: 'load', label: 'load', description: 'load: concurrent calls to the server' },
  { keys: ['c'], action: 'churn', label: 'churn', description: 'churn: spawn / initialize / close' },
  { keys: ['x'], action: 'abort', label: 'abort', description: 'abort the running load or churn' },
  // Issue 5 gives cleanup `k`, so vim's `k` is not a movement key here (arrows, j, PgUp/PgDn, g/G move).
  { keys: ['k', 'f9'], action: 'cleanup', label: 'cleanup', description: 'clean up orphans and runaways' },
  { keys: ['d'], action: 'demo', label: '', description: 'start the demo servers (when nothing was found)' },
  { keys: ['?', 'f1', 'h'], action: 'help', label: 'help', description: 'this help' },
  // Mouse (drawn in the overlay, not a key): click selects a row, the wheel moves the selection.
];

const GLYPH: Readonly<Record<string, string>> = {
  up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End',
  enter: 'Enter', escape: 'Esc', space: 'Space', tab: 'Tab', backspace: 'Bksp', 'ctrl+c': '^C',
  f1: 'F1', f6: 'F6', f9: 'F9', f10: 'F10',
};

/** How a key is printed in the help: "↑", "PgUp", "^C", or the character itself. */
export const keyGlyph = (k: KeyName): string => GLYPH[k] ?? k;

/** Names the key Ink reported, in the table's vocabulary; undefined for keys the table cannot name. */
export function keyNameOf(input: string, key: Key): KeyName | undefined {
  if (key.ctrl && input === 'c') return 'ctrl+c';
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl || key.meta) return undefined;
  if (input === ' ') return 'space';
  return input.length === 1 ? input : undefined;
}

const BY_KEY: ReadonlyMap<KeyName, ActionId> = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

export const actionOf = (name: KeyName | undefined): ActionId | undefined => (name === undefined ? undefined : BY_KEY.get(name));

/** Help-line entries: "q quit", "↑↓ move", ... in table order, bindings with a label only. */
export function helpEntries(): { keys: string; label: string }[] {
  const moves = KEYMAP.filter((b) => b.action === 'up' || b.action === 'down').map((b) => keyGlyph(b.keys[0] ?? ''));
  return KEYMAP.filter((b) => b.label !== '').map((b) => ({
    keys: b.action === 'up' ? moves.join('') : keyGlyph(b.keys[0] ?? ''),
    label: b.label,
  }));
}

/** The bottom help line, cut at a whole entry to fit `width`; the `?` entry always stays (it leads to the rest). */
export function helpLine(width: number): string {
  const entries = helpEntries();
  const help = entries.find((e) => e.label === 'help');
  const tail = help ? `  ${help.keys} ${help.label}` : '';
  let out = '';
  for (const e of entries) {
    if (e === help) continue;
    const part = `${out === '' ? '' : '  '}${e.keys} ${e.label}`;
    if (out.length + part.length + tail.length > width) break;
    out += part;
  }
  return out === '' ? tail.trimStart() : `${out}${tail}`;
}
