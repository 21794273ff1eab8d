// CleanupDetector: turns successive snapshots into orphan, duplicate, zombie, respawn and runaway findings.
import { procKey, type ProcKey } from '../types.js';
import { findDuplicates } from './duplicates.js';
import { reaperKind } from './reaper.js';
import {
  DEFAULT_DETECT_RULES,
  type CleanupProc, type CleanupReason, type CleanupSnapshot, type DetectContext, type DetectRules, type Detection,
  type OrphanFinding, type ProcInfo, type RespawnFinding, type RunawayFinding, type ZombieFinding,
} from './types.js';

/** Every live watched process of a snapshot, keyed by identity (a process in two trees counts once). */
export function collectProcs(snapshot: CleanupSnapshot): Map<ProcKey, CleanupProc> {
  const out = new Map<ProcKey, CleanupProc>();
  for (const s of snapshot.servers) {
    for (const p of s.processes) {
      if (!p.alive) continue;
      const key = procKey(p);
      if (out.has(key)) continue;
      out.set(key, {
        pid: p.pid, startTime: p.startTime, ppid: p.ppid, comm: p.comm, command: p.command, state: p.state,
        uid: p.uid, startedAtMs: p.startedAtMs, serverKey: s.key, serverLabel: s.label, depth: p.depth,
      });
    }
  }
  return out;
}

interface Birth { readonly t: number; readonly ppid: number; readonly command: string }

/**
 * Keeps what detection needs across ticks: when each process was first seen, how long each zombie has
 * been one, and recent births. Feed it every snapshot in order; `nowMs` is wall time (ms since the epoch),
 * used for ages against start times.
 */
export class CleanupDetector {
  private readonly rules: DetectRules;
  private readonly firstSeen = new Map<ProcKey, number>();
  private readonly zombieSeen = new Map<ProcKey, { firstT: number; samples: number }>();
  private births: Birth[] = [];
  private ticks: number[] = [];
  private birthsPerTick: number[] = [];
  private passes = 0;
  private latest: Detection | undefined;

  constructor(rules: Partial<DetectRules> = {}) {
    this.rules = { ...DEFAULT_DETECT_RULES, ...rules };
  }

  /** The last detection, if any. */
  last(): Detection | undefined {
    return this.latest;
  }

  update(snapshot: CleanupSnapshot, nowMs: number, ctx: DetectContext = {}): Detection {
    const t = snapshot.t;
    const procs = collectProcs(snapshot);
    const byPid = new Map<number, CleanupProc>();
    for (const p of procs.values()) byPid.set(p.pid, p);
    this.track(procs, t);

    const parentOf = (ppid: number): ProcInfo =>
      byPid.get(ppid) ?? ctx.procs?.get(ppid) ?? { pid: ppid, comm: ppid === 1 ? 'init' : '?' };
    const startOf = (p: CleanupProc): number => p.startedAtMs ?? nowMs - (t - (this.firstSeen.get(procKey(p)) ?? t));

    const flags = new Map<ProcKey, Set<CleanupReason>>();
    const flag = (key: ProcKey, reason: CleanupReason): void => {
      let set = flags.get(key);
      if (set === undefined) flags.set(key, (set = new Set()));
      set.add(reason);
    };

    const orphans: OrphanFinding[] = [];
    const zombies: ZombieFinding[] = [];
    for (const [key, p] of procs) {
      if (p.state === 'Z' || p.state === 'X') {
        const z = this.zombieSeen.get(key);
        if (z !== undefined && z.samples >= this.rules.zombieMinSamples) {
          const parent = parentOf(p.ppid);
          zombies.push({ proc: p, parent, parentWatched: byPid.has(p.ppid), samples: z.samples, forMs: t - z.firstT });
          flag(key, 'zombie');
        }
        continue;
      }
      const parent = ctx.procs?.get(p.ppid) ?? byPid.get(p.ppid);
      const kind = reaperKind(p.ppid, parent, this.rules.subreaperPids);
      if (kind === undefined) continue;
      const ageFromStart = p.startedAtMs !== undefined;
      const ageMs = ageFromStart ? nowMs - (p.startedAtMs ?? nowMs) : t - (this.firstSeen.get(key) ?? t);
      if (ageMs < this.rules.minAgeMs) continue;
      orphans.push({ proc: p, parent: parent ?? parentOf(p.ppid), parentKind: kind, ageMs, ageFromStart });
      flag(key, 'orphan');
    }

    const duplicates = findDuplicates(procs.values(), parentOf, startOf, this.rules.generationGapMs);
    for (const g of duplicates) for (const s of g.sets) for (const m of s.members) flag(procKey(m), 'duplicate');

    const respawns = this.respawns(t, byPid, parentOf);
    for (const r of respawns) {
      const parent = byPid.get(r.parent.pid);
      if (parent !== undefined) flag(procKey(parent), 'respawn');
      for (const p of procs.values()) if (p.ppid === r.parent.pid && p.state !== 'Z') flag(procKey(p), 'respawn');
    }

    const runaways: RunawayFinding[] = [];
    for (const s of snapshot.servers) {
      if (s.status?.level !== 'crit') continue;
      const root = [...procs.values()].find((p) => p.serverKey === s.key && p.pid === s.pid);
      if (root !== undefined) runaways.push({ serverKey: s.key, label: s.label, root, reasons: s.status.reasons });
    }

    const serverFlags = new Map<ProcKey, Set<CleanupReason>>();
    for (const [key, set] of flags) {
      const server = procs.get(key)?.serverKey;
      if (server === undefined) continue;
      const acc = serverFlags.get(server) ?? new Set<CleanupReason>();
      for (const f of set) acc.add(f);
      serverFlags.set(server, acc);
    }
    for (const r of runaways) serverFlags.set(r.serverKey, (serverFlags.get(r.serverKey) ?? new Set()).add('runaway'));
    for (const r of runaways) flag(procKey(r.root), 'runaway');

    this.latest = {
      t, flags: freeze(flags), serverFlags: freeze(serverFlags), orphans, duplicates, zombies, runaways, respawns,
      birthsPerTick: [...this.birthsPerTick], procs,
    };
    return this.latest;
  }

  /** Updates first-seen times, zombie streaks and births for this pass. */
  private track(procs: ReadonlyMap<ProcKey, CleanupProc>, t: number): void {
    let born = 0;
    for (const [key, p] of procs) {
      if (this.firstSeen.has(key)) continue;
      this.firstSeen.set(key, t);
      if (this.passes > 0) {
        born++;
        this.births.push({ t, ppid: p.ppid, command: p.command });
      }
    }
    for (const key of this.firstSeen.keys()) if (!procs.has(key)) this.firstSeen.delete(key);
    for (const [key, p] of procs) {
      if (p.state !== 'Z' && p.state !== 'X') { this.zombieSeen.delete(key); continue; }
      const z = this.zombieSeen.get(key);
      this.zombieSeen.set(key, z === undefined ? { firstT: t, samples: 1 } : { firstT: z.firstT, samples: z.samples + 1 });
    }
    for (const key of this.zombieSeen.keys()) if (!procs.has(key)) this.zombieSeen.delete(key);
    this.passes++;
    this.ticks.push(t);
    this.birthsPerTick.push(born);
    const keep = this.rules.birthHistory;
    if (this.ticks.length > keep) this.ticks = this.ticks.slice(-keep);
    if (this.birthsPerTick.length > keep) this.birthsPerTick = this.birthsPerTick.slice(-keep);
    this.births = this.births.filter((b) => t - b.t <= this.rules.respawnWindowMs);
  }

  /** Parents that keep starting the same watched command: births in the window, spread over several ticks. */
  private respawns(t: number, byPid: ReadonlyMap<number, CleanupProc>, parentOf: (ppid: number) => ProcInfo): RespawnFinding[] {
    const byParentCmd = new Map<string, Birth[]>();
    for (const b of this.births) {
      if (b.ppid <= 1) continue;
      const k = `${b.ppid}\u0000${b.command}`;
      const list = byParentCmd.get(k);
      if (list === undefined) byParentCmd.set(k, [b]);
      else list.push(b);
    }
    const found = new Map<number, RespawnFinding>();
    for (const list of byParentCmd.values()) {
      const distinctTicks = new Set(list.map((b) => b.t)).size;
      if (list.length < this.rules.respawnMinBirths || distinctTicks < 2) continue;
      const ppid = list[0]?.ppid ?? 0;
      const all = this.births.filter((b) => b.ppid === ppid);
      const series = this.ticks.map((tick) => all.filter((b) => b.t === tick).length);
      found.set(ppid, {
        parent: parentOf(ppid), parentWatched: byPid.has(ppid), births: all.length,
        windowMs: Math.min(this.rules.respawnWindowMs, t - (this.ticks[0] ?? t)), series,
      });
    }
    return [...found.values()];
  }
}

function freeze<K, V>(m: ReadonlyMap<K, ReadonlySet<V>>): ReadonlyMap<K, readonly V[]> {
  const out = new Map<K, readonly V[]>();
  for (const [k, v] of m) out.set(k, [...v]);
  return out;
}
