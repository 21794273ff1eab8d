// Pure parsers for /proc texts (stat, limits, /proc/stat, auxv, statm/status, cmdline, environ, fd links).
import type { FdKind, ProcState } from '../core/types.js';

/** The fields of /proc/PID/stat mcptop uses. Times are clock ticks (USER_HZ), rss is pages, vsize bytes. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly state: ProcState;
  readonly ppid?: number;
  readonly pgrp?: number;
  readonly session?: number;
  /** User CPU time, clock ticks. */
  readonly utime?: number;
  /** System CPU time, clock ticks. */
  readonly stime?: number;
  readonly numThreads?: number;
  /** Start time, clock ticks since boot. */
  readonly startTime?: number;
  /** Virtual memory size, bytes. */
  readonly vsizeBytes?: number;
  /** Resident set, pages. */
  readonly rssPages?: number;
}

const STATES: ReadonlySet<string> = new Set(['R', 'S', 'D', 'Z', 'T', 't', 'X', 'I', 'W', 'P', 'K']);

export const toState = (letter: string | undefined): ProcState =>
  letter !== undefined && STATES.has(letter) ? (letter as ProcState) : '?';

/** A non-negative integer field, or undefined when missing or not a number. */
const num = (s: string | undefined): number | undefined => {
  if (s === undefined || s.length === 0) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * Parses /proc/PID/stat. comm may hold spaces and parentheses ("1 (my (weird) proc) S ..."), so it runs from the
 * first '(' to the LAST ')'. A missing or malformed field is undefined; undefined as a whole only when pid, comm or
 * state cannot be found.
 */
export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = num(text.slice(0, open).trim());
  if (pid === undefined) return undefined;
  // Fields after comm, 0-based: 0 state, 1 ppid, 2 pgrp, 3 session, 11 utime, 12 stime, 17 num_threads,
  // 19 starttime, 20 vsize, 21 rss (proc(5) numbers them 3, 4, 5, 6, 14, 15, 20, 22, 23, 24).
  // Only the first 22 fields after comm are needed; the limit spares allocating the other 30 strings.
  const f = text.slice(close + 2).split(' ', 22);
  const state = f[0];
  if (state === undefined || state.length !== 1) return undefined;
  return {
    pid,
    comm: text.slice(open + 1, close),
    state: toState(state),
    ppid: num(f[1]),
    pgrp: num(f[2]),
    session: num(f[3]),
    utime: num(f[11]),
    stime: num(f[12]),
    numThreads: num(f[17]),
    startTime: num(f[19]),
    vsizeBytes: num(f[20]),
    rssPages: num(f[21]),
  };
}

/** Soft "Max open files" of /proc/PID/limits; undefined for "unlimited" or when the line is missing. */
export function parseLimits(text: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith('Max open files')) continue;
    const soft = line.slice('Max open files'.length).trim().split(/\s+/)[0];
    return soft === 'unlimited' ? undefined : num(soft);
  }
  return undefined;
}

/** Boot time, seconds since the epoch, from /proc/stat ("btime 1700000000"). */
export function parseBtime(text: string): number | undefined {
  const m = /^btime\s+(\d+)\s*$/m.exec(text);
  return m ? num(m[1]) : undefined;
}

export const AT_PAGESZ = 6;
export const AT_CLKTCK = 17;

/** The auxiliary vector (/proc/self/auxv): pairs of machine words (type, value) ending with type 0. */
export function parseAuxv(bytes: Uint8Array, wordBytes: 4 | 8, littleEndian: boolean): Map<number, number> {
  const out = new Map<number, number>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (at: number): number =>
    wordBytes === 8 ? Number(view.getBigUint64(at, littleEndian)) : view.getUint32(at, littleEndian);
  for (let at = 0; at + 2 * wordBytes <= bytes.byteLength; at += 2 * wordBytes) {
    const type = word(at);
    if (type === 0) break;
    out.set(type, word(at + wordBytes));
  }
  return out;
}

/**
 * Page size from the same process's RSS seen twice: statm in pages, status VmRSS in kB. The two reads are not
 * atomic, so the ratio is snapped to the nearest page size Linux uses (4, 16 or 64 KiB).
 */
export function pageSizeFromRss(statm: string, status: string): number | undefined {
  const pages = num(statm.trim().split(/\s+/)[1]);
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  const kb = m ? num(m[1]) : undefined;
  if (pages === undefined || kb === undefined || pages === 0) return undefined;
  const ratio = (kb * 1024) / pages;
  let best: number | undefined;
  for (const size of [4096, 16384, 65536]) {
    if (best === undefined || Math.abs(Math.log2(ratio / size)) < Math.abs(Math.log2(ratio / best))) best = size;
  }
  return best;
}

/** NUL-separated list (/proc/PID/cmdline): the trailing empty item is dropped; an empty file gives []. */
export function splitNul(text: string): string[] {
  if (text.length === 0) return [];
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** /proc/PID/environ as a record; items without '=' are skipped. */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of splitNul(text)) {
    const eq = item.indexOf('=');
    if (eq > 0) env[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return env;
}

/** Kind of an FD from its readlink target in /proc/PID/fd. */
export function classifyFdLink(link: string): FdKind {
  if (link.startsWith('socket:[')) return 'socket';
  if (link.startsWith('pipe:[')) return 'pipe';
  if (link.startsWith('anon_inode:')) return 'anon_inode';
  if (link.startsWith('/')) return 'file';
  return 'other';
}

/**
 * /proc/PID/stat parsed in place from bytes, for the tick path: the same fields and rules as parseStat, into a reused
 * record, with comm left as a byte range (decoded only when it differs from the name already known). Fields that are
 * missing or not numbers are undefined.
 */
export interface StatScratch {
  pid: number;
  /** comm is bytes [commStart, commEnd) of the buffer. */
  commStart: number;
  commEnd: number;
  state: ProcState;
  ppid: number | undefined;
  pgrp: number | undefined;
  session: number | undefined;
  utime: number | undefined;
  stime: number | undefined;
  numThreads: number | undefined;
  startTime: number | undefined;
  vsizeBytes: number | undefined;
  rssPages: number | undefined;
}

export const newStatScratch = (): StatScratch => ({
  pid: 0, commStart: 0, commEnd: 0, state: '?', ppid: undefined, pgrp: undefined, session: undefined, utime: undefined,
  stime: undefined, numThreads: undefined, startTime: undefined, vsizeBytes: undefined, rssPages: undefined,
});

const SPACE = 0x20;
const isWs = (c: number): boolean => c === SPACE || c === 0x0a || c === 0x09 || c === 0x0d;

/** The integer in bytes [from, to) (surrounding whitespace allowed, an optional '-'), or undefined. */
function intAt(buf: Uint8Array, from: number, to: number): number | undefined {
  while (from < to && isWs(buf[from] ?? 0)) from++;
  while (to > from && isWs(buf[to - 1] ?? 0)) to--;
  if (from >= to) return undefined;
  let neg = false;
  if (buf[from] === 0x2d) { neg = true; from++; if (from >= to) return undefined; }
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = (buf[i] ?? 0) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return neg ? -n : n;
}

/** Fills `out` from the first `len` bytes of a /proc/PID/stat; false (out undefined in part) when pid, comm or state is missing. */
export function parseStatBytes(buf: Uint8Array, len: number, out: StatScratch): boolean {
  let open = -1;
  for (let i = 0; i < len; i++) if (buf[i] === 0x28) { open = i; break; }
  let close = -1;
  for (let i = len - 1; i >= 0; i--) if (buf[i] === 0x29) { close = i; break; }
  if (open < 0 || close < open) return false;
  const pid = intAt(buf, 0, open);
  if (pid === undefined || pid < 0) return false;
  out.pid = pid;
  out.commStart = open + 1;
  out.commEnd = close;
  // Fields after comm, 0-based, as in parseStat: 0 state, 1 ppid, 2 pgrp, 3 session, 11 utime, 12 stime,
  // 17 num_threads, 19 starttime, 20 vsize, 21 rss.
  out.ppid = out.pgrp = out.session = out.utime = out.stime = out.numThreads = out.startTime = out.vsizeBytes = out.rssPages = undefined;
  let field = 0;
  let start = close + 2;
  if (start > len) return false;
  for (let i = start; i <= len && field < 22; i++) {
    if (i < len && buf[i] !== SPACE) continue;
    if (field === 0) {
      if (i - start !== 1) return false;
      out.state = toState(String.fromCharCode(buf[start] ?? 0));
    } else if (field === 1) out.ppid = intAt(buf, start, i);
    else if (field === 2) out.pgrp = intAt(buf, start, i);
    else if (field === 3) out.session = intAt(buf, start, i);
    else if (field === 11) out.utime = intAt(buf, start, i);
    else if (field === 12) out.stime = intAt(buf, start, i);
    else if (field === 17) out.numThreads = intAt(buf, start, i);
    else if (field === 19) out.startTime = intAt(buf, start, i);
    else if (field === 20) out.vsizeBytes = intAt(buf, start, i);
    else if (field === 21) out.rssPages = intAt(buf, start, i);
    field++;
    start = i + 1;
  }
  return field > 0;
}

/** True when bytes [from, to) spell `s` (ASCII; any other byte says no, so the caller decodes). */
export function bytesEqual(buf: Uint8Array, from: number, to: number, s: string): boolean {
  if (to - from !== s.length) return false;
  for (let i = 0; i < s.length; i++) {
    const b = buf[from + i] ?? 0;
    if (b >= 0x80 || b !== s.charCodeAt(i)) return false;
  }
  return true;
}
