// The keys of the cleanup view, in one table: the handler and the view's help line are both generated from it.
import type { KeyName } from '../keymap.js';
import { keyGlyph } from '../keymap.js';

export type CleanupKeyAction = 'up' | 'down' | 'toggle' | 'all' | 'none' | 'confirm' | 'cancel';

export interface CleanupKeyBinding {
  readonly keys: readonly KeyName[];
  readonly action: CleanupKeyAction;
  /** Shown in the help line; empty = not shown. */
  readonly label: string;
}

export const CLEANUP_KEYS: readonly CleanupKeyBinding[] = [
  { keys: ['up', 'k'], action: 'up', label: 'move' },
  { keys: ['down', 'j'], action: 'down', label: '' },
  { keys: ['space'], action: 'toggle', label: 'toggle' },
  { keys: ['a'], action: 'all', label: 'all' },
  { keys: ['n'], action: 'none', label: 'none' },
  { keys: ['enter', 'y'], action: 'confirm', label: 'signal the selected' },
  { keys: ['escape', 'q'], action: 'cancel', label: 'cancel' },
];

const BY_KEY: ReadonlyMap<KeyName, CleanupKeyAction> = new Map(CLEANUP_KEYS.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

export const cleanupActionOf = (name: KeyName | undefined): CleanupKeyAction | undefined =>
  name === undefined ? undefined : BY_KEY.get(name);

/** "↑↓ move  Space toggle  a all  n none  Enter signal the selected  Esc cancel". */
export function cleanupHelp(): string {
  const glyph = (a: CleanupKeyAction): string => keyGlyph(CLEANUP_KEYS.find((b) => b.action === a)?.keys[0] ?? '');
  return CLEANUP_KEYS.filter((b) => b.label !== '')
    .map((b) => `${b.action === 'up' ? `${glyph('up')}${glyph('down')}` : glyph(b.action)} ${b.label}`)
    .join('  ');
}
