// The non-interactive sink: one status line per tick on stderr until the duration, the stress or a signal ends the run.
import type { Snapshot } from './core/types.js';
import { formatStatusLine } from './format/status-line.js';

/** What headless needs of the Monitor (the real one, or a fake in tests). */
export interface HeadlessMonitor {
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
  /** A sample now (shares one in flight): the hold after a stress samples fast until the verdicts are decided. */
  tick?(): Promise<unknown>;
}

/** The hold after a stress: a sample this often, ms, until every live server's verdict is decided or the cap. */
export const HOLD_EVERY_MS = 200;
/**
 * ... at most this long after the stress ended (the stated cap of the end rule). 45 s: an idle Node server's heap is
 * collected by V8 ~29 s after its last burst of allocation (measured on the healthy demo: RSS 116 -> 62 MB at 28.8-29.4 s
 * in every run), and growth given back then is garbage, not a leak; a cap at 30 s ended just before it.
 */
export const HOLD_CAP_MS = 45_000;

/** Every live server has a decided verdict (ok or leak): nothing more to wait for. */
export const decided = (s: Snapshot): boolean => s.servers.every((v) => !v.alive || v.verdict !== 'inconclusive');

export interface HeadlessOptions {
  readonly monitor: HeadlessMonitor;
  /** Where status lines go (stderr). */
  readonly write: (line: string) => void;
  /** Stop once the clock passes startedAt + durationMs. */
  readonly durationMs?: number;
  /**
   * Resolves when a --stress run has finished; the run then holds, sampling every `holdEveryMs`, until every live
   * server's verdict is decided (after at least `settleTicks` ticks) or `holdCapMs` passed.
   */
  readonly stressDone?: Promise<unknown>;
  readonly settleTicks?: number;
  readonly holdEveryMs?: number;
  readonly holdCapMs?: number;
  /** Status lines at most this often while holding, ms (the hold samples faster than a person reads). */
  readonly intervalMs?: number;
  /** Resolves when every server mcptop launched has exited and nothing else is watched. */
  readonly allExited?: Promise<unknown>;
  /** Aborted on SIGINT / SIGTERM / SIGHUP. */
  readonly signal: AbortSignal;
}

export type HeadlessEnd = 'duration' | 'stress' | 'signal' | 'exited';

/** Runs until one of the stop rules of shared/CLI.md fires; the caller then stops the Monitor and prints the summary. */
export function runHeadless(opts: HeadlessOptions): Promise<HeadlessEnd> {
  return new Promise<HeadlessEnd>((resolve) => {
    let stressFinished = false;
    let ticksAfterStress = 0;
    let holdStart: number | undefined;
    let lastLine: number | undefined;
    let holdTimer: ReturnType<typeof setTimeout> | undefined;
    const holdEvery = opts.holdEveryMs ?? HOLD_EVERY_MS;
    const holdCap = opts.holdCapMs ?? HOLD_CAP_MS;
    let startedAt: number | undefined;
    const settle = opts.settleTicks ?? 3;
    let unsubscribe: () => void = () => undefined;
    let finished = false;
    const finish = (why: HeadlessEnd): void => {
      if (finished) return;
      finished = true;
      if (holdTimer !== undefined) clearTimeout(holdTimer);
      unsubscribe();
      opts.signal.removeEventListener('abort', onAbort);
      resolve(why);
    };
    const onAbort = (): void => finish('signal');
    if (opts.signal.aborted) {
      resolve('signal');
      return;
    }
    opts.signal.addEventListener('abort', onAbort, { once: true });
    void opts.allExited?.then(() => finish('exited'), () => finish('exited'));
    // Chained: the next hold sample is armed once the last one finished, never stacked.
    const hold = (): void => {
      if (finished || opts.monitor.tick === undefined) return;
      holdTimer = setTimeout(() => { void opts.monitor.tick?.().catch(() => undefined).finally(hold); }, holdEvery);
    };
    const stressEnded = (): void => { stressFinished = true; if (opts.durationMs === undefined) hold(); };
    void opts.stressDone?.then(stressEnded, stressEnded);
    const printed = new Set<string>();
    unsubscribe = opts.monitor.subscribe((snapshot) => {
      // Each notice once, on its own line; a repeat counter ("(×3)") does not make it new.
      for (const n of snapshot.notices) {
        const key = n.replace(/ \(×\d+\)$/, '');
        if (printed.has(key)) continue;
        if (printed.size > 500) printed.clear();
        printed.add(key);
        opts.write(`mcptop: ${n}`);
      }
      if (!stressFinished || lastLine === undefined || snapshot.t - lastLine >= (opts.intervalMs ?? 0)) {
        opts.write(formatStatusLine(snapshot));
        lastLine = snapshot.t;
      }
      startedAt ??= snapshot.startedAt;
      if (opts.durationMs !== undefined && snapshot.t - startedAt >= opts.durationMs) {
        finish('duration');
        return;
      }
      if (opts.durationMs === undefined && stressFinished) {
        holdStart ??= snapshot.t;
        if (++ticksAfterStress >= settle && (decided(snapshot) || snapshot.t - holdStart >= holdCap)) finish('stress');
      }
    });
  });
}
