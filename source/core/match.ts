// Whether one process matches the targets: --name, --match and --pid rules.
//
// - --name matches the kernel comm exactly, or comm as the kernel truncates it (15 chars) for a longer name, or the
//   basename of argv[0] with or without its last extension ("server.py" matches --name server).
// - --match is tested on argv joined by spaces (comm when argv is empty or unreadable); --pid is exact.
import type { Targets } from './config.js';
import type { ProcEntry } from './types.js';

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const stripExt = (name: string): string => {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(0, i) : name;
};
/** Linux keeps 15 bytes of a process name (TASK_COMM_LEN 16 with the NUL). */
const COMM_LEN = 15;

export function matchesName(name: string, comm: string, argv: readonly string[] | undefined): boolean {
  if (comm === name || (name.length > COMM_LEN && comm === name.slice(0, COMM_LEN))) return true;
  const a0 = argv?.[0];
  if (a0 === undefined || a0 === '') return false;
  const base = basename(a0);
  return base === name || stripExt(base) === name;
}

export function matchesTargets(targets: Targets, entry: ProcEntry, argv: readonly string[] | undefined): boolean {
  if (targets.pids.includes(entry.pid)) return true;
  if (targets.names.some((n) => matchesName(n, entry.comm, argv))) return true;
  if (targets.patterns.length === 0) return false;
  const line = argv !== undefined && argv.length > 0 ? argv.join(' ') : entry.comm;
  return targets.patterns.some((re) => {
    re.lastIndex = 0; // a /g or /y pattern keeps state between calls
    return re.test(line);
  });
}
