// Drives a program in a real terminal: a private tmux server, send-keys to type, capture-pane to read the screen.
import { execFileSync } from 'node:child_process';

export class TmuxSession {
  private readonly socket = `mcptop-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  private readonly name = 'main';

  /** Starts `command` (a shell line) in a detached session of the given size. */
  constructor(command: string, readonly width = 140, readonly height = 40, env: Record<string, string> = {}) {
    const exports = Object.entries(env).map(([k, v]) => `export ${k}=${JSON.stringify(v)}; `).join('');
    this.tmux(['new-session', '-d', '-s', this.name, '-x', String(width), '-y', String(height), `${exports}${command}`]);
    this.tmux(['set-option', '-t', this.name, 'remain-on-exit', 'on']);
  }

  private tmux(args: readonly string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The visible screen as text (with `history`, the scrollback too). */
  capture(history = false): string {
    return this.tmux(['capture-pane', '-p', '-t', this.name, ...(history ? ['-S', '-2000'] : [])]);
  }

  /** The screen with colours, for screenshots. */
  captureAnsi(): string {
    return this.tmux(['capture-pane', '-p', '-e', '-t', this.name]);
  }

  send(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.name, ...keys]);
  }

  /** Resizes the window (and its pane): the program gets SIGWINCH. */
  resize(width: number, height: number): void {
    this.tmux(['resize-window', '-t', this.name, '-x', String(width), '-y', String(height)]);
  }

  /** pid of the program running in the pane. */
  panePid(): number {
    return Number(this.tmux(['display-message', '-p', '-t', this.name, '#{pane_pid}']).trim());
  }

  paneDead(): boolean {
    return this.tmux(['display-message', '-p', '-t', this.name, '#{pane_dead}']).trim() === '1';
  }

  async waitFor(pred: (screen: string) => boolean, timeoutMs: number, what: string, history = false): Promise<string> {
    const end = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = this.capture(history);
      if (pred(screen)) return screen;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  kill(): void {
    try {
      this.tmux(['kill-server']);
    } catch {
      /* already gone */
    }
  }
}
