// The load and churn forms as pure data: fields with defaults, keyboard edits, and the shape they produce.
import type { ChurnMode, ChurnShape, LoadShape, ProcKey } from '../core/types.js';

export type FieldSpec =
  | { readonly kind: 'int'; readonly id: string; readonly label: string; readonly min: number; readonly initial: number; readonly hint?: string }
  | { readonly kind: 'text'; readonly id: string; readonly label: string; readonly initial: string; readonly hint?: string }
  | { readonly kind: 'choice'; readonly id: string; readonly label: string; readonly options: readonly string[]; readonly initial: string; readonly hint?: string };

export type FormKind = 'load' | 'churn';

/** Defaults of shared/CLI.md's flags, so a form submitted untouched runs what `--stress` would. */
export const LOAD_FIELDS: readonly FieldSpec[] = [
  { kind: 'int', id: 'users', label: 'users', min: 1, initial: 4, hint: 'concurrent clients' },
  { kind: 'int', id: 'calls', label: 'calls', min: 1, initial: 100, hint: 'per user per round' },
  { kind: 'int', id: 'rounds', label: 'rounds', min: 1, initial: 3 },
  { kind: 'int', id: 'delayMs', label: 'delay ms', min: 0, initial: 2000, hint: 'pause between rounds' },
  { kind: 'int', id: 'timeoutMs', label: 'timeout ms', min: 1, initial: 10000, hint: 'per call' },
  { kind: 'text', id: 'tool', label: 'tool', initial: '', hint: 'blank = pick a cheap tool' },
  { kind: 'choice', id: 'eachTool', label: 'each tool', options: ['n', 'y'], initial: 'n', hint: 'y = profile: the load against every tool in turn' },
];

export const CHURN_FIELDS: readonly FieldSpec[] = [
  { kind: 'int', id: 'cycles', label: 'cycles', min: 1, initial: 50, hint: 'spawn -> initialize -> close' },
  { kind: 'choice', id: 'mode', label: 'mode', options: ['eof', 'term', 'kill'], initial: 'eof', hint: 'how each cycle ends the server' },
  { kind: 'choice', id: 'viaNpx', label: 'via npx', options: ['n', 'y'], initial: 'n', hint: 'launch through npx' },
  { kind: 'choice', id: 'callTool', label: 'call a tool', options: ['y', 'n'], initial: 'y', hint: 'one tools/call per cycle' },
];

/** How long a churned server may take to exit after stdin EOF before it is signalled, ms. */
export const EOF_DEADLINE_MS = 3000;

export interface FormState {
  readonly kind: FormKind;
  readonly fields: readonly FieldSpec[];
  readonly values: Readonly<Record<string, string>>;
  readonly focus: number;
  /** The server the run goes to (the selected one, or a twin). */
  readonly target: ProcKey | undefined;
  readonly error?: string;
}

export function openForm(kind: FormKind, target: ProcKey | undefined): FormState {
  const fields = kind === 'load' ? LOAD_FIELDS : CHURN_FIELDS;
  return { kind, fields, values: Object.fromEntries(fields.map((f) => [f.id, String(f.initial)])), focus: 0, target };
}

/** Keys a form understands; everything else is ignored. */
export type FormKey =
  | { readonly type: 'char'; readonly ch: string }
  | { readonly type: 'backspace' } | { readonly type: 'next' } | { readonly type: 'prev' }
  | { readonly type: 'left' } | { readonly type: 'right' };

function cycle(options: readonly string[], value: string, by: number): string {
  const i = options.indexOf(value);
  return options[(Math.max(0, i) + by + options.length) % options.length] ?? value;
}

export function editForm(form: FormState, key: FormKey): FormState {
  const field = form.fields[form.focus];
  if (key.type === 'next') return { ...form, focus: (form.focus + 1) % form.fields.length, error: undefined };
  if (key.type === 'prev') return { ...form, focus: (form.focus - 1 + form.fields.length) % form.fields.length, error: undefined };
  if (!field) return form;
  const value = form.values[field.id] ?? '';
  const set = (v: string): FormState => ({ ...form, values: { ...form.values, [field.id]: v }, error: undefined });
  if (field.kind === 'choice') {
    if (key.type === 'left') return set(cycle(field.options, value, -1));
    if (key.type === 'right' || (key.type === 'char' && key.ch === ' ')) return set(cycle(field.options, value, 1));
    // A letter that starts an option picks it: y / n, e / t / k.
    if (key.type === 'char') {
      const hit = field.options.find((o) => o.startsWith(key.ch.toLowerCase()));
      return hit === undefined ? form : set(hit);
    }
    return form;
  }
  if (key.type === 'backspace') return set(Array.from(value).slice(0, -1).join(''));
  if (key.type !== 'char') return form;
  if (field.kind === 'int') return /^\d+$/.test(key.ch) && value.length < 9 ? set(value === '0' ? key.ch : value + key.ch) : form;
  return /^[^\p{C}]+$/u.test(key.ch) ? set(value + key.ch) : form;
}

function readInts(form: FormState): Record<string, number> | string {
  const out: Record<string, number> = {};
  for (const f of form.fields) {
    if (f.kind !== 'int') continue;
    const n = Number.parseInt(form.values[f.id] ?? '', 10);
    if (!Number.isFinite(n) || n < f.min) return `${f.label} must be a whole number >= ${f.min}`;
    out[f.id] = n;
  }
  return out;
}

/** True when the load form asks for a per-tool profile (`--stress profile`) rather than one tool's load. */
export const wantsProfile = (form: FormState): boolean => form.kind === 'load' && form.values['eachTool'] === 'y';

/** The load shape the form describes, or why it cannot run. */
export function loadShapeOf(form: FormState): LoadShape | string {
  const n = readInts(form);
  if (typeof n === 'string') return n;
  const tool = (form.values['tool'] ?? '').trim();
  return {
    users: n['users'] ?? 4, calls: n['calls'] ?? 100, rounds: n['rounds'] ?? 3, delayMs: n['delayMs'] ?? 2000,
    timeoutMs: n['timeoutMs'] ?? 10000, tool: tool === '' ? undefined : tool,
  };
}

export function churnShapeOf(form: FormState): ChurnShape | string {
  const n = readInts(form);
  if (typeof n === 'string') return n;
  const mode = form.values['mode'];
  return {
    cycles: n['cycles'] ?? 50,
    mode: mode === 'term' || mode === 'kill' ? mode : ('eof' satisfies ChurnMode),
    viaNpx: form.values['viaNpx'] === 'y',
    callTool: form.values['callTool'] !== 'n',
    eofDeadlineMs: EOF_DEADLINE_MS,
  };
}
