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
  const verdict = s.verdict === 'ok' ? '' : ` ${s.verdict === 'leak' ? 'LEAK' : 'inconclusive'}`;
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

/** Past this many servers the line is a summary (counts, totals, the worst few), not one part per server. */
export const STATUS_LINE_SERVERS = 5;
/** Servers named in a summarised line: the worst ones. */
const WORST_SHOWN = 3;

const RANK = { crit: 0, warn: 1, ok: 2 } as const;

/** "42 servers: 39 OK, 2 WARN, 1 CRIT, 3 exited; fds 1,234 rss 2.1G | worst: a pid 1: ... | b pid 2: ...". */
function summaryPart(servers: readonly ServerView[]): string {
  const n = { ok: 0, warn: 0, crit: 0 };
  let exited = 0;
  let fds = 0;
  let rss = 0;
  // An indexed loop: every tick over every server, where unoptimised for-of allocates an iterator result per step.
  for (let i = 0; i < servers.length; i++) {
    const s = servers[i]!;
    if (!s.alive) { exited += 1; continue; }
    n[s.status.level] += 1;
    fds += s.latest?.fds ?? 0;
    rss += s.latest?.rssBytes ?? 0;
  }
  const worst = servers.filter((s) => s.alive && s.status.level !== 'ok')
    .sort((a, b) => RANK[a.status.level] - RANK[b.status.level]).slice(0, WORST_SHOWN);
  const head = `${servers.length} servers: ${n.ok} OK, ${n.warn} WARN, ${n.crit} CRIT${exited > 0 ? `, ${exited} exited` : ''};`
    + ` fds ${formatCount(fds)} rss ${formatBytes(rss)}`;
  return worst.length === 0 ? head : `${head} | worst: ${worst.map(serverPart).join(' | ')}`;
}

/**
 * One line, no newline, no colour: "12:00:03 [3s] node index.js pid 123: fds 21 rss 48.2M vms 1.1G OK | ...". With more
 * than STATUS_LINE_SERVERS servers it summarises them, so its length does not grow with the number of targets.
 */
export function formatStatusLine(snapshot: Snapshot): string {
  const { servers } = snapshot;
  const parts = servers.length === 0 ? ['no servers']
    : servers.length > STATUS_LINE_SERVERS ? [summaryPart(servers)] : servers.map(serverPart);
  if (snapshot.stress) parts.push(stressPart(snapshot.stress));
  if (snapshot.churn) parts.push(churnPart(snapshot.churn));
  const paused = snapshot.paused ? ' PAUSED' : '';
  return oneLine(`${formatClock(snapshot.t)} [${formatDuration(snapshot.elapsedMs)}]${paused} ${parts.join(' | ')}`);
}
