#!/usr/bin/env node
// After tsc: bundles the TUI (dist/ui/run.js with Ink, React, Yoga and the rest) into one module, in place, so the
// interactive path parses one file instead of ~500 and keeps only the code it reaches (Ink imports es-toolkit/compat
// whole, ~300 modules, for one throttle). React's production build is chosen at bundle time, as importTui does at run
// time. Ink's React DevTools hook (DEV=true, a dev-only package) is left out. Run by `npm run build` (scripts/postbuild.mjs).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
/**
 * ui/ink-output.ts patches Ink's Output class, which it imports at run time from Ink's own folder: in the bundle that
 * would be a second copy Ink never uses. Its import is pointed at the module the bundled Ink renders with. When the
 * code changes shape, the build fails here rather than ship a bundle whose frames silently redraw every row.
 */
const INK_OUTPUT = /const url = new URL\('\.\/output\.js', import\.meta\.resolve\('ink'\)\)\.href;\s*const mod = await import\(url\);/;
const sameInkOutput = {
  name: 'same-ink-output',
  setup(b) {
    const output = join(dirname(createRequire(import.meta.url).resolve('ink')), 'output.js');
    b.onResolve({ filter: /^mcptop-bundled-ink-output$/ }, () => ({ path: output }));
    b.onLoad({ filter: /[\\/]ui[\\/]ink-output\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!INK_OUTPUT.test(text)) throw new Error(`${args.path}: the import of Ink's output.js changed shape; update scripts/bundle-tui.mjs`);
      return { contents: text.replace(INK_OUTPUT, "const mod = await import('mcptop-bundled-ink-output');"), loader: 'js' };
    });
  },
};

export async function bundleTui(entry = ENTRY) {
  if (readFileSync(entry, 'utf8').startsWith(BANNER)) return;
  await build({
    entryPoints: [entry], outfile: entry, allowOverwrite: true, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    define: { 'process.env.NODE_ENV': '"production"' },
    // CommonJS inside an ES module (React, Yoga's loader) still calls require() for Node's built-ins.
    banner: { js: BANNER },
    plugins: [noDevtools, sameInkOutput], logLevel: 'warning', legalComments: 'none',
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleTui(process.argv[2]);
