// Output paths checked before a run starts (exit 2 when one cannot be written), without creating or changing any file.
import { accessSync, closeSync, constants, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EXIT, TargetError } from './exit.js';

/** The output flags a run may write, by option name. */
export const OUTPUT_FLAGS = { json: 'json', junit: 'junit', plot: 'plot', csv: 'csv', record: 'record', cleanupLog: 'cleanup-log' } as const;
export type OutputKey = keyof typeof OUTPUT_FLAGS;

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** Why `path` cannot be written, or undefined when it can (a missing file is created and removed again to be sure). */
export function outputProblem(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (error) {
    if (code(error) !== 'ENOENT') return `cannot use it (${code(error)})`;
  }
  if (st !== undefined) {
    if (st.isDirectory()) return 'is a directory';
    try { accessSync(path, constants.W_OK); } catch (error) { return `is not writable (${code(error)})`; }
    if (!st.isFile()) return undefined; // a device or a pipe: opening it here could block or write
    try { closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK)); } catch (error) { return `is not writable (${code(error)})`; }
    return undefined;
  }
  const dir = dirname(resolve(path));
  try {
    if (!statSync(dir).isDirectory()) return `cannot be created: ${dir} is not a folder`;
  } catch {
    return `cannot be created: the folder ${dir} does not exist`;
  }
  // access() says yes to root everywhere, and /proc takes no new files: only creating one tells. It is removed at once.
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
  } catch (error) {
    return `cannot be created (${code(error)})`;
  }
  try { unlinkSync(path); } catch { /* it was ours; a failure to remove it is not the user's problem */ }
  return undefined;
}

const isDevice = (path: string): boolean => {
  try { const st = statSync(path); return !st.isFile() && !st.isDirectory(); } catch { return false; }
};

/** Every given output path can be written and no two outputs share one; throws a usage TargetError naming the flag. */
export function checkOutputs(o: Partial<Record<OutputKey, string>>): void {
  const seen = new Map<string, string>();
  for (const [key, flag] of Object.entries(OUTPUT_FLAGS) as [OutputKey, string][]) {
    const path = o[key];
    if (path === undefined || (key === 'json' && path === '-')) continue;
    const abs = resolve(path);
    // Two outputs into one file would interleave; two into /dev/null (or any device) is fine.
    const other = isDevice(abs) ? undefined : seen.get(abs);
    if (other !== undefined) throw new TargetError(`--${other} and --${flag} both write ${path}; give each its own file`, EXIT.usage);
    seen.set(abs, flag);
    const problem = outputProblem(path);
    if (problem !== undefined) throw new TargetError(`--${flag} ${path} ${problem}`, EXIT.usage);
  }
}
