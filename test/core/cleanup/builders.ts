// Test data for cleanup: processes, servers and snapshots in a few words, a scripted Killer, a memory log.
import type { Killer } from '../../../source/core/ports.js';
import type { ProcIdentity, ProcessView, ProcState, ProcKey } from '../../../source/core/types.js';
import { procKey } from '../../../source/core/types.js';
import type { CleanupLog, CleanupLogEntry, CleanupServer, CleanupSnapshot, SignalResult } from '../../../source/core/cleanup/index.js';

export const NOW = 1_700_000_000_000;

export interface P {
  pid: number;
  ppid: number;
  command?: string;
  comm?: string;
  state?: ProcState;
  uid?: number;
  /** Seconds before NOW the process started; undefined = start unknown. */
  ageS?: number;
  depth?: number;
  startTime?: number;
}

export function view(p: P): ProcessView {
  return {
    pid: p.pid, ppid: p.ppid, startTime: p.startTime ?? 5000 + p.pid, comm: p.comm ?? 'node',
    command: p.command ?? `node server-${p.pid}.js`, state: p.state ?? 'S', depth: p.depth ?? 0, alive: true, metrics: {},
    uid: p.uid ?? 1000, startedAtMs: p.ageS === undefined ? undefined : NOW - p.ageS * 1000,
  };
}

/** A server rooted at the first process; the rest are its members. */
export function server(procs: readonly P[], status?: CleanupServer['status']): CleanupServer {
  const root = procs[0];
  if (root === undefined) throw new Error('server needs a root');
  const views = procs.map(view);
  const first = views[0] as ProcessView;
  return { key: procKey(first), label: first.comm, pid: root.pid, command: first.command, processes: views, ...(status ? { status } : {}) };
}

export const snap = (t: number, servers: readonly CleanupServer[]): CleanupSnapshot => ({ t, servers });

export const keyOf = (p: P): ProcKey => procKey({ pid: p.pid, startTime: p.startTime ?? 5000 + p.pid });

/**
 * A Killer over a scripted table: `alive` holds live identities; `onSignal` decides what a signal does
 * (default: TERM and KILL both end the process at once).
 */
export class ScriptedKiller implements Killer {
  readonly alive = new Map<number, ProcIdentity>();
  readonly sent: { pid: number; signal: string }[] = [];
  /** pids that ignore TERM; pids that survive even KILL (D state); pids that refuse with EPERM. */
  readonly ignoreTerm = new Set<number>();
  readonly unkillable = new Set<number>();
  readonly denied = new Set<number>();
  /** After TERM, the process takes this many isAlive checks to exit. */
  readonly slowChecks = new Map<number, number>();

  add(...ids: ProcIdentity[]): this {
    for (const id of ids) this.alive.set(id.pid, id);
    return this;
  }

  signal(id: ProcIdentity, signal: 'SIGTERM' | 'SIGKILL'): SignalResult {
    const now = this.alive.get(id.pid);
    if (now === undefined) return 'gone';
    if (now.startTime !== id.startTime) return 'reused';
    if (this.denied.has(id.pid)) return 'denied';
    this.sent.push({ pid: id.pid, signal });
    if (this.unkillable.has(id.pid)) return 'sent';
    if (signal === 'SIGTERM' && this.ignoreTerm.has(id.pid)) return 'sent';
    if (!this.slowChecks.has(id.pid)) this.alive.delete(id.pid);
    return 'sent';
  }

  isAlive(id: ProcIdentity): boolean {
    const left = this.slowChecks.get(id.pid);
    if (left !== undefined) {
      if (left <= 0) { this.alive.delete(id.pid); this.slowChecks.delete(id.pid); }
      else this.slowChecks.set(id.pid, left - 1);
    }
    const now = this.alive.get(id.pid);
    return now !== undefined && now.startTime === id.startTime;
  }
}

export class MemoryLog implements CleanupLog {
  readonly entries: CleanupLogEntry[] = [];
  append(entry: CleanupLogEntry): void {
    this.entries.push(entry);
  }
}
