// The loader over fixture homes: every client's format, platform paths, variable expansion, malformed files.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadClientConfigs } from '../../../source/adapters/client-configs/load.js';
import type { ConfiguredServer } from '../../../source/core/clients/types.js';

const FIX = fileURLToPath(new URL('../../fixtures/clients/', import.meta.url));
const home = join(FIX, 'home');
const project = join(FIX, 'project');
const nowhere = join(FIX, 'does-not-exist');
const env = { FAKE_TOKEN: 'tok-from-env' };

const byLabel = (servers: readonly ConfiguredServer[]): Map<string, ConfiguredServer> => new Map(servers.map((s) => [s.label, s]));
const get = (m: Map<string, ConfiguredServer>, label: string): ConfiguredServer => {
  const s = m.get(label);
  assert.ok(s, `expected ${label} among ${[...m.keys()].join(', ')}`);
  return s;
};

describe('loadClientConfigs on a Linux home', async () => {
  const result = await loadClientConfigs({ home, cwd: nowhere, platform: 'linux', env, systemDir: join(FIX, 'system') });
  const m = byLabel(result.servers);

  test('finds every client with no warnings', () => {
    assert.deepEqual(result.warnings, []);
    assert.deepEqual([...new Set(result.servers.map((s) => s.client))].sort(),
      ['claude-code', 'claude-desktop', 'codex', 'cursor', 'vscode', 'windsurf']);
  });

  test('Claude Desktop: command, args, env, source file', () => {
    const fs = get(m, 'claude-desktop/filesystem');
    assert.equal(fs.transport, 'stdio');
    assert.equal(fs.command, 'npx');
    assert.deepEqual(fs.args, ['-y', '@modelcontextprotocol/server-filesystem', '/home/alice/Desktop', '/home/alice/Downloads']);
    assert.equal(fs.source, join(home, '.config/Claude/claude_desktop_config.json'));
    assert.equal(fs.scope, 'user');
    assert.equal(get(m, 'claude-desktop/github').env?.['GITHUB_PERSONAL_ACCESS_TOKEN']?.startsWith('ghp_'), true);
  });

  test('Claude Code user file: user servers, url servers, per-project entries with their folder as cwd', () => {
    assert.equal(get(m, 'claude-code/memory').command, 'npx');
    const linear = get(m, 'claude-code/linear');
    assert.equal(linear.transport, 'sse');
    assert.equal(linear.url, 'https://mcp.linear.app/sse');
    assert.equal(get(m, 'claude-code/notion').transport, 'http');
    const db = get(m, 'claude-code/local-db');
    assert.equal(db.scope, 'project');
    assert.equal(db.project, '/home/alice/work/api');
    assert.equal(db.cwd, '/home/alice/work/api');
  });

  test('Claude Code managed file under {system}', () => {
    assert.equal(get(m, 'claude-code/company').command, '/opt/company/bin/mcp-company');
    assert.equal(get(m, 'claude-code/company').scope, 'managed');
  });

  test('Cursor: stdio, http and sse by url, disabled flag', () => {
    assert.deepEqual(get(m, 'cursor/filesystem').args, ['-y', '@modelcontextprotocol/server-filesystem', '/tmp']);
    assert.equal(get(m, 'cursor/context7').transport, 'http');
    assert.equal(get(m, 'cursor/old-sse').transport, 'sse');
    assert.equal(get(m, 'cursor/off').disabled, true);
  });

  test('VS Code: JSONC settings.json "mcp.servers" and User/mcp.json "servers", ${userHome} and ${env:X}', () => {
    assert.deepEqual(get(m, 'vscode/time').args, ['mcp-server-time', '--local-timezone=Europe/Paris']);
    assert.equal(get(m, 'vscode/everything').command, 'npx');
    assert.equal(get(m, 'vscode/remote').url, 'https://api.example.com/mcp');
    const tool = get(m, 'vscode/home-tool');
    assert.deepEqual(tool.args, [`${home}/tools/server.js`]);
    assert.equal(tool.env?.['TOKEN'], 'tok-from-env');
  });

  test('Windsurf: serverUrl entries', () => {
    assert.equal(get(m, 'windsurf/sequential-thinking').command, 'npx');
    const remote = get(m, 'windsurf/remote');
    assert.equal(remote.transport, 'sse');
    assert.equal(remote.url, 'https://bob:s3cret@mcp.example.org/sse');
  });

  test('Codex TOML: [mcp_servers.NAME] with env table, cwd, enabled = false, url', () => {
    const docs = get(m, 'codex/docs');
    assert.deepEqual(docs.args, ['-y', 'docs-mcp-server@1.2.3', '--api-key', 'abc123secret']);
    assert.deepEqual(docs.env, { API_KEY: 'abc123secret', LOG_LEVEL: 'debug' });
    const py = get(m, 'codex/python');
    assert.equal(py.cwd, '/srv/py-server');
    assert.equal(py.disabled, true);
    assert.equal(get(m, 'codex/remote').transport, 'http');
  });

  test('CODEX_HOME and XDG_CONFIG_HOME move those files', async () => {
    const r = await loadClientConfigs({ home: nowhere, cwd: nowhere, platform: 'linux',
      env: { CODEX_HOME: join(home, '.codex'), XDG_CONFIG_HOME: join(home, '.config') }, systemDir: nowhere });
    const labels = r.servers.map((s) => s.label).sort();
    assert.ok(labels.includes('codex/docs'));
    assert.ok(labels.includes('claude-desktop/filesystem'));
    assert.ok(!labels.includes('cursor/filesystem'));
  });
});

describe('project files', () => {
  test('.mcp.json, .cursor/mcp.json and .vscode/mcp.json from cwd, with their variables', async () => {
    const r = await loadClientConfigs({ home: nowhere, cwd: project, platform: 'linux', env: { MODE: 'prod' }, systemDir: nowhere });
    assert.deepEqual(r.warnings, []);
    const m = byLabel(r.servers);
    const ps = get(m, 'claude-code/proj-server');
    assert.deepEqual(ps.args, ['build/index.js']);
    assert.equal(ps.env?.['MODE'], 'prod');
    assert.equal(ps.cwd, project);
    assert.equal(ps.scope, 'project');
    assert.equal(get(m, 'claude-code/proj-http').url, 'http://127.0.0.1:9901/mcp');
    assert.deepEqual(get(m, 'cursor/proj-cursor').args, [`${project}/server.js`]);
    const vs = get(m, 'vscode/proj-vscode');
    assert.deepEqual(vs.args, ['-m', 'my_server']);
    assert.equal(vs.env?.['API_KEY'], '${input:api-key}');
    // Project files come first so --server prefers them.
    assert.equal(r.servers[0]?.scope, 'project');
  });
});

describe('macOS locations', () => {
  test('~/Library/Application Support for Claude Desktop and VS Code', async () => {
    const r = await loadClientConfigs({ home: join(FIX, 'mac-home'), cwd: nowhere, platform: 'darwin', env: {}, systemDir: nowhere });
    assert.deepEqual(r.servers.map((s) => s.label).sort(), ['claude-desktop/mac-fs', 'vscode/mac-mem']);
  });
  test('the Linux paths are not read on macOS', async () => {
    const r = await loadClientConfigs({ home: join(FIX, 'mac-home'), cwd: nowhere, platform: 'linux', env: {}, systemDir: nowhere });
    assert.deepEqual(r.servers, []);
  });
});

describe('malformed files: a warning naming the file, never a crash', () => {
  test('broken JSON, broken TOML, wrong shapes', async () => {
    const bh = join(FIX, 'broken-home');
    const r = await loadClientConfigs({ home: bh, cwd: nowhere, platform: 'linux', env: {}, systemDir: nowhere });
    const w = r.warnings.join('\n');
    assert.match(w, new RegExp(`${join(bh, '.cursor/mcp.json').replace(/[.]/g, '\\.')}: cannot parse JSON: .*line 4`));
    assert.match(w, new RegExp(`${join(bh, '.codex/config.toml').replace(/[.]/g, '\\.')}: cannot parse TOML`));
    assert.match(w, /claude_desktop_config\.json: server "no-command" has neither "command" nor "url"/);
    assert.match(w, /claude_desktop_config\.json: server "not-object" is not an object/);
    assert.match(w, /claude_desktop_config\.json: server "bad-args": "args" is not a list/);
    assert.match(w, /settings\.json: "mcp\.servers" is not an object/);
    assert.deepEqual(r.servers.map((s) => s.label), ['claude-desktop/good']);
  });

  test('an unreadable path (a directory) is a warning, a missing default file is silent', async () => {
    const r = await loadClientConfigs({ home: nowhere, cwd: nowhere, platform: 'linux', env: {}, systemDir: nowhere,
      locations: [{ client: 'cursor', format: 'mcpServers', scope: 'user', path: `${FIX}/home/.cursor` }, { client: 'cursor', format: 'mcpServers', scope: 'user', path: '{home}/x.json' }] });
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0] ?? '', /home\/\.cursor: cannot read \(EISDIR\)/);
  });
});

describe('--clients-config files', () => {
  const files = join(FIX, 'files');
  test('reads only the given files, guessing the layout from path or content', async () => {
    const r = await loadClientConfigs({ home, cwd: files, env: {}, files: ['custom-servers.json', 'vscode-style.json', 'codex.toml', join(home, '.cursor/mcp.json')] });
    assert.deepEqual(r.warnings, []);
    const labels = r.servers.map((s) => s.label);
    assert.ok(labels.includes('config/custom'));
    assert.ok(labels.includes('config/vs'));
    assert.ok(labels.includes('codex/tomly'));
    assert.ok(labels.includes('cursor/filesystem'));
    assert.ok(!labels.includes('claude-desktop/filesystem'), 'default locations are not read');
    assert.equal(r.servers.find((s) => s.label === 'config/custom')?.scope, 'file');
  });

  test('malformed, empty of servers and missing files each give a warning naming the file', async () => {
    const r = await loadClientConfigs({ home, cwd: files, env: {}, files: ['bad.json', 'bad.toml', 'no-servers.json', 'missing.json'] });
    assert.deepEqual(r.servers, []);
    assert.equal(r.warnings.length, 4);
    assert.match(r.warnings[0] ?? '', new RegExp(`^${join(files, 'bad.json')}: cannot parse JSON`));
    assert.match(r.warnings[1] ?? '', new RegExp(`^${join(files, 'bad.toml')}: cannot parse TOML`));
    assert.match(r.warnings[2] ?? '', /no-servers\.json: no MCP servers found/);
    assert.match(r.warnings[3] ?? '', /missing\.json: cannot read \(ENOENT\)/);
  });
});
