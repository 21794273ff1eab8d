// The HostSource: memory and CPUs from systeminformation (loaded lazily), load average, and /proc/sys/fs/file-nr.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
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

export interface SystemHostSourceOptions {
  /** Where file-nr lives; tests point it at a fixture. */
  readonly fileNrPath?: string;
}

export class SystemHostSource implements HostSource {
  private readonly fileNrPath: string;
  private si: ReturnType<typeof loadSystemInformation> | undefined;
  /** The CPU count does not change; si.cpu() runs lscpu, so it is asked once. */
  private cpus: Promise<number | undefined> | undefined;

  constructor(opts: SystemHostSourceOptions = {}) {
    this.fileNrPath = opts.fileNrPath ?? '/proc/sys/fs/file-nr';
  }

  async read(): Promise<HostInfo> {
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

  private fileNr(): { filesOpen?: number; filesMax?: number } {
    try {
      return parseFileNr(readFileSync(this.fileNrPath, 'utf8'));
    } catch {
      return {};
    }
  }
}
