#!/usr/bin/env node
// `npm start` builds only when a source, tsconfig or package.json is newer than dist/cli.js (a fresh build takes 7-15 s).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

const built = existsSync('dist/cli.js') ? statSync('dist/cli.js').mtimeMs : 0;
const inputs = ['source', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].filter((p) => existsSync(p));
const stale = built === 0 || inputs.some((p) => newest(p) > built);
if (stale) {
  const r = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
