// mcptop with no target in a real terminal (tmux): a configured server, a recognisable server behind a wrapper and a
// host's stdio child are found and grouped by host, a plain node process is not; then /, t, F-keys, mouse, l, resize, 80x24.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, ROOT, isAlive, runCli } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

const FIX = join(ROOT, 'test/fixtures/discovery');
const lines = (s: string): string[] => s.split('\n');
const lineOf = (s: string, re: RegExp): number => lines(s).findIndex((l) => re.test(l));
const selected = (s: string): string => lines(s).find((l) => l.startsWith('›')) ?? '';

describe('zero-config discovery in tmux', () => {
  test('finds and groups the MCP servers, not the plain process; keys, mouse, l, resize and 80x24 work', { timeout: 120_000 }, async (t) => {
    const tag = `dtui${process.pid}x${Date.now() % 100000}`;
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-disc-'));
    const clients = join(dir, 'clients.json');
    writeFileSync(clients, JSON.stringify({ mcpServers: { weather: { command: 'node', args: [join(FIX, 'weather-tool.mjs'), tag] } } }));
    const kids: ChildProcess[] = [];
    const run = (cmd: string, args: string[]): ChildProcess => {
      const c = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      kids.push(c);
      return c;
    };
    t.after(() => {
      for (const c of kids) { try { process.kill(-(c.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }
      rmSync(dir, { recursive: true, force: true });
    });
    run(process.execPath, [join(FIX, 'weather-tool.mjs'), tag]); // configured (clients.json)
    run('sh', ['-c', `${process.execPath} ${join(FIX, 'mcp-server-fixture.mjs')} ${tag}; true`]); // a recognisable server behind a wrapper
    run(process.execPath, [join(FIX, 'plain-worker.mjs'), tag]); // not an MCP server
    const host = run(process.execPath, [join(FIX, 'supergateway.mjs'), 'run', tag]); // a host with a stdio child

    const tmux = new TmuxSession(`${process.execPath} ${CLI} --clients-config ${clients} --interval 300; echo "EXIT=$?"`, 150, 40, { NO_COLOR: '1' });
    t.after(() => tmux.kill());
    await tmux.waitFor((s) => /SERVER/.test(s), 20_000, 'the table');
    // Other MCP servers may run on this machine: the filter narrows the table to this test's processes.
    tmux.send('/');
    tmux.send('-l', tag);
    await tmux.waitFor((s) => new RegExp(`/${tag}_`).test(s), 5000, 'the filter line');
    tmux.send('Enter');
    let screen = await tmux.waitFor((s) => /config\/weather/.test(s) && /mcp-server-fixture/.test(s) && /hosted-tool/.test(s), 20_000, 'the three servers');
    const hostTitle = lineOf(screen, new RegExp(`── supergateway \\(pid ${host.pid}\\): 1 server`));
    const noHost = lineOf(screen, /── no host: 2 servers/);
    assert.ok(hostTitle >= 0 && noHost > hostTitle, screen);
    assert.ok(lineOf(screen, /hosted-tool/) === hostTitle + 1, 'the hosted child sits under its host');
    const weather = lineOf(screen, /config\/weather/);
    const wrapped = lineOf(screen, /mcp-server-fixture/);
    assert.ok(weather > noHost && wrapped > noHost, screen);
    assert.doesNotMatch(screen, /plain-worker/, 'a plain node process is not an MCP server');

    // t: every tree open (the wrapper's node child shows), then closed.
    tmux.send('t');
    screen = await tmux.waitFor((s) => lines(s).filter((l) => /^[› ] \s*[└├] /.test(l)).length >= 3, 5000, 'trees expanded');
    tmux.send('t');
    screen = await tmux.waitFor((s) => lines(s).filter((l) => /^[› ] \s*[└├] /.test(l)).length === 0, 5000, 'trees collapsed');

    // Mouse: a click on a row selects it; the wheel moves the selection (tmux passes the terminal's SGR reports through).
    const target = lineOf(screen, /config\/weather/);
    tmux.send('-l', `\u001B[<0;10;${target + 1}M`);
    screen = await tmux.waitFor((s) => /config\/weather/.test(selected(s)), 5000, 'click selects');
    const before = lineOf(screen, /^›/);
    tmux.send('-l', '\u001B[<64;10;10M');
    screen = await tmux.waitFor((s) => lineOf(s, /^›/) !== before, 5000, 'wheel moves the selection');

    // l: the selected server's open FDs with targets; l closes.
    tmux.send('l');
    screen = await tmux.waitFor((s) => /open FDs of pid \d+/.test(s) && /FD\s+KIND\s+TARGET/.test(s), 10_000, 'the FD pane');
    assert.match(screen, /\s0\s+(pipe|socket)\s+(pipe|socket):\[\d+\]/, 'stdin listed with its target');
    tmux.send('l');
    await tmux.waitFor((s) => /FDs over the last/.test(s), 5000, 'the chart back');

    // F-keys: F1 help, F1 closes, F6 sorts by the next column.
    tmux.send('F1');
    await tmux.waitFor((s) => /mcptop keys/.test(s), 5000, 'help on F1');
    tmux.send('F1');
    await tmux.waitFor((s) => !/mcptop keys/.test(s), 5000, 'help closed');
    tmux.send('F6');
    await tmux.waitFor((s) => /▼RSS/.test(s), 5000, 'sorted by RSS');

    // Resize: the new frame alone (no old, wrapped frame above it); at 80x24 the footer keeps the ? hint.
    tmux.resize(80, 24);
    screen = await tmux.waitFor((s) => lines(s).some((l) => /\? help\s*$/.test(l)) && /^mcptop /.test(s), 10_000, '80x24 frame');
    assert.equal(lines(screen).filter((l) => /^mcptop /.test(l)).length, 1, 'one header after the resize');
    for (const l of lines(screen)) assert.ok(Array.from(l).length <= 80, l);
    assert.match(lines(screen).filter((l) => l.trim() !== '').at(-1) ?? '', /\? help/);

    tmux.send('F10');
    const after = await tmux.waitFor((s) => /EXIT=\d/.test(s), 20_000, 'exit on F10', true);
    assert.match(after, /EXIT=[015]/);
    assert.match(after, /config\/weather/, 'the summary names the servers');
    for (const c of kids) assert.ok(isAlive(c.pid ?? 0), 'mcptop signals nothing it only watches');
  });

  test('headless with no target does the same discovery: the orphan with a dead stdin is flagged, the plain process absent', { timeout: 60_000 }, async (t) => {
    const tag = `dhl${process.pid}x${Date.now() % 100000}`;
    const plain = spawn(process.execPath, [join(FIX, 'plain-worker.mjs'), tag], { stdio: 'ignore', detached: true });
    // supergateway.mjs --orphan: a server spawned with a piped stdin whose parent exits at once (its stdin peer is gone).
    const launcher = spawn(process.execPath, [join(FIX, 'supergateway.mjs'), '--orphan', tag], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    launcher.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    await new Promise((r) => launcher.once('close', r));
    const orphan = Number(out.trim());
    t.after(() => {
      for (const pid of [plain.pid ?? 0, orphan]) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    });
    assert.ok(orphan > 0 && isAlive(orphan), 'the orphan runs');
    const run = runCli(['--headless', '--duration', '2', '--interval', '300', '--fail-on', 'leak', '--json', '-']);
    const { code } = await run.done;
    assert.equal(code, 0, run.stderr());
    assert.match(run.stderr(), /no target given: watching the MCP servers/);
    const summary = JSON.parse(run.stdout()) as { servers: { pid: number; command: string; stdinPeer?: string }[] };
    const found = summary.servers.find((s) => s.pid === orphan);
    assert.ok(found, `the orphan is found:\n${run.stdout().slice(0, 2000)}`);
    assert.match(found.stdinPeer ?? '', /stdin peer gone/, 'its dead stdin is flagged with the reason');
    assert.ok(!summary.servers.some((s) => s.command.includes(`plain-worker.mjs ${tag}`)), 'the plain process is not');
  });
});
