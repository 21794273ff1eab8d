// Zero-config discovery found no MCP server: say so, say what was looked for, offer the demo.
import { Box } from 'ink';
import { theme } from '../theme.js';
import { SpanLine } from './SpanLine.js';

export function NothingFound({ lookedFor, width, height, intervalMs }: {
  readonly lookedFor: readonly string[]; readonly width: number; readonly height: number; readonly intervalMs: number;
}) {
  const lines: { text: string; bold?: boolean; color?: string; dim?: boolean }[] = [
    { text: '' },
    { text: '  No MCP servers found on this machine.', bold: true, color: theme.accent },
    { text: '' },
    { text: '  mcptop looked for:' },
    ...lookedFor.map((l) => ({ text: `    - ${l}` })),
    { text: '' },
    { text: `  It keeps looking (every ${intervalMs >= 1000 ? `${intervalMs / 1000} s` : `${intervalMs} ms`}): a server that starts now appears here.` , dim: true },
    { text: '  Press d to start the demo (a healthy and a leaky MCP server under load), q to quit.', bold: true },
    { text: '  Or name targets: mcptop --name node, --match REGEX, --pid N, -- CMD (mcptop --help).', dim: true },
  ];
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(0, height).map((l, i) => <SpanLine key={i} spans={[{ text: l.text, bold: l.bold, dim: l.dim, color: l.color }]} width={width} />)}
    </Box>
  );
}
