#!/usr/bin/env node
// Runs every test/**/*.test.ts(x) with node's test runner (tsx loader), then checks that no test left a process behind.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';

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

const listMine = () => {
  // Processes started from this checkout (fixtures, demo servers, the built CLI) that are still alive.
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(process.cwd()) && !l.includes('run-tests.mjs') && !/\bps -eo\b/.test(l) && !/^\s*\d+\s+\d+\s+Z/.test(l));
};
const before = new Set(listMine().map((l) => l.trim().split(/\s+/)[0]));

const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test', FORCE_COLOR: '0' },
});

const left = listMine().filter((l) => !before.has(l.trim().split(/\s+/)[0]));
if (left.length > 0) {
  console.error(`run-tests: ${left.length} process(es) left behind by the tests:\n${left.join('\n')}`);
  for (const l of left) { try { process.kill(Number(l.trim().split(/\s+/)[0]), 'SIGKILL'); } catch { /* gone */ } }
  process.exit(1);
}
process.exit(res.status ?? 1);
