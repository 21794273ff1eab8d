#!/usr/bin/env node
// Time to first frame of the TUI, measured from outside: tmux runs a shell that waits on a FIFO, the clock starts when
// the bench writes to it (the shell then execs mcptop), and `tmux capture-pane` is polled every few ms until the boot
// frame ("mcptop  starting") shows, then Ink's first frame (its header's "servers" field). Median of `runs`.
// Run alone: node scripts/bench/first-frame.mjs [--runs 5]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
/** The issue's target: first frame <= 300 ms. */
export const FIRST_FRAME_MS = 300;

const tmux = (sock, ...args) => execFileSync('tmux', ['-L', sock, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** The floor on this host, same run: bare node printing "mcptop" (node's own start-up). */
const BARE = `${process.execPath} -e "process.stdout.write('mcptop servers 0'); setTimeout(() => {}, 3000)"`;

async function once(cli, dir, i, bare = false) {
  const sock = `mcptop-ff-${process.pid}-${i}`;
  const fifo = join(dir, `go-${i}`);
  execFileSync('mkfifo', [fifo]);
  tmux(sock, '-f', '/dev/null', 'new-session', '-d', '-x', '160', '-y', '50',
    bare ? `read _ < ${fifo}; exec ${BARE}` : `read _ < ${fifo}; exec env NO_COLOR=1 ${cli} --name no-such-process-here --interval 1000`);
  try {
    const t0 = performance.now();
    writeFileSync(fifo, 'go\n');
    let boot;
    let ink;
    while (performance.now() - t0 < 20_000 && ink === undefined) {
      const screen = tmux(sock, 'capture-pane', '-p');
      const t = performance.now() - t0;
      if (boot === undefined && screen.includes('mcptop')) boot = t;
      if (/servers \d/.test(screen)) ink = t;
      else await new Promise((r) => setTimeout(r, 5));
    }
    tmux(sock, 'send-keys', 'q');
    await new Promise((r) => setTimeout(r, 300));
    return { boot, ink };
  } finally {
    try { tmux(sock, 'kill-server'); } catch { /* ended with mcptop */ }
  }
}

const median = (xs) => { const s = xs.filter((x) => x !== undefined).sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

export async function benchFirstFrame({ runs = 5, cli = CLI } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-ff-'));
  const got = [];
  const floor = [];
  try {
    for (let i = 0; i < runs; i++) {
      got.push(await once(cli, dir, i));
      floor.push((await once(cli, dir, runs + i, true)).boot);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const boot = median(got.map((g) => g.boot));
  const ink = median(got.map((g) => g.ink));
  const f = (x) => (x === undefined ? '—' : `${x.toFixed(0)} ms`);
  console.log(`first frame (tmux 160x50, median of ${runs}; from exec to capture-pane showing it): boot frame ${f(boot)}, Ink's first frame ${f(ink)}`
    + `  [each: ${got.map((g) => `${f(g.boot)}/${f(g.ink)}`).join(', ')}]`);
  console.log(`reference, same run: bare node writing one line ${f(median(floor))} (median of ${runs})`);
  console.log(`target: first frame <= ${FIRST_FRAME_MS} ms: ${boot !== undefined && boot <= FIRST_FRAME_MS ? 'met' : 'NOT met'}   command: ${cli} --name no-such-process-here`);
  return { boot, ink, runs: got };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--runs');
  await benchFirstFrame({ runs: i > 0 ? Number(process.argv[i + 1]) : 5 });
}
