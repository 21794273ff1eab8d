// MCPTOP_HEAP_LOG=file: the soak bench's window on a live run — one JSON line of memory figures a minute, appended.
import { appendFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Every MCPTOP_HEAP_LOG_MS (default a minute; at least 1 s). */
const DEFAULT_EVERY_MS = 60_000;

/**
 * Starts the log when MCPTOP_HEAP_LOG names a file; returns the stop function (undefined when not asked). Each line
 * holds RSS as it stands, then a full collection and the live heap after it (`liveHeap`): the figure a leak moves.
 * The forced collection is a measurement cost a normal run never pays. A write that fails ends the log silently: a
 * soak probe must never take the monitor down.
 */
export function startHeapLog(env: NodeJS.ProcessEnv = process.env): (() => void) | undefined {
  const file = env.MCPTOP_HEAP_LOG;
  if (file === undefined || file === '') return undefined;
  const every = Math.max(1000, Number(env.MCPTOP_HEAP_LOG_MS) || DEFAULT_EVERY_MS);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  const t0 = Date.now();
  const write = (): boolean => {
    const rss = process.memoryUsage.rss();
    gc?.();
    const m = process.memoryUsage();
    try {
      appendFileSync(file, `${JSON.stringify({ t: Date.now() - t0, rss, liveHeap: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
      return true;
    } catch {
      return false;
    }
  };
  if (!write()) return undefined;
  const timer = setInterval(() => { if (!write()) clearInterval(timer); }, every);
  timer.unref();
  return () => clearInterval(timer);
}
