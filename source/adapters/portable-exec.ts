// Runs the helper commands of the portable backend (ps, lsof, prlimit): never rejects, always reaps, bounded in time.
import { execFile } from 'node:child_process';

export interface RunResult {
  readonly stdout: string;
  /** Exit code; undefined when the command could not run (missing binary, killed by the timeout). */
  readonly code: number | undefined;
}

/** A command runner, injectable so tests can replace ps/lsof output. */
export type Runner = (cmd: string, args: readonly string[]) => Promise<RunResult>;

/**
 * execFile with the C locale (stable date and number formats) and a timeout, so a hung lsof (a dead NFS mount)
 * cannot stall ticks forever. lsof and ps exit 1 when some asked-for pid is gone while still printing the others, so
 * stdout is returned whatever the code.
 */
export const runCommand: Runner = (cmd, args) =>
  new Promise((resolve) => {
    execFile(
      cmd,
      [...args],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 15_000, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : undefined;
        resolve({ stdout: typeof stdout === 'string' ? stdout : '', code });
      },
    );
  });
