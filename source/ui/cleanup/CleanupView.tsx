// The cleanup view: what would be signalled and why, picked with the keys of keys.ts; then the outcomes as they come.
import { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Key } from 'ink';
import type { ProcKey } from '../../core/types.js';
import type { CleanupPlan, CleanupProgress } from '../../core/cleanup/types.js';
import { keyNameOf } from '../keymap.js';
import { theme } from '../theme.js';
import { cleanupActionOf, cleanupHelp } from './keys.js';
import { planRows, resultRows, windowRows, type RowStyle, type ViewRow } from './rows.js';
import { effectiveSelection, initialSelection, reduceSelection, type SelectionState } from './selection.js';

export interface CleanupViewProps {
  readonly plan: CleanupPlan;
  /** Called once with the chosen items (never empty). */
  readonly onConfirm: (selection: ReadonlySet<ProcKey>) => void;
  readonly onCancel: () => void;
  /** Execution progress once confirmed: its presence switches the view to the outcomes. */
  readonly progress?: CleanupProgress;
  /** Closes the outcomes once done; defaults to onCancel. */
  readonly onClose?: () => void;
  readonly width?: number;
  /** Rows available, help line included. */
  readonly height?: number;
  readonly isActive?: boolean;
  /** Ctrl+C: quit mcptop from the view too (a running execution is finished by its owner). */
  readonly onInterrupt?: () => void;
}

const COLOR: Readonly<Record<RowStyle, string | undefined>> = {
  title: theme.accent, group: undefined, item: undefined, cursor: theme.accent, refused: theme.muted, evidence: theme.muted,
  note: theme.muted, good: theme.status.ok, warn: theme.status.warn, bad: theme.status.crit,
};

function Row({ row }: { readonly row: ViewRow }) {
  return (
    <Text wrap="truncate" color={COLOR[row.style]} bold={row.style === 'title' || row.style === 'group' || row.style === 'cursor'} dimColor={row.style === 'refused'}>
      {row.text}
    </Text>
  );
}

/** Ink hands keys that arrive together (tmux send-keys, a paste) over as one string: they are taken one by one. */
function splitBurst(input: string, key: Key): [string, Key][] {
  const chars = Array.from(input);
  if (chars.length <= 1 || key.ctrl || key.meta || key.escape || key.upArrow || key.downArrow) return [[input, key]];
  return chars.map((ch) => [ch === '\r' ? '' : ch, { ...key, return: ch === '\r' }]);
}

export function CleanupView({ plan, onConfirm, onCancel, progress, onClose, width = 100, height = 24, isActive = true, onInterrupt }: CleanupViewProps) {
  const [state, setState] = useState<SelectionState>(() => initialSelection(plan));
  // Keys of one burst must see each other's effects before React re-renders.
  const ref = useRef(state);
  const confirmed = useRef<ReadonlySet<ProcKey> | undefined>(undefined);
  const [message, setMessage] = useState('');

  useInput((input, key) => {
    for (const [ch, k] of splitBurst(input, key)) {
      const name = keyNameOf(ch, k);
      if (name === 'ctrl+c') { onInterrupt?.(); return; }
      const action = cleanupActionOf(name);
      if (action === undefined) continue;
      if (progress !== undefined || confirmed.current !== undefined) {
        if (progress?.phase === 'done' && (action === 'cancel' || action === 'confirm')) (onClose ?? onCancel)();
        continue;
      }
      if (action === 'cancel') { onCancel(); return; }
      if (action === 'confirm') {
        const selection = effectiveSelection(ref.current, plan);
        if (selection.size === 0) { setMessage('nothing selected: Space toggles, a selects all'); continue; }
        confirmed.current = selection;
        onConfirm(selection);
        return;
      }
      ref.current = reduceSelection(ref.current, action, plan);
      setState(ref.current);
      setMessage('');
    }
  }, { isActive });

  const body = progress === undefined
    ? planRows(plan, state, width)
    : resultRows(progress, plan, confirmed.current ?? effectiveSelection(state, plan), width);
  const rows = windowRows(body, progress === undefined ? state.cursor : -1, Math.max(2, height - 1));
  const help = progress === undefined ? cleanupHelp() : progress.phase === 'done' ? 'Enter/Esc close' : 'signalling… (every signal is logged)';
  return (
    <Box flexDirection="column" width={width}>
      {rows.map((r, i) => <Row key={i} row={r} />)}
      <Text wrap="truncate" dimColor>{message !== '' ? message : help}</Text>
    </Box>
  );
}
