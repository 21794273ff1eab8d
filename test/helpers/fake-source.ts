// A scripted process table for tests: mutate it between ticks; it can vanish pids, reject calls and hold list().
import type { ProcessSource } from '../../source/core/ports.js';
import { FD_KINDS } from '../../source/core/types.js';
import type { FdKindCounts, FdKindsResult, ProcEntry, ProcMetrics, ProcState } from '../../source/core/types.js';

export interface FakeProc {
  pid: number;
  ppid: number;
  comm: string;
  startTime: number;
  state: ProcState;
  uid?: number;
  /** Process group (undefined: not known, as on a backend that cannot tell). */
  pgid?: number;
  /** undefined: unreadable command line. */
  argv?: readonly string[];
  metrics: ProcMetrics;
  fdLimit?: number;
  fdKinds?: FdKindsResult;
}

export type FakeProcInit = Partial<FakeProc> & { pid: number; comm: string };

export const kinds = (partial: Partial<Record<(typeof FD_KINDS)[number], number>>): FdKindCounts =>
  Object.fromEntries(FD_KINDS.map((k) => [k, partial[k] ?? 0])) as FdKindCounts;

export class FakeProcessSource implements ProcessSource {
  readonly name = 'fake' as const;
  readonly procs = new Map<number, FakeProc>();
  readonly calls = { list: 0, cmdline: 0, measure: 0, fdLimit: 0, fdKinds: 0 };
  /** pids asked of measure(), per call. */
  readonly measured: number[][] = [];
  private readonly vanishAtMeasure = new Set<number>();
  private listFailures: Error[] = [];
  private measureFailures: Error[] = [];
  private held: { promise: Promise<void>; release: () => void } | undefined;
  private nextStart = 1000;

  add(init: FakeProcInit): FakeProc {
    const p: FakeProc = {
      ppid: 1, state: 'S', startTime: this.nextStart++, argv: [init.comm], metrics: {}, fdLimit: 1024, ...init,
    };
    this.procs.set(p.pid, p);
    return p;
  }

  remove(...pids: number[]): void {
    for (const pid of pids) this.procs.delete(pid);
  }

  get(pid: number): FakeProc {
    const p = this.procs.get(pid);
    if (!p) throw new Error(`fake source: no pid ${pid}`);
    return p;
  }

  set(pid: number, metrics: ProcMetrics): void {
    const p = this.get(pid);
    p.metrics = { ...p.metrics, ...metrics };
  }

  /** Listed by the next list(), gone by the following measure() (and from the table). */
  vanishBeforeMeasure(pid: number): void {
    this.vanishAtMeasure.add(pid);
  }

  failListOnce(message = 'list exploded'): void {
    this.listFailures.push(new Error(message));
  }

  failMeasureOnce(message = 'measure exploded'): void {
    this.measureFailures.push(new Error(message));
  }

  /** list() waits until the returned function is called. */
  holdList(): () => void {
    let release = (): void => undefined;
    const promise = new Promise<void>((resolve) => { release = resolve; });
    this.held = { promise, release };
    return () => { this.held = undefined; release(); };
  }

  async list(): Promise<readonly ProcEntry[]> {
    this.calls.list += 1;
    if (this.held) await this.held.promise;
    const err = this.listFailures.shift();
    if (err) throw err;
    return [...this.procs.values()].map((p) => ({ pid: p.pid, ppid: p.ppid, comm: p.comm, startTime: p.startTime, state: p.state, uid: p.uid, ...(p.pgid === undefined ? {} : { pgid: p.pgid }) }));
  }

  async cmdline(pid: number): Promise<readonly string[] | undefined> {
    this.calls.cmdline += 1;
    return this.procs.get(pid)?.argv;
  }

  async measure(pids: readonly number[]): Promise<ReadonlyMap<number, ProcMetrics>> {
    this.calls.measure += 1;
    this.measured.push([...pids]);
    for (const pid of this.vanishAtMeasure) this.procs.delete(pid);
    this.vanishAtMeasure.clear();
    const err = this.measureFailures.shift();
    if (err) throw err;
    const out = new Map<number, ProcMetrics>();
    for (const pid of pids) {
      const p = this.procs.get(pid);
      if (p) out.set(pid, { ...p.metrics });
    }
    return out;
  }

  async fdLimit(pid: number): Promise<number | undefined> {
    this.calls.fdLimit += 1;
    return this.procs.get(pid)?.fdLimit;
  }

  async fdKinds(pid: number): Promise<FdKindsResult> {
    this.calls.fdKinds += 1;
    const p = this.procs.get(pid);
    if (!p) return 'gone';
    return p.fdKinds ?? kinds({ other: p.metrics.fds ?? 0 });
  }
}
