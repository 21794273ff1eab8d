// Colours of the view, dropped when NO_COLOR is set: chalk 5 (inside Ink) ignores NO_COLOR, so the view must.
import type { StatusLevel, Verdict } from '../core/types.js';

/** https://no-color.org: present and not empty disables colour. */
export const colorEnabled = (env: Readonly<Record<string, string | undefined>> = process.env): boolean =>
  !(env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '');

export interface Theme {
  readonly status: Readonly<Record<StatusLevel, string | undefined>>;
  readonly verdict: Readonly<Record<Verdict, string | undefined>>;
  readonly accent: string | undefined;
  readonly chart: string | undefined;
  readonly muted: string | undefined;
}

export function makeTheme(color: boolean): Theme {
  const c = (name: string): string | undefined => (color ? name : undefined);
  return {
    status: { ok: c('green'), warn: c('yellow'), crit: c('red') },
    verdict: { ok: c('green'), inconclusive: c('yellow'), leak: c('red') },
    accent: c('cyan'),
    chart: c('cyan'),
    muted: c('gray'),
  };
}

export const theme: Theme = makeTheme(colorEnabled());
