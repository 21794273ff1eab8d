// A small live Monitor stand-in for controller tests: ticks on a real timer, lists attached and watched pids as servers.
import { readdirSync } from 'node:fs';
import type { LaunchedProcess } from '../../source/core/ports.js';
import type { ChurnView, Snapshot, StressView } from '../../source/core/types.js';
import type { ControllerMonitor } from '../../source/stress/controller.js';
import { readProcRow } from '../../source/adapters/churn-probe.js';
import { makeServer, makeSnapshot } from '../helpers/snapshots.js';

export class LiveMonitorStub implements ControllerMonitor {
  readonly stress: StressView[] = [];
  readonly churn: ChurnView[] = [];
  readonly rounds: number[] = [];
  readonly events: string[] = [];
  readonly notices: string[] = [];
  readonly attached = new Map<number, LaunchedProcess>();
  readonly watched = new Set<number>();
  private snap: Snapshot = makeSnapshot({ servers: [], intervalMs: 50 });
  private readonly listeners = new Set<(s: Snapshot) => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tickNo = 0;

  start(): this {
    const loop = async (): Promise<void> => {
      await this.tick();
      this.timer = setTimeout(() => { void loop(); }, 50);
    };
    void loop();
    return this;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  async tick(): Promise<void> {
    const pids = [...this.attached.keys(), ...this.watched];
    const servers = [];
    for (const pid of pids) {
      const row = await readProcRow(pid);
      if (!row) continue;
      let fds: number | undefined;
      try { fds = readdirSync(`/proc/${pid}/fd`).length; } catch { fds = undefined; }
      servers.push(makeServer({ pid, key: `${pid}@${row.startTime}`, launched: this.attached.has(pid), alive: row.state !== 'Z', command: `pid ${pid}`, latest: { fds, procs: 1 } }));
    }
    this.tickNo += 1;
    this.snap = makeSnapshot({ servers, intervalMs: 50, tick: this.tickNo });
    for (const l of [...this.listeners]) l(this.snap);
  }

  getSnapshot(): Snapshot { return this.snap; }
  subscribe(l: (s: Snapshot) => void): () => void { this.listeners.add(l); return () => { this.listeners.delete(l); }; }
  setStress(v: StressView | undefined): void { if (v) this.stress.push(v); }
  setChurn(v: ChurnView | undefined): void { if (v) this.churn.push(v); }
  markRoundEnd(round: number): void { this.rounds.push(round); }
  event(name: string): void { this.events.push(name); }
  notice(message: string): void { this.notices.push(message); }
  attachLaunched(pid: number, proc: LaunchedProcess): void { this.attached.set(pid, proc); }

  lastStress(): StressView | undefined { return this.stress.at(-1); }
  lastChurn(): ChurnView | undefined { return this.churn.at(-1); }
}
