// The profile engine: the load against each tool in turn (a LoadRun per tool), a settle between tools, and a verdict per
// tool and metric from settled baselines, so the table names which tool leaks FDs, memory or processes.
import type { Clock, McpConnector, ToolInfo } from '../ports.js';
import type { LoadShape, ProcKey, StressView } from '../types.js';
import { errorText } from '../notices.js';
import { LoadRun } from './load-engine.js';
import type { StressMonitor } from './ports.js';
import { delay, waitSettled, type SettleOptions } from './settle.js';
import {
  INCONCLUSIVE, judgeTool, orderRows, pointOf, pointsOfRounds, unjudged, type ProfileResult, type ProfileToolRow,
} from './profile-judge.js';

export type { ProfileResult, ProfileToolRow } from './profile-judge.js';

/** Tools whose names say they destroy or end something: profiled only when their arguments are given per tool. */
const DESTRUCTIVE = /(delete|remove|drop|kill|shutdown|exit|reset|uninstall|destroy|wipe|purge)/i;

export interface ProfileDeps {
  readonly clock: Clock;
  readonly connector: McpConnector;
  readonly monitor?: StressMonitor & { setProfile?(result: ProfileResult | undefined): void };
  /**
   * The profiled server (its settled FDs, RSS and processes are read), asked before each tool: a server launched at
   * start is listed only after the first tick. Undefined: the verdicts stay inconclusive.
   */
  readonly serverKey?: () => ProcKey | undefined;
  /** Arguments per tool name ("{i}" as in --args); a tool with required arguments needs an entry to be profiled. */
  readonly toolArgs?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly settle?: SettleOptions | false;
  readonly prepareTimeoutMs?: number;
  /** Passed to each tool's LoadRun (LoadDeps): the concurrency bound and the event-loop yield. */
  readonly maxConcurrency?: number;
  readonly yieldToLoop?: () => Promise<void>;
}

/** Which tools a profile calls, with their arguments, and why the others are skipped. */
export function planTools(tools: readonly ToolInfo[], toolArgs: ProfileDeps['toolArgs'] = {}): { run: { name: string; args: Readonly<Record<string, unknown>> }[]; skipped: ProfileToolRow[] } {
  const run: { name: string; args: Readonly<Record<string, unknown>> }[] = [];
  const skipped: ProfileToolRow[] = [];
  for (const t of tools) {
    const given = Object.hasOwn(toolArgs, t.name) ? toolArgs[t.name] : undefined;
    const why = given !== undefined ? undefined
      : t.required.length > 0 ? `needs arguments (${t.required.join(', ')}): give them per tool with --tool-args`
        : DESTRUCTIVE.test(t.name) ? 'its name suggests a destructive action: give its arguments with --tool-args to include it' : undefined;
    if (why === undefined) run.push({ name: t.name, args: given ?? {} });
    else skipped.push(emptyRow(t.name, 'skipped', why));
  }
  return { run, skipped };
}

function emptyRow(tool: string, state: ProfileToolRow['state'], note: string): ProfileToolRow {
  return { tool, state, note, calls: 0, ok: 0, failed: 0, latencyMs: {}, metrics: unjudged(), verdict: INCONCLUSIVE };
}

export class ProfileRun {
  private current: LoadRun | undefined;
  /** Calls and rounds of the tools already profiled: the Monitor sees one run whose counts only go up. */
  private done = { calls: 0, ok: 0, failed: 0, rounds: 0 };
  private aborted = false;
  private cancelResolve: () => void = () => undefined;
  private readonly cancel = new Promise<void>((resolve) => { this.cancelResolve = resolve; });

  constructor(private readonly shape: LoadShape, private readonly deps: ProfileDeps) {}

  abort(): void {
    this.aborted = true;
    this.cancelResolve();
    this.current?.abort();
  }

  /** Runs every tool in turn and resolves with the table; never rejects (a failing tool is a row, not the end). */
  async run(): Promise<ProfileResult> {
    const { monitor } = this.deps;
    const listed = await this.listTools();
    if (typeof listed === 'string') return this.finish({ state: 'failed', message: listed, tools: [] });
    const plan = planTools(listed, this.deps.toolArgs);
    if (plan.run.length === 0) {
      return this.finish({ state: 'failed', message: 'no tool can be called without arguments: give them with --tool-args', tools: plan.skipped });
    }
    monitor?.event('profile.start', { tools: plan.run.map((t) => t.name), skipped: plan.skipped.map((t) => t.tool) });
    const rows: ProfileToolRow[] = [];
    for (const [i, t] of plan.run.entries()) {
      if (this.aborted) { rows.push(emptyRow(t.name, 'aborted', 'not run: the profile was aborted')); continue; }
      if (i > 0 && this.shape.delayMs > 0) await delay(this.deps.clock, this.shape.delayMs, this.cancel);
      rows.push(await this.profileTool(t.name, t.args));
      monitor?.event('profile.tool', { ...rows[rows.length - 1] });
    }
    return this.finish({ state: this.aborted ? 'aborted' : 'done', tools: [...orderRows(rows), ...plan.skipped] });
  }

  private finish(r: Omit<ProfileResult, 'serverKey'>): ProfileResult {
    const key = this.deps.serverKey?.();
    const result: ProfileResult = { ...r, ...(key === undefined ? {} : { serverKey: key }) };
    this.deps.monitor?.setProfile?.(result);
    this.deps.monitor?.event('profile.end', { state: result.state, tools: result.tools.length });
    return result;
  }

  private async listTools(): Promise<readonly ToolInfo[] | string> {
    const timeout = this.deps.prepareTimeoutMs ?? Math.max(10_000, this.shape.timeoutMs);
    try {
      const s = await this.deps.connector.open();
      try {
        return await s.listTools(timeout);
      } finally {
        await s.close().catch(() => undefined);
      }
    } catch (err) {
      return `cannot list the tools: ${errorText(err)}`;
    }
  }

  /**
   * The Monitor as one tool's LoadRun sees it: calls, rounds and outcomes offset by the tools before, so the
   * whole run's verdict normalises growth by every call made (a count going back to 0 would read as no work).
   */
  private cumulative(monitor: StressMonitor): StressMonitor {
    const o = this.done;
    return {
      getSnapshot: () => monitor.getSnapshot(), subscribe: (l) => monitor.subscribe(l), setChurn: (v) => monitor.setChurn(v),
      event: (n, d) => monitor.event(n, d), notice: (m) => monitor.notice(m),
      markRoundEnd: (r) => monitor.markRoundEnd(o.rounds + r),
      // Work checkpoints too, or the whole run's verdict would see only clock samples of a fast profile.
      ...(monitor.checkpoint === undefined ? {} : {
        checkpoint: (w: { readonly calls?: number; readonly cycles?: number }, fresh?: boolean) =>
          monitor.checkpoint!({ ...w, ...(w.calls === undefined ? {} : { calls: o.calls + w.calls }) }, fresh),
      }),
      setStress: (v) => monitor.setStress(v === undefined ? v : {
        ...v, calls: o.calls + v.calls, ok: o.ok + v.ok, failed: o.failed + v.failed, planned: o.calls + v.planned, round: o.rounds + v.round, rounds: o.rounds + v.rounds,
        ...(v.tool === undefined ? {} : { tool: `${v.tool} (profile)` }),
      }),
    };
  }

  /** Settle, the tool's load (its rounds settle on their own), then the verdicts from before + each round's baseline. */
  private async profileTool(name: string, args: Readonly<Record<string, unknown>>): Promise<ProfileToolRow> {
    const { monitor, clock } = this.deps;
    const known = this.deps.serverKey?.();
    const settled = monitor === undefined ? undefined
      : this.deps.settle === false ? monitor.getSnapshot()
        : await waitSettled(monitor, clock, known === undefined ? undefined : new Set([known]), { ...this.deps.settle, cancel: this.cancel });
    const serverKey = known ?? this.deps.serverKey?.();
    const keys = serverKey === undefined ? undefined : new Set([serverKey]);
    const before = settled === undefined ? undefined : pointOf(settled, serverKey, 0);
    const load = new LoadRun({ ...this.shape, tool: name, args }, {
      clock, connector: this.deps.connector, ...(monitor === undefined ? {} : { monitor: this.cumulative(monitor) }),
      ...(keys === undefined ? {} : { serverKeys: keys }),
      ...(this.deps.settle === undefined ? {} : { settle: this.deps.settle }),
      ...(this.deps.maxConcurrency === undefined ? {} : { maxConcurrency: this.deps.maxConcurrency }),
      ...(this.deps.yieldToLoop === undefined ? {} : { yieldToLoop: this.deps.yieldToLoop }),
    });
    this.current = load;
    const offset = this.done;
    const v: StressView = await load.run();
    this.current = undefined;
    this.done = { calls: offset.calls + v.calls, ok: offset.ok + v.ok, failed: offset.failed + v.failed, rounds: offset.rounds + v.round };
    const base = { tool: name, calls: v.calls, ok: v.ok, failed: v.failed, latencyMs: v.latencyMs };
    if (v.state === 'failed' || (v.calls > 0 && v.ok === 0)) {
      return { ...base, state: 'failed', note: v.message ?? 'every call failed', metrics: unjudged(), verdict: INCONCLUSIVE };
    }
    if (v.state === 'aborted') return { ...base, state: 'aborted', note: v.message ?? 'aborted', metrics: unjudged(), verdict: INCONCLUSIVE };
    const judged = judgeTool(before === undefined ? [] : [before, ...pointsOfRounds(v.roundBaselines, serverKey)]);
    return { ...base, state: 'done', ...(v.failed > 0 ? { note: `${v.failed} calls failed` } : {}), ...judged };
  }
}
