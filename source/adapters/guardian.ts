// The guardian: a tiny process holding a pipe from mcptop that ends every launched process group when the pipe closes,
// so what mcptop launched dies with it even on SIGKILL (which no handler of mcptop's own can catch).
import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The guardian's whole program. It reads lines from stdin: "+PGID START" (watch a process group whose leader has this
 * start time, /proc field 22), "-PGID" (forget it), "." (mcptop is ending normally: exit without killing). On EOF
 * without "." mcptop died: each group still led by the same process (or with no leader left, so the number cannot
 * have been reused) gets SIGTERM, then SIGKILL a second later, and the guardian exits. It lives in its own session,
 * so a terminal's ^C or hang-up reaches mcptop and not it.
 */
export const GUARDIAN_SCRIPT = String.raw`
const fs = require('node:fs');
const groups = new Map();
let buf = '';
let done = false;
const start = (pid) => {
  try { const s = fs.readFileSync('/proc/' + pid + '/stat', 'latin1'); return s.slice(s.lastIndexOf(')') + 2).split(' ')[19]; }
  catch { return undefined; }
};
const ours = (pgid, st) => { const now = start(pgid); return now === undefined || st === '' || now === st; };
const signal = (sig) => { for (const [pgid, st] of groups) if (ours(pgid, st)) { try { process.kill(-pgid, sig); } catch {} } };
for (const s of ['SIGINT', 'SIGHUP', 'SIGTERM', 'SIGPIPE']) process.on(s, () => {});
process.stdin.on('data', (chunk) => {
  buf += chunk.toString('latin1');
  let nl;
  while ((nl = buf.indexOf('\n')) >= 0) {
    const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
    if (line === '.') done = true;
    else if (line[0] === '+') { const [pgid, st] = line.slice(1).split(' '); if (Number(pgid) > 1) groups.set(Number(pgid), st || ''); }
    else if (line[0] === '-') groups.delete(Number(line.slice(1)));
  }
});
process.stdin.on('error', () => {});
process.stdin.on('close', () => {
  if (done || groups.size === 0) process.exit(0);
  signal('SIGTERM');
  setTimeout(() => { signal('SIGKILL'); process.exit(0); }, 1000);
});
`;

/** The guardian as the launcher sees it: register a launched process group, forget it, end normally. */
export interface Guardian {
  watch(pgid: number, startTime: number | undefined): void;
  unwatch(pgid: number): void;
  /** mcptop is ending normally (everything already stopped): the guardian exits without signalling anything. */
  dispose(): void;
}

/** Starts the guardian lazily, at the first watched group; never keeps mcptop's event loop alive. */
export class ProcessGuardian implements Guardian {
  private child: ChildProcess | undefined;
  private failed = false;

  private ensure(): ChildProcess | undefined {
    if (this.child !== undefined || this.failed) return this.child;
    try {
      const child = spawn(process.execPath, ['-e', GUARDIAN_SCRIPT, 'mcptop-guardian'], {
        stdio: ['pipe', 'ignore', 'ignore'], detached: true, windowsHide: true,
      });
      child.on('error', () => { this.failed = true; });
      child.stdin?.on('error', () => undefined);
      child.unref();
      // The pipe is a handle too: unreferenced, it cannot hold mcptop open at exit (the socket is internal to Node).
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      this.child = child;
    } catch {
      this.failed = true;
    }
    return this.child;
  }

  private send(line: string): void {
    const stdin = this.ensure()?.stdin;
    if (stdin && !stdin.destroyed && !stdin.writableEnded) stdin.write(`${line}\n`);
  }

  watch(pgid: number, startTime: number | undefined): void {
    if (pgid > 1) this.send(`+${pgid} ${startTime ?? ''}`);
  }

  unwatch(pgid: number): void {
    if (this.child !== undefined) this.send(`-${pgid}`);
  }

  dispose(): void {
    const stdin = this.child?.stdin;
    if (stdin && !stdin.destroyed && !stdin.writableEnded) stdin.end('.\n');
  }
}
