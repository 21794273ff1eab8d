#!/usr/bin/env node
// The sampler bench's second reference: procscan.c's work in plain Node, line for line (list /proc, open + read + close
// every process's /proc/PID/stat and take the same six fields, then each target's FD count from st_size of
// /proc/PID/fd or its entries), one "." on stdout a tick. Run by bare `node` with its default flags. It tells how much
// of mcptop's distance to C is the runtime doing C's reads (its fs calls, its compilers warming up, its collector)
// and how much is mcptop's own work.
// Run: node scripts/bench/procscan.mjs INTERVAL_MS PID...
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';

const [interval, ...targets] = process.argv.slice(2);
if (interval === undefined) {
  process.stderr.write('usage: procscan.mjs INTERVAL_MS PID...\n');
  process.exit(2);
}
const buf = Buffer.allocUnsafe(1024);
let sink = 0;

function readStat(name) {
  let fd;
  try {
    fd = openSync(`/proc/${name}/stat`, 'r');
  } catch {
    return;
  }
  let n = 0;
  try {
    n = readSync(fd, buf, 0, buf.length, 0);
  } catch {
    return;
  } finally {
    closeSync(fd);
  }
  const text = buf.toString('latin1', 0, n);
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // state ppid ... utime (11) stime (12) ... starttime (19) vsize rss (21)
  if (f.length > 21) sink += Number(f[11]) + Number(f[12]) + Number(f[21]) + Number(f[1]) + Number(f[19]) + f[0].length;
}

function countFds(pid) {
  try {
    const size = statSync(`/proc/${pid}/fd`).size;
    return size > 0 ? size : readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return -1;
  }
}

setInterval(() => {
  for (const name of readdirSync('/proc')) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) readStat(name);
  }
  for (const pid of targets) sink += countFds(pid);
  if (sink < 0) process.stderr.write('');
  process.stdout.write('.');
}, Number(interval));
process.stdout.on('error', () => process.exit(0));
