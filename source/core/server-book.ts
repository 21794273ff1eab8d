// The Monitor's book of servers: records each tick's samples into every server's state (FD kinds in turns, FD targets,
// process views with their command lines), and keeps per-identity state bounded by the watched set.
import { FdAttribution } from './attribution/fd-targets.js';
import { CommandCache } from './command-cache.js';
import { KindsRota } from './kinds-rota.js';
import type { KindsCandidate } from './kinds-rota.js';
import type { MonitorOptions } from './monitor-options.js';
import { EVENTS } from './ports.js';
import type { LaunchedProcess, SinkRecord } from './ports.js';
import type { Collected, SampledServer, Sampler } from './sampler.js';
import { processView, retimed, serverSample } from './sampling.js';
import type { MemberSample } from './sampling.js';
import { ServerState, dropOldEnded, serverIdentity } from './server-state.js';
import type { ServerIdentity } from './server-state.js';
import { rootOf } from './proc-tree.js';
import type { ProcFds } from './thresholds.js';
import { distinctLabels } from './label.js';
import type { FdKindsResult, McpEra, ProcKey, ProcessView, ServerSample, ServerSummary, ServerView } from './types.js';
import { JudgeQueue } from './verdict/index.js';
import type { LoadMarks } from './verdict/index.js';

/** Dead servers kept listed with their history; past this the one that ended first is dropped. */
export const MAX_ENDED_SERVERS = 100;

const NO_KEYS: ReadonlySet<ProcKey> = new Set();

/** forEach callback filling `this` (an array): no iterator result per entry, no closure per call. */
function pushTo<T>(this: T[], x: T): void { this.push(x); }

/** What record() hands a server's state besides the sample, kept while the members' samples are unchanged. */
interface Shown {
  readonly members: readonly MemberSample[];
  readonly views: readonly ProcessView[];
  readonly procFds: readonly ProcFds[];
}

/** A process view as last built, reused while nothing it shows changed (a sleeping process: every tick). */
interface ViewEntry {
  readonly sample: MemberSample;
  readonly command: string;
  readonly view: ProcessView;
}

export class ServerBook {
  readonly servers = new Map<ProcKey, ServerState>();
  readonly launched = new Map<number, LaunchedProcess>();
  /** Each watched process's shown command line, redacted once per identity (and again only when exec changes its argv). */
  private readonly commands = new CommandCache();
  /** Each watched process's last view, rebuilt only when its sample changed; bounded like commands. */
  private readonly procViews = new Map<ProcKey, ViewEntry>();
  /** Per server (bounded by the listed servers: pruned with them). */
  private readonly shown = new Map<ProcKey, Shown>();
  private readonly kindsRota = new KindsRota();
  private readonly candidates: { key: ProcKey; fds: number | undefined }[] = [];
  private readonly attribution = new FdAttribution();
  private readonly eras = new Map<number, McpEra>();
  /** Due re-judgements of every server wait here and run within a budget per tick (core/verdict/queue.ts). */
  private readonly judgeQueue = new JudgeQueue();

  constructor(private readonly opts: MonitorOptions, private readonly sampler: Sampler, private readonly windowSize: number,
    private readonly write: (record: SinkRecord) => void) {}

  /**
   * One tick's samples into the servers' states. `stressTargets`: the servers a load went to (others do not count its
   * calls); `focus`: the selected server, whose FD kinds are read every tick.
   */
  async record(got: Collected, load: LoadMarks, stressTargets: readonly ProcKey[] | undefined, focus: ProcKey | undefined): Promise<void> {
    const { t } = got;
    const replayed = this.opts.kindsRecorded?.();
    // FD kinds: the selected server, one whose count rose, and the others in turns (a replay: as recorded).
    const turn = replayed ?? this.kindsRota.pick(this.candidatesOf(got.servers), focus === undefined ? NO_KEYS : new Set([focus]));
    // Servers with nothing to read are recorded at once, in order; those with a read follow as their reads finish (the
    // order Promise.all over async functions gave, without a promise per server).
    const reads: Promise<void>[] = [];
    for (let i = 0; i < got.servers.length; i++) {
      const s = got.servers[i]!;
      const state = this.stateFor(s);
      // Calls count for the servers the load went to: another server's verdict must not read "over 1,200 calls".
      const loadOf = stressTargets === undefined || stressTargets.includes(state.id.key) ? load : { calls: 0, cycles: load.cycles };
      state.host = s.host;
      state.stdinPeer = s.stdinPeer;
      // Member samples that are last tick's array (recorded with the shown views): last tick's figures at the new time.
      const last = state.history.latest;
      const sample = last !== undefined && this.shown.get(s.server.key)?.members === s.members ? retimed(last, t) : serverSample(t, s.members);
      const prevFds = state.lastFds;
      const rising = prevFds !== undefined && sample.fds !== undefined && sample.fds > prevFds;
      const kinds = turn.has(state.id.key) || (!replayed && (rising || focus === state.id.key));
      const targets = !replayed && (rising || (turn.has(state.id.key) && !this.attribution.has(state.id.key)));
      if (!kinds && !targets) this.recordOne(t, s, state, sample, loadOf);
      else {
        reads.push((async () => {
          if (kinds) this.kindsRead(t, state, await this.sampler.fdKinds(s.server.members), loadOf);
          if (targets) await this.targetsRead(state, s);
          this.recordOne(t, s, state, sample, loadOf);
        })());
      }
    }
    if (reads.length > 0) await Promise.all(reads);
    this.prune(got);
    if (got.ended.length > 0) dropOldEnded(this.servers, MAX_ENDED_SERVERS);
    if (this.attribution.size > this.servers.size) this.attribution.retain(new Set(this.servers.keys()));
    if (this.shown.size > this.servers.size) for (const k of this.shown.keys()) if (!this.servers.has(k)) this.shown.delete(k);
  }

  private recordOne(t: number, s: SampledServer, state: ServerState, sample: ServerSample, load: LoadMarks): void {
    const shown = this.shownOf(s);
    state.record(sample, shown.views, shown.procFds, load);
    if ((this.opts.sinks?.length ?? 0) === 0) return;
    for (const m of s.members) {
      this.write({ type: 'sample', t, serverKey: state.id.key, label: state.id.label, proc: m.member.entry, metrics: m.metrics, fdLimit: m.fdLimit });
    }
  }

  /** The rota's candidates this tick: the same objects refilled (the rota keeps none of them), nothing made per server. */
  private candidatesOf(servers: readonly SampledServer[]): readonly KindsCandidate[] {
    const out = this.candidates;
    out.length = Math.min(out.length, servers.length);
    for (let i = 0; i < servers.length; i++) {
      const key = servers[i]!.server.key;
      const c = (out[i] ??= { key, fds: undefined });
      c.key = key;
      c.fds = this.servers.get(key)?.lastFds;
    }
    return out;
  }

  /** A server's process views and per-process FD figures: last tick's arrays while its member samples are the same objects. */
  private shownOf(s: SampledServer): Shown {
    const key = s.server.key;
    const last = this.shown.get(key);
    if (last !== undefined && last.members === s.members) return last;
    const views = s.members.map((m) => this.viewOf(m));
    if (last !== undefined && sameItems(last.views, views)) {
      const kept = { members: s.members, views: last.views, procFds: last.procFds };
      this.shown.set(key, kept);
      return kept;
    }
    const next = { members: s.members, views, procFds: s.members.map((m) => ({ fds: m.metrics.fds, fdLimit: m.fdLimit })) };
    this.shown.set(key, next);
    return next;
  }

  /** Every listed server's view, as the snapshot shows them (labels made distinct, era and growing targets added). */
  views(): readonly ServerView[] {
    const states: ServerState[] = [];
    this.servers.forEach(pushTo, states);
    const labels = this.distinct(states);
    return states.map((s, i) => this.withEra(this.withTargets(s.view(labels[i]))));
  }

  /** Last distinct labels and the identities they were made from (bounded by the listed servers). */
  private labels: { readonly ids: readonly ServerIdentity[]; readonly labels: readonly string[] } = { ids: [], labels: [] };

  /**
   * The listed servers' labels made distinct, worked out again only when an identity changed: telling a few hundred copies
   * of one server apart compares every pair of their command lines.
   */
  private distinct(states: readonly ServerState[]): readonly string[] {
    const last = this.labels;
    if (last.ids.length === states.length && states.every((s, i) => s.id === last.ids[i])) return last.labels;
    const ids = states.map((s) => s.id);
    this.labels = { ids, labels: distinctLabels(ids).map((x) => x.label) };
    return this.labels.labels;
  }

  /** Every listed server's summary, for the exit summary. */
  summaries(): ServerSummary[] {
    return [...distinctLabels([...this.servers.values()].map((s) => this.withEra(this.withTargets(s.summary()))))];
  }

  /** Record the era a server's MCP session spoke; false when it was already known. Bounded by launched servers. */
  setEra(pid: number, era: McpEra): boolean {
    if (this.eras.get(pid) === era) return false;
    if (this.eras.size >= 1024) this.eras.clear();
    this.eras.set(pid, era);
    return true;
  }

  /** A server's view or summary with the era its MCP session spoke (only servers mcptop opened a session to have one). */
  private withEra<T extends { readonly pid: number }>(v: T): T {
    const era = this.eras.size === 0 ? undefined : this.eras.get(v.pid);
    return era === undefined ? v : { ...v, era };
  }

  /** A view with the targets that grew, when some did (most servers: the view itself, no copy). */
  private withTargets<V extends { readonly key: ProcKey }>(v: V): V {
    const fdTargets = this.attribution.growing(v.key);
    return fdTargets === undefined ? v : { ...v, fdTargets };
  }

  /** Per-identity entries held (commands, views): bounded by the watched processes. */
  get commandCount(): number {
    return this.commands.size;
  }

  /** Process views kept (bounded by the watched processes, like commands). */
  get viewCount(): number {
    return this.procViews.size;
  }

  /** The view of a member, the same object as last tick when its sample and command line did not change. */
  private viewOf(m: MemberSample): ProcessView {
    const key = m.member.key;
    const command = this.commands.of(key, this.sampler.argvOf(key), m.member.entry.comm);
    const hit = this.procViews.get(key);
    if (hit !== undefined && hit.command === command && sameSample(hit.sample, m)) return hit.view;
    const view = processView(m, command, this.opts.source.startedAtMs?.(m.member.entry));
    this.procViews.set(key, { sample: m, command, view });
    return view;
  }

  /** FD targets of a tree (live members, root first): the first read is the baseline, later ones say what grew. */
  private async targetsRead(state: ServerState, s: SampledServer): Promise<void> {
    const reader = this.opts.fdTargets;
    if (reader === undefined) return;
    const pids = s.members.filter((m) => m.member.entry.state !== 'Z').map((m) => m.member.entry.pid);
    if (pids.length === 0) return;
    // Only a tree mcptop launched has pipes ending in mcptop: the others' reads skip mcptop's own FDs.
    const got = await reader.read(pids, { launched: state.launched !== undefined }).catch(() => 'gone' as const);
    this.attribution.observe(state.id.key, got);
  }

  /** A breakdown read for a server: shown, judged, and recorded (a replay reads kinds at exactly these ticks). */
  private kindsRead(t: number, state: ServerState, kinds: FdKindsResult | undefined, load: LoadMarks): void {
    this.kindsRota.observed(state.id.key, kinds);
    state.recordKinds(t, kinds, load);
    if (typeof kinds === 'object') this.write({ type: 'event', t, event: EVENTS.fdKinds, detail: { serverKey: state.id.key, ...kinds } });
  }

  /** Command lines and views are kept for the watched processes only. */
  private prune(got: Collected): void {
    if (this.commands.size === 0 && this.procViews.size === 0) return;
    let watchedCount = 0;
    for (let i = 0; i < got.servers.length; i++) watchedCount += got.servers[i]!.members.length;
    if (this.commands.size <= watchedCount && this.procViews.size <= watchedCount) return;
    const watched = new Set<ProcKey>();
    for (const s of got.servers) for (const m of s.members) watched.add(m.member.key);
    this.commands.retain(watched);
    for (const k of this.procViews.keys()) if (!watched.has(k)) this.procViews.delete(k);
  }

  /** The state of a discovered server, created on first sight; its name follows the root's argv (exec can change it). */
  private stateFor(s: SampledServer): ServerState {
    const key = s.server.key;
    const argvRead = this.sampler.argvOf(key);
    let state = this.servers.get(key);
    if (state && state.argvSeen === argvRead) return state;
    const root = rootOf(s.server);
    if (state && !root) return state;
    const launched = s.server.launched && root ? this.launched.get(root.pid) : undefined;
    const argv = argvRead !== undefined && argvRead.length > 0 ? argvRead : launched?.command ?? state?.launched?.command ?? [];
    const id = serverIdentity(key, root?.pid ?? Number(key.split('@')[0]), argv, root?.comm ?? '?', this.opts.labeler);
    if (state) state.id = id;
    else {
      state = new ServerState(id, this.opts.thresholds, this.opts.intervalMs, this.windowSize, this.judgeQueue);
      this.servers.set(key, state);
    }
    state.argvSeen = argvRead;
    state.launched ??= launched;
    return state;
  }
}

const sameItems = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Same figures for the same process (the source hands out the same entry and metrics objects while nothing changed). */
const sameSample = (a: MemberSample, b: MemberSample): boolean =>
  a.member.entry === b.member.entry && a.member.depth === b.member.depth && a.metrics === b.metrics
  && a.fdLimit === b.fdLimit && a.cpuPct === b.cpuPct;
