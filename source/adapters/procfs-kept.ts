// Watched processes' /proc files held open across ticks and re-read in place: /proc/PID/stat with a pread at offset 0
// (the kernel writes the record afresh), /proc/PID/fd with an fstat (its st_size is the FD count, Linux >= 6.2). A
// watched pid then costs one syscall a tick per file instead of open + read + close and a path lookup each. A held FD
// names one process, not a pid number: once that process is gone every call on it fails (ESRCH / ENOENT), so a reused
// pid is never read through it; the scan then lets it go and reads the path again.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** The fs calls on held files. Every method throws the fs error on failure. */
export interface KeptFiles {
  open(path: string, directory: boolean): number;
  /** The file's bytes from offset 0 into `into`, in one read (a one-record /proc file); the byte count. */
  readAt0(fd: number, into: Buffer): number;
  /** st_size of the open file. */
  size(fd: number): number;
  close(fd: number): void;
}

export function createRealKeptFiles(): KeptFiles {
  return {
    open: (path, directory) => openSync(path, constants.O_RDONLY | (directory ? constants.O_DIRECTORY : 0)),
    readAt0: (fd, into) => readSync(fd, into, 0, into.length, 0),
    size: (fd) => fstatSync(fd).size,
    close: (fd) => closeSync(fd),
  };
}

/**
 * FDs the scan may hold by default: two per watched process (its stat file and fd directory) for up to 512 watched
 * processes; past that, the rest are read by path as before. mcptop's own FD count therefore rises by at most this many
 * while it watches, and falls back as processes go or stop being watched.
 */
export const KEEP_FDS = 1024;

/** NONE: nothing held; REFUSED: opening failed for this process, not tried again (the path reads say why). */
const NONE = -1;
const REFUSED = -2;

/** The held FDs of one process identity (fields on the scan's own record of the pid). */
export interface Holder {
  statFd: number;
  dirFd: number;
}

export const newHolder = (): Holder => ({ statFd: NONE, dirFd: NONE });

/** The budget and the calls: every FD opened here is closed by release(), and never more than `budget` are open. */
export class KeptFds {
  private open = 0;

  constructor(private readonly files: KeptFiles | undefined, private readonly budget: number) {}

  /** FDs held now. */
  get held(): number {
    return this.open;
  }

  /** Opens the process's stat file (and fd directory, when given) to keep, if the budget has room for both. */
  keep(h: Holder, statPath: string, fdPath: string | undefined): void {
    const files = this.files;
    if (files === undefined || h.statFd !== NONE) return;
    const need = fdPath === undefined ? 1 : 2;
    if (this.open + need > this.budget) return;
    try {
      h.statFd = files.open(statPath, false);
      this.open++;
      if (fdPath !== undefined) {
        h.dirFd = files.open(fdPath, true);
        this.open++;
      }
    } catch {
      this.release(h);
      h.statFd = REFUSED;
    }
  }

  /** The stat bytes through the held FD; undefined when none is held or the read failed (then the FDs are let go). */
  readStat(h: Holder, into: Buffer): number | undefined {
    if (h.statFd < 0) return undefined;
    try {
      return this.files!.readAt0(h.statFd, into);
    } catch {
      this.release(h);
      return undefined;
    }
  }

  /** st_size of the held fd directory; undefined when none is held or fstat failed (then the FDs are let go). */
  fdSize(h: Holder): number | undefined {
    if (h.dirFd < 0) return undefined;
    try {
      return this.files!.size(h.dirFd);
    } catch {
      this.release(h);
      return undefined;
    }
  }

  /** Closes what the process holds (it may be kept again later). */
  release(h: Holder): void {
    if (h.statFd >= 0) this.close(h.statFd);
    if (h.dirFd >= 0) this.close(h.dirFd);
    h.statFd = NONE;
    h.dirFd = NONE;
  }

  private close(fd: number): void {
    this.open--;
    try {
      this.files!.close(fd);
    } catch {
      // Closing a /proc FD cannot fail in a way that leaves it open.
    }
  }
}
