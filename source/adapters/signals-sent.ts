// How many signals mcptop itself has sent, by signal: one process-wide tally the kill paths add to and exporters read.

export type SentSignal = 'SIGTERM' | 'SIGKILL';

const tally: Record<SentSignal, number> = { SIGTERM: 0, SIGKILL: 0 };

/** Counts one signal that was delivered (process.kill did not throw). */
export function countSignal(signal: NodeJS.Signals | SentSignal): void {
  if (signal === 'SIGTERM' || signal === 'SIGKILL') tally[signal] += 1;
}

/** The tally so far (a copy). */
export const signalsSent = (): Readonly<Record<SentSignal, number>> => ({ ...tally });
