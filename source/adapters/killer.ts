// ProcKiller: the Killer port on Linux — re-reads /proc/PID/stat right before kill() so a reused PID is never hit.
//
// The window between that read and kill() is a few microseconds; closing it entirely needs pidfd_send_signal,
// which Node does not expose. Process groups are not signalled: a group can hold processes outside the watched
// set, so cleanup signals each verified member of a tree instead.
import { readFileSync } from 'node:fs';
import type { Killer } from '../core/ports.js';
import type { ProcIdentity } from '../core/types.js';
import type { SignalResult } from '../core/cleanup/types.js';
import { parseStat } from './procfs-parse.js';
import { countSignal } from './signals-sent.js';

export interface ProcKillerOptions {
  /** Where /proc is (tests point it at a fixture tree). */
  readonly procRoot?: string;
  /** kill(2); injectable so tests can produce EPERM as root. */
  readonly kill?: (pid: number, signal: NodeJS.Signals) => void;
}

/** ESRCH is a process that exited, EPERM one we may not signal; anything else is a bug and is thrown. */
export function killErrorResult(err: unknown): Extract<SignalResult, 'gone' | 'denied'> {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ESRCH') return 'gone';
  if (code === 'EPERM') return 'denied';
  throw err;
}

/** What /proc says about pid now: its start time and state letter, or undefined when it does not exist. */
export function readIdentity(pid: number, procRoot = '/proc'): { startTime: number; state: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const st = parseStat(text);
  if (st === undefined || st.startTime === undefined || st.pid !== pid) return undefined;
  return { startTime: st.startTime, state: st.state };
}

export class ProcKiller implements Killer {
  private readonly procRoot: string;
  private readonly kill: (pid: number, signal: NodeJS.Signals) => void;

  constructor(opts: ProcKillerOptions = {}) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.kill = opts.kill ?? ((pid, signal) => { process.kill(pid, signal); });
  }

  signal(id: ProcIdentity, signal: 'SIGTERM' | 'SIGKILL'): SignalResult {
    if (!Number.isInteger(id.pid) || id.pid <= 1) return 'denied';
    const now = readIdentity(id.pid, this.procRoot);
    if (now === undefined) return 'gone';
    if (now.startTime !== id.startTime) return 'reused';
    try {
      this.kill(id.pid, signal);
      countSignal(signal);
      return 'sent';
    } catch (err) {
      return killErrorResult(err);
    }
  }

  /** A zombie is not alive: it has exited and only waits for its parent to reap it. */
  isAlive(id: ProcIdentity): boolean {
    const now = readIdentity(id.pid, this.procRoot);
    return now !== undefined && now.startTime === id.startTime && now.state !== 'Z' && now.state !== 'X';
  }
}
