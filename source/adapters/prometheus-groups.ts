// Stable Prometheus groups of servers (client, server name, era, transport; never a pid) and their per-tick aggregates. Pure.
import type { ConfiguredServer } from '../core/clients/types.js';
import { redactText } from '../core/redact.js';
import { FD_KINDS, SERVER_METRICS, type FdKind, type ServerView, type StatusLevel, type Verdict } from '../core/types.js';

/** The labels every per-server series carries: they name what runs, so a restart or a respawn keeps its series. */
// A type, not an interface, so it is a Labels record as it is (key order: the order series are written in).
export type GroupLabels = {
  readonly client: string;
  readonly server: string;
  readonly era: string;
  readonly transport: string;
};
export const GROUP_LABEL_NAMES = ['client', 'server', 'era', 'transport'] as const;

/** Verdict states as exported: `warn` was the first spelling of `inconclusive`. */
export const VERDICT_STATES = ['ok', 'inconclusive', 'leak'] as const;
export type VerdictState = (typeof VERDICT_STATES)[number];
export const verdictState = (v: Verdict | 'inconclusive'): VerdictState => (v === 'leak' ? 'leak' : v === 'ok' ? 'ok' : 'inconclusive');
export const STATUS_STATES: readonly StatusLevel[] = ['ok', 'warn', 'crit'];

/** Label values stay short: a label is an index key, not a place for a whole command line. */
export const LABEL_MAX = 120;
const clip = (s: string, max = LABEL_MAX): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export interface GroupContext {
  /** Client names found in the MCP client configs ("cursor", "claude-desktop"). */
  readonly clients: ReadonlySet<string>;
  /** Transport of servers mcptop did not launch (http when --url is given), stdio otherwise. */
  readonly transport?: (view: ServerView) => string | undefined;
  /** The MCP era a server spoke, when known. */
  readonly era?: (view: ServerView) => string | undefined;
}

export const groupContext = (configured: readonly ConfiguredServer[] = [], extra: Omit<GroupContext, 'clients'> = {}): GroupContext =>
  ({ clients: new Set(configured.map((c) => c.client)), ...extra });

/**
 * The group of a server. A configured label "cursor/filesystem" (or "claude-desktop+cursor/filesystem") gives client and
 * server; a server mcptop launched has client "mcptop"; one zero-config discovery found under an MCP host has that host
 * ("cursor"); anything else client "none" and its short label as server.
 * Labels are redacted (a secret never reaches a label) and clipped.
 */
export function groupLabelsOf(view: ServerView, ctx: GroupContext): GroupLabels {
  const label = redactText(view.label);
  const slash = label.indexOf('/');
  const prefix = slash > 0 ? label.slice(0, slash) : '';
  const configured = prefix !== '' && prefix.split('+').every((c) => ctx.clients.has(c));
  const client = configured ? prefix : view.launched ? 'mcptop' : view.host?.name ?? 'none';
  return {
    client: clip(client),
    server: clip(configured ? label.slice(slash + 1) : label),
    era: clip(ctx.era?.(view) ?? 'unknown'),
    transport: clip(view.launched ? 'stdio' : ctx.transport?.(view) ?? 'stdio'),
  };
}

export const groupKeyOf = (g: GroupLabels): string => `${g.client}\u0000${g.server}\u0000${g.era}\u0000${g.transport}`;

/** Sum of defined values; undefined when none was known (unknown is never 0). */
const addKnown = (a: number | undefined, b: number | undefined): number | undefined => (b === undefined ? a : (a ?? 0) + b);
const maxKnown = (a: number | undefined, b: number | undefined): number | undefined => (b === undefined ? a : a === undefined ? b : Math.max(a, b));
const minKnown = (a: number | undefined, b: number | undefined): number | undefined => (b === undefined ? a : a === undefined ? b : Math.min(a, b));
const RANK: Readonly<Record<VerdictState, number>> = { ok: 0, inconclusive: 1, leak: 2 };
const worse = (a: VerdictState | undefined, b: VerdictState): VerdictState => (a === undefined || RANK[b] > RANK[a] ? b : a);

/** One live instance of a group, for the _info series. */
export interface Instance {
  readonly pid: number;
  readonly startTimeSeconds?: number;
  readonly command: string;
}

/** What a group's live servers add up to at one tick. */
export interface GroupFacts {
  readonly labels: GroupLabels;
  instances: number;
  processes: number;
  zombies: number;
  orphans: number;
  duplicates: number;
  threads?: number;
  openFds?: number;
  /** The tightest soft RLIMIT_NOFILE among the group's processes. */
  maxFds?: number;
  /** Highest FDs / soft limit over every process of the group, 0..1. */
  worstFdRatio?: number;
  rssBytes?: number;
  vmsBytes?: number;
  /** FDs by kind, summed over the instances whose kinds were read. */
  fdKinds?: Record<FdKind, number>;
  /** Worst verdict per metric ("fds", "rssBytes", "fds_socket", ... and "server" for the server's own verdict). */
  readonly verdicts: Map<string, VerdictState>;
  status: StatusLevel;
  /** Oldest start among the roots, seconds since the epoch. */
  oldestStartSeconds?: number;
  readonly info: Instance[];
}

/** At most this many _info series per group: a host spawning hundreds of copies shows in mcptop_server_instances. */
export const INFO_PER_GROUP = 20;
const STATUS_RANK: Readonly<Record<StatusLevel, number>> = { ok: 0, warn: 1, crit: 2 };

function newFacts(labels: GroupLabels): GroupFacts {
  return { labels, instances: 0, processes: 0, zombies: 0, orphans: 0, duplicates: 0, verdicts: new Map(), status: 'ok', info: [] };
}

/** Per-server facts that never change for a server's life: worked out once per identity, not per tick. */
export interface ServerIdentityFacts {
  readonly labels: GroupLabels;
  readonly key: string;
  readonly command: string;
}
export function identityFacts(s: ServerView, ctx: GroupContext): ServerIdentityFacts {
  const labels = groupLabelsOf(s, ctx);
  return { labels, key: groupKeyOf(labels), command: clip(redactText(s.command), 200) };
}

/** Folds one live server into its group's facts. */
export function addInstance(f: GroupFacts, s: ServerView, id: ServerIdentityFacts): void {
  const x = s.latest;
  f.instances += 1;
  f.processes += x?.procs ?? 0;
  f.zombies += x?.zombies ?? 0;
  if (s.flags?.includes('orphan') === true) f.orphans += 1;
  if (s.flags?.includes('duplicate') === true) f.duplicates += 1;
  f.threads = addKnown(f.threads, x?.threads);
  f.openFds = addKnown(f.openFds, x?.fds);
  f.rssBytes = addKnown(f.rssBytes, x?.rssBytes);
  f.vmsBytes = addKnown(f.vmsBytes, x?.vmsBytes);
  f.worstFdRatio = maxKnown(f.worstFdRatio, x?.fdPctOfLimit === undefined ? undefined : Math.round(x.fdPctOfLimit * 1e4) / 1e6);
  for (const p of s.processes) if (p.alive) f.maxFds = minKnown(f.maxFds, p.fdLimit);
  if (typeof s.fdKinds === 'object') {
    const kinds = s.fdKinds;
    const sum = f.fdKinds ?? (Object.fromEntries(FD_KINDS.map((k) => [k, 0])) as Record<FdKind, number>);
    for (const k of FD_KINDS) sum[k] += kinds[k];
    f.fdKinds = sum;
  }
  f.verdicts.set('server', worse(f.verdicts.get('server'), verdictState(s.verdict)));
  for (const m of SERVER_METRICS) {
    const v = s.metricVerdicts[m];
    if (v) f.verdicts.set(m, worse(f.verdicts.get(m), verdictState(v.verdict)));
  }
  for (const k of FD_KINDS) {
    const v = s.fdKindVerdicts?.[k];
    if (v) f.verdicts.set(`fds_${k}`, worse(f.verdicts.get(`fds_${k}`), verdictState(v.verdict)));
  }
  if (STATUS_RANK[s.status.level] > STATUS_RANK[f.status]) f.status = s.status.level;
  const root = s.processes.find((p) => p.pid === s.pid);
  const start = root?.startedAtMs === undefined ? undefined : Math.round(root.startedAtMs / 1000);
  f.oldestStartSeconds = minKnown(f.oldestStartSeconds, start);
  if (f.info.length < INFO_PER_GROUP) f.info.push({ pid: s.pid, command: id.command, ...(start === undefined ? {} : { startTimeSeconds: start }) });
}

/**
 * Live servers folded into at most `maxGroups` groups (the series count stays bounded however many servers come and
 * go); the servers of groups past the cap are counted in `dropped`.
 */
export function groupServers(servers: readonly ServerView[], idOf: (s: ServerView) => ServerIdentityFacts, maxGroups: number): { groups: Map<string, GroupFacts>; dropped: number } {
  const groups = new Map<string, GroupFacts>();
  let dropped = 0;
  for (const s of servers) {
    if (!s.alive) continue;
    const id = idOf(s);
    let f = groups.get(id.key);
    if (f === undefined) {
      if (groups.size >= maxGroups) { dropped += 1; continue; }
      groups.set(id.key, (f = newFacts(id.labels)));
    }
    addInstance(f, s, id);
  }
  return { groups, dropped };
}
