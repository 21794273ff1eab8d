// The last two lines: a message or the latest notice (with the scroll position), then the help line.
import { memo } from 'react';
import { Box } from 'ink';
import { helpLine } from '../keymap.js';
import { theme } from '../theme.js';
import { SpanLine } from './SpanLine.js';

export interface FooterProps {
  readonly message?: string;
  readonly notice?: string;
  /** "1-9/40" when the table scrolls. */
  readonly position?: string;
  readonly width: number;
}

function FooterView({ message, notice, position, width }: FooterProps) {
  const text = message ?? notice ?? '';
  const right = position ? ` ${position}` : '';
  const room = Math.max(0, width - right.length - 1);
  const left = text.slice(0, room);
  // The position sits at the right edge: a box of the message's room holds it there, where padding the message
  // with spaces would have Ink measure and copy a line of blanks on every frame.
  return (
    <Box flexDirection="column">
      <Box height={1}>
        <Box width={room} flexShrink={0}>
          {left === '' ? null : <SpanLine spans={[{ text: left, color: message ? theme.accent : theme.status.warn }]} width={room} />}
        </Box>
        {right === '' ? null : <SpanLine spans={[{ text: right }]} width={right.length} dim />}
      </Box>
      <SpanLine spans={[{ text: helpLine(width - 1) }]} width={width} dim />
    </Box>
  );
}

export const Footer = memo(FooterView);
