// The yes/no question before stressing a server mcptop cannot reach: launch a twin of it instead?
import { Box, Text } from 'ink';
import { theme } from '../theme.js';

/** Border and three lines. */
export const PROMPT_LINES = 5;

export function TwinPrompt({ command }: { readonly command: string }) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text wrap="truncate">{`launch a twin of ${command} to stress it?`}</Text>
      <Text dimColor wrap="truncate">
        mcptop cannot talk to a process it did not start; a twin runs the same command, cwd and env.
      </Text>
      <Text><Text bold color={theme.accent}>y</Text> launch and open the load form  <Text bold>n</Text>/Esc cancel</Text>
    </Box>
  );
}
