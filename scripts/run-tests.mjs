#!/usr/bin/env node
// Runs every test/**/*.test.ts(x) with node's test runner (tsx loader), then checks that no test left a process behind.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) { if (name !== 'fixtures') out.push(...walk(p)); }
    else if (/\.test\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = walk('test').sort();
if (filter.length > 0) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) { console.error('run-tests: no test files matched'); process.exit(2); }

// Every process the tests start inherits this marker, so leftovers are found exactly, even with other runs going on.
const marker = `MCPTOP_TEST_RUN=${process.pid}-${Date.now()}`;
const leftovers = () => {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(marker)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue; // a zombie is its parent's to reap
      out.push(`${name} ${readFileSync(`/proc/${name}/cmdline`, 'latin1').replaceAll('\0', ' ').trim()}`);
    } catch { /* gone or unreadable */ }
  }
  return out;
};

// Ink draws only its final frame when CI is set (is-in-ci, read at import): the UI tests need every frame. The real CLI
// handles CI itself (wiring/run.ts), and test/e2e/tui.test.ts runs it with CI=true to prove that.
const testEnv = { ...process.env };
delete testEnv.CI;
delete testEnv.CONTINUOUS_INTEGRATION;

// Every Node process of the run (test files, the CLI, servers) reports MaxListenersExceededWarning into this file.
const warningsFile = join(tmpdir(), `mcptop-test-warnings-${process.pid}.txt`);
rmSync(warningsFile, { force: true });
const hook = `--import=${pathToFileURL(resolve('scripts/test-warnings.mjs')).href}`;
testEnv.NODE_OPTIONS = [testEnv.NODE_OPTIONS, hook].filter(Boolean).join(' ');

const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: { ...testEnv, NODE_ENV: 'test', FORCE_COLOR: '0', MCPTOP_TEST_RUN: marker.split('=')[1], MCPTOP_TEST_WARNINGS: warningsFile },
});
const warnings = existsSync(warningsFile) ? readFileSync(warningsFile, 'utf8').trim() : '';
rmSync(warningsFile, { force: true });

let left = leftovers();
// Give processes that are already ending (SIGTERM sent at teardown) a moment before calling them leftovers.
for (let i = 0; i < 20 && left.length > 0; i++) { spawnSync('sleep', ['0.1']); left = leftovers(); }
if (left.length > 0) {
  console.error(`run-tests: ${left.length} process(es) left behind by the tests:\n${left.join('\n')}`);
  for (const l of left) { try { process.kill(Number(l.split(' ')[0]), 'SIGKILL'); } catch { /* gone */ } }
  process.exit(1);
}
if (warnings !== '') {
  console.error(`run-tests: MaxListenersExceededWarning (listeners piling up) during the tests:\n${warnings}`);
  process.exit(1);
}
process.exit(res.status ?? 1);
