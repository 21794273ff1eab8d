// --heap wiring: the snapshot folder checked (made if missing, writable) before anything starts.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, TargetError } from './exit.js';

/** The absolute folder, created when missing; a folder that cannot be written is a usage error (exit 2). */
export function prepareHeapDir(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const abs = resolve(dir);
  try {
    mkdirSync(abs, { recursive: true, mode: 0o700 });
    accessSync(abs, constants.W_OK);
  } catch (error) {
    throw new TargetError(`cannot write heap snapshots to --heap ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
  return abs;
}
