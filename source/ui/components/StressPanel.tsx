// Live load and churn figures: state, round, progress, rate, latency percentiles, errors by kind, churn health.
import { Box, Text } from 'ink';
import type { ChurnView, StressView } from '../../core/types.js';
import { CALL_ERROR_KINDS } from '../../core/types.js';
import { progressBar } from '../../format/sparkline.js';
import { formatCount, formatMs, formatPct, formatSignedCount } from '../../format/units.js';
import { theme } from '../theme.js';

export interface StressPanelProps {
  readonly stress?: StressView;
  readonly churn?: ChurnView;
}

/** Lines the panel takes, for the layout. */
export const stressPanelLines = (stress?: StressView, churn?: ChurnView): number => (stress ? 2 : 0) + (churn ? 2 : 0);

const stateColor = (s: string): string | undefined =>
  s === 'failed' || s === 'aborted' ? theme.status.crit : s === 'done' ? theme.status.ok : theme.accent;

function Load({ s }: { readonly s: StressView }) {
  const lat = s.latencyMs;
  const tool = s.tool ? `tool ${s.tool}` : 'tool auto';
  const rate = s.callsPerSec === undefined ? '-' : s.callsPerSec.toFixed(1);
  return (
    <>
      <Text wrap="truncate">
        <Text bold color={stateColor(s.state)}>{`LOAD ${s.state}`}</Text>
        {`  round ${s.round}/${s.rounds} ${progressBar(s.calls, s.planned, 10)} ${formatCount(s.calls)}/${formatCount(s.planned)}`}
        {`  ${rate}/s  p50 ${formatMs(lat.p50)} p95 ${formatMs(lat.p95)} p99 ${formatMs(lat.p99)}`}
        {`  ${s.users}x${s.callsPerUser} ${tool} ${s.transport}`}
      </Text>
      <Text wrap="truncate" dimColor={s.failed === 0}>
        {`  ok ${formatCount(s.ok)} failed ${formatCount(s.failed)}: `}
        {CALL_ERROR_KINDS.map((k) => `${k} ${formatCount(s.errors[k])}`).join(' ')}
        {s.message ? `  ${s.message}` : ''}
      </Text>
    </>
  );
}

function Churn({ c }: { readonly c: ChurnView }) {
  const drift = c.selfFdsStart !== undefined && c.selfFdsNow !== undefined ? c.selfFdsNow - c.selfFdsStart : undefined;
  const eof = c.eofChecked > 0 ? formatPct((c.eofCompliant / c.eofChecked) * 100) : '-';
  return (
    <>
      <Text wrap="truncate">
        <Text bold color={stateColor(c.state)}>{`CHURN ${c.state}`}</Text>
        {`  mode ${c.mode}${c.viaNpx ? ' via npx' : ''}  cycle ${c.done}/${c.cycles} ${progressBar(c.done, c.cycles, 10)}`}
        {`  failed ${c.failed}  p50 ${formatMs(c.latencyMs.p50)}`}
      </Text>
      <Text wrap="truncate">
        <Text color={c.survivors > 0 ? theme.status.crit : undefined}>{`  survivors ${c.survivors}`}</Text>
        <Text color={c.zombies > 0 ? theme.status.warn : undefined}>{`  zombies ${c.zombies}`}</Text>
        {`  EOF exit ${c.eofCompliant}/${c.eofChecked} (${eof})`}
        {`  mcptop fds ${c.selfFdsStart ?? '-'}→${c.selfFdsNow ?? '-'} (${formatSignedCount(drift)})`}
        {c.message ? `  ${c.message}` : ''}
      </Text>
    </>
  );
}

export function StressPanel({ stress, churn }: StressPanelProps) {
  if (!stress && !churn) return null;
  return (
    <Box flexDirection="column">
      {stress ? <Load s={stress} /> : null}
      {churn ? <Churn c={churn} /> : null}
    </Box>
  );
}
