// The one headless line per tick on stderr: time, elapsed, then each server's FDs, memory and status.
import type { ChurnView, ServerView, Snapshot, StressView } from '../core/types.js';
import { formatBytes, formatClock, formatCount, formatCpu, formatDuration, formatMs } from './units.js';
import { oneLine } from './text.js';

const LEVEL_WORD = { ok: 'OK', warn: 'WARN', crit: 'CRIT' } as const;

function serverPart(s: ServerView): string {
  const head = `${oneLine(s.label)} pid ${s.pid}:`;
  if (!s.alive) return `${head} exited`;
  const l = s.latest;
  const cpu = l?.cpuPct === undefined ? '' : ` cpu ${formatCpu(l.cpuPct)}%`;
  const procs = l && l.procs > 1 ? ` procs ${l.procs}` : '';
  const zombies = l && l.zombies > 0 ? ` zombies ${l.zombies}` : '';
  const reason = s.status.level !== 'ok' && s.status.reasons[0] ? ` (${oneLine(s.status.reasons[0])})` : '';
  const verdict = s.verdict === 'ok' ? '' : ` ${s.verdict === 'leak' ? 'LEAK' : 'suspect'}`;
  return `${head} fds ${formatCount(l?.fds)} rss ${formatBytes(l?.rssBytes)} vms ${formatBytes(l?.vmsBytes)}`
    + `${cpu}${procs}${zombies} ${LEVEL_WORD[s.status.level]}${reason}${verdict}`;
}

function stressPart(st: StressView): string {
  const round = st.rounds > 1 ? ` r${st.round}/${st.rounds}` : '';
  const rate = st.callsPerSec === undefined ? '' : ` ${st.callsPerSec.toFixed(0)}/s`;
  return `load ${st.state}${round} ${formatCount(st.calls)}/${formatCount(st.planned)} calls${rate}`
    + ` p95 ${formatMs(st.latencyMs.p95)} failed ${formatCount(st.failed)}`;
}

function churnPart(ch: ChurnView): string {
  return `churn ${ch.state} ${ch.done}/${ch.cycles} failed ${ch.failed} survivors ${ch.survivors}`;
}

/** One line, no newline, no colour: "12:00:03 [3s] node index.js pid 123: fds 21 rss 48.2M vms 1.1G OK | ...". */
export function formatStatusLine(snapshot: Snapshot): string {
  const parts = snapshot.servers.length > 0 ? snapshot.servers.map(serverPart) : ['no servers'];
  if (snapshot.stress) parts.push(stressPart(snapshot.stress));
  if (snapshot.churn) parts.push(churnPart(snapshot.churn));
  const paused = snapshot.paused ? ' PAUSED' : '';
  return oneLine(`${formatClock(snapshot.t)} [${formatDuration(snapshot.elapsedMs)}]${paused} ${parts.join(' | ')}`);
}
