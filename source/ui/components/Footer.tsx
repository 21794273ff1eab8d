// The last two lines: a message or the latest notice (with the scroll position), then the help line.
import { Box, Text } from 'ink';
import { helpLine } from '../keymap.js';
import { theme } from '../theme.js';

export interface FooterProps {
  readonly message?: string;
  readonly notice?: string;
  /** "1-9/40" when the table scrolls. */
  readonly position?: string;
  readonly width: number;
}

export function Footer({ message, notice, position, width }: FooterProps) {
  const text = message ?? notice ?? '';
  const right = position ? ` ${position}` : '';
  const left = text.slice(0, Math.max(0, width - right.length - 1));
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text color={message ? theme.accent : theme.status.warn}>{left.padEnd(Math.max(0, width - right.length - 1))}</Text>
        <Text dimColor>{right}</Text>
      </Text>
      <Text dimColor wrap="truncate">{helpLine(width - 1)}</Text>
    </Box>
  );
}
