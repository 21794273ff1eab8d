import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { shortLabel } from '../../source/core/label.js';

describe('shortLabel', () => {
  const cases: [string[] | undefined, string, string][] = [
    [['node', 'index.js'], 'node', 'node index.js'],
    [['npx', '-y', '@modelcontextprotocol/server-everything'], 'npm exec', 'npx @modelcontextprotocol/server-everything'],
    [['/usr/bin/python3', '-m', 'mcp_server_git', '--repository', '.'], 'python3', 'python3 -m mcp_server_git'],
    [['python', '-m', 'mcp_server_git'], 'python', 'python -m mcp_server_git'],
    [['/usr/local/bin/node', '--max-old-space-size=4096', '-r', 'tsx/cjs', '/home/u/proj/dist/server.js'], 'node', 'node server.js'],
    [['node', '/p/node_modules/@modelcontextprotocol/server-memory/dist/index.js'], 'node', 'node @modelcontextprotocol/server-memory'],
    [['node', '/p/node_modules/.bin/mcp-server-everything', 'stdio'], 'node', 'node mcp-server-everything'],
    [['uvx', 'mcp-server-time'], 'uvx', 'uvx mcp-server-time'],
    [['uv', 'run', '--with', 'mcp', 'server.py'], 'uv', 'uv server.py'],
    [['docker', 'run', '-i', '--rm', '-e', 'TOKEN', 'mcp/github'], 'docker', 'docker mcp/github'],
    [['sh', '-c', 'node build/index.js --port 3'], 'sh', 'node index.js'],
    [['sh', '-c', 'exec "node" /x/mcp-server-everything; wait'], 'sh', 'node mcp-server-everything'],
    [['bash', '-c', 'uvx mcp-server-git && echo done'], 'bash', 'uvx mcp-server-git'],
    [['github-mcp-server', 'stdio'], 'github-mcp-s', 'github-mcp-server stdio'],
    [['/opt/bin/server'], 'server', 'server'],
    [[], 'kthreadd', 'kthreadd'],
    [undefined, 'node', 'node'],
  ];
  for (const [argv, comm, want] of cases) {
    test(`${JSON.stringify(argv)} → ${want}`, () => assert.equal(shortLabel(argv, comm), want));
  }
  test('long labels are truncated with an ellipsis', () => {
    const l = shortLabel(['node', `${'x'.repeat(80)}.js`], 'node', 20);
    assert.equal(l.length, 20);
    assert.ok(l.endsWith('…'));
  });
});

describe('distinct labels', () => {
  test('two different scripts never share a label; duplicates of one command do', async () => {
    const { distinctLabels } = await import('../../source/core/label.js');
    const got = distinctLabels([
      { label: 'node server.js', command: 'node /srv/a/server.js' },
      { label: 'node server.js', command: 'node /srv/b/server.js' },
      { label: 'node server.js', command: 'node /srv/b/server.js' },
      { label: 'uvx git-mcp', command: 'uvx git-mcp' },
    ]).map((x) => x.label);
    assert.deepEqual(got, ['node server.js [a/server.js]', 'node server.js [b/server.js]', 'node server.js [b/server.js]', 'uvx git-mcp']);
    const same = [{ label: 'x', command: 'x' }];
    assert.equal(distinctLabels(same), same, 'nothing collides: the same array');
  });
});
