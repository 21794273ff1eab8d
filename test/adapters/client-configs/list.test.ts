// The --clients listing: one aligned row per server, secrets redacted, warnings last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { formatClients, runClients } from '../../../source/adapters/client-configs/list.js';

const FIX = fileURLToPath(new URL('../../fixtures/clients/', import.meta.url));

test('lists client, name, transport and the redacted command of every fixture server', async () => {
  let out = '';
  const code = await runClients({ home: join(FIX, 'home'), cwd: join(FIX, 'nowhere'), platform: 'linux', env: {}, systemDir: join(FIX, 'nowhere') }, (t) => { out += t; });
  assert.equal(code, 0);
  const lines = out.split('\n');
  assert.match(lines[0] ?? '', /^CLIENT\s+NAME\s+TRANSPORT\s+SCOPE\s+COMMAND \/ URL$/);
  const row = (re: RegExp): string => lines.find((l) => re.test(l)) ?? '';
  assert.match(row(/^cursor\s+filesystem /), /stdio\s+user\s+npx -y @modelcontextprotocol\/server-filesystem \/tmp$/);
  assert.match(row(/^claude-desktop\s+github /), /\[env: GITHUB_PERSONAL_ACCESS_TOKEN\]$/);
  assert.match(row(/^codex\s+docs /), /--api-key \*\*\* /);
  assert.match(row(/^windsurf\s+remote /), /sse\s+user\s+https:\/\/bob:\*\*\*@mcp\.example\.org\/sse$/);
  assert.match(row(/^claude-code\s+notion /), /api_key=\*\*\*$/);
  assert.match(row(/^cursor\s+off \(disabled\)/), /node \/opt\/off\/index\.js$/);
  for (const secret of ['ghp_FAKE', 'abc123secret', 's3cret', 'sk_live_', 'hunter2']) assert.ok(!out.includes(secret), `${secret} leaked`);
  // Columns line up: every row starts its command at the same offset as the header.
  const col = (lines[0] ?? '').indexOf('COMMAND');
  assert.equal(row(/^cursor\s+filesystem /).indexOf('npx'), col);
});

test('nothing found, and warnings, are said plainly', () => {
  assert.equal(formatClients({ servers: [], warnings: ['/x/mcp.json: cannot parse JSON: bad (line 1 column 2)'] }),
    'No MCP servers found in client configs.\nwarning: /x/mcp.json: cannot parse JSON: bad (line 1 column 2)\n');
});
