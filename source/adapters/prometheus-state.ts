// What the exporter remembers between snapshots: counters that outlive a stress run or a process, and the families to serve. Pure.
import type { ConfiguredServer } from '../core/clients/types.js';
import { notRunning as notRunningOf } from '../core/clients/match.js';
import { EXPORT_BOUNDS_MS } from '../core/stress/latency.js';
import { procKey, FD_KINDS, CALL_ERROR_KINDS, type LatencyBuckets, type ProcKey, type ServerView, type Snapshot } from '../core/types.js';
import {
  STATUS_STATES, VERDICT_STATES, groupKeyOf, groupServers, identityFacts, verdictState,
  type GroupContext, type GroupFacts, type GroupLabels, type ServerIdentityFacts,
} from './prometheus-groups.js';
import type { Family, HistogramSample, Labels, Sample } from './prometheus-text.js';

/** Default cap on groups (so on series): past it, servers are counted in mcptop_dropped_servers instead. */
export const MAX_GROUPS = 200;

/**
 * Totals of figures a run counts from zero (a load, a churn): each new run adds on top, so the exported counters only
 * grow. A run is new when its id changes or any figure went down.
 */
export class RunTotals {
  private last: number[] | undefined;
  private lastId: unknown;
  readonly totals: number[];

  constructor(size: number) {
    this.totals = new Array<number>(size).fill(0);
  }

  add(id: unknown, now: readonly number[]): void {
    const last = this.last;
    const fresh = last === undefined || id !== this.lastId || now.some((v, i) => v < (last[i] ?? 0));
    for (let i = 0; i < this.totals.length; i++) this.totals[i] = (this.totals[i] ?? 0) + (now[i] ?? 0) - (fresh ? 0 : last[i] ?? 0);
    this.last = [...now];
    this.lastId = id;
  }
}

const bucketVector = (b: LatencyBuckets | undefined): number[] =>
  b === undefined ? new Array<number>(EXPORT_BOUNDS_MS.length + 2).fill(0) : [...b.cumulative, b.sumMs, b.count];

/** A histogram series from totals laid out as bucketVector does: cumulative counts, sum (ms), count. */
function histogram(labels: Labels, v: readonly number[]): HistogramSample[] {
  const boundsMs = EXPORT_BOUNDS_MS;
  const n = boundsMs.length;
  return [{ labels, bounds: boundsMs.map((b) => b / 1000), cumulative: v.slice(0, n), sum: (v[n] ?? 0) / 1000, count: v[n + 1] ?? 0 }];
}

export interface StateOptions {
  readonly configured?: readonly ConfiguredServer[];
  readonly notRunning?: (snapshot: Snapshot) => readonly ConfiguredServer[];
  readonly context: GroupContext;
  readonly maxGroups?: number;
  /** mcptop's version and the Node.js version, for mcptop_build_info. */
  readonly version: string;
  readonly nodejs: string;
  /** Signals mcptop has sent so far, by signal name. */
  readonly signalsSent?: () => Readonly<Record<string, number>>;
}

const STRESS_KINDS = CALL_ERROR_KINDS.filter((k) => k !== 'garbage');

export class ExporterState {
  private ids = new Map<ProcKey, ServerIdentityFacts>();
  /** Last cumulative CPU (ms) of each live process, so a group's CPU counter adds deltas and never goes down. */
  private cpuLast = new Map<ProcKey, number>();
  /** CPU seconds of each live group. A group that is gone loses its series; back again it counts from 0 (a reset). */
  private cpuTotals = new Map<string, number>();
  private readonly stress = new RunTotals(2 + STRESS_KINDS.length);
  private readonly stressLatency = new RunTotals(EXPORT_BOUNDS_MS.length + 2);
  private readonly churn = new RunTotals(3);
  private readonly churnLatency = new RunTotals(EXPORT_BOUNDS_MS.length + 2);
  private stressSeen = false;
  private churnSeen = false;
  /** What the last snapshot gave; the families are built from it when a scrape asks, not on every tick. */
  private last: { snap: Snapshot; groups: readonly GroupFacts[]; dropped: number } | undefined;
  private built: readonly Family[] | undefined;

  constructor(private readonly opts: StateOptions) {}

  private idOf = (s: ServerView): ServerIdentityFacts => {
    let id = this.ids.get(s.key);
    if (id === undefined) this.ids.set(s.key, (id = identityFacts(s, this.opts.context)));
    return id;
  };

  /** Takes one snapshot in; every series is worked out before any state changes, so a broken snapshot changes nothing. */
  update(snap: Snapshot): void {
    const { groups, dropped } = groupServers(snap.servers, this.idOf, this.opts.maxGroups ?? MAX_GROUPS);
    const cpuLast = new Map<ProcKey, number>();
    const cpuTotals = new Map<string, number>();
    for (const s of snap.servers) {
      if (!s.alive) continue;
      const key = this.idOf(s).key;
      if (!groups.has(key)) continue;
      let total = cpuTotals.get(key) ?? this.cpuTotals.get(key) ?? 0;
      for (const p of s.processes) {
        const ms = p.metrics.cpuTimeMs;
        if (!p.alive || ms === undefined) continue;
        const k = procKey(p);
        const prev = this.cpuLast.get(k);
        total += Math.max(0, ms - (prev ?? 0)) / 1000;
        cpuLast.set(k, ms);
      }
      cpuTotals.set(key, total);
    }
    const ids = new Map<ProcKey, ServerIdentityFacts>();
    for (const s of snap.servers) { const id = this.ids.get(s.key); if (s.alive && id) ids.set(s.key, id); }
    // Commit.
    this.ids = ids;
    this.cpuLast = cpuLast;
    this.cpuTotals = cpuTotals;
    const { stress, churn } = snap;
    if (stress) {
      this.stressSeen = true;
      this.stress.add(stress.startedAt, [stress.ok, stress.failed, ...STRESS_KINDS.map((k) => stress.errors[k])]);
      this.stressLatency.add(stress.startedAt, bucketVector(stress.latencyBuckets));
    }
    if (churn) {
      this.churnSeen = true;
      this.churn.add(undefined, [churn.done - churn.failed, churn.failed, churn.survivors]);
      this.churnLatency.add(undefined, bucketVector(churn.latencyBuckets));
    }
    this.last = { snap, groups: [...groups.values()], dropped };
    this.built = undefined;
  }

  /** The families to serve, built once per snapshot at the first scrape after it. */
  families(): readonly Family[] {
    const last = this.last;
    if (last === undefined) return [];
    if (this.built === undefined) {
      const configured = this.opts.configured;
      const notRunning = configured === undefined ? undefined : (this.opts.notRunning ?? ((sn: Snapshot) => notRunningOf(configured, sn)))(last.snap);
      this.built = this.build(last.snap, last.groups, last.dropped, notRunning);
    }
    return this.built;
  }

  /** Sizes of what is kept between snapshots, each bounded by the live servers and processes (for tests). */
  sizes(): { identities: number; processes: number; groups: number } {
    return { identities: this.ids.size, processes: this.cpuLast.size, groups: this.cpuTotals.size };
  }

  private build(snap: Snapshot, groups: readonly GroupFacts[], dropped: number, notRunning: readonly ConfiguredServer[] | undefined): Family[] {
    // A group's labels object is shared by all its samples (the renderer writes it once); `extra` holds a sample's own.
    const gl = (g: GroupLabels): Labels => g;
    const per = (pick: (f: GroupFacts) => number | undefined): Sample[] =>
      groups.flatMap((f) => { const v = pick(f); return v === undefined || !Number.isFinite(v) ? [] : [{ labels: gl(f.labels), value: v }]; });
    const gauge = (name: string, help: string, samples: Sample[]): Family => ({ name, help, type: 'gauge', samples });
    const counter = (name: string, help: string, samples: Sample[]): Family => ({ name, help, type: 'counter', samples });
    const one = (v: number | undefined, labels: Labels = {}, extra?: Labels): Sample[] =>
      (v === undefined || !Number.isFinite(v) ? [] : [{ labels, value: v, ...(extra === undefined ? {} : { extra }) }]);
    const out: Family[] = [
      gauge('mcptop_build_info', 'mcptop version and Node.js runtime; always 1', [{ labels: { version: this.opts.version, nodejs: this.opts.nodejs }, value: 1 }]),
      gauge('mcptop_server_info', 'One live server process of a group: its pid, start time and (redacted) command; always 1',
        groups.flatMap((f) => f.info.map((i) => ({ labels: gl(f.labels), extra: { pid: String(i.pid), start_time: i.startTimeSeconds === undefined ? '' : String(i.startTimeSeconds), command: i.command }, value: 1 })))),
      gauge('mcptop_server_instances', 'Live server processes (roots) in the group', per((f) => f.instances)),
      gauge('mcptop_server_processes', 'Live processes in the group, children included', per((f) => f.processes)),
      gauge('mcptop_server_threads', 'Threads in the group', per((f) => f.threads)),
      gauge('mcptop_server_zombies', 'Zombie processes in the group', per((f) => f.zombies)),
      gauge('mcptop_server_orphans', 'Server instances flagged orphan (their MCP host is gone)', per((f) => f.orphans)),
      gauge('mcptop_server_duplicates', 'Server instances flagged duplicate (the same server started twice by one host)', per((f) => f.duplicates)),
      counter('mcptop_server_cpu_seconds_total', 'CPU time (user+system) of the group\'s processes, seconds', per((f) => { const s = this.cpuTotals.get(groupKeyOf(f.labels)); return s === undefined ? undefined : Math.round(s * 1000) / 1000; })),
      gauge('mcptop_server_memory_bytes', 'Memory of the group, bytes, by type (resident, virtual)', groups.flatMap((f) => [
        ...one(f.rssBytes, gl(f.labels), { memtype: 'resident' }), ...one(f.vmsBytes, gl(f.labels), { memtype: 'virtual' })])),
      gauge('mcptop_server_open_fds', 'Open file descriptors of the group', per((f) => f.openFds)),
      gauge('mcptop_server_max_fds', 'Tightest soft RLIMIT_NOFILE among the group\'s processes', per((f) => f.maxFds)),
      gauge('mcptop_server_worst_fd_ratio', 'Highest open FDs / soft RLIMIT_NOFILE of any one process of the group, 0..1', per((f) => f.worstFdRatio)),
      gauge('mcptop_server_fds', 'Open file descriptors of the group by kind (socket, pipe, anon_inode, file, other), when read',
        groups.flatMap((f) => (f.fdKinds === undefined ? [] : FD_KINDS.map((k) => ({ labels: gl(f.labels), extra: { kind: k }, value: f.fdKinds?.[k] ?? 0 }))))),
      gauge('mcptop_server_verdict', 'Leak verdict per metric (server = the server as a whole), StateSet: 1 for the current state',
        groups.flatMap((f) => [...f.verdicts].flatMap(([metric, v]) => VERDICT_STATES.map((st) => ({ labels: gl(f.labels), extra: { metric, mcptop_server_verdict: st }, value: st === v ? 1 : 0 }))))),
      gauge('mcptop_server_status', 'Threshold status now, StateSet: 1 for the current state',
        groups.flatMap((f) => STATUS_STATES.map((st) => ({ labels: gl(f.labels), extra: { mcptop_server_status: st }, value: st === f.status ? 1 : 0 })))),
      gauge('mcptop_server_oldest_start_time_seconds', 'Start of the oldest live server process of the group, seconds since the epoch', per((f) => f.oldestStartSeconds)),
      gauge('mcptop_servers', 'Live servers watched', [{ labels: {}, value: groups.reduce((n, f) => n + f.instances, 0) + dropped }]),
      gauge('mcptop_dropped_servers', 'Live servers left out of the per-server series because the group cap was reached', [{ labels: {}, value: dropped }]),
      gauge('mcptop_watched_processes', 'Processes watched over all servers', one(snap.watchedProcs)),
      counter('mcptop_ticks_total', 'Sampling ticks so far', one(snap.tick)),
      counter('mcptop_signals_sent_total', 'Signals mcptop sent (churn, cleanup, ending what it launched), by signal',
        Object.entries(this.opts.signalsSent?.() ?? {}).map(([signal, value]) => ({ labels: { signal }, value }))),
      gauge('mcptop_verdict', 'Run verdict, StateSet: 1 for the current state', VERDICT_STATES.map((st) => ({ labels: { mcptop_verdict: st }, value: st === verdictState(snap.verdict) ? 1 : 0 }))),
      gauge('mcptop_host_open_files', 'File handles allocated on the host (/proc/sys/fs/file-nr)', one(snap.host?.filesOpen)),
      gauge('mcptop_host_max_files', 'File handles the host allows (/proc/sys/fs/file-nr)', one(snap.host?.filesMax)),
    ];
    if (this.stressSeen) {
      const t = this.stress.totals;
      out.push(
        counter('mcptop_stress_calls_total', 'Tool calls made by load runs, by result', [{ labels: { result: 'ok' }, value: t[0] ?? 0 }, { labels: { result: 'failed' }, value: t[1] ?? 0 }]),
        counter('mcptop_stress_call_errors_total', 'Failed tool calls of load runs, by kind', STRESS_KINDS.map((k, i) => ({ labels: { kind: k }, value: t[2 + i] ?? 0 }))),
        { name: 'mcptop_stress_call_duration_seconds', help: 'Tool call latency of load runs, seconds', type: 'histogram', samples: histogram({}, this.stressLatency.totals) },
      );
    }
    if (this.churnSeen) {
      const t = this.churn.totals;
      out.push(
        counter('mcptop_churn_cycles_total', 'Churn cycles (spawn, initialize, close) by result', [{ labels: { result: 'ok' }, value: t[0] ?? 0 }, { labels: { result: 'failed' }, value: t[1] ?? 0 }]),
        counter('mcptop_churn_survivors_total', 'Processes left alive after their churn cycle ended', [{ labels: {}, value: t[2] ?? 0 }]),
        { name: 'mcptop_churn_cycle_duration_seconds', help: 'Churn cycle duration, seconds', type: 'histogram', samples: histogram({}, this.churnLatency.totals) },
      );
    }
    if (this.opts.configured !== undefined && notRunning !== undefined) {
      const missing = new Set(notRunning.map((c) => c.label));
      // One series per client/name, even when a client lists a server in two scopes.
      const running = new Map<string, Sample>();
      for (const c of this.opts.configured) {
        if (c.transport !== 'stdio' || c.disabled === true) continue;
        const key = `${c.client}\u0000${c.name}`;
        const value = missing.has(c.label) ? 0 : 1;
        running.set(key, { labels: { client: c.client, server: c.name }, value: Math.max(value, running.get(key)?.value ?? 0) });
      }
      out.push(gauge('mcptop_configured_server_running', 'Configured stdio server has a live process: 1 or 0', [...running.values()]));
    }
    return out;
  }
}

