// SIGINT / SIGTERM / SIGHUP end the session gracefully (summary still printed); a second signal ends it at once.
import { EXIT, signalExit } from './exit.js';

export interface SignalGuard {
  dispose(): void;
}

/**
 * The first signal aborts `shutdown` so the TUI or headless loop returns and teardown runs. A second one means the user
 * will not wait: `emergency` kills what mcptop launched synchronously and the process exits.
 */
export function installSignals(shutdown: AbortController, emergency: () => void): SignalGuard {
  let count = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    count += 1;
    if (count === 1) {
      shutdown.abort(signal);
      return;
    }
    emergency();
    process.exit(signalExit(signal) ?? EXIT.sigterm);
  };
  const names: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const n of names) process.on(n, onSignal);
  // A closed terminal (SIGHUP) or a closed pipe must not turn the final summary into a crash.
  const onPipeError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== 'EPIPE') throw error;
  };
  process.stdout.on('error', onPipeError);
  process.stderr.on('error', onPipeError);
  return {
    dispose(): void {
      for (const n of names) process.off(n, onSignal);
    },
  };
}
