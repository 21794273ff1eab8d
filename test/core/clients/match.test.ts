// Matching live argv to configured servers: wrappers and npx chains, the labeler, notRunning, --server.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeArgv, shellSplit, stripVersion } from '../../../source/core/clients/invocation.js';
import { makeLabeler, notRunning, notRunningAmong } from '../../../source/core/clients/match.js';
import { launchSpec, resolveServer } from '../../../source/core/clients/resolve.js';
import type { ClientId, ConfiguredServer } from '../../../source/core/clients/types.js';
import type { ProcessView, ServerView, Snapshot } from '../../../source/core/types.js';

const cfg = (client: ClientId, name: string, command: string, args: string[] = [], extra: Partial<ConfiguredServer> = {}): ConfiguredServer => ({
  client, name, label: `${client}/${name}`, transport: 'stdio', command, args, source: `/cfg/${client}.json`, scope: 'user', ...extra,
});

// Real chains as /proc shows them (npm sets the title; the cmdline is then one string padded with empty strings).
const NPX_TITLE = ['npm exec @modelcontextprotocol/server-filesystem /tmp', '', '', '', ''];
const NPX_SH = ['sh', '-c', "'mcp-server-filesystem' /tmp"];
const NPX_NODE_BIN = ['node', '/root/.npm/_npx/a3241bba59c344f5/node_modules/.bin/mcp-server-filesystem', '/tmp'];
const NPX_NODE_PKG = ['node', '/root/.npm/_npx/a3241bba59c344f5/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', '/tmp'];

describe('normalizeArgv', () => {
  const cases: readonly [string, readonly string[], Record<string, unknown>][] = [
    ['npx -y pkg@version args', ['npx', '-y', '@scope/pkg@1.2.3', 'a', 'b'], { program: 'runner', pkg: '@scope/pkg', rest: ['a', 'b'] }],
    ['npx --yes --package=x cmd', ['npx', '--yes', '--package=@s/x', 'x-cli', 'a'], { program: 'runner', pkg: '@s/x', rest: ['a'] }],
    ['npm exec -y -- pkg', ['npm', 'exec', '-y', '--', 'pkg', 'a'], { program: 'runner', pkg: 'pkg', rest: ['a'] }],
    ['npm exec title', NPX_TITLE, { program: 'runner', pkg: '@modelcontextprotocol/server-filesystem', rest: ['/tmp'] }],
    ['sh -c with quotes', NPX_SH, { program: 'mcp-server-filesystem', bin: 'mcp-server-filesystem', rest: ['/tmp'] }],
    ['node .bin', NPX_NODE_BIN, { program: 'node', bin: 'mcp-server-filesystem', rest: ['/tmp'] }],
    ['node package path', NPX_NODE_PKG, { program: 'node', pkg: '@modelcontextprotocol/server-filesystem', rest: ['/tmp'] }],
    ['node /usr/bin/npx', ['node', '/usr/local/bin/npx', '-y', 'pkg'], { program: 'runner', pkg: 'pkg', rest: [] }],
    ['pnpm dlx', ['pnpm', 'dlx', 'pkg@latest', 'x'], { program: 'runner', pkg: 'pkg', rest: ['x'] }],
    ['bunx', ['bunx', '-y', 'pkg'], { program: 'runner', pkg: 'pkg', rest: [] }],
    ['uvx', ['uvx', 'mcp-server-time', '--local-timezone=UTC'], { program: 'runner', pkg: 'mcp-server-time', rest: ['--local-timezone=UTC'] }],
    ['python venv bin', ['/root/.cache/uv/x/bin/python', '/root/.cache/uv/x/bin/mcp-server-time', '--local-timezone=UTC'], { program: 'python', bin: 'mcp-server-time', rest: ['--local-timezone=UTC'] }],
    ['python -m', ['python3', '-u', '-m', 'my_server', 'x'], { program: 'python3', script: 'my_server', rest: ['x'] }],
    ['node with options', ['node', '--enable-source-maps', '-r', 'dotenv/config', 'dist/index.js', '--port', '1'], { program: 'node', script: 'dist/index.js', rest: ['--port', '1'] }],
    ['env wrapper', ['/usr/bin/env', 'FOO=1', 'node', 'a.js'], { program: 'node', script: 'a.js', rest: [] }],
    ['docker', ['docker', 'run', '-i', 'img'], { program: 'docker', bin: 'docker', rest: ['run', '-i', 'img'] }],
  ];
  for (const [name, argv, want] of cases) {
    test(name, () => {
      const got = normalizeArgv(argv);
      assert.ok(got);
      for (const [k, v] of Object.entries(want)) assert.deepEqual((got as unknown as Record<string, unknown>)[k], v, `${name}: ${k}`);
    });
  }
  test('empty argv', () => assert.equal(normalizeArgv([]), undefined));
  test('shellSplit and stripVersion', () => {
    assert.deepEqual(shellSplit(`'a b' "c \\"d\\"" e\\ f g; rm -rf /`), ['a b', 'c "d"', 'e f', 'g']);
    assert.equal(stripVersion('@a/b@^1'), '@a/b');
    assert.equal(stripVersion('mcp-server-git==0.6'), 'mcp-server-git');
  });
});

describe('makeLabeler', () => {
  const servers = [
    cfg('cursor', 'filesystem', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']),
    cfg('claude-desktop', 'filesystem', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '/home/alice/Desktop']),
    cfg('claude-code', 'memory', 'npx', ['-y', '@modelcontextprotocol/server-memory@latest']),
    cfg('cursor', 'memory', 'npx', ['-y', '@modelcontextprotocol/server-memory']),
    cfg('claude-desktop', 'github', 'docker', ['run', '-i', '--rm', 'ghcr.io/github/github-mcp-server']),
    cfg('vscode', 'local', 'node', ['build/index.js'], { cwd: '/srv/app' }),
    cfg('codex', 'time', 'uvx', ['mcp-server-time']),
    cfg('windsurf', 'pw', 'npx', ['@playwright/mcp@latest']),
    { ...cfg('cursor', 'remote', ''), transport: 'http', command: undefined, url: 'http://127.0.0.1:9/mcp' } as ConfiguredServer,
  ];
  const label = makeLabeler(servers);

  test('every link of a real npx chain is labelled with the server whose args match', () => {
    for (const argv of [NPX_TITLE, NPX_SH, NPX_NODE_BIN, NPX_NODE_PKG]) assert.equal(label(argv, 'node'), 'cursor/filesystem', argv.join(' '));
    assert.equal(label(['node', '/x/node_modules/.bin/mcp-server-filesystem', '/home/alice/Desktop'], 'node'), 'claude-desktop/filesystem');
    assert.equal(label(['npx', '-y', '@modelcontextprotocol/server-filesystem', '/tmp'], 'npx'), 'cursor/filesystem');
  });
  test('same server in two clients: both named', () => {
    assert.equal(label(['node', '/work/main/node_modules/.bin/mcp-server-memory'], 'node'), 'claude-code+cursor/memory');
  });
  test('other arguments still name the package (weak match), by every client that defines it', () => {
    assert.equal(label(['node', '/x/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js', '/srv'], 'node'), 'cursor+claude-desktop/filesystem');
    assert.equal(label(['npm exec @modelcontextprotocol/server-memory --debug'], 'npm exec @model'), 'claude-code+cursor/memory');
  });
  test('bare programs need their arguments', () => {
    assert.equal(label(['docker', 'run', '-i', '--rm', 'ghcr.io/github/github-mcp-server'], 'docker'), 'claude-desktop/github');
    assert.equal(label(['docker', 'run', '-i', 'postgres'], 'docker'), undefined);
  });
  test('relative scripts resolve against the config cwd; unrelated node processes stay unlabelled', () => {
    assert.equal(label(['node', 'build/index.js'], 'node'), 'vscode/local');
    assert.equal(label(['node', '/srv/app/build/index.js'], 'node'), 'vscode/local');
    assert.equal(label(['node', '/other/build/index.js'], 'node'), undefined);
    assert.equal(label(['node', 'dist/cli.js', '--demo'], 'node'), undefined);
    assert.equal(label([], 'kthreadd'), undefined);
  });
  test('uvx chain: the uv child runs the venv bin', () => {
    assert.equal(label(['uvx', 'mcp-server-time'], 'uv'), 'codex/time');
    assert.equal(label(['/root/.cache/uv/archive-v0/abc/bin/python', '/root/.cache/uv/archive-v0/abc/bin/mcp-server-time'], 'python'), 'codex/time');
  });
  test('a bin whose name does not tell its package needs the bin resolver', () => {
    const argv = ['node', '/root/.npm/_npx/1/node_modules/.bin/mcp-server-playwright'];
    assert.equal(label(argv, 'node'), undefined);
    const resolving = makeLabeler(servers, (p) => (p.endsWith('/.bin/mcp-server-playwright') ? '@playwright/mcp' : undefined));
    assert.equal(resolving(argv, 'node'), 'windsurf/pw');
  });
  test('no configs: always undefined', () => assert.equal(makeLabeler([])(NPX_NODE_BIN, 'node'), undefined));
  test('a disabled duplicate does not take the label', () => {
    const l = makeLabeler([cfg('cursor', 'm', 'node', ['/a.js'], { disabled: true }), cfg('codex', 'm2', 'node', ['/a.js'])]);
    assert.equal(l(['node', '/a.js'], 'node'), 'codex/m2');
  });
});

const proc = (command: string, alive = true): ProcessView => ({
  pid: 10, startTime: 1, ppid: 1, comm: 'node', command, state: 'S', depth: 0, alive, metrics: {},
});
const server = (label: string, commands: readonly string[], alive = true): ServerView => ({
  key: `${label}@1`, label, pid: 10, command: commands[0] ?? '', alive, launched: false,
  status: { level: 'ok', reasons: [] }, worstStatus: { level: 'ok', reasons: [] }, verdict: 'ok', metricVerdicts: {},
  series: { fds: [], rssBytes: [], vmsBytes: [], cpuPct: [], procs: [] }, processes: commands.map((c) => proc(c, alive)),
});
const snapshot = (servers: readonly ServerView[]): Snapshot => ({
  tick: 1, t: 0, startedAt: 0, elapsedMs: 0, intervalMs: 1000, paused: false, servers, watchedProcs: 0, notices: [], verdict: 'ok',
});

describe('notRunning', () => {
  const configs = [
    cfg('cursor', 'filesystem', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']),
    cfg('claude-desktop', 'filesystem', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '/home/alice/Desktop']),
    cfg('cursor', 'memory', 'npx', ['-y', '@modelcontextprotocol/server-memory']),
    cfg('cursor', 'off', 'node', ['/off.js'], { disabled: true }),
    { ...cfg('cursor', 'remote', ''), transport: 'http', command: undefined, url: 'http://h/mcp' } as ConfiguredServer,
  ];
  test('a server whose chain is alive is running; the other filesystem (other args) is not', () => {
    const snap = snapshot([server('node', ['npm exec @modelcontextprotocol/server-filesystem /tmp', "sh -c 'mcp-server-filesystem' /tmp", NPX_NODE_BIN.join(' ')])]);
    assert.deepEqual(notRunning(configs, snap).map((s) => s.label), ['claude-desktop/filesystem', 'cursor/memory']);
  });
  test('a label set by the labeler counts, combined labels too; dead servers do not', () => {
    const snap = snapshot([server('claude-desktop+cursor/filesystem', ['[node]']), server('cursor/memory', ['x'], false)]);
    assert.deepEqual(notRunning(configs, snap).map((s) => s.label), ['cursor/memory']);
  });
  test('nothing watched: every enabled stdio server', () => {
    assert.deepEqual(notRunning(configs, snapshot([])).map((s) => s.label), ['cursor/filesystem', 'claude-desktop/filesystem', 'cursor/memory']);
  });
});

describe('resolveServer and launchSpec', () => {
  const list = [
    cfg('claude-code', 'fs', 'npx', ['-y', 'a'], { cwd: '/p', env: { K: 'v' } }),
    cfg('cursor', 'fs', 'npx', ['-y', 'b']),
    cfg('codex', 'mem', 'npx', ['m']),
    cfg('cursor', 'mem', 'npx', ['m']),
    { ...cfg('cursor', 'web', ''), transport: 'http', command: undefined, url: 'http://h/mcp' } as ConfiguredServer,
  ];
  test('by label, by name when all agree, ambiguous, missing, not stdio', () => {
    const byLabel = resolveServer(list, 'claude-code/fs');
    assert.equal(byLabel.kind === 'ok' && byLabel.server.args[1], 'a');
    assert.equal(resolveServer(list, 'fs').kind, 'ambiguous');
    const mem = resolveServer(list, 'mem');
    assert.equal(mem.kind === 'ok' && mem.server.label, 'codex/mem');
    const missing = resolveServer(list, 'nope');
    assert.equal(missing.kind, 'missing');
    assert.match(missing.kind === 'missing' ? missing.message : '', /configured: .*cursor\/fs/);
    assert.equal(resolveServer(list, 'web').kind, 'not-stdio');
  });
  test('launchSpec carries argv, cwd and env', () => {
    const first = list[0];
    assert.ok(first);
    assert.deepEqual(launchSpec(first), { argv: ['npx', '-y', 'a'], cwd: '/p', env: { K: 'v' } });
    const second = list[1];
    assert.ok(second);
    assert.deepEqual(launchSpec(second), { argv: ['npx', '-y', 'b'] });
  });
});

describe('notRunningAmong (every live command line, not just the watched ones)', () => {
  const configs = [
    cfg('cursor', 'filesystem', 'npx', ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']),
    cfg('cursor', 'memory', 'npx', ['-y', '@modelcontextprotocol/server-memory']),
    cfg('vscode', 'remote', 'http', [], { transport: 'http', url: 'http://127.0.0.1:1/mcp' }),
  ];
  test('an npx chain running anywhere counts as running; HTTP entries are never listed', () => {
    assert.deepEqual(notRunningAmong(configs, [NPX_SH, NPX_NODE_PKG, ['bash']]).map((s) => s.label), ['cursor/memory']);
  });
  test('nothing running: every stdio server is listed', () => {
    assert.deepEqual(notRunningAmong(configs, [['bash'], ['sleep', '10']]).map((s) => s.label), ['cursor/filesystem', 'cursor/memory']);
  });
});
