// The cleanup log: one line appended per signal and per final outcome, under XDG_STATE_HOME by default.
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CleanupLog, CleanupLogEntry } from '../core/cleanup/types.js';
import { errorText } from '../core/notices.js';

/** $XDG_STATE_HOME/mcptop/cleanup.log, else ~/.local/state/mcptop/cleanup.log. */
export function defaultCleanupLogPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const state = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME.startsWith('/') ? env.XDG_STATE_HOME : join(home, '.local', 'state');
  return join(state, 'mcptop', 'cleanup.log');
}

/** Tab-separated: ISO time, pid, start time, reason, signal, outcome, command (tabs and newlines in it escaped). */
export function formatLogLine(e: CleanupLogEntry): string {
  const command = e.command.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r?\n/g, '\\n');
  const time = Number.isFinite(e.t) ? new Date(e.t).toISOString() : String(e.t);
  return [time, e.pid, e.startTime, e.reason, e.signal, e.outcome, command].join('\t');
}

export class FileCleanupLog implements CleanupLog {
  /** Write failures after opening, kept so the caller can report them (a log failure never stops a cleanup midway). */
  readonly errors: string[] = [];

  private constructor(readonly path: string) {}

  /** Creates the directory and the file (mode 0600) or throws with the reason, before anything is signalled. */
  static open(path: string): FileCleanupLog {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    closeSync(openSync(path, 'a', 0o600));
    return new FileCleanupLog(path);
  }

  append(entry: CleanupLogEntry): void {
    try {
      appendFileSync(this.path, `${formatLogLine(entry)}\n`);
    } catch (err) {
      this.errors.push(errorText(err));
    }
  }
}
