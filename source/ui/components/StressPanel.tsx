// Live load and churn figures: state, round, progress, rate, latency percentiles, errors by kind, churn health.
import { Box } from 'ink';
import type { ChurnView, StressView } from '../../core/types.js';
import { CALL_ERROR_KINDS } from '../../core/types.js';
import { progressBar } from '../../format/sparkline.js';
import { formatCount, formatMs, formatPct, formatSignedCount } from '../../format/units.js';
import type { Span } from '../runs.js';
import { theme } from '../theme.js';
import { SpanLine } from './SpanLine.js';

export interface StressPanelProps {
  readonly stress?: StressView;
  readonly churn?: ChurnView;
  /** Terminal columns. */
  readonly width: number;
}

/** Lines the panel takes, for the layout. */
export const stressPanelLines = (stress?: StressView, churn?: ChurnView): number => (stress ? 2 : 0) + (churn ? 2 : 0);

const stateColor = (s: string): string | undefined =>
  s === 'failed' || s === 'aborted' ? theme.status.crit : s === 'done' ? theme.status.ok : theme.accent;

function Load({ s, width }: { readonly s: StressView; readonly width: number }) {
  const lat = s.latencyMs;
  const tool = s.tool ? `tool ${s.tool}` : 'tool auto';
  const rate = s.callsPerSec === undefined ? '-' : s.callsPerSec.toFixed(1);
  const first: Span[] = [
    { text: `LOAD ${s.state}`, bold: true, color: stateColor(s.state) },
    {
      text: `  round ${s.round}/${s.rounds} ${progressBar(s.calls, s.planned, 10)} ${formatCount(s.calls)}/${formatCount(s.planned)}`
        + `  ${rate}/s  p50 ${formatMs(lat.p50)} p95 ${formatMs(lat.p95)} p99 ${formatMs(lat.p99)}`
        + `  ${s.users}x${s.callsPerUser} ${tool} ${s.transport}${s.era === undefined ? '' : ` ${s.era} era`}`,
    },
  ];
  const second = `  ok ${formatCount(s.ok)} failed ${formatCount(s.failed)}: `
    + CALL_ERROR_KINDS.map((k) => `${k} ${formatCount(s.errors[k])}`).join(' ')
    + (s.inputRequired === undefined ? '' : `  input_required ${formatCount(s.inputRequired)}`)
    + (s.message ? `  ${s.message}` : '');
  return (
    <>
      <SpanLine spans={first} width={width} />
      <SpanLine spans={[{ text: second }]} width={width} dim={s.failed === 0} />
    </>
  );
}

function Churn({ c, width }: { readonly c: ChurnView; readonly width: number }) {
  const drift = c.selfFdsStart !== undefined && c.selfFdsNow !== undefined ? c.selfFdsNow - c.selfFdsStart : undefined;
  const eof = c.eofChecked > 0 ? formatPct((c.eofCompliant / c.eofChecked) * 100) : '-';
  const first: Span[] = [
    { text: `CHURN ${c.state}`, bold: true, color: stateColor(c.state) },
    {
      text: `  mode ${c.mode}${c.viaNpx ? ' via npx' : ''}${c.era === undefined ? '' : ` ${c.era} era`}  cycle ${c.done}/${c.cycles} ${progressBar(c.done, c.cycles, 10)}`
        + `  failed ${c.failed}  p50 ${formatMs(c.latencyMs.p50)}`,
    },
  ];
  const second: Span[] = [
    { text: `  survivors ${c.survivors}`, color: c.survivors > 0 ? theme.status.crit : undefined },
    { text: `  zombies ${c.zombies}`, color: c.zombies > 0 ? theme.status.warn : undefined },
    {
      text: `  EOF exit ${c.eofCompliant}/${c.eofChecked} (${eof})`
        + `  mcptop fds ${c.selfFdsStart ?? '-'}→${c.selfFdsNow ?? '-'} (${formatSignedCount(drift)})`
        + (c.message ? `  ${c.message}` : ''),
    },
  ];
  // The last survivor named (pid, parent, state, command, whether mcptop ended it); the summary lists them all.
  const last = c.survivorList?.[c.survivorList.length - 1];
  if (last) second.push({ text: `  last: pid ${last.pid} (parent ${last.ppid}, ${last.state}) ${last.command} ${last.ended ? 'ended' : 'left running'}`, color: theme.status.crit });
  return (
    <>
      <SpanLine spans={first} width={width} />
      <SpanLine spans={second} width={width} />
    </>
  );
}

export function StressPanel({ stress, churn, width }: StressPanelProps) {
  if (!stress && !churn) return null;
  return (
    <Box flexDirection="column">
      {stress ? <Load s={stress} width={width} /> : null}
      {churn ? <Churn c={churn} width={width} /> : null}
    </Box>
  );
}
