// The `l` / `e` panes' reader: FD targets from /proc/PID/fd and the environment from /proc/PID/environ, secrets redacted.
import { readFdTargets } from '../adapters/fd-targets.js';
import type { ProcessSource } from '../core/ports.js';
import { REDACTED, isSecretName, redactText } from '../core/redact.js';
import type { InspectEnv, TuiInspect } from '../ui/inspect/port.js';

/** FDs listed in the `l` pane at most (the header still gives the total). */
const PANE_FDS_MAX = 500;

/** A value is hidden when its name says secret, and any token-looking part of the others is hidden too. */
export function redactEnvValues(env: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = isSecretName(k) ? REDACTED : redactText(v);
  return out;
}

export function procInspect(source: ProcessSource): TuiInspect {
  return {
    fds: (pid) => readFdTargets(pid, PANE_FDS_MAX),
    async env(pid): Promise<InspectEnv> {
      const got = await source.environment?.(pid).catch(() => undefined);
      if (got === undefined) return 'gone';
      return got.env === undefined ? 'denied' : redactEnvValues(got.env);
    },
  };
}
