#!/usr/bin/env node
// A demo server in a chosen era and transport, for tests and benches: era-server.js [modern|legacy|dual] [--http <port>] [--leak].
import { openSync } from 'node:fs';
import { serveDemoHttp, serveDemoStdio, type DemoEra } from './demo-server.js';

const argv = process.argv.slice(2);
const era = (['modern', 'legacy', 'dual'] as const).find((e) => argv.includes(e)) ?? 'dual';
const httpAt = argv.indexOf('--http');
const kept: Buffer[] = [];
const fds: number[] = [];
/** --leak: each call keeps 64 KB and an FD, like the leaky demo. */
const onCall = argv.includes('--leak') ? (): void => {
  kept.push(Buffer.alloc(64 * 1024, kept.length % 251));
  try { fds.push(openSync('/dev/null', 'r')); } catch { /* EMFILE: keep answering */ }
} : undefined;
const opts = { name: `demo-${era}${onCall ? '-leaky' : ''}`, ...(onCall ? { onCall } : {}) };

if (httpAt >= 0) {
  if (era === 'legacy') {
    process.stderr.write('era-server: legacy over HTTP is not served here (use a v1 server)\n');
    process.exit(2);
  }
  await serveDemoHttp(opts, era, Number(argv[httpAt + 1] ?? 0));
} else {
  await serveDemoStdio(opts, era satisfies DemoEra);
}
