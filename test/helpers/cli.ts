// Runs the built CLI (dist/cli.js) as a real process and waits for conditions with deadlines, never fixed sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = `${ROOT}dist/cli.js`;
export const EVERYTHING = `${ROOT}node_modules/@modelcontextprotocol/server-everything/dist/index.js`;

export interface CliRun {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits until `pred` holds for the output seen so far. */
  waitFor(pred: (out: { stdout: string; stderr: string }) => boolean, timeoutMs: number, what: string): Promise<void>;
  kill(): Promise<void>;
}

export function runCli(args: readonly string[], opts: { env?: Record<string, string>; cwd?: string } = {}): CliRun {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { out += d; for (const w of waiters) w(); });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { err += d; for (const w of waiters) w(); });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => { for (const w of waiters) w(); resolve({ code, signal }); });
  });
  let exited = false;
  void done.then(() => { exited = true; });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    done,
    waitFor(pred, timeoutMs, what) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pred({ stdout: out, stderr: err })) { cleanup(); resolve(); return; }
          if (exited) { cleanup(); reject(new Error(`mcptop exited before ${what}\nstdout:\n${out}\nstderr:\n${err}`)); }
        };
        const timer = setTimeout(() => { cleanup(); reject(new Error(`timed out waiting for ${what}\nstdout:\n${out}\nstderr:\n${err}`)); }, timeoutMs);
        const cleanup = (): void => { clearTimeout(timer); waiters.delete(check); };
        waiters.add(check);
        check();
      });
    },
    async kill() {
      if (!exited) child.kill('SIGKILL');
      await done;
    },
  };
}

/** Descendant pids of `pid` right now, from /proc (so a test can check that mcptop left none behind). */
export function descendantsOf(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const line of readProcTable()) parent.set(line.pid, line.ppid);
  const out: number[] = [];
  for (const [p] of parent) {
    let cur = parent.get(p);
    for (let hops = 0; cur !== undefined && cur > 1 && hops < 64; hops++) {
      if (cur === pid) { out.push(p); break; }
      cur = parent.get(cur);
    }
  }
  return out;
}

function readProcTable(): { pid: number; ppid: number }[] {
  const rows: { pid: number; ppid: number }[] = [];
  for (const name of readdirSafe('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(name), ppid: Number(rest[1]) });
    } catch { /* gone */ }
  }
  return rows;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** True while a process with this pid exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Polls `pred` until it holds or the deadline passes. */
export async function eventually(pred: () => boolean, timeoutMs: number, what: string, pollMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
