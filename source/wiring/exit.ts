// Exit codes of shared/CLI.md and the one-line rendering of every error that reaches the top.
import { HELP_HINT } from '../help.js';
import { errorText } from '../core/notices.js';
import type { RunSummary } from '../core/summary-types.js';

export const EXIT = { ok: 0, leak: 1, usage: 2, target: 3, internal: 4, inconclusive: 5, sighup: 129, sigint: 130, sigterm: 143 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a run ended by this signal (128 + its number), or undefined when the reason is not a signal. */
export function signalExit(reason: unknown): ExitCode | undefined {
  return reason === 'SIGHUP' ? EXIT.sighup : reason === 'SIGINT' ? EXIT.sigint : reason === 'SIGTERM' ? EXIT.sigterm : undefined;
}

/** Why the stress could not run (it failed to start, or most of its calls failed); undefined when it ran or there was none. */
export function stressFailure(s: Pick<RunSummary, 'stress' | 'churn'>): string | undefined {
  const load = s.stress;
  if (load) {
    if (load.state === 'failed') return `the load could not run: ${load.message ?? 'failed'}`;
    if (load.calls > 0 && load.failed * 2 > load.calls) return `most calls failed (${load.failed} of ${load.calls})`;
  }
  const churn = s.churn;
  if (churn) {
    if (churn.state === 'failed') return `the churn could not run: ${churn.message ?? 'failed'}`;
    if (churn.cycles > 0 && churn.failed * 2 > churn.cycles) return `most churn cycles failed (${churn.failed} of ${churn.cycles})`;
  }
  return undefined;
}

/**
 * The exit code of a finished run (shared/CLI.md): 1 a leak or CRIT, 3 a stress that could not run, 5 inconclusive;
 * --fail-on leak lets inconclusive pass, --fail-on never lets every verdict pass (a stress that could not run still fails).
 */
export function finishedExit(s: Pick<RunSummary, 'verdict' | 'critReached' | 'stress' | 'churn'>, failOn: 'leak' | 'inconclusive' | 'never'): ExitCode {
  if (failOn !== 'never' && (s.verdict === 'leak' || s.critReached)) return EXIT.leak;
  if (stressFailure(s) !== undefined) return EXIT.target;
  if (failOn === 'inconclusive' && s.verdict === 'inconclusive') return EXIT.inconclusive;
  return EXIT.ok;
}

/** A failure with a known exit code and a message that is already readable (no stack trace). */
export class TargetError extends Error {
  constructor(message: string, readonly code: ExitCode = EXIT.target) {
    super(message);
  }
}

/** Prints one line for an error and returns its exit code. */
export function fail(error: unknown, write: (line: string) => void): ExitCode {
  if (error instanceof TargetError) {
    write(`mcptop: ${error.message}${error.code === EXIT.usage ? `. ${HELP_HINT}` : ''}\n`);
    return error.code;
  }
  const message = errorText(error);
  write(`mcptop: internal error: ${message.split('\n')[0] ?? ''}\n`);
  if (process.env['MCPTOP_DEBUG'] !== undefined && error instanceof Error) write(`${error.stack ?? ''}\n`);
  return EXIT.internal;
}
