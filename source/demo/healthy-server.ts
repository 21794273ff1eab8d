#!/usr/bin/env node
// The healthy demo server, modern era (2026-07-28 only): every call is answered and forgotten, so FDs and memory stay flat.
import { serveDemoStdio } from './demo-server.js';

await serveDemoStdio({ name: 'demo-healthy' }, 'modern');
