// Fakes for the stress engine tests: a scripted MCP connector/session and a hand-driven StressMonitor.
import type { CallOutcome, McpConnector, McpSession, ToolInfo } from '../../../source/core/ports.js';
import type { ChurnView, Snapshot, StressView } from '../../../source/core/types.js';
import type { StressMonitor } from '../../../source/core/stress/ports.js';
import { makeSnapshot } from '../../helpers/snapshots.js';

export type Script = (name: string, args: Record<string, unknown>, n: number) => CallOutcome | 'hold';

export class FakeConnector implements McpConnector {
  readonly transport: 'stdio' | 'http' | 'sse';
  readonly calls: { name: string; args: Record<string, unknown> }[] = [];
  opened = 0;
  closed = 0;
  held: ((o: CallOutcome) => void)[] = [];
  garbage = 0;
  failOpen = false;

  constructor(private readonly script: Script = () => ({ ok: true, latencyMs: 2 }), readonly tools: ToolInfo[] = [{ name: 'echo', required: ['message'], properties: ['message'] }], transport: 'stdio' | 'http' | 'sse' = 'stdio') {
    this.transport = transport;
  }

  open(): Promise<McpSession> {
    if (this.failOpen) return Promise.reject(new Error('connection refused'));
    this.opened += 1;
    return Promise.resolve({
      listTools: () => Promise.resolve(this.tools),
      callTool: (name: string, args: Record<string, unknown>) => {
        this.calls.push({ name, args });
        const out = this.script(name, args, this.calls.length);
        if (out === 'hold') return new Promise<CallOutcome>((resolve) => this.held.push(resolve));
        return Promise.resolve(out);
      },
      close: () => { this.closed += 1; return Promise.resolve(); },
      garbageLines: () => this.garbage,
    });
  }

  release(out: CallOutcome = { ok: true, latencyMs: 5 }): void {
    for (const r of this.held.splice(0)) r(out);
  }
}

export class FakeStressMonitor implements StressMonitor {
  snapshot: Snapshot = makeSnapshot();
  readonly stress: (StressView | undefined)[] = [];
  readonly churn: (ChurnView | undefined)[] = [];
  readonly rounds: number[] = [];
  readonly events: { name: string; detail?: Record<string, unknown> }[] = [];
  readonly notices: string[] = [];
  private readonly listeners = new Set<(s: Snapshot) => void>();

  getSnapshot(): Snapshot { return this.snapshot; }
  subscribe(l: (s: Snapshot) => void): () => void { this.listeners.add(l); return () => { this.listeners.delete(l); }; }
  setStress(v: StressView | undefined): void { this.stress.push(v); }
  setChurn(v: ChurnView | undefined): void { this.churn.push(v); }
  markRoundEnd(round: number): void { this.rounds.push(round); }
  event(name: string, detail?: Record<string, unknown>): void { this.events.push(detail === undefined ? { name } : { name, detail }); }
  notice(message: string): void { this.notices.push(message); }

  /** Publish a tick. */
  tick(s: Snapshot = this.snapshot): void {
    this.snapshot = s;
    for (const l of [...this.listeners]) l(s);
  }

  get listenerCount(): number { return this.listeners.size; }
}
