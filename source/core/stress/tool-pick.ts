// Which tool a load or churn run calls, with what arguments, and why: a given one, else a cheap one from tools/list.
import type { ToolInfo } from '../ports.js';

export interface ToolChoice {
  readonly name: string;
  /** Arguments template; "{i}" in any string becomes the call index. */
  readonly args: Readonly<Record<string, unknown>>;
  /** Why this tool, for StressView.toolNote. */
  readonly note: string;
}

/** Tools whose names suggest side effects or slowness: never picked automatically. */
const RISKY = /(toggle|trigger|long|slow|sleep|delete|remove|write|create|update|kill|shutdown|exit|reset|set|gzip|download|upload|research|sampl|elicit|run|exec|install)/i;
const ECHO_LIKE = /^(echo|ping)$|echo/i;
const READ_LIKE = /^(get|list|read|ping|health|status|version|whoami|info)/i;

/** Fill each required argument with a string carrying the call index (echo-like tools take a message). */
function fillRequired(tool: ToolInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of tool.required) out[r] = 'mcptop load {i}';
  return out;
}

export function pickTool(tools: readonly ToolInfo[], given?: { tool?: string; args?: Readonly<Record<string, unknown>> }): ToolChoice | { readonly error: string } {
  if (given?.tool !== undefined) {
    const t = tools.find((x) => x.name === given.tool);
    const args = given.args ?? (t ? fillRequired(t) : {});
    return { name: given.tool, args, note: t ? 'given with --tool' : 'given with --tool (not in tools/list)' };
  }
  const echo = tools.find((t) => ECHO_LIKE.test(t.name) && !RISKY.test(t.name));
  if (echo) {
    return {
      name: echo.name,
      args: given?.args ?? fillRequired(echo),
      note: `${echo.name}: echo-like, answers at once and keeps nothing, so growth is the server's own`,
    };
  }
  const noArgs = tools.filter((t) => t.required.length === 0 && !RISKY.test(t.name));
  const pick = noArgs.find((t) => READ_LIKE.test(t.name)) ?? noArgs[0];
  if (pick) {
    return { name: pick.name, args: given?.args ?? {}, note: `${pick.name}: needs no arguments and its name suggests a read (no echo-like tool)` };
  }
  return { error: 'no cheap tool to call (none echo-like, none without required arguments); pass --tool and --args' };
}

/** True when some string in the template holds "{i}" (otherwise one object serves every call). */
export function hasIndex(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{i}');
  if (Array.isArray(v)) return v.some(hasIndex);
  if (typeof v === 'object' && v !== null) return Object.values(v).some(hasIndex);
  return false;
}

/** The template with every "{i}" replaced by the call index. */
export function expandArgs<T>(v: T, i: number): T {
  if (typeof v === 'string') return v.split('{i}').join(String(i)) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => expandArgs(x, i)) as T;
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = expandArgs(x, i);
    return out as T;
  }
  return v;
}
