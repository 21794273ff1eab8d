// Spawns stdio MCP servers in their own process group with the user's whole environment; drains their output; ends whole trees.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { Launcher, LaunchedProcess } from '../core/ports.js';
import { findTree, findTreeSync, killTree } from './kill-tree.js';
import { readProcRowSync } from './churn-probe.js';
import { LineRing } from './mcp-line-ring.js';
import { redactText } from '../core/redact.js';
import { countSignal } from './signals-sent.js';
import type { Guardian } from './guardian.js';

export interface LaunchOptions {
  readonly cwd?: string;
  /** Variables set over the user's whole environment (never instead of it). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface NodeLauncherOptions {
  /** Lines of stderr kept per process (default 200). */
  readonly stderrLines?: number;
  /** Told of every launched process group, so they end even if mcptop is SIGKILLed (see guardian.ts). */
  readonly guardian?: Guardian;
}

/** A launched server; beyond the port it gives its pipes to a stdio MCP session. */
export class NodeLaunchedProcess implements LaunchedProcess {
  readonly pid: number;
  readonly command: readonly string[];
  /** The cwd / env overrides it was launched with (churn relaunches the same way). */
  readonly options: LaunchOptions;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** Start time of the root (clock ticks since boot), to tell our PID from a reused one after it exits. */
  readonly startTime: number | undefined;
  private readonly child: ChildProcess;
  private readonly stderr: LineRing;
  private readonly stdoutListeners = new Set<(chunk: Buffer) => void>();
  private running = true;
  private stopping: Promise<void> | undefined;
  private readonly stoppedListeners: (() => void)[] = [];

  constructor(child: ChildProcess, command: readonly string[], stderrLines: number, options: LaunchOptions = {}) {
    if (child.pid === undefined) throw new Error('spawned process has no pid');
    this.pid = child.pid;
    this.startTime = readStartTimeSync(child.pid);
    this.child = child;
    this.command = command;
    this.options = options;
    // Redacted like everything else mcptop shows or records; once per line, not per frame (see LineRing).
    this.stderr = new LineRing(stderrLines, redactText);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.running = false;
        resolve({ code, signal });
      });
    });
    // Both outputs are always read: a full pipe blocks the server and keeps it from exiting.
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    child.stdout?.on('data', (chunk: Buffer) => {
      for (const l of this.stdoutListeners) l(chunk);
    });
    // EPIPE after the server died must not become an uncaught exception.
    child.stdin?.on('error', () => undefined);
    child.stdout?.on('error', () => undefined);
    child.stderr?.on('error', () => undefined);
  }

  /** The last stderr lines, secrets redacted (the detail pane shows them). */
  stderrTail(): readonly string[] {
    return this.stderr.lines();
  }

  alive(): boolean {
    return this.running;
  }

  /** The server's stdin; writes after exit are swallowed. */
  get stdin(): Writable | null {
    return this.child.stdin;
  }

  /** Subscribe to raw stdout chunks; returns the unsubscribe function. Unsubscribed output is discarded. */
  onStdout(listener: (chunk: Buffer) => void): () => void {
    this.stdoutListeners.add(listener);
    return () => { this.stdoutListeners.delete(listener); };
  }

  /** Close stdin: the protocol's way of asking a stdio server to exit. */
  endStdin(): void {
    const s = this.child.stdin;
    if (s && !s.destroyed && !s.writableEnded) s.end();
  }

  /** SIGKILL the server's whole process group at once, as a crashing host's teardown would. */
  killGroup(): void {
    if (this.pid <= 1 || this.pidReused()) return;
    try { process.kill(-this.pid, 'SIGKILL'); countSignal('SIGKILL'); } catch { /* already empty */ }
  }

  /** Send a signal to the direct child only (what most hosts do). */
  signal(sig: 'SIGTERM' | 'SIGKILL'): void {
    if (this.running && this.child.kill(sig)) countSignal(sig);
  }

  stop(graceMs = 3000): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  /** True when our PID now belongs to another process (ours exited and the number was reused). */
  private pidReused(): boolean {
    if (this.startTime === undefined) return false;
    const now = readStartTimeSync(this.pid);
    return now !== undefined && now !== this.startTime;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.endStdin();
    if (!this.pidReused()) {
      const tree = await findTree(this.pid);
      await killTree(this.pid, graceMs, tree);
    }
    if (this.running) {
      try { if (this.child.kill('SIGKILL')) countSignal('SIGKILL'); } catch { /* gone */ }
    }
    await this.exited;
    this.release();
    for (const l of this.stoppedListeners.splice(0)) l();
  }

  /** Called once stop() has ended the tree. */
  onStopped(listener: () => void): void {
    this.stoppedListeners.push(listener);
  }

  /** SIGKILL the group and every descendant found now, synchronously (for an exit that cannot wait). */
  killTreeNow(): void {
    if (this.pidReused()) return;
    for (const m of findTreeSync(this.pid)) {
      try { process.kill(m.pid, 'SIGKILL'); countSignal('SIGKILL'); } catch { /* gone */ }
    }
    this.killGroup();
  }

  /** Drop our ends of the pipes: an orphan still holding them must not keep mcptop's FDs open. */
  release(): void {
    this.stdoutListeners.clear();
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

const readStartTimeSync = (pid: number): number | undefined => readProcRowSync(pid)?.startTime;

/** Launched processes not yet stopped. */
export type LiveSet = ReadonlySet<NodeLaunchedProcess>;

function spawnError(argv: readonly string[], err: NodeJS.ErrnoException): Error {
  const cmd = argv[0] ?? '';
  const why = err.code === 'ENOENT' ? 'command not found'
    : err.code === 'EACCES' ? 'permission denied (not executable?)'
      : err.message;
  return new Error(`cannot start ${JSON.stringify(cmd)}: ${why}${err.code ? ` (${err.code})` : ''}`);
}

export class NodeLauncher implements Launcher {
  private readonly stderrLines: number;
  private readonly guardian: Guardian | undefined;
  /** Everything launched and not yet stopped: the emergency exit must find it synchronously. */
  private readonly live = new Set<NodeLaunchedProcess>();

  constructor(opts: NodeLauncherOptions = {}) {
    this.stderrLines = opts.stderrLines ?? 200;
    this.guardian = opts.guardian;
  }

  launch(argv: readonly string[], opts: LaunchOptions = {}): Promise<NodeLaunchedProcess> {
    const [cmd, ...args] = argv;
    if (cmd === undefined || cmd === '') return Promise.reject(new Error('cannot start: empty command'));
    return new Promise((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(cmd, args, {
          cwd: opts.cwd,
          env: { ...process.env, ...opts.env },
          stdio: ['pipe', 'pipe', 'pipe'],
          // Its own session and process group: the whole tree can be signalled, and a terminal ^C reaches only us.
          detached: true,
          windowsHide: true,
        });
      } catch (err) {
        reject(spawnError(argv, err as NodeJS.ErrnoException));
        return;
      }
      const onError = (err: NodeJS.ErrnoException): void => {
        child.stdin?.destroy(); child.stdout?.destroy(); child.stderr?.destroy();
        reject(spawnError(argv, err));
      };
      child.once('error', onError);
      child.once('spawn', () => {
        child.off('error', onError);
        child.on('error', () => undefined);
        const proc = new NodeLaunchedProcess(child, argv, this.stderrLines, opts);
        this.live.add(proc);
        // Its own group (detached), led by it: the guardian ends the group if mcptop dies without stopping it.
        this.guardian?.watch(proc.pid, proc.startTime);
        proc.onStopped(() => { this.live.delete(proc); this.guardian?.unwatch(proc.pid); });
        resolve(proc);
      });
    });
  }

  /** Processes launched and not yet stopped. */
  running(): LiveSet {
    return this.live;
  }

  /** Emergency exit (a second ^C): SIGKILL every launched tree synchronously, no grace, no waiting. */
  killAllNow(): void {
    for (const p of this.live) p.killTreeNow();
  }
}
