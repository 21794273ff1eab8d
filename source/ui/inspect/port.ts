// What the `l` and `e` panes read about one process, supplied by the wiring (adapters/fd-targets.ts, /proc environ).
import type { FdKind } from '../../core/types.js';

/** One open FD as the pane shows it (adapters/fd-targets.ts FdTarget has this shape). */
export interface FdTarget {
  readonly fd: number;
  readonly target: string;
  readonly kind: FdKind;
}

/** Open FDs with targets (at most a cap), or why none can be shown; never 0 for an unreadable process. */
export type InspectFds = { readonly fds: readonly FdTarget[]; readonly total: number } | 'denied' | 'gone';
/** The environment with secret values already redacted, or why it cannot be shown. */
export type InspectEnv = Readonly<Record<string, string>> | 'denied' | 'gone';

export interface TuiInspect {
  fds(pid: number): InspectFds;
  env(pid: number): Promise<InspectEnv>;
}
