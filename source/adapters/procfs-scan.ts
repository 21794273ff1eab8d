// The tick path of the Linux backend: list() and measure() over /proc/PID/stat and /proc/PID/fd, with what is known of
// each pid kept across ticks (read into one buffer, parsed from bytes, the same objects handed out while unchanged).
import type { ProcEntry, ProcMetrics } from '../core/types.js';
import { bytesEqual, newStatScratch, parseStatBytes } from './procfs-parse.js';
import type { StatScratch } from './procfs-parse.js';
import { failureOf } from './procfs-reader.js';
import type { ProcReader } from './procfs-reader.js';
import { KeptFds, newHolder } from './procfs-kept.js';
import type { Holder, KeptFiles } from './procfs-kept.js';

/** list() calls a new process is read at every one (so the exec that follows a fork is seen at once). */
export const SETTLE_PASSES = 3;
/** hostTurns of the monitor's tick: an unwatched, settled host process is re-read every 4th tick. */
export const HOST_TURNS = 4;

/**
 * What the backend knows of one pid, kept across ticks and overwritten in place: the tick path allocates nothing for a
 * process whose stat did not change (the same entry and metrics objects are handed out again).
 */
interface Known extends Holder {
  startTime: number;
  readonly statPath: string;
  readonly fdPath: string;
  /** The entry last listed; replaced only when a listed field changed. */
  entry: ProcEntry;
  uid: number | undefined;
  utime: number | undefined;
  stime: number | undefined;
  numThreads: number | undefined;
  vsizeBytes: number | undefined;
  rssPages: number | undefined;
  /** The list() pass that last listed it; measure() takes that pass's read once instead of reading stat again. */
  listedIn: number;
  /** The pass it was first seen in, and the last pass it was measured in (watched). */
  firstPass: number;
  watchedIn: number;
  fresh: boolean;
  /** The metrics last measured, handed out again while every figure is the same. */
  metrics: ProcMetrics | undefined;
  /** The stat bytes last parsed (rawLen of them): the same bytes again are not parsed again (an idle process: every tick). */
  raw: Buffer | undefined;
  rawLen: number;
}

/** Bytes read of /proc/PID/stat: the record is ~300 bytes; a comm of 64 bytes and 52 twenty-digit fields still fit. */
const STAT_BYTES = 2048;

export interface ProcScanOptions {
  readonly reader: ProcReader;
  /** Clock ticks per second of /proc times, and bytes per page (the backend reads them once). */
  readonly clockTicks: number;
  readonly pageBytes: number;
  /** st_size of /proc/PID/fd counts FDs (Linux >= 6.2); otherwise a readdir counts them. */
  readonly fdDirSized: boolean;
  /** See LinuxProcessSourceOptions.hostTurns. */
  readonly hostTurns: number;
  /** Watched processes' files held open across ticks (procfs-kept.ts), at most `keepFds` FDs; none without `kept`. */
  readonly kept?: KeptFiles;
  readonly keepFds?: number;
}

export class ProcScan {
  /** Every listed pid (bounded by the live processes: list() drops the ones gone). */
  private readonly known = new Map<number, Known>();
  private pass = 0;
  private readonly buf = Buffer.allocUnsafe(STAT_BYTES);
  private readonly st: StatScratch = newStatScratch();
  /** The last list(), so mcptop can count its own children without another scan. */
  private lastList: readonly ProcEntry[] | undefined;
  private readonly reader: ProcReader;
  private readonly kept: KeptFds;

  constructor(private readonly o: ProcScanOptions) {
    this.reader = o.reader;
    this.kept = new KeptFds(o.kept, o.kept === undefined ? 0 : o.keepFds ?? 0);
  }

  /** FDs held open for watched processes now (bounded by keepFds). */
  get heldFds(): number {
    return this.kept.held;
  }

  list(): readonly ProcEntry[] {
    let names: string[];
    try {
      names = this.reader.readdir('/proc');
    } catch {
      return [];
    }
    const pass = ++this.pass;
    const out: ProcEntry[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const c = name.charCodeAt(0);
      if (c < 48 || c > 57) continue;
      const pid = Number(name);
      const seen = this.known.get(pid);
      // Held files are for watched processes: one unmeasured for two passes lets them go.
      if (seen !== undefined && seen.statFd >= 0 && seen.watchedIn < pass - 2) this.kept.release(seen);
      if (seen !== undefined && this.waits(seen, pid, pass)) {
        seen.listedIn = pass;
        seen.fresh = false;
        out.push(seen.entry);
        continue;
      }
      const k = this.read(pid, name);
      if (k === undefined) continue;
      k.listedIn = pass;
      k.fresh = true;
      out.push(k.entry);
    }
    // Every listed pid is known: only when more are known did one go (then the sweep; no entry arrays made otherwise).
    if (this.known.size > out.length) {
      for (const [pid, k] of this.known) {
        if (k.listedIn === pass) continue;
        this.kept.release(k);
        this.known.delete(pid);
      }
    }
    this.lastList = out;
    return out;
  }

  /** A settled host process nobody watches, not in its turn this pass: listed as last read. */
  private waits(k: Known, pid: number, pass: number): boolean {
    const turns = this.o.hostTurns;
    return turns > 1 && k.watchedIn < pass - 1 && pass - k.firstPass >= SETTLE_PASSES && (pid + pass) % turns !== 0;
  }

  /** Direct children of pid seen by the last list(); undefined before the first one. */
  childCount(pid: number): number | undefined {
    if (this.lastList === undefined) return undefined;
    let n = 0;
    const list = this.lastList;
    for (let i = 0; i < list.length; i++) if (list[i]!.ppid === pid) n++;
    return n;
  }

  measure(pids: readonly number[]): ReadonlyMap<number, ProcMetrics> {
    const out = new Map<number, ProcMetrics>();
    for (let i = 0; i < pids.length; i++) {
      const pid = pids[i]!;
      let k = this.known.get(pid);
      // The stat read by this pass's list() is used once; any other measure reads it again.
      if (k !== undefined && k.fresh && k.listedIn === this.pass) k.fresh = false;
      else k = this.read(pid, String(pid));
      if (k === undefined) continue;
      k.watchedIn = this.pass;
      // Watched: its files are kept open for the next ticks (when the budget allows).
      if (k.statFd < 0) this.kept.keep(k, k.statPath, this.o.fdDirSized ? k.fdPath : undefined);
      let fds = this.countFds(k);
      // The fd directory vanished after the scan: the process exited, so it has no metrics.
      if (fds === 'gone') continue;
      // An exiting process drops its memory, then its FD table, then turns zombie: an empty table seen then is not
      // "0 FDs" but unknown. Only an empty count pays for the second stat read.
      if (fds === 0 && this.exiting(pid)) fds = undefined;
      const { utime, stime, rssPages } = k;
      const rssBytes = rssPages === undefined ? undefined : rssPages * this.o.pageBytes;
      const cpuTimeMs = utime === undefined || stime === undefined ? undefined : ((utime + stime) * 1000) / this.o.clockTicks;
      let m = k.metrics;
      if (m === undefined || m.fds !== fds || m.rssBytes !== rssBytes || m.vmsBytes !== k.vsizeBytes
        || m.cpuTimeMs !== cpuTimeMs || m.threads !== k.numThreads) {
        m = { fds, rssBytes, vmsBytes: k.vsizeBytes, cpuTimeMs, threads: k.numThreads };
        k.metrics = m;
      }
      out.set(pid, m);
    }
    return out;
  }

  /**
   * Reads /proc/PID/stat into what is known of the pid (a new record when the pid is new or was reused: another start
   * time); undefined when it cannot be read or has no parent or start time (as list() always skipped those).
   */
  private read(pid: number, name: string): Known | undefined {
    let k = this.known.get(pid);
    const st = this.st;
    // Through the held FD when there is one; by path when not, or when that read failed (the process it named is gone).
    let len = k === undefined ? undefined : this.kept.readStat(k, this.buf);
    if (len === undefined) {
      try {
        len = this.reader.readInto(k?.statPath ?? `/proc/${name}/stat`, this.buf);
      } catch {
        return undefined;
      }
    }
    const buf = this.buf;
    if (k !== undefined && k.rawLen === len && k.raw !== undefined && buf.compare(k.raw, 0, len, 0, len) === 0) return k;
    if (!parseStatBytes(buf, len, st) || st.pid !== pid || st.ppid === undefined || st.startTime === undefined) return undefined;
    const { ppid, startTime, state, pgrp, session } = st;
    if (k === undefined || k.startTime !== startTime) {
      if (k !== undefined) this.kept.release(k);
      const uid = this.ownerOf(pid);
      const entry: ProcEntry = { pid, startTime, ppid, comm: this.buf.toString('utf8', st.commStart, st.commEnd), state, uid, pgid: pgrp, sid: session };
      k = {
        startTime, statPath: k?.statPath ?? `/proc/${name}/stat`, fdPath: k?.fdPath ?? `/proc/${name}/fd`, entry, uid,
        utime: undefined, stime: undefined, numThreads: undefined, vsizeBytes: undefined, rssPages: undefined,
        listedIn: 0, firstPass: this.pass, watchedIn: -1, fresh: false, metrics: undefined, raw: undefined, rawLen: 0,
        ...newHolder(),
      };
      this.known.set(pid, k);
    } else {
      const e = k.entry;
      const sameComm = bytesEqual(this.buf, st.commStart, st.commEnd, e.comm);
      if (!sameComm || e.ppid !== ppid || e.state !== state || e.pgid !== pgrp || e.sid !== session) {
        const comm = sameComm ? e.comm : this.buf.toString('utf8', st.commStart, st.commEnd);
        k.entry = { pid, startTime, ppid, comm, state, uid: k.uid, pgid: pgrp, sid: session };
      }
    }
    k.utime = st.utime;
    k.stime = st.stime;
    k.numThreads = st.numThreads;
    k.vsizeBytes = st.vsizeBytes;
    k.rssPages = st.rssPages;
    if (k.raw === undefined || k.raw.length < len) k.raw = Buffer.allocUnsafe(Math.max(len, 384));
    buf.copy(k.raw, 0, 0, len);
    k.rawLen = len;
    return k;
  }

  /** Owner of /proc/PID (the effective uid; root for non-dumpable processes), stat'ed once per identity. */
  private ownerOf(pid: number): number | undefined {
    try {
      return this.reader.stat(`/proc/${pid}`).uid;
    } catch {
      return undefined;
    }
  }

  /** True when the process is caught ending: gone, a zombie, or its address space already released. */
  private exiting(pid: number): boolean {
    let len: number;
    try {
      len = this.reader.readInto(`/proc/${pid}/stat`, this.buf);
    } catch {
      return true;
    }
    const st = this.st;
    return !parseStatBytes(this.buf, len, st) || st.state === 'Z' || st.state === 'X' || st.vsizeBytes === 0;
  }

  /** Open FDs: st_size of the fd directory (Linux >= 6.2), else its entry count; undefined when denied. */
  private countFds(k: Known): number | undefined | 'gone' {
    // The held directory answers a live count; anything else (0, a failure) is asked of the path, which says why.
    const held = this.kept.fdSize(k);
    if (held !== undefined && held > 0) return held;
    const dir = k.fdPath;
    try {
      // stat first even on old kernels: it is what says EACCES or ENOENT cheaply.
      const size = this.reader.stat(dir).size;
      return this.o.fdDirSized ? size : this.reader.readdir(dir).length;
    } catch (err) {
      const why = failureOf(err);
      return why === 'gone' ? 'gone' : undefined;
    }
  }

  clear(): void {
    for (const k of this.known.values()) this.kept.release(k);
    this.known.clear();
    this.lastList = undefined;
  }
}
