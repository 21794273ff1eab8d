// The I/O half of a tick: list, read command lines and limits once per identity, discover, measure the watched set.
import type { Targets } from './config.js';
import { AutoDiscovery } from './auto-discovery.js';
import type { HostRef } from './auto-discovery.js';
import { Discovery } from './discovery.js';
import type { DiscoveredServer, TreeMember } from './discovery.js';
import { errorText } from './notices.js';
import type { Clock, ProcessSource, StdinPeerSource } from './ports.js';
import { indexProcs, rootOf } from './proc-tree.js';
import { CpuMeter, IO_CONCURRENCY, mapLimit, sumFdKinds } from './sampling.js';
import type { MemberSample } from './sampling.js';
import { procKey } from './types.js';
import type { FdKindsResult, ProcEntry, ProcKey, ProcMetrics } from './types.js';

const NO_METRICS: ProcMetrics = Object.freeze({});

export interface SampledServer {
  readonly server: DiscoveredServer;
  readonly members: readonly MemberSample[];
  /** Zero-config discovery: the MCP host the server runs under (undefined: none, "no host"). */
  readonly host?: HostRef;
  /** Why the server's stdin is a dead end (peer gone, held only by a wrapper); undefined when it is not. */
  readonly stdinPeer?: string;
}

export interface Collected {
  /** Clock time the metrics were read, ms. */
  readonly t: number;
  readonly servers: readonly SampledServer[];
  /** Servers whose last member exited since the previous tick. */
  readonly ended: readonly ProcKey[];
}

interface ArgvEntry {
  /** comm when argv was read: a process caught between fork and exec changes comm, and then argv is read again. */
  readonly comm: string;
  readonly argv: readonly string[] | undefined;
}

/** Zero-config discovery and stdin-peer checks: where stdin facts come from, and the configured-server test (rule 1). */
export interface SamplerDiscovery {
  readonly peers?: StdinPeerSource;
  readonly configured?: (argv: readonly string[]) => boolean;
}

export class Sampler {
  readonly discovery: Discovery;
  private readonly auto: AutoDiscovery;
  private readonly argv = new Map<ProcKey, ArgvEntry>();
  private readonly limits = new Map<ProcKey, number | undefined>();
  private readonly cpu = new CpuMeter();
  /** Each watched process's last sample (bounded like limits and cpu: pruned to the watched set). */
  private readonly samples = new Map<ProcKey, MemberSample>();
  /** Each listed server's member samples (bounded by the servers discovery lists). */
  private readonly serverSamples = new Map<ProcKey, readonly MemberSample[]>();
  /** Each listed server's last SampledServer (bounded like serverSamples). */
  private readonly sampled = new Map<ProcKey, SampledServer>();
  /** Bumped whenever the set of known command lines changes, so work derived from all of them is redone only then. */
  private argvGeneration = 0;
  private notRunningCache: { gen: number; labels: readonly string[] } | undefined;

  /** `readAllArgv`: read every process's command line once (needed to tell configured servers that are not running). */
  constructor(private readonly source: ProcessSource, private readonly clock: Clock, private readonly targets: Targets,
    private readonly selfPid: number, private readonly notice: (message: string) => void, private readonly readAllArgv = false,
    disc: SamplerDiscovery = {}) {
    this.discovery = new Discovery(targets);
    this.auto = new AutoDiscovery(disc.peers, disc.configured);
  }

  argvOf(key: ProcKey): readonly string[] | undefined {
    return this.argv.get(key)?.argv;
  }

  /** Entries held per process identity: argv for present processes, limits and CPU readings for watched ones. */
  cacheSizes(): { argv: number; limits: number; cpu: number; samples: number; matches: number; members: number } {
    return { argv: this.argv.size, limits: this.limits.size, cpu: this.cpu.size, samples: this.samples.size, ...this.discovery.cacheSizes() };
  }

  get generation(): number {
    return this.argvGeneration;
  }

  /**
   * Configured servers no live process runs: `fn` over every live command line, recomputed only when the set of command
   * lines changed (matching every process against every config is not free).
   */
  notRunning(fn: (argvs: readonly (readonly string[])[]) => readonly string[]): readonly string[] {
    if (this.notRunningCache?.gen !== this.argvGeneration) this.notRunningCache = { gen: this.argvGeneration, labels: fn(this.liveArgvs()) };
    return this.notRunningCache.labels;
  }

  /** Command lines of every live process read so far (all of them with `readAllArgv`). */
  liveArgvs(): (readonly string[])[] {
    const out: (readonly string[])[] = [];
    for (const e of this.argv.values()) if (e.argv !== undefined && e.argv.length > 0) out.push(e.argv);
    return out;
  }

  /** One tick's facts, or undefined when the process list could not be read (a notice says why). */
  async collect(): Promise<Collected | undefined> {
    let entries: readonly ProcEntry[];
    try {
      entries = await this.source.list();
    } catch (err) {
      this.notice(`process list failed: ${errorText(err)}`);
      return undefined;
    }
    const present = new Set<ProcKey>();
    let argvHeld = 0;
    for (let i = 0; i < entries.length; i++) {
      const k = procKey(entries[i]!);
      present.add(k);
      if (this.argv.has(k)) argvHeld++;
    }
    // Only when some command line read belongs to a process gone is the cache swept.
    if (argvHeld < this.argv.size) for (const k of this.argv.keys()) if (!present.has(k) && this.argv.delete(k)) this.argvGeneration += 1;
    // Only name and pattern rules (and the configured-server check) read argv of processes that are not watched.
    if (this.readAllArgv || this.targets.auto === true || this.targets.names.length > 0 || this.targets.patterns.length > 0) await this.readArgv(entries);
    this.auto.prune(present);
    const index = indexProcs(entries);
    const { byPid } = index;
    const argvOf = (k: ProcKey): readonly string[] | undefined => this.argvOf(k);
    const auto = this.targets.auto === true;
    if (auto) this.auto.prepare(entries, byPid, argvOf);
    const found = this.discovery.update({
      entries, argvOf, selfPid: this.selfPid, index, present,
      ...(auto ? { accept: (e: ProcEntry, idx: ReadonlyMap<number, ProcEntry>) => this.auto.accept(e, idx, argvOf) } : {}),
    });
    const members: TreeMember[] = [];
    // Indexed loops: this runs every tick, mostly unoptimised, where for-of allocates an iterator result per step.
    for (let i = 0; i < found.servers.length; i++) {
      const ms = found.servers[i]!.members;
      for (let j = 0; j < ms.length; j++) members.push(ms[j]!);
    }
    await this.readArgv(members.map((m) => m.entry));
    await this.readLimits(members);

    let metrics: ReadonlyMap<number, ProcMetrics> = new Map();
    if (members.length > 0) {
      try {
        metrics = await this.source.measure(members.map((m) => m.entry.pid));
      } catch (err) {
        this.notice(`measure failed: ${errorText(err)}`);
      }
    }
    const t = this.clock.now();
    const servers = found.servers.map((server): SampledServer => {
      const root = rootOf(server);
      const host = auto && root !== undefined ? this.auto.hostAbove(root, byPid, argvOf) : undefined;
      const stdinPeer = this.auto.stdinReason(server, byPid, argvOf, this.selfPid);
      const members = this.samplesOf(server, metrics, t);
      // Last tick's object while nothing in it changed (a steady server: nothing made).
      const last = this.sampled.get(server.key);
      if (last !== undefined && last.server === server && last.members === members && last.host === host && last.stdinPeer === stdinPeer) return last;
      const next: SampledServer = { server, ...(host === undefined ? {} : { host }), ...(stdinPeer === undefined ? {} : { stdinPeer }), members };
      this.sampled.set(server.key, next);
      return next;
    });
    this.forgetUnwatched(members);
    if (this.serverSamples.size > servers.length || this.sampled.size > servers.length) {
      const listed = new Set(servers.map((s) => s.server.key));
      for (const k of this.serverSamples.keys()) if (!listed.has(k)) this.serverSamples.delete(k);
      for (const k of this.sampled.keys()) if (!listed.has(k)) this.sampled.delete(k);
    }
    return { t, servers, ended: found.ended };
  }

  /**
   * Limits, CPU readings and samples are kept for the watched processes only. Limits and samples hold every watched one
   * after a tick, so a size past the watched count means one left: only then is the watched set built and swept.
   */
  private forgetUnwatched(members: readonly TreeMember[]): void {
    const n = members.length;
    if (this.limits.size <= n && this.samples.size <= n && this.cpu.size <= n) return;
    const watched = new Set(members.map((m) => m.key));
    this.cpu.retain(watched);
    for (const k of this.limits.keys()) if (!watched.has(k)) this.limits.delete(k);
    for (const k of this.samples.keys()) if (!watched.has(k)) this.samples.delete(k);
  }

  /** A server's member samples: last tick's array while every sample is the same object. */
  private samplesOf(server: DiscoveredServer, metrics: ReadonlyMap<number, ProcMetrics>, t: number): readonly MemberSample[] {
    const last = this.serverSamples.get(server.key);
    const ms = server.members;
    // Built only from the first sample that differs (a steady server: no array at all).
    let next: MemberSample[] | undefined;
    for (let i = 0; i < ms.length; i++) {
      const member = ms[i]!;
      const x = this.sample(member, metrics.get(member.entry.pid), t);
      if (next === undefined && (last === undefined || last.length !== ms.length || last[i] !== x)) next = last === undefined ? [] : last.slice(0, i);
      next?.push(x);
    }
    if (next === undefined && last !== undefined) return last;
    next ??= [];
    this.serverSamples.set(server.key, next);
    return next;
  }

  /** A member's sample: the same object as last tick while its member, metrics, limit and CPU rate are the same. */
  private sample(member: TreeMember, m: ProcMetrics | undefined, t: number): MemberSample {
    const metrics = m ?? NO_METRICS;
    const fdLimit = this.limits.get(member.key);
    const cpuPct = this.cpu.rate(member.key, t, metrics.cpuTimeMs);
    const last = this.samples.get(member.key);
    if (last !== undefined && last.member === member && last.metrics === metrics && last.fdLimit === fdLimit && last.cpuPct === cpuPct) return last;
    const next: MemberSample = { member, metrics, fdLimit, cpuPct };
    this.samples.set(member.key, next);
    return next;
  }

  /** FD kinds summed over these members. */
  async fdKinds(members: readonly TreeMember[]): Promise<FdKindsResult | undefined> {
    const results = await mapLimit(members, IO_CONCURRENCY, (m) => this.source.fdKinds(m.entry.pid).catch((): FdKindsResult => 'gone'));
    return sumFdKinds(results);
  }

  private async readArgv(entries: readonly ProcEntry[]): Promise<void> {
    const todo = entries.filter((e) => this.argv.get(procKey(e))?.comm !== e.comm);
    if (todo.length === 0) return;
    this.argvGeneration += 1;
    await mapLimit(todo, IO_CONCURRENCY, async (e) => {
      const argv = await this.source.cmdline(e.pid).catch(() => undefined);
      this.argv.set(procKey(e), { comm: e.comm, argv });
    });
  }

  private async readLimits(members: readonly TreeMember[]): Promise<void> {
    const todo = members.filter((m) => !this.limits.has(m.key));
    if (todo.length === 0) return;
    await mapLimit(todo, IO_CONCURRENCY, async (m) => {
      this.limits.set(m.key, await this.source.fdLimit(m.entry.pid).catch(() => undefined));
    });
  }
}
