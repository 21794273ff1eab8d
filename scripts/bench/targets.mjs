// Real target processes the benches start and match exactly: `sleep` children whose argv[0] is a marker unique to
// this run and group, so `--match '^<marker> '` finds these and nothing else on a shared host.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

/** n sleeps marked `mcptop-bench-<pid>-<group>`; returns the marker, the regex that matches exactly them, and stop(). */
export async function startTargets(n, group) {
  const marker = `mcptop-bench-${process.pid}-${group}`;
  const kids = [];
  for (let i = 0; i < n; i++) kids.push(spawn('sleep', ['100000'], { argv0: marker, stdio: 'ignore' }));
  await Promise.all(kids.map((k) => (k.pid !== undefined ? Promise.resolve() : once(k, 'spawn'))));
  return {
    marker, match: `^${marker} `, pids: kids.map((k) => k.pid),
    async stop() {
      const exits = kids.filter((k) => k.exitCode === null && k.signalCode === null).map((k) => {
        const done = once(k, 'exit');
        k.kill('SIGKILL');
        return done;
      });
      await Promise.all(exits);
    },
  };
}

/** utime+stime (clock ticks: 10 ms) and RSS (MB) of a live process, from /proc; undefined once it is gone. */
export function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? NaN);
    return { cpuTicks: Number(f[11]) + Number(f[12]), rssMB: rssKb / 1024 };
  } catch {
    return undefined;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
