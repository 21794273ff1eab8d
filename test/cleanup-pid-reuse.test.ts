// The PID-reuse race for real: a process is listed, replaced by another with the same PID before the user confirms,
// and the confirmed cleanup must leave the newcomer untouched.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { LinuxProcessSource } from '../source/adapters/procfs.js';
import { ProcKiller } from '../source/adapters/killer.js';
import { systemClock } from '../source/adapters/clock.js';
import {
  CleanupDetector, buildCleanupSnapshot, planCleanup, procInfoMap, protectedPids, runPlan, selectable, type ScanProc,
} from '../source/core/cleanup/index.js';
import { MemoryLog } from './core/cleanup/builders.js';
import { LiveProcs, fixture, running, statOf, waitFor } from './fixtures/cleanup/live.js';

const live = new LiveProcs();
after(() => live.cleanup());

async function scan(pattern: RegExp) {
  const source = new LinuxProcessSource();
  const entries = await source.list();
  const procs: ScanProc[] = [];
  for (const e of entries) procs.push({ ...e, argv: (await source.cmdline(e.pid)) ?? [], startedAtMs: source.startedAtMs(e) });
  const snapshot = buildCleanupSnapshot(systemClock.now(), procs, { names: [], patterns: [pattern], pids: [] }, new Set([process.pid]));
  return { snapshot, entries, procs: procInfoMap(procs) };
}

/** Makes the next fork in this PID namespace get `pid` (root only); returns the new process's pid, or undefined. */
async function spawnAtPid(pid: number, args: readonly string[]): Promise<number | undefined> {
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
    } catch {
      return undefined;
    }
    const child = spawn(process.execPath, [fixture('idle.js'), ...args], { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    if (child.pid === undefined) continue;
    live.own(child.pid);
    if (child.pid === pid) return pid;
    // Another process on the machine forked first: end ours and try again.
    const other = child.pid;
    try { process.kill(other, 'SIGKILL'); } catch { /* gone */ }
    await waitFor(() => !running(other), 'the miss to end');
  }
  return undefined;
}

test('a PID reused between listing and confirming is never signalled', async (t) => {
  const victim = await live.orphan('idle.js', [`mcp-${live.token}-victim`]);
  const first = statOf(victim);
  assert.ok(first);
  const s = await scan(new RegExp(`mcp-${live.token}-victim`));
  const detection = new CleanupDetector({ minAgeMs: 0 }).update(s.snapshot, Date.now(), { procs: s.procs });
  const plan = planCleanup(detection, { selfPid: process.pid, selfUid: process.getuid?.(), protectedPids: protectedPids(process.pid, s.entries), allowOtherUsers: false });
  const keys = selectable(plan);
  assert.deepEqual(keys, [`${victim}@${first.startTime}`]);

  // While the confirmation view is open, the victim exits and its PID goes to a newcomer.
  process.kill(victim, 'SIGKILL');
  await waitFor(() => statOf(victim) === undefined, 'the victim to be reaped');
  const newcomer = await spawnAtPid(victim, [`mcp-${live.token}-newcomer`]);
  if (newcomer === undefined) { t.skip('could not steer the PID allocator (needs root and a quiet machine)'); return; }
  await waitFor(() => statOf(newcomer)?.startTime !== undefined && running(newcomer), 'the newcomer');
  assert.notEqual(statOf(newcomer)?.startTime, first.startTime, 'same pid, another process');

  const log = new MemoryLog();
  const results = await runPlan(plan, new Set(keys), { killer: new ProcKiller(), clock: systemClock, log }, { graceMs: 500 });
  assert.equal(results[0]?.outcome, 'reused');
  assert.equal(running(newcomer), true, 'the newcomer was not hit');
  assert.deepEqual(log.entries.map((e) => [e.pid, e.signal, e.outcome]), [[victim, 'SIGTERM', 'reused'], [victim, 'result', 'reused']]);
});
