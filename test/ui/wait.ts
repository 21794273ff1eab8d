// Waits for a rendered frame to satisfy a condition, with a deadline: Ink renders after React commits, not inline.
export async function waitFor(cond: () => boolean, what: string | (() => string), timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The frame's lines, or none before the first render. */
export const lines = (frame: string | undefined): string[] => (frame ?? '').split('\n');

export const KEYS = {
  down: '\u001B[B', up: '\u001B[A', right: '\u001B[C', left: '\u001B[D', enter: '\r', escape: '\u001B',
  ctrlC: '\u0003', pageDown: '\u001B[6~', pageUp: '\u001B[5~', home: '\u001B[H', end: '\u001B[F', backspace: '\u007F', tab: '\t',
} as const;
