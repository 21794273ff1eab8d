// Typed reads of raw flag and config values (numbers, lists, enums, FD specs, thresholds, patterns, JSON), each failing with a one-line UsageError.
import { DEFAULT_THRESHOLDS, parseFdSpec, type Thresholds } from './core/config.js';

/** A usage error: the message is the one line shown on stderr. */
export class UsageError extends Error {}

/** Flag values by camelCase name, from argv (options-argv.ts) and the config file alike. */
export type Raw = Record<string, unknown>;

/** Node timers hold a signed 32-bit ms count: anything larger fires after 1 ms. Every ms or s flag stays under it. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface NumOpts { min: number; max?: number; integer?: boolean }

export function num(raw: Raw, key: string, flag: string, opts: NumOpts & { fallback: number }): number;
export function num(raw: Raw, key: string, flag: string, opts: NumOpts & { fallback?: undefined }): number | undefined;
export function num(raw: Raw, key: string, flag: string, opts: NumOpts & { fallback?: number }): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return opts.fallback;
  const text = String(v).trim();
  if (text === '') throw new UsageError(`--${flag} needs a value`);
  // Number('0x10') and Number('1e3') are numbers to JS, not to a person typing a flag: decimal only.
  const n = typeof v === 'number' ? v : /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN;
  const kind = opts.integer === true ? 'a whole number' : 'a number';
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isFinite(n) || (opts.integer === true && !Number.isInteger(n)) || n < opts.min || n > max) {
    throw new UsageError(`--${flag} expects ${kind} ≥ ${opts.min} and ≤ ${max}, got "${String(v)}"`);
  }
  return n;
}

/** A string value; an empty one is a usage error (a flag given without its value), never "not given". */
export function str(raw: Raw, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  const s = String(v);
  if (s.trim() === '') throw new UsageError(`--${kebab(key)} needs a value`);
  return s;
}

export function list(raw: Raw, key: string): string[] {
  const v = raw[key];
  if (v === undefined || v === null) return [];
  const out = (Array.isArray(v) ? v : [v]).map(String);
  if (out.some((s) => s.trim() === '')) throw new UsageError(`--${kebab(key)} needs a value`);
  return out;
}

export function bool(raw: Raw, key: string, fallback: boolean): boolean {
  const v = raw[key];
  return typeof v === 'boolean' ? v : fallback;
}

export const kebab = (k: string): string => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function fdSpec(raw: Raw, key: string, fallback: Thresholds['fdWarn']): Thresholds['fdWarn'] {
  const v = str(raw, key);
  if (v === undefined) return fallback;
  const spec = parseFdSpec(v);
  if (spec === undefined) throw new UsageError(`--${kebab(key)} expects a count or a percent of the FD limit (e.g. 800 or 80%), got "${v}"`);
  return spec;
}

export function thresholds(raw: Raw): Thresholds {
  const d = DEFAULT_THRESHOLDS;
  const t: Thresholds = {
    ...d,
    fdWarn: fdSpec(raw, 'fdWarn', d.fdWarn),
    fdCrit: fdSpec(raw, 'fdCrit', d.fdCrit),
    rssWarnMB: num(raw, 'rssWarn', 'rss-warn', { min: 1, fallback: d.rssWarnMB }),
    rssCritMB: num(raw, 'rssCrit', 'rss-crit', { min: 1, fallback: d.rssCritMB }),
    cpuWarnPct: num(raw, 'cpuWarn', 'cpu-warn', { min: 1, fallback: d.cpuWarnPct }),
    cpuCritPct: num(raw, 'cpuCrit', 'cpu-crit', { min: 1, fallback: d.cpuCritPct }),
    procsWarn: num(raw, 'procsWarn', 'procs-warn', { min: 1, integer: true, fallback: d.procsWarn }),
    procsCrit: num(raw, 'procsCrit', 'procs-crit', { min: 1, integer: true, fallback: d.procsCrit }),
  };
  if (t.rssWarnMB > t.rssCritMB) throw new UsageError(`--rss-warn (${t.rssWarnMB}) is above --rss-crit (${t.rssCritMB})`);
  if (t.procsWarn > t.procsCrit) throw new UsageError(`--procs-warn (${t.procsWarn}) is above --procs-crit (${t.procsCrit})`);
  if (t.fdWarn.kind === t.fdCrit.kind && t.fdWarn.value > t.fdCrit.value) throw new UsageError('--fd-warn is above --fd-crit');
  return t;
}

export function regexes(sources: readonly string[]): RegExp[] {
  return sources.map((s) => {
    try {
      return new RegExp(s);
    } catch (error) {
      throw new UsageError(`--match "${s}" is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  });
}

export function pids(values: readonly string[]): number[] {
  return values.map((v) => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1) throw new UsageError(`--pid expects a process id (a positive whole number), got "${v}"`);
    return Number(v);
  });
}

export function jsonArgs(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--args expects a JSON object, got ${JSON.stringify(text)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--args expects a JSON object like \'{"message":"hi {i}"}\'');
  return parsed as Record<string, unknown>;
}

export function oneOf<T extends string>(raw: Raw, key: string, allowed: readonly T[], fallback: T | undefined): T | undefined {
  const v = str(raw, key);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${kebab(key)} expects one of ${allowed.join(', ')}, got "${v}"`);
  return v as T;
}
