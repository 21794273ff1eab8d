// Decides whether a parent process is a reaper (PID 1 or a subreaper), which is what makes a child an orphan.
//
// Linux exposes PR_SET_CHILD_SUBREAPER only to the process itself (prctl), not in /proc/PID/status, so a
// subreaper is recognised by what it is: PID 1 of the namespace, a `systemd` that is not PID 1 (the per-user
// manager `systemd --user`, which sets the flag), or a known init shim (tini, dumb-init, catatonit,
// docker-init). A rule can add pids explicitly (DetectRules.subreaperPids) for setups this cannot see.
import type { ProcInfo } from './types.js';

const INIT_SHIMS: ReadonlySet<string> = new Set(['init', 'tini', 'dumb-init', 'catatonit', 'docker-init', 'launchd']);

/** Why `parent` counts as a reaper ("PID 1", "systemd --user"), or undefined when it is an ordinary parent. */
export function reaperKind(ppid: number, parent: ProcInfo | undefined, extraPids: readonly number[] = []): string | undefined {
  if (ppid === 1) return 'PID 1';
  if (extraPids.includes(ppid)) return 'a subreaper';
  if (parent === undefined) return undefined;
  if (parent.comm === 'systemd') {
    return parent.command !== undefined && /(^|\s)--user(\s|$)/.test(parent.command) ? 'systemd --user' : 'systemd (subreaper)';
  }
  if (INIT_SHIMS.has(parent.comm)) return `${parent.comm} (init-like)`;
  return undefined;
}
