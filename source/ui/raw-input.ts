// Input Ink's useInput cannot name: function keys (F1 F6 F9 F10) and SGR mouse reports (click, wheel), parsed from raw sequences.
import type { KeyName } from './keymap.js';

export type RawEvent =
  | { readonly kind: 'key'; readonly name: KeyName }
  /** A left click at a 1-based terminal cell. */
  | { readonly kind: 'click'; readonly x: number; readonly y: number }
  /** A wheel step: -1 up, +1 down. */
  | { readonly kind: 'wheel'; readonly delta: -1 | 1 };

/** xterm, rxvt, VT220 and the Linux console spell function keys differently. */
const FKEYS: Readonly<Record<string, KeyName>> = {
  '\u001BOP': 'f1', '\u001B[11~': 'f1', '\u001B[[A': 'f1', '\u001B[1P': 'f1',
  '\u001B[17~': 'f6', '\u001B[[F': 'f6',
  '\u001B[20~': 'f9',
  '\u001B[21~': 'f10',
};

/** Turns the mouse on while the TUI runs: button events in SGR encoding (1006), which carries any column. */
export const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
export const MOUSE_OFF = '\u001B[?1006l\u001B[?1000l';

/** One sequence as Ink's input parser splits them (ESC included); undefined for anything else. */
export function parseRawInput(seq: string): RawEvent | undefined {
  const f = FKEYS[seq];
  if (f !== undefined) return { kind: 'key', name: f };
  if (!seq.startsWith('\u001B')) return undefined;
  const m = /^\[<(\d+);(\d+);(\d+)([Mm])$/.exec(seq.slice(1));
  if (!m) return undefined;
  const button = Number(m[1]);
  if (button === 64) return { kind: 'wheel', delta: -1 };
  if (button === 65) return { kind: 'wheel', delta: 1 };
  // A left press (no modifier, not a drag); the release ('m') adds nothing.
  if (button === 0 && m[4] === 'M') return { kind: 'click', x: Number(m[2]), y: Number(m[3]) };
  return undefined;
}

/** What Ink's useInput makes of such a sequence (ESC stripped): handled by the raw listener, so the key handler skips it. */
export const isRawRemnant = (input: string): boolean => /^\[<\d+;\d+;\d+[Mm]$/.test(input) || /^(\[\d+~|O[PQRS]|\[\[[A-E]|\[1[PQRS])$/.test(input);
