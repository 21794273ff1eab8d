// The load / churn form: one line per field, the focused one highlighted, keys explained underneath.
import { Box, Text } from 'ink';
import type { FormState } from '../forms.js';
import { theme } from '../theme.js';

export interface FormViewProps {
  readonly form: FormState;
  /** Label of the target server. */
  readonly targetLabel: string;
}

/** Lines the form takes: border, title, one per field, the error, the key hint. */
export const formLines = (form: FormState): number => form.fields.length + 4 + (form.error ? 1 : 0);

const TITLE = { load: 'Load: concurrent tools/call', churn: 'Churn: spawn -> initialize -> close cycles' } as const;

export function FormView({ form, targetLabel }: FormViewProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold color={theme.accent} wrap="truncate">{`${TITLE[form.kind]} on ${targetLabel}`}</Text>
      {form.fields.map((f, i) => {
        const focused = i === form.focus;
        const value = form.values[f.id] ?? '';
        const shown = f.kind === 'choice' ? f.options.map((o) => (o === value ? `[${o}]` : ` ${o} `)).join('') : `${value}${focused ? '▏' : ''}`;
        return (
          <Text key={f.id} wrap="truncate">
            {focused ? '› ' : '  '}
            <Text bold={focused}>{f.label.padEnd(12)}</Text>
            <Text inverse={focused && f.kind !== 'choice'}>{shown === '' && !focused ? '(auto)' : shown}</Text>
            {f.hint ? <Text dimColor>{`  ${f.hint}`}</Text> : null}
          </Text>
        );
      })}
      {form.error ? <Text color={theme.status.crit} wrap="truncate">{form.error}</Text> : null}
      <Text dimColor wrap="truncate">Enter start  Esc cancel  ↑↓/Tab field  ←→/Space choose  Bksp delete</Text>
    </Box>
  );
}
