// Zero-config discovery rules, table-driven: MCP server command lines, known hosts, wrappers, stdin links and peers.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isWrapper, knownHost, mcpServerWord, nameOfWord, parseStdinLink, stdinPeerReason,
} from '../../source/core/discovery-rules.js';

const servers: string[][] = [
  ['npx', '-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
  ['node', '/home/u/.npm/_npx/1/node_modules/.bin/mcp-server-filesystem', '/tmp'],
  ['node', '/home/u/.npm/_npx/1/node_modules/@modelcontextprotocol/server-memory/dist/index.js'],
  ['uvx', 'mcp-server-git', '--repository', '.'],
  ['uv', 'tool', 'run', 'mcp-server-fetch'],
  ['pipx', 'run', 'mcp-server-time'],
  ['python3', '-m', 'mcp_server_git'],
  ['docker', 'run', '-i', '--rm', '-e', 'GITHUB_TOKEN', 'mcp/github'],
  ['docker', 'run', '-i', '--rm', 'ghcr.io/github/github-mcp-server'],
  ['npx', '@playwright/mcp@latest'],
  ['npx', '-y', '@upstash/context7-mcp'],
  ['/usr/local/bin/weather-mcp', '--stdio'],
  ['node', '/srv/weather-mcp/dist/index.js'],
  ['sh', '-c', 'exec npx -y @modelcontextprotocol/server-everything'],
  ['pnpm', 'dlx', 'mcp-server-sqlite'],
  ['npm', 'exec', '--', 'some-mcp-server'],
];
const notServers: string[][] = [
  ['node', 'index.js'],
  ['node', '-e', 'setInterval(() => {}, 1000)'],
  ['npx', '@modelcontextprotocol/inspector'],
  ['node', '/usr/lib/node_modules/mcptop/dist/cli.js'],
  ['vim', 'notes-mcp.md'],
  ['bash'],
  ['python3', 'manage.py', 'runserver'],
  ['npx', 'mcp-proxy', '--port', '8080'],
];

describe('discovery rules: MCP server command lines', () => {
  for (const argv of servers) test(`server: ${argv.join(' ')}`, () => assert.ok(mcpServerWord(argv) !== undefined));
  for (const argv of notServers) test(`not a server: ${argv.join(' ')}`, () => assert.equal(mcpServerWord(argv), undefined));
  test('names of words', () => {
    assert.equal(nameOfWord('@scope/pkg@1.2.3'), '@scope/pkg');
    assert.equal(nameOfWord('/a/node_modules/.bin/mcp-server-x'), 'mcp-server-x');
    assert.equal(nameOfWord('/srv/weather-mcp/dist/index.js'), 'weather-mcp');
    assert.equal(nameOfWord('mcp/github:latest'), 'mcp/github');
  });
});

describe('discovery rules: hosts and wrappers', () => {
  const hosts: [string[], string, string][] = [
    [['/usr/share/cursor/cursor', '--no-sandbox'], 'cursor', 'cursor'],
    [['/usr/share/code/code', '--type=utility'], 'code', 'vscode'],
    [['claude'], 'claude', 'claude-code'],
    [['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js'], 'node', 'claude-code'],
    [['codex'], 'codex', 'codex'],
    [['npx', '-y', 'supergateway', '--stdio', 'npx x-mcp'], 'npm exec', 'supergateway'],
    [['node', '/opt/mcp-proxy/index.js'], 'node', 'mcp-proxy'],
    [['/opt/Windsurf/windsurf'], 'windsurf', 'windsurf'],
  ];
  for (const [argv, comm, host] of hosts) test(`host ${host}: ${argv.join(' ')}`, () => assert.equal(knownHost(argv, comm), host));
  test('not hosts', () => {
    assert.equal(knownHost(['node', 'server.js'], 'node'), undefined);
    assert.equal(knownHost(['npx', '-y', '@modelcontextprotocol/server-everything'], 'npm exec'), undefined);
    assert.equal(knownHost(undefined, 'bash'), undefined);
  });
  test('wrappers', () => {
    assert.ok(isWrapper(['npx', '-y', 'x'], 'npm exec'));
    assert.ok(isWrapper(['sh', '-c', 'x'], 'sh'));
    assert.ok(isWrapper(['uvx', 'x'], 'uvx'));
    assert.ok(!isWrapper(['/usr/bin/python3', '-m', 'x'], 'python3'));
  });
});

describe('discovery rules: stdin', () => {
  test('links', () => {
    assert.deepEqual(parseStdinLink('pipe:[12]'), { kind: 'pipe', inode: 12 });
    assert.deepEqual(parseStdinLink('socket:[7]'), { kind: 'socket', inode: 7 });
    assert.deepEqual(parseStdinLink('/dev/pts/3'), { kind: 'tty' });
    assert.deepEqual(parseStdinLink('/dev/null'), { kind: 'null' });
    assert.deepEqual(parseStdinLink(undefined), { kind: 'unknown' });
  });
  const base = { rootPid: 20, rootName: 'npx x-mcp', rootIsWrapper: false, stdin: { kind: 'pipe' as const, inode: 5 } };
  test('a live peer, an unreadable one, or a terminal stdin: no flag', () => {
    assert.equal(stdinPeerReason({ ...base, peer: 'live' }), undefined);
    assert.equal(stdinPeerReason({ ...base, peer: 'unknown' }), undefined);
    assert.equal(stdinPeerReason({ ...base, stdin: { kind: 'tty' }, peer: 'gone' }), undefined);
  });
  test('gone, held by a wrapper, or fed by the root wrapper: flagged with the reason', () => {
    assert.match(stdinPeerReason({ ...base, peer: 'gone' }) ?? '', /^stdin peer gone \(pipe:\[5\]/);
    assert.match(stdinPeerReason({ ...base, peer: { pid: 9, name: 'npx x', wrapper: true } }) ?? '', /held only by wrapper npx x \(pid 9\)/);
    assert.match(stdinPeerReason({ ...base, rootIsWrapper: true, peer: 'gone', fedByRoot: { pid: 21, name: 'node x' } }) ?? '',
      /stdin of node x \(pid 21\) held only by wrapper npx x-mcp \(pid 20\)/);
  });
});
