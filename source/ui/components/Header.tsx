// Two header lines: what is watched and mcptop's own footprint; then the host's memory, load and open files.
import { Box } from 'ink';
import type { Snapshot } from '../../core/types.js';
import { formatBytes, formatCompact, formatCpu, formatDuration, formatInterval } from '../../format/units.js';
import type { Span } from '../runs.js';
import { theme } from '../theme.js';
import { SpanLine } from './SpanLine.js';

export interface HeaderProps {
  readonly snapshot: Snapshot;
  /** The view is frozen (p); sampling may still run. */
  readonly frozen: boolean;
  /** Terminal columns. */
  readonly width: number;
}

const fixed2 = (n: number | undefined): string => (n === undefined ? '-' : n.toFixed(2));

export function Header({ snapshot, frozen, width }: HeaderProps) {
  const { host, self } = snapshot;
  const alive = snapshot.servers.filter((s) => s.alive).length;
  const exited = snapshot.servers.length - alive;
  const used = host?.memTotalBytes !== undefined && host.memAvailableBytes !== undefined
    ? host.memTotalBytes - host.memAvailableBytes : undefined;
  const first: Span[] = [
    { text: 'mcptop', bold: true, color: theme.accent },
    {
      text: `  servers ${alive}${exited > 0 ? ` (+${exited} exited)` : ''}  procs ${snapshot.watchedProcs}`
        + `  every ${formatInterval(snapshot.intervalMs)}  up ${formatDuration(snapshot.elapsedMs)}`
        + (self ? `  self cpu ${formatCpu(self.cpuPct)}% rss ${formatBytes(self.rssBytes)} fds ${self.fds ?? '-'}` : ''),
    },
  ];
  if (frozen) first.push({ text: ' PAUSED ', inverse: true, bold: true });
  if (snapshot.paused) first.push({ text: ' sampling paused', bold: true, color: theme.status.warn });
  const second = `host mem ${formatBytes(used)}/${formatBytes(host?.memTotalBytes)}`
    + `  load ${fixed2(host?.load1)} ${fixed2(host?.load5)} ${fixed2(host?.load15)}`
    + (host?.cpus ? ` (${host.cpus} cpus)` : '')
    + `  files ${formatCompact(host?.filesOpen)}/${formatCompact(host?.filesMax)}`
    + notRunningText(snapshot.notRunning);
  return (
    <Box flexDirection="column">
      <SpanLine spans={first} width={width} />
      <SpanLine spans={[{ text: second, color: theme.muted }]} width={width} />
    </Box>
  );
}

/** Servers the MCP client configs define that no process runs: "  not running: cursor/memory, vscode/git". */
function notRunningText(labels: readonly string[] | undefined): string {
  if (labels === undefined || labels.length === 0) return '';
  const shown = labels.slice(0, 4).join(', ');
  return `  not running: ${shown}${labels.length > 4 ? ` +${labels.length - 4}` : ''}`;
}
