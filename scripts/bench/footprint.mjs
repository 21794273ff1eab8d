#!/usr/bin/env node
// Footprint of the whole program: the TUI (in tmux) and headless mcptop watching 100 target processes for 60 s —
// CPU % of one core (utime+stime delta from /proc) and RSS, plus idle RSS and a check that no child is spawned per tick.
// It runs the installed bin (dist/cli.js through its shebang), exactly as a user's `mcptop` runs. The targets are
// `sleep`s this bench starts, matched exactly by their argv[0] marker (`--match '^mcptop-bench-<pid>-f '`), never
// by name (`--name sleep` would watch every sleep on a shared host). A bare node idling is the reference, same run.
// The idle pair is measured again on the package as a user installs it (npm pack, npm install of the tarball).
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTargets } from './targets.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const HZ = 100; // USER_HZ
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return { cpuTicks: Number(f[11]) + Number(f[12]), rssPages: Number(f[21]) };
}
const rssMB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) / 1024;
const childrenOf = (pid) => {
  try { return readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim().split(/\s+/).filter(Boolean).length; } catch { return 0; }
};

async function measure(pid, seconds) {
  await sleep(3000); // start-up and the first host read are not the steady state
  const a = stat(pid);
  const t0 = Date.now();
  let maxChildren = 0;
  for (let i = 0; i < seconds; i++) { await sleep(1000); maxChildren = Math.max(maxChildren, childrenOf(pid)); }
  const b = stat(pid);
  const cpuPct = ((b.cpuTicks - a.cpuTicks) / HZ) / ((Date.now() - t0) / 1000) * 100;
  return { cpuPct, rssMB: rssMB(pid), maxChildren };
}

/** The TUI (tmux 160x50) and headless with nothing matched, `seconds` each after start-up: RSS and CPU of `cli`. */
async function idle(cli, tag, seconds) {
  execFileSync('tmux', ['-L', tag, '-f', '/dev/null', 'new-session', '-d', '-x', '160', '-y', '50',
    `exec env NO_COLOR=1 ${cli} --name no-such-process-here --interval 1000`]);
  try {
    const pane = Number(execFileSync('tmux', ['-L', tag, 'display-message', '-p', '#{pane_pid}'], { encoding: 'utf8' }).trim());
    const tui = await measure(pane, seconds);
    execFileSync('tmux', ['-L', tag, 'send-keys', 'q']);
    await sleep(1500);
    const h = spawn(cli, ['--headless', '--name', 'no-such-process-here', '--interval', '1000'], { stdio: 'ignore' });
    const headless = await measure(h.pid, seconds);
    h.kill('SIGTERM');
    await new Promise((r) => h.once('exit', r));
    return { tui, headless };
  } finally {
    try { execFileSync('tmux', ['-L', tag, 'kill-server'], { stdio: 'ignore' }); } catch { /* ended with mcptop */ }
  }
}

/**
 * As a user gets it: `npm pack` of this build (dist/ as built, so --ignore-scripts), installed into an empty folder
 * from the npm cache, its bin run idle. Undefined (with a note) when packing or installing fails, e.g. offline.
 */
async function installed(tag, seconds) {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-bench-pack-'));
  try {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
    const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root));
    const app = join(dir, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "mcptop-bench-install", "private": true }\n');
    npm(['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, packed.filename)], app);
    const bin = join(app, 'node_modules/.bin/mcptop');
    return { bin, ...(await idle(bin, `${tag}-i`, seconds)) };
  } catch (error) {
    console.log(`installed package: not measured (${String(error.message ?? error).split('\n')[0]})`);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchFootprint({ targets = 100, seconds = Number(process.env.BENCH_SECONDS ?? 60) } = {}) {
  const g = await startTargets(targets, 'f');
  const tag = `mcptop-bench-${process.pid}`;
  const results = {};
  try {
    // TUI: a real terminal (tmux), 100 rows matched exactly, 1 Hz.
    execFileSync('tmux', ['-L', tag, '-f', '/dev/null', 'new-session', '-d', '-x', '160', '-y', '50',
      `exec env NO_COLOR=1 ${CLI} --match '${g.match}' --interval 1000`]);
    const panePid = Number(execFileSync('tmux', ['-L', tag, 'display-message', '-p', '#{pane_pid}'], { encoding: 'utf8' }).trim());
    results.tui = await measure(panePid, seconds);
    execFileSync('tmux', ['-L', tag, 'send-keys', 'q']);
    await sleep(1500);
    try { execFileSync('tmux', ['-L', tag, 'kill-server'], { stdio: 'ignore' }); } catch { /* ended with mcptop */ }
    // Headless, same targets.
    const h = spawn(CLI, ['--headless', '--match', g.match, '--interval', '1000'], { stdio: ['ignore', 'ignore', 'ignore'] });
    results.headless = await measure(h.pid, seconds);
    h.kill('SIGTERM');
    await new Promise((r) => h.once('exit', r));
    // Idle: nothing matched, TUI (the same terminal) and headless.
    const i = await idle(CLI, tag, Math.min(seconds, 15));
    results.idleTui = i.tui;
    results.idleHeadless = i.headless;
    // Reference: bare node with a timer, the floor of any node program.
    const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    results.bareNode = await measure(bare.pid, Math.min(seconds, 10));
    bare.kill('SIGTERM');
    await new Promise((r) => bare.once('exit', r));
  } finally {
    await g.stop();
    try { execFileSync('tmux', ['-L', tag, 'kill-server'], { stdio: 'ignore' }); } catch { /* gone */ }
  }
  results.installed = await installed(tag, Math.min(seconds, 15));
  const row = (name, r) => console.log(`${name.padEnd(30)} CPU ${r.cpuPct.toFixed(1).padStart(5)} % of one core   RSS ${r.rssMB.toFixed(1).padStart(6)} MB   children per tick ${r.maxChildren}`);
  console.log(`${targets} targets, 1 Hz, ${seconds} s each (targets: TUI <= 2.5 % CPU at 100 targets; idle RSS TUI <= 80 MB, headless <= 55 MB; no child per tick)`);
  row('TUI (tmux, 160x50)', results.tui);
  row('TUI, nothing matched (idle)', results.idleTui);
  row('headless', results.headless);
  row('headless, nothing matched', results.idleHeadless);
  row('reference: bare node idling', results.bareNode);
  if (results.installed !== undefined) {
    row('installed: TUI idle', results.installed.tui);
    row('installed: headless idle', results.installed.headless);
  }
  console.log(`commands: ${CLI} [--headless] --match '${g.match}' --interval 1000; idle: --name no-such-process-here`);
  if (results.installed !== undefined) console.log(`installed: npm pack --ignore-scripts of this build, npm install <tarball> into an empty folder, ${results.installed.bin}`);
  console.log(`idle RSS: TUI ${results.idleTui.rssMB <= 80 ? 'met' : 'NOT met'}, headless ${results.idleHeadless.rssMB <= 55 ? 'met' : 'NOT met'}; TUI CPU at ${targets}: ${results.tui.cpuPct <= 2.5 ? 'met' : 'NOT met'}`);
  const { benchFirstFrame } = await import('./first-frame.mjs');
  results.firstFrame = await benchFirstFrame({ runs: 5, cli: CLI });
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFootprint();
