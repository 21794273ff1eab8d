// Test helpers for the stress/launcher suites: paths, waiting on a condition with a deadline, process liveness.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import type { LaunchedProcess } from '../../source/core/ports.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'servers');
export const EVERYTHING = join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const NODE = process.execPath;

/** argv running a TypeScript file of this repo through tsx (absolute paths, so the runner sees leftovers). */
export const tsArgv = (rel: string, ...args: string[]): string[] => [NODE, '--import', 'tsx', join(ROOT, rel), ...args];
export const fixtureArgv = (name: string, ...args: string[]): string[] => [NODE, join(FIXTURES, name), ...args];

/** Poll a condition until it holds or the deadline passes (never a fixed sleep). */
export async function waitFor<T>(cond: () => T | undefined | false | Promise<T | undefined | false>, deadlineMs: number, what: string): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const v = await cond();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** True while pid runs (a zombie counts as ended). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Last-resort cleanup for a test's processes: SIGKILL each pid that still runs. */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    if (pid > 1 && pid !== process.pid && running(pid)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
}

/** Stop launched processes quickly (test teardown). */
export async function stopAll(procs: Iterable<LaunchedProcess>): Promise<void> {
  await Promise.all([...procs].map((p) => p.stop(200)));
}

/** Collects a launched process's stdout as text. */
export function collectStdout(p: { onStdout(l: (c: Buffer) => void): () => void }): { text: () => string; stop: () => void } {
  let text = '';
  const stop = p.onStdout((c) => { text += c.toString('utf8'); });
  return { text: () => text, stop };
}

/** Own open file descriptors of this test process. */
export function ownFds(): number {
  return readdirSync('/proc/self/fd').length;
}
