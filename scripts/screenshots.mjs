#!/usr/bin/env node
// Regenerates screenshots/: drives the real TUI (--demo) in tmux, captures each view as text and as an SVG picture.
// Run with `npm run screenshots` whenever the UI changes; the README shows the SVGs.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ansiToSvg } from './ansi-to-svg.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}screenshots`;
const SOCK = `mcptop-shots-${process.pid}`;
const W = 150;
const H = 42;
const tmux = (...a) => execFileSync('tmux', ['-L', SOCK, '-f', '/dev/null', ...a], { encoding: 'utf8' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const screen = (history = false) => tmux('capture-pane', '-p', '-e', '-t', 'shot', ...(history ? ['-S', '-200'] : []));
const plain = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');

async function waitFor(re, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const s = plain(screen(true));
    if (re.test(s)) return;
    if (Date.now() > end) throw new Error(`screenshots: timed out waiting for ${what}:\n${s}`);
    await sleep(200);
  }
}

function save(name, title, history = false) {
  let text = screen(history);
  if (history) {
    // The exit summary: from the summary header to the prompt line.
    const lines = text.split('\n');
    const start = lines.findIndex((l) => plain(l).startsWith('mcptop summary'));
    const end = lines.findIndex((l) => plain(l).startsWith('EXIT='));
    text = `${lines.slice(Math.max(0, start), end === -1 ? undefined : end).join('\n')}\n`;
  }
  text = text.replace(/\n+$/, '\n');
  writeFileSync(`${OUT}/${name}.txt`, plain(text));
  writeFileSync(`${OUT}/${name}.svg`, ansiToSvg(text, { cols: W, title }));
  console.log(`screenshots/${name}.svg`);
}

mkdirSync(OUT, { recursive: true });
const fixturePids = [];
let fixtureDir;
// A real orphan for the cleanup view: started by a shell that exits at once, so it is re-parented to PID 1.
const ORPHAN = 'mcp-orphaned-by-a-dead-wrapper';
execFileSync('sh', ['-c', `${process.execPath} -e 'setInterval(() => {}, 1e9)' ${ORPHAN} >/dev/null 2>&1 &`]);
const killOrphan = () => { try { execFileSync('pkill', ['-f', ORPHAN]); } catch { /* already ended by the cleanup */ } };
try {
  tmux('new-session', '-d', '-s', 'shot', '-x', String(W), '-y', String(H),
    `TERM=xterm-256color node ${ROOT}dist/cli.js --demo --match ${ORPHAN} --min-age 0 --cleanup-log /tmp/mcptop-shots-cleanup.log --interval 500; echo EXIT=$?; sleep 600`);
  await waitFor(/leak\b/, 60_000, 'the leaky demo server to be judged a leak');
  save('table', 'mcptop --demo: the table and the FD chart of the selected server');
  await waitFor(/fds growing by target/, 30_000, 'the FD targets of the leaky server in the detail pane');
  save('attribution', 'mcptop: the detail pane names what the leaky server\'s new FDs point at');
  tmux('send-keys', '-t', 'shot', 'Down');
  tmux('send-keys', '-t', 'shot', 'm');
  tmux('send-keys', '-t', 'shot', 'Enter');
  await sleep(1500);
  save('detail', 'mcptop: RSS chart, FD kinds and the process tree of the healthy demo server');
  tmux('send-keys', '-t', 'shot', 'Enter');
  tmux('send-keys', '-t', 'shot', 'Up');
  tmux('send-keys', '-t', 'shot', 'm');
  tmux('send-keys', '-t', 'shot', 's');
  await waitFor(/users/i, 10_000, 'the load form');
  save('stress-form', 'mcptop: the load form (key s)');
  tmux('send-keys', '-t', 'shot', 'Enter');
  await waitFor(/round 2|p95/i, 60_000, 'the stress panel');
  await sleep(2000);
  save('stress', 'mcptop: a load run against the leaky demo server');
  await waitFor(/done/i, 120_000, 'the load to finish');
  tmux('send-keys', '-t', 'shot', 'k');
  await waitFor(/Orphans/, 10_000, 'the orphan in the cleanup view');
  save('cleanup', 'mcptop: the cleanup view (key k) with a real orphan');
  tmux('send-keys', '-t', 'shot', 'Enter');
  await waitFor(/ended by TERM|needed KILL/, 20_000, 'the cleanup outcome');
  await sleep(500);
  save('cleanup-done', 'mcptop: cleanup outcomes');
  tmux('send-keys', '-t', 'shot', 'Escape');
  await sleep(1000);
  tmux('send-keys', '-t', 'shot', '?');
  await sleep(800);
  save('help', 'mcptop: keys (?)');
  tmux('send-keys', '-t', 'shot', 'Escape');
  // A lone Esc followed at once by a letter reads as Meta+letter: let Ink flush the Esc first.
  await sleep(800);
  tmux('send-keys', '-t', 'shot', 'q');
  await waitFor(/EXIT=\d/, 30_000, 'mcptop to exit');
  save('summary', 'mcptop: the growth summary and leak verdicts printed on exit', true);
  tmux('kill-session', '-t', 'shot');
  await discoveryShots();
  profileShot();
} finally {
  try { tmux('kill-server'); } catch { /* gone */ }
  killOrphan();
  for (const pid of fixturePids) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  if (fixtureDir) rmSync(fixtureDir, { recursive: true, force: true });
}

/**
 * The per-tool profile of the README's "Finding the cause" example: headless, so the picture is the summary it prints.
 */
function profileShot() {
  fixtureDir ??= mkdtempSync(`${tmpdir()}/mcptop-shots-`);
  const args = `${fixtureDir}/args.json`;
  writeFileSync(args, JSON.stringify({ echo: { message: 'hi {i}' }, add: { a: 1, b: 2 } }));
  const res = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, '--headless', '--stress', 'profile', '--users', '4', '--calls', '50',
    '--rounds', '3', '--delay', '0', '--interval', '500', '--tool-args', args, '--', 'node', `${ROOT}dist/demo/leaky-server.js`],
  { encoding: 'utf8', timeout: 180_000, env: { ...process.env, NO_COLOR: '1' } });
  const text = `$ mcptop --headless --stress profile --users 4 --calls 50 --rounds 3 --delay 0 --tool-args args.json -- node dist/demo/leaky-server.js\n${res.stdout}`;
  writeFileSync(`${OUT}/profile.txt`, plain(text));
  writeFileSync(`${OUT}/profile.svg`, ansiToSvg(text, { cols: W, title: 'mcptop --stress profile: which tool leaks, on which metric' }));
  console.log('screenshots/profile.svg');
}

/**
 * `mcptop` with no target: stand-in servers from test/fixtures/discovery (a configured one, an mcp-server-* behind a
 * shell wrapper, a host's stdio child, an orphan whose stdin peer is gone), narrowed with `/` to those fixtures
 * (other MCP servers may run on the machine), then the `l` pane.
 */
async function discoveryShots() {
  const fix = `${ROOT}test/fixtures/discovery`;
  fixtureDir = mkdtempSync(`${tmpdir()}/mcptop-shots-`);
  const clients = `${fixtureDir}/clients.json`;
  writeFileSync(clients, JSON.stringify({ mcpServers: { weather: { command: 'node', args: [`${fix}/weather-tool.mjs`, 'shots'] } } }));
  const start = (cmd, args) => {
    const c = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    fixturePids.push(c.pid);
    return c;
  };
  start(process.execPath, [`${fix}/weather-tool.mjs`, 'shots']);
  start(process.execPath, [`${fix}/weather-tool.mjs`, 'shots']);
  start('sh', ['-c', `${process.execPath} ${fix}/mcp-server-fixture.mjs shots; true`]);
  start(process.execPath, [`${fix}/supergateway.mjs`, 'run', 'shots']);
  start(process.execPath, [`${fix}/plain-worker.mjs`, 'shots']);
  const orphan = execFileSync(process.execPath, [`${fix}/supergateway.mjs`, '--orphan', 'shots'], { encoding: 'utf8' }).trim();
  fixturePids.push(Number(orphan));
  await sleep(500);
  tmux('new-session', '-d', '-s', 'shot', '-x', String(W), '-y', String(H),
    `TERM=xterm-256color node ${ROOT}dist/cli.js --clients-config ${clients} --interval 500; echo EXIT=$?; sleep 600`);
  await waitFor(/SERVER/, 30_000, 'the zero-config table');
  tmux('send-keys', '-t', 'shot', '/');
  tmux('send-keys', '-t', 'shot', '-l', 'fixtures/discovery');
  tmux('send-keys', '-t', 'shot', 'Enter');
  await waitFor(/supergateway \(pid \d+\)[\s\S]*no host: 4 servers, 1 duplicated/, 30_000, 'the host groups');
  tmux('send-keys', '-t', 'shot', 'End');
  await sleep(3000);
  save('discovery', 'mcptop with no target: the MCP servers of this machine grouped by host, a dead stdin flagged');
  tmux('send-keys', '-t', 'shot', 'l');
  await waitFor(/open FDs of pid/, 10_000, 'the FD pane');
  await sleep(1000);
  save('fds', 'mcptop: open FDs of the selected server with their targets (key l)');
  tmux('send-keys', '-t', 'shot', 'q');
  await waitFor(/EXIT=\d/, 30_000, 'mcptop to exit');
}
