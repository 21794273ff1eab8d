// The HostSource: memory from /proc/meminfo (systeminformation, loaded lazily, elsewhere), CPUs, load average, file-nr.
import { readFileSync } from 'node:fs';
import { cpus as osCpus, loadavg } from 'node:os';
import type { HostSource } from '../core/ports.js';
import type { HostInfo } from '../core/types.js';

// Imported on first read, never at startup: systeminformation is large and the tick path must not load it.
const loadSystemInformation = () => import('systeminformation').then((m) => m.default, () => undefined);

/**
 * /proc/sys/fs/file-nr is "allocated free max". Since Linux 2.6 free is always 0, but subtracting it stays right on
 * kernels that report it.
 */
export function parseFileNr(text: string): { filesOpen?: number; filesMax?: number } {
  const [allocated, free, max] = text.trim().split(/\s+/).map((s) => (/^\d+$/.test(s) ? Number(s) : undefined));
  return {
    filesOpen: allocated === undefined || free === undefined ? undefined : allocated - free,
    filesMax: max,
  };
}

/** MemTotal and MemAvailable of /proc/meminfo (kB lines), in bytes; a missing line is undefined. */
export function parseMeminfo(text: string): { total?: number; available?: number } {
  const kb = (name: string): number | undefined => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
    return m?.[1] === undefined ? undefined : Number(m[1]) * 1024;
  };
  return { total: kb('MemTotal'), available: kb('MemAvailable') };
}

export interface SystemHostSourceOptions {
  /** Where file-nr lives; tests point it at a fixture. */
  readonly fileNrPath?: string;
  /** Where meminfo lives (Linux); tests point it at a fixture. */
  readonly meminfoPath?: string;
}

export class SystemHostSource implements HostSource {
  private readonly fileNrPath: string;
  private si: ReturnType<typeof loadSystemInformation> | undefined;
  /** The CPU count does not change; si.cpu() runs lscpu, so it is asked once. */
  private cpus: Promise<number | undefined> | undefined;

  private readonly meminfoPath: string;

  constructor(opts: SystemHostSourceOptions = {}) {
    this.fileNrPath = opts.fileNrPath ?? '/proc/sys/fs/file-nr';
    this.meminfoPath = opts.meminfoPath ?? '/proc/meminfo';
  }

  async read(): Promise<HostInfo> {
    // Linux says it all in /proc: systeminformation (~10 MB of RSS, and lscpu run as a child) is not loaded there.
    const proc = this.meminfo();
    if (proc !== undefined) {
      const [load1, load5, load15] = loadavg();
      return { memTotalBytes: proc.total, memAvailableBytes: proc.available, load1, load5, load15, ...this.fileNr(), cpus: osCpus().length || undefined };
    }
    this.si ??= loadSystemInformation();
    const si = await this.si;
    this.cpus ??= si === undefined ? Promise.resolve(undefined) : si.cpu().then((c) => c.cores, () => undefined);
    const [mem, cpus] = await Promise.all([si?.mem().catch(() => undefined), this.cpus]);
    const [load1, load5, load15] = loadavg();
    return {
      memTotalBytes: mem?.total,
      memAvailableBytes: mem?.available,
      load1, load5, load15,
      ...this.fileNr(),
      cpus,
    };
  }

  private meminfo(): { total?: number; available?: number } | undefined {
    try {
      const m = parseMeminfo(readFileSync(this.meminfoPath, 'latin1'));
      return m.total === undefined ? undefined : m;
    } catch {
      return undefined;
    }
  }

  private fileNr(): { filesOpen?: number; filesMax?: number } {
    try {
      return parseFileNr(readFileSync(this.fileNrPath, 'utf8'));
    } catch {
      return {};
    }
  }
}
