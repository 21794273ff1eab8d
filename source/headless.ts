// The non-interactive sink: one status line per tick on stderr until the duration, the stress or a signal ends the run.
import type { Snapshot } from './core/types.js';
import { formatStatusLine } from './format/status-line.js';

/** What headless needs of the Monitor (the real one, or a fake in tests). */
export interface HeadlessMonitor {
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
}

export interface HeadlessOptions {
  readonly monitor: HeadlessMonitor;
  /** Where status lines go (stderr). */
  readonly write: (line: string) => void;
  /** Stop once the clock passes startedAt + durationMs. */
  readonly durationMs?: number;
  /** Resolves when a --stress run has finished; the run then stops after `settleTicks` more ticks. */
  readonly stressDone?: Promise<unknown>;
  readonly settleTicks?: number;
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
    let startedAt: number | undefined;
    const settle = opts.settleTicks ?? 3;
    let unsubscribe: () => void = () => undefined;
    let finished = false;
    const finish = (why: HeadlessEnd): void => {
      if (finished) return;
      finished = true;
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
    void opts.stressDone?.then(() => { stressFinished = true; }, () => { stressFinished = true; });
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
      opts.write(formatStatusLine(snapshot));
      startedAt ??= snapshot.startedAt;
      if (opts.durationMs !== undefined && snapshot.t - startedAt >= opts.durationMs) {
        finish('duration');
        return;
      }
      if (opts.durationMs === undefined && stressFinished && ++ticksAfterStress >= settle) finish('stress');
    });
  });
}
