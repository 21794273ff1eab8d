// Monitoring settings the core judges by: threshold values, FD specs and the targets to watch.

/** An FD threshold: an absolute count of the tree's FDs, or a percent of each process's soft RLIMIT_NOFILE. */
export type FdSpec = { readonly kind: 'abs'; readonly value: number } | { readonly kind: 'pct'; readonly value: number };

export interface Thresholds {
  fdWarn: FdSpec;
  fdCrit: FdSpec;
  /** Resident memory of the tree, MiB. */
  rssWarnMB: number;
  rssCritMB: number;
  /** CPU of the tree, percent of one core. */
  cpuWarnPct: number;
  cpuCritPct: number;
  /** Processes in one server's tree. */
  procsWarn: number;
  procsCrit: number;
  /** Consecutive samples CPU must stay above a threshold before it counts (a burst under load is not CRIT). */
  cpuSustainSamples: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze<Thresholds>({
  fdWarn: { kind: 'pct', value: 50 },
  fdCrit: { kind: 'pct', value: 80 },
  rssWarnMB: 512,
  rssCritMB: 1024,
  cpuWarnPct: 80,
  cpuCritPct: 100,
  procsWarn: 16,
  procsCrit: 64,
  cpuSustainSamples: 5,
});

/** "800" → 800 FDs; "80%" → 80 percent of the soft limit. Anything else (negative, empty, "80%%") → undefined. */
export function parseFdSpec(text: string): FdSpec | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(text);
  if (!m || m[1] === undefined) return undefined;
  const value = Number(m[1]);
  if (!Number.isFinite(value)) return undefined;
  if (m[2] === '%') return value > 0 && value <= 100 ? { kind: 'pct', value } : undefined;
  return Number.isInteger(value) && value > 0 ? { kind: 'abs', value } : undefined;
}

export const formatFdSpec = (spec: FdSpec): string => (spec.kind === 'pct' ? `${spec.value}%` : String(spec.value));

/** Why a set of thresholds makes no sense (warn above crit of the same kind, non-positive values); empty when fine. */
export function checkThresholds(t: Thresholds): string[] {
  const problems: string[] = [];
  const pairs: [string, number, number][] = [
    ['rss', t.rssWarnMB, t.rssCritMB], ['cpu', t.cpuWarnPct, t.cpuCritPct], ['procs', t.procsWarn, t.procsCrit],
  ];
  if (t.fdWarn.kind === t.fdCrit.kind) pairs.push(['fd', t.fdWarn.value, t.fdCrit.value]);
  for (const [name, warn, crit] of pairs) {
    if (!(warn > 0) || !(crit > 0)) problems.push(`--${name}-warn/--${name}-crit must be positive`);
    else if (warn > crit) problems.push(`--${name}-warn (${warn}) is above --${name}-crit (${crit})`);
  }
  if (!Number.isInteger(t.cpuSustainSamples) || t.cpuSustainSamples < 1) problems.push('cpuSustainSamples must be a positive integer');
  return problems;
}

/** What to watch. A process matches when any one rule matches it. */
export interface Targets {
  /** Exact comm, or argv[0] basename (with or without its extension); see discovery.ts. */
  readonly names: readonly string[];
  /** Tested on the full command line, argv joined by spaces. */
  readonly patterns: readonly RegExp[];
  readonly pids: readonly number[];
  /** Watch each matched process's descendants too (false with --no-children). */
  readonly children: boolean;
  /** No target given: watch the MCP servers found on this machine (core/discovery-rules.ts). */
  readonly auto?: boolean;
}

export const NO_TARGETS: Targets = Object.freeze<Targets>({ names: [], patterns: [], pids: [], children: true });

export const hasTargets = (t: Pick<Targets, 'names' | 'patterns' | 'pids'>): boolean => t.names.length + t.patterns.length + t.pids.length > 0;
