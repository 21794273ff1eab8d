// A --config file's settings: checked against the flag table (one usage line per fault) and merged under the typed flags.
import { CONFIG_KEYS, flagSpec } from './options-flags.js';
import { UsageError, type Raw } from './options-values.js';

/** Edit distance, for "did you mean" on an unknown config key. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The valid key closest to `key` ("fd-warn" and "fd_warn" → "fdWarn"). */
export function nearestKey(key: string): string {
  const norm = (k: string): string => k.replace(/[-_\s]/g, '').toLowerCase();
  let best = CONFIG_KEYS[0] ?? '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of CONFIG_KEYS) {
    const d = distance(norm(key), norm(k));
    if (d < bestD) { best = k; bestD = d; }
  }
  return best;
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'string' ? `"${v}"` : `${typeof v} ${JSON.stringify(v)}`);

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';
const scalar = (v: unknown): boolean => nonEmpty(v) || (typeof v === 'number' && Number.isFinite(v));
const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a config value has the type its flag takes ("args" may also be a JSON object; a repeatable flag a list). */
function fits(key: string, v: unknown): boolean {
  const f = flagSpec(key);
  if (key === 'args') return nonEmpty(v) || isObject(v);
  if (f?.type === 'boolean') return typeof v === 'boolean';
  if (f?.isMultiple === true) return scalar(v) || (Array.isArray(v) && v.every(scalar));
  return scalar(v);
}

/** Checks a parsed --config object against the flag table: a wrong type (first, in table order), then an unknown key, is one usage line. */
export function validateConfig(config: Raw, path: string): Raw {
  for (const key of CONFIG_KEYS) {
    if (!Object.hasOwn(config, key) || config[key] === undefined || fits(key, config[key])) continue;
    const want = flagSpec(key)?.type === 'boolean' ? 'true or false' : 'a non-empty string or a number';
    throw new UsageError(`--config ${path}: "${key}" expects ${want}, got ${typeName(config[key])}`);
  }
  const unknown = Object.keys(config).find((k) => !CONFIG_KEYS.includes(k));
  if (unknown !== undefined) throw new UsageError(`--config ${path}: unknown key "${unknown}" (did you mean "${nearestKey(unknown)}"?)`);
  return config;
}

/** Merge config-file settings (camelCase keys like the flags) under the command-line flags. */
export function mergeConfig(config: Raw, cli: Raw, given: ReadonlySet<string>): Raw {
  const out: Raw = { ...config };
  for (const [k, v] of Object.entries(cli)) {
    if (given.has(k) || !(k in out)) out[k] = v;
    else if (Array.isArray(v) && v.length > 0) out[k] = v;
  }
  return out;
}
