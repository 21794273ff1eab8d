#!/usr/bin/env node
// Makes the built CLI executable (npm bin) after tsc.
import { chmodSync, existsSync } from 'node:fs';
if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
