// The churn engine: spawn -> initialize -> (call) -> close by mode, N times; counts survivors, zombies, EOF compliance, own drift.
import type { Clock, McpSession, ProcessSource, SelfSource } from '../ports.js';
import type { ChurnShape, ChurnView, Culprit, McpEra, ProcEntry } from '../types.js';
import { LatencyHistogram } from './latency.js';
import { expandArgs, pickTool } from './tool-pick.js';
import { delay } from './settle.js';
import { idOf, leftovers, treeOf } from './churn-tree.js';
import type { ChurnServer, StressMonitor } from './ports.js';
import { errorText } from '../notices.js';
import { redactArgv } from '../redact.js';

export interface ChurnDeps {
  readonly clock: Clock;
  /** Launch the server for one cycle (through npx when the shape says so: the caller builds the argv). */
  readonly launch: () => Promise<ChurnServer>;
  readonly probe: Pick<ProcessSource, 'list' | 'cmdline'>;
  readonly selfPid: number;
  readonly self?: SelfSource;
  readonly monitor?: StressMonitor;
  /** Ends processes of ours that outlived their cycle (identities verified by the caller before signalling). */
  readonly endProcs: (procs: readonly ProcEntry[]) => Promise<void>;
  /** Does this argv look like the churned server (for orphans re-parented to PID 1)? */
  readonly looksLikeServer: (argv: readonly string[]) => boolean;
  readonly initTimeoutMs?: number;
  readonly callTimeoutMs?: number;
  /** How long a closed tree may take to wind down before leftovers count as survivors, ms (default 500). */
  readonly windDownMs?: number;
  readonly pollMs?: number;
}

const MAX_SAMPLES = 10;

export class ChurnRun {
  private state: ChurnView['state'] = 'running';
  private done = 0;
  private failed = 0;
  private survivors = 0;
  private zombies = 0;
  private eofCompliant = 0;
  private eofChecked = 0;
  private selfFdsStart: number | undefined;
  private selfFdsNow: number | undefined;
  private selfChildrenNow: number | undefined;
  private message: string | undefined;
  private readonly samples: string[] = [];
  private readonly list: Culprit[] = [];
  private readonly hist = new LatencyHistogram();
  private readonly reported = new Set<string>();
  private readonly notServer = new Set<string>();
  private known = new Set<string>();
  private aborted = false;
  private era: McpEra | undefined;
  /** Whether the last cycle's server exited on stdin EOF alone (eof mode). */
  private lastEofOk: boolean | undefined;
  private readonly exclude: ReadonlySet<number>;

  constructor(private readonly shape: ChurnShape, private readonly deps: ChurnDeps) {
    this.exclude = new Set([0, 1, deps.selfPid]);
  }

  abort(): void {
    this.aborted = true;
  }

  view(): ChurnView {
    return {
      state: this.state, mode: this.shape.mode, viaNpx: this.shape.viaNpx, cycles: this.shape.cycles,
      ...(this.era !== undefined ? { era: this.era } : {}),
      done: this.done, failed: this.failed, survivors: this.survivors, zombies: this.zombies,
      eofCompliant: this.eofCompliant, eofChecked: this.eofChecked,
      ...(this.selfFdsStart !== undefined ? { selfFdsStart: this.selfFdsStart } : {}),
      ...(this.selfFdsNow !== undefined ? { selfFdsNow: this.selfFdsNow } : {}),
      ...(this.selfChildrenNow !== undefined ? { selfChildrenNow: this.selfChildrenNow } : {}),
      latencyMs: this.hist.summary(), latencyBuckets: this.hist.buckets(),
      ...(this.message !== undefined ? { message: this.message } : {}),
      survivorSamples: [...this.samples], survivorList: [...this.list],
    };
  }

  /** Runs every cycle (or until aborted / unable to launch) and resolves with the final view; never rejects. */
  async run(): Promise<ChurnView> {
    const { monitor } = this.deps;
    try {
      this.known = new Set((await this.deps.probe.list()).map(idOf));
      await this.readSelf(true);
      this.publish();
      monitor?.event('churn.start', { cycles: this.shape.cycles, mode: this.shape.mode, viaNpx: this.shape.viaNpx });
      let launchFailures = 0;
      for (let c = 1; c <= this.shape.cycles && !this.aborted; c++) {
        const launched = await this.cycle(c);
        launchFailures = launched ? 0 : launchFailures + 1;
        if (launchFailures >= 3) { this.state = 'failed'; break; }
      }
    } catch (err) {
      this.state = 'failed';
      this.message = `churn failed: ${errorText(err)}`;
    }
    if (this.state === 'running') this.state = this.aborted ? 'aborted' : 'done';
    if (this.aborted && this.message === undefined) this.message = `aborted by the user after ${this.done} cycles`;
    await this.readSelf(false);
    monitor?.event('churn.end', { state: this.state, done: this.done, failed: this.failed, survivors: this.survivors });
    this.publish();
    return this.view();
  }

  /** One cycle; false when the server could not even be launched. */
  private async cycle(n: number): Promise<boolean> {
    const { clock, probe } = this.deps;
    const t0 = clock.now();
    let server: ChurnServer;
    try {
      server = await this.deps.launch();
    } catch (err) {
      this.failed += 1;
      this.done += 1;
      this.message = `cycle ${n}: cannot launch: ${errorText(err)}`;
      this.publish();
      return false;
    }
    const pid = server.proc.pid;
    let ok = true;
    let session: McpSession | undefined;
    try {
      session = await server.open(this.deps.initTimeoutMs ?? 10_000);
      if (session.era !== undefined && session.era !== this.era) {
        this.era = session.era;
        this.deps.monitor?.event('churn.era', { era: session.era, cycle: n });
      }
      if (this.shape.callTool) ok = await this.callOne(session);
    } catch (err) {
      ok = false;
      this.message = `cycle ${n}: ${errorText(err)}`;
    }
    const before = treeOf(pid, await probe.list(), this.exclude);
    await session?.close().catch(() => undefined);
    await this.close(server);
    this.hist.add(clock.now() - t0);
    const lo = await this.windDown(before, pid);
    const lookalikes = await this.lookalikes(lo.orphans);
    const found = [...lo.owned, ...lookalikes].filter((p) => !this.reported.has(idOf(p)));
    const owned = new Set(lo.owned.map(idOf));
    for (const p of found) {
      this.reported.add(idOf(p));
      if (this.samples.length < MAX_SAMPLES) this.samples.push(await this.describe(p, n));
      if (this.list.length < MAX_SAMPLES) {
        const argv = await this.deps.probe.cmdline(p.pid);
        this.list.push({ pid: p.pid, ppid: p.ppid, state: p.state, command: argv && argv.length > 0 ? redactArgv(argv).join(' ') : `[${p.comm}]`,
          kind: 'survivor', ended: owned.has(idOf(p)), cycle: n });
      }
    }
    this.survivors += found.length;
    this.zombies += lo.zombies.length;
    // Ours only: lookalikes are reported, never signalled.
    if (lo.owned.length > 0) await this.deps.endProcs(lo.owned);
    await server.proc.stop(200);
    if (!ok) this.failed += 1;
    this.done += 1;
    await this.readSelf(false);
    this.deps.monitor?.event('churn.cycle', { cycle: n, ok, survivors: found.length, exitedOnEof: this.shape.mode === 'eof' ? this.lastEofOk : undefined });
    this.publish();
    // A work checkpoint: a sample at a known cycle count, so any churn speed gives the verdict its evidence.
    if (this.done % Math.max(1, Math.ceil(this.shape.cycles / 24)) === 0) await this.deps.monitor?.checkpoint?.({ cycles: this.done });
    return true;
  }

  private async callOne(session: McpSession): Promise<boolean> {
    const timeout = this.deps.callTimeoutMs ?? 10_000;
    const tools = await session.listTools(timeout);
    const choice = pickTool(tools);
    if ('error' in choice) { this.message = choice.error; return false; }
    const out = await session.callTool(choice.name, expandArgs(choice.args, this.done) as Record<string, unknown>, timeout);
    return out.ok;
  }

  /** Close the way the mode says, escalating (TERM, then KILL of the group) when the server does not go. */
  private async close(server: ChurnServer): Promise<void> {
    const deadline = this.shape.eofDeadlineMs;
    const exitWithin = async (ms: number): Promise<boolean> => {
      if (!server.proc.alive()) return true;
      let exited = false;
      await delay(this.deps.clock, ms, server.proc.exited.then(() => { exited = true; }));
      return exited || !server.proc.alive();
    };
    if (this.shape.mode === 'eof') {
      server.endStdin();
      this.lastEofOk = await exitWithin(deadline);
      this.eofChecked += 1;
      if (this.lastEofOk) { this.eofCompliant += 1; return; }
      server.term();
      if (await exitWithin(deadline)) return;
    } else if (this.shape.mode === 'term') {
      server.term();
      if (await exitWithin(deadline)) return;
    }
    server.killGroup();
    await exitWithin(2000);
  }

  /** Poll until the captured tree is gone or the wind-down time is up; what remains is left over. */
  private async windDown(before: readonly ProcEntry[], pid: number): Promise<ReturnType<typeof leftovers>> {
    const { clock, probe } = this.deps;
    const until = clock.now() + (this.deps.windDownMs ?? 500);
    for (;;) {
      const lo = leftovers(before, pid, await probe.list(), this.exclude, this.known);
      if ((lo.owned.length === 0 && lo.zombies.length === 0) || clock.now() >= until) return lo;
      await delay(clock, this.deps.pollMs ?? 50);
    }
  }

  private async lookalikes(orphans: readonly ProcEntry[]): Promise<ProcEntry[]> {
    const out: ProcEntry[] = [];
    for (const p of orphans) {
      const id = idOf(p);
      if (this.reported.has(id) || this.notServer.has(id)) continue;
      const argv = await this.deps.probe.cmdline(p.pid);
      if (argv !== undefined && this.deps.looksLikeServer(argv)) out.push(p);
      else this.notServer.add(id);
    }
    return out;
  }

  private async describe(p: ProcEntry, cycle: number): Promise<string> {
    const argv = await this.deps.probe.cmdline(p.pid);
    const cmd = argv && argv.length > 0 ? redactArgv(argv).join(' ') : `[${p.comm}]`;
    return `cycle ${cycle}: pid ${p.pid} ${cmd.length > 120 ? `${cmd.slice(0, 117)}...` : cmd}`;
  }

  private async readSelf(first: boolean): Promise<void> {
    const info = await this.deps.self?.read().catch(() => undefined);
    if (!info) return;
    // mcptop's own FDs, less the ones the source holds to read the watched servers (those come and go with them).
    const own = info.fds === undefined ? undefined : info.fds - (info.heldFds ?? 0);
    if (first) this.selfFdsStart = own;
    this.selfFdsNow = own;
    this.selfChildrenNow = info.children;
  }

  private publish(): void {
    this.deps.monitor?.setChurn(this.view());
  }
}
