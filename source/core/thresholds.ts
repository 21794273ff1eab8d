// Turns a server's latest sample into an OK/WARN/CRIT status with reasons, and remembers the worst status reached.
import type { FdSpec, Thresholds } from './config.js';
import { STATUS_ORDER } from './types.js';
import type { ServerSample, Status, StatusLevel } from './types.js';

export const OK_STATUS: Status = Object.freeze({ level: 'ok', reasons: Object.freeze([]) as readonly string[] });

/** FDs and soft limit of one live process of the tree (pct thresholds are judged per process). */
export interface ProcFds {
  readonly fds?: number;
  readonly fdLimit?: number;
}

interface Finding {
  readonly level: Exclude<StatusLevel, 'ok'>;
  readonly reason: string;
}

const MiB = 1024 * 1024;

/** Bytes as a short human figure in binary units, labelled the way the MB thresholds are ("512 MB", "1.1 GB"). */
export function formatBytesShort(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${trim(bytes / (1024 * MiB))} GB`;
  if (bytes >= MiB) return `${Math.round(bytes / MiB)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${Math.round(bytes)} B`;
}

const trim = (x: number): string => (x >= 10 ? String(Math.round(x)) : x.toFixed(1));

function fdFinding(level: Finding['level'], spec: FdSpec, total: number | undefined, procs: readonly ProcFds[]): Finding | undefined {
  if (spec.kind === 'abs') {
    return total !== undefined && total >= spec.value ? { level, reason: `FDs ${total} ≥ ${spec.value}` } : undefined;
  }
  // Each process has its own limit; the tree is as close to exhaustion as its closest process.
  // Whole numbers compared crosswise and an indexed loop: per server per tick, unoptimised code boxes every fraction it
  // makes, so nothing is divided (or allocated) unless a threshold is crossed.
  let w: ProcFds | undefined;
  for (let i = 0; i < procs.length; i++) {
    const p = procs[i]!;
    if (p.fds === undefined || p.fdLimit === undefined || p.fdLimit <= 0) continue;
    if (w === undefined || p.fds * w.fdLimit! > w.fds! * p.fdLimit) w = p;
  }
  if (w === undefined || w.fds! * 100 < spec.value * w.fdLimit!) return undefined;
  return { level, reason: `FDs ${w.fds} (${Math.floor((w.fds! / w.fdLimit!) * 100)}% of limit ${w.fdLimit})` };
}

/** Consecutive samples at or above the CPU thresholds; an unknown sample breaks the streak. */
export interface CpuStreak {
  readonly warn: number;
  readonly crit: number;
}

const NO_STREAK: CpuStreak = Object.freeze({ warn: 0, crit: 0 });

export function nextCpuStreak(prev: CpuStreak, cpuPct: number | undefined, t: Thresholds): CpuStreak {
  // Below both thresholds (an idle server, every tick): the one shared empty streak.
  if (cpuPct === undefined || (cpuPct < t.cpuWarnPct && cpuPct < t.cpuCritPct)) return NO_STREAK;
  return { warn: cpuPct >= t.cpuWarnPct ? prev.warn + 1 : 0, crit: cpuPct >= t.cpuCritPct ? prev.crit + 1 : 0 };
}

/** The status of one sample: every breached threshold, worst level first, FD → RSS → CPU → procs within a level. */
export function evaluateStatus(t: Thresholds, sample: ServerSample, procs: readonly ProcFds[], streak: CpuStreak, intervalMs: number): Status {
  // The findings list is made on the first finding: nothing breached (most servers, every tick) makes none.
  let found: Finding[] | undefined;
  const fd = fdFinding('crit', t.fdCrit, sample.fds, procs) ?? fdFinding('warn', t.fdWarn, sample.fds, procs);
  if (fd) (found ??= []).push(fd);
  if (sample.rssBytes !== undefined) {
    const crit = sample.rssBytes >= t.rssCritMB * MiB;
    if (crit || sample.rssBytes >= t.rssWarnMB * MiB) {
      (found ??= []).push({ level: crit ? 'crit' : 'warn', reason: `RSS ${formatBytesShort(sample.rssBytes)} ≥ ${crit ? t.rssCritMB : t.rssWarnMB} MB` });
    }
  }
  const n = t.cpuSustainSamples;
  if (sample.cpuPct !== undefined && (streak.crit >= n || streak.warn >= n)) {
    const level = streak.crit >= n ? 'crit' : 'warn';
    const secs = Math.round(((level === 'crit' ? streak.crit : streak.warn) * intervalMs) / 1000);
    (found ??= []).push({ level, reason: `CPU ${Math.round(sample.cpuPct)}% of a core for ${secs} s` });
  }
  if (sample.procs >= t.procsWarn) {
    (found ??= []).push({ level: sample.procs >= t.procsCrit ? 'crit' : 'warn', reason: `${sample.procs} processes in tree` });
  }
  if (found === undefined) return OK_STATUS;
  const crit = found.filter((f) => f.level === 'crit');
  const warn = found.filter((f) => f.level === 'warn');
  return { level: crit.length > 0 ? 'crit' : 'warn', reasons: [...crit, ...warn].map((f) => f.reason) };
}

/** The worst of two statuses; on a tie the earlier one stays, so its reasons say when the level was first reached. */
export const worseStatus = (held: Status, next: Status): Status => (STATUS_ORDER[next.level] > STATUS_ORDER[held.level] ? next : held);

/** One server's live status: CPU streak, current status and the worst status so far (escalates, never goes down). */
export class StatusTracker {
  private streak: CpuStreak = NO_STREAK;
  private cur: Status = OK_STATUS;
  private worstSoFar: Status = OK_STATUS;
  /** The sample and per-process FD figures the current status was evaluated from. */
  private seen: ServerSample | undefined;
  private procsSeen: readonly ProcFds[] | undefined;

  constructor(private readonly thresholds: Thresholds, private readonly intervalMs: number) {}

  update(sample: ServerSample, procs: readonly ProcFds[]): Status {
    const streak = nextCpuStreak(this.streak, sample.cpuPct, this.thresholds);
    // The figures a status reads are those of the last one evaluated (the same per-process array, no CPU streak before
    // or now): the same status (an idle server, every tick).
    const seen = this.seen;
    if (streak === NO_STREAK && this.streak === NO_STREAK && procs === this.procsSeen && seen !== undefined
      && sample.fds === seen.fds && sample.rssBytes === seen.rssBytes && sample.procs === seen.procs) return this.cur;
    this.streak = streak;
    this.seen = sample;
    this.procsSeen = procs;
    this.cur = evaluateStatus(this.thresholds, sample, procs, this.streak, this.intervalMs);
    this.worstSoFar = worseStatus(this.worstSoFar, this.cur);
    return this.cur;
  }

  /** The server exited: nothing is breached any more, but the worst status stays. */
  ended(): void {
    this.streak = NO_STREAK;
    this.seen = undefined;
    this.cur = OK_STATUS;
  }

  get status(): Status {
    return this.cur;
  }

  get worst(): Status {
    return this.worstSoFar;
  }
}
