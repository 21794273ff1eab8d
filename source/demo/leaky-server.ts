#!/usr/bin/env node
// The leaky demo server, legacy era (2025 initialize, as most servers still are): each call opens /dev/null and keeps ~64 KB of memory, never released, so FDs and RSS climb.
import { openSync } from 'node:fs';
import { serveDemoStdio } from './demo-server.js';

const LEAK_BYTES = 64 * 1024;
const kept: Buffer[] = [];
const fds: number[] = [];

function leak(): void {
  // Filled, not just allocated, so the pages are really resident.
  kept.push(Buffer.alloc(LEAK_BYTES, kept.length % 251));
  try {
    fds.push(openSync('/dev/null', 'r'));
  } catch {
    // EMFILE once the limit is reached: the leak has made its point; keep answering.
  }
}

await serveDemoStdio({ name: 'demo-leaky', onCall: leak }, 'legacy');
