// The `?` overlay: every binding of the keymap with its description, in two columns on a wide terminal.
import { Box, Text } from 'ink';
import type { KeyBinding } from '../keymap.js';
import { KEYMAP, keyGlyph } from '../keymap.js';
import { theme } from '../theme.js';

function Binding({ b }: { readonly b: KeyBinding }) {
  return (
    <Text wrap="truncate">
      <Text bold>{b.keys.map(keyGlyph).join(' ').padEnd(11)}</Text>
      {b.description}
    </Text>
  );
}

export function HelpOverlay({ width }: { readonly width: number }) {
  const twoColumns = width >= 80;
  const half = twoColumns ? Math.ceil(KEYMAP.length / 2) : KEYMAP.length;
  const columns = twoColumns ? [KEYMAP.slice(0, half), KEYMAP.slice(half)] : [KEYMAP];
  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold color={theme.accent}>{'mcptop keys  (? or Esc closes this help)'}</Text>
      <Box flexDirection="row">
        {columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={Math.floor((width - 3) / columns.length)} paddingRight={1}>
            {col.map((b) => <Binding key={b.action} b={b} />)}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
