// The built CLI attributing a real FD leak: a launched server reopening one file names that path in --json fdTargets
// and in the text summary.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { eventually, isAlive, runCli } from '../helpers/cli.js';

const LEAKER = fileURLToPath(new URL('../fixtures/attribution/fd-leaker.js', import.meta.url));

test('headless: a server leaking FDs on one file is attributed to that path (--json fdTargets, summary)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-attr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'data.json');
  writeFileSync(data, '{}');
  const out = join(dir, 'summary.json');
  const run = runCli(['--headless', '--duration', '3', '--interval', '250', '--json', out, '--', process.execPath, LEAKER, 'file', data, '40']);
  t.after(() => run.kill());
  await run.done;
  const s = JSON.parse(readFileSync(out, 'utf8')) as { servers: { pid: number; fdTargets?: { target: string; growth: number }[] }[] };
  const targets = s.servers[0]?.fdTargets;
  assert.equal(targets?.[0]?.target, `file ${data}`, JSON.stringify(s.servers[0]));
  assert.ok((targets?.[0]?.growth ?? 0) >= 10, `growth ${targets?.[0]?.growth}`);
  assert.match(run.stdout(), new RegExp(`FDs grew on:\\n +\\+[\\d,]+ x file ${data.replace(/[.]/g, '\\.')}`));
  await eventually(() => !isAlive(s.servers[0]!.pid), 5000, 'launched server to be gone');
});
