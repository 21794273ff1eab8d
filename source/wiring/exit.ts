// Exit codes of shared/CLI.md and the one-line rendering of every error that reaches the top.
import { HELP_HINT } from '../help.js';
import { errorText } from '../core/notices.js';

export const EXIT = { ok: 0, leak: 1, usage: 2, target: 3, internal: 4, sighup: 129, sigint: 130, sigterm: 143 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a run ended by this signal (128 + its number), or undefined when the reason is not a signal. */
export function signalExit(reason: unknown): ExitCode | undefined {
  return reason === 'SIGHUP' ? EXIT.sighup : reason === 'SIGINT' ? EXIT.sigint : reason === 'SIGTERM' ? EXIT.sigterm : undefined;
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
