// Reads the process table straight from /proc (pid, ppid, pgid, sid, state, start time, argv) for tree kills and churn survivors.
import { readFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import type { ProcEntry, ProcState } from '../core/types.js';
import type { ProcessSource } from '../core/ports.js';

/** A /proc row with the group and session always known (Linux gives both). */
export interface ProcRow extends ProcEntry {
  readonly pgid: number;
  readonly sid: number;
}

const STATES = new Set<string>(['R', 'S', 'D', 'Z', 'T', 't', 'X', 'I', 'W', 'P', 'K']);

/** Parses /proc/PID/stat. comm may hold spaces and parentheses, so fields are counted from the LAST ')'. */
export function parseStat(text: string): ProcRow | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  // After ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
  // priority nice num_threads itrealvalue starttime ...
  const rest = text.slice(close + 2).split(' ');
  const stateChar = rest[0] ?? '?';
  const ppid = Number(rest[1]);
  const pgid = Number(rest[2]);
  const sid = Number(rest[3]);
  const startTime = Number(rest[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid) || !Number.isInteger(sid) || !Number.isFinite(startTime)) {
    return undefined;
  }
  const state: ProcState = STATES.has(stateChar) ? (stateChar as ProcState) : '?';
  return { pid, ppid, pgid, sid, comm, state, startTime };
}

/** argv from the NUL-separated /proc/PID/cmdline text ([] for kernel threads). */
export function parseCmdline(text: string): string[] {
  if (text.length === 0) return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** One process's row, or undefined when it is gone or unreadable. */
export function readProcRowSync(pid: number): ProcRow | undefined {
  try {
    return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

// /proc files live in memory: a synchronous read takes microseconds, while the promise API pays a thread-pool
// round trip per file (a whole table took ~20 ms that way on a busy 2-core box; ~1 ms like this).
export const readProcRow = (pid: number): Promise<ProcRow | undefined> => Promise.resolve(readProcRowSync(pid));

/** Every visible process now; a process that vanishes mid-read is left out. */
export const readProcTable = (): Promise<ProcRow[]> => Promise.resolve(readProcTableSync());

/** The table, synchronously (only for exit paths that cannot await). */
export function readProcTableSync(): ProcRow[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const rows: ProcRow[] = [];
  for (const n of names) {
    if (!/^\d+$/.test(n)) continue;
    try {
      const r = parseStat(readFileSync(`/proc/${n}/stat`, 'utf8'));
      if (r) rows.push(r);
    } catch { /* vanished */ }
  }
  return rows;
}

export async function readCmdline(pid: number): Promise<string[] | undefined> {
  try {
    return parseCmdline(await readFile(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The slice of ProcessSource the churn engine needs to find survivors. */
export type ChurnProbeSource = Pick<ProcessSource, 'name' | 'list' | 'cmdline'>;

export class ChurnProbe implements ChurnProbeSource {
  readonly name = 'linux' as const;
  list(): Promise<readonly ProcEntry[]> {
    return readProcTable();
  }
  cmdline(pid: number): Promise<readonly string[] | undefined> {
    return readCmdline(pid);
  }
}
