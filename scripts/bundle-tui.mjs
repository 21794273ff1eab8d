#!/usr/bin/env node
// After tsc: bundles the TUI (dist/ui/run.js with Ink, React, Yoga and the rest) into one module, in place, so the
// interactive path parses one file instead of ~500 and keeps only the code it reaches (Ink imports es-toolkit/compat
// whole, ~300 modules, for one throttle). React's production build is chosen at bundle time, as importTui does at run
// time. Ink's React DevTools hook (DEV=true, a dev-only package) is left out. Run by `npm run build` (scripts/postbuild.mjs).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const ENTRY = 'dist/ui/run.js';

const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
  },
};

const BANNER = "import { createRequire as __mcptopRequire } from 'node:module'; const require = __mcptopRequire(import.meta.url);";

/** Bundles `entry` in place; a file bundled already (tsc did not run since) is left as it is. */
export async function bundleTui(entry = ENTRY) {
  if (readFileSync(entry, 'utf8').startsWith(BANNER)) return;
  await build({
    entryPoints: [entry], outfile: entry, allowOverwrite: true, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS inside an ES module (React, Yoga's loader) still calls require() for Node's built-ins.
    banner: { js: BANNER },
    plugins: [noDevtools], logLevel: 'warning', legalComments: 'none',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleTui(process.argv[2]);
