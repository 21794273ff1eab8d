// Loaded into every Node process the tests start (NODE_OPTIONS --import): a MaxListenersExceededWarning anywhere is
// written to the file run-tests.mjs names, which then fails the run (listeners piling up are a leak, not noise).
import { appendFileSync } from 'node:fs';

const file = process.env.MCPTOP_TEST_WARNINGS;
// Third-party servers the tests drive (npm's reference servers run from node_modules) are not ours to police: the v1
// SDK's stdio server transport adds a drain listener per write while its stdout is full.
const thirdParty = (process.argv[1] ?? '').includes('/node_modules/');
if (file && !thirdParty) {
  process.on('warning', (w) => {
    if (w.name !== 'MaxListenersExceededWarning') return;
    try { appendFileSync(file, `pid ${process.pid} (${process.argv.slice(1, 3).join(' ')}): ${w.message}\n`); } catch { /* nothing to do */ }
  });
}
