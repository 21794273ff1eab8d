#!/usr/bin/env node
// After tsc: bundles the TUI into one module (scripts/bundle-tui.mjs) and makes the built CLI executable (npm bin).
import { chmodSync, existsSync } from 'node:fs';
import { bundleTui } from './bundle-tui.mjs';

if (existsSync('dist/ui/run.js')) await bundleTui('dist/ui/run.js');
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
