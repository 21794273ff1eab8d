// The `l` (open FDs, like lsof -p) and `e` (environment, redacted) panes as text lines, cut to the pane.
import type { DetailLine } from '../detail-lines.js';
import { truncate } from '../../format/text.js';
import type { InspectEnv, InspectFds } from './port.js';

const KIND_WORD: Readonly<Record<string, string>> = { anon_inode: 'anon', socket: 'socket', pipe: 'pipe', file: 'file', other: 'other' };

/** Header, then "  FD KIND   TARGET" rows in FD order; the last line says how many did not fit. */
export function fdLines(who: string, got: InspectFds | undefined, width: number, height: number): DetailLine[] {
  const cut = (t: string): string => truncate(t, width);
  if (got === undefined) return [{ text: cut(`open FDs of ${who}: reading...`), dim: true }];
  if (got === 'denied') return [{ text: cut(`open FDs of ${who}: no permission (another user's process)`), level: 'warn' }];
  if (got === 'gone') return [{ text: cut(`open FDs of ${who}: process gone`), dim: true }];
  const counts = new Map<string, number>();
  for (const f of got.fds) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const byKind = [...counts.entries()].map(([k, n]) => `${KIND_WORD[k] ?? k} ${n}`).join(', ');
  const lines: DetailLine[] = [
    { text: cut(`open FDs of ${who}: ${got.total}${byKind === '' ? '' : ` (${byKind})`}   l closes`), bold: true },
    { text: cut(`${'FD'.padStart(5)}  ${'KIND'.padEnd(6)}  TARGET`), dim: true },
  ];
  const room = Math.max(0, height - lines.length);
  const shown = got.fds.length > room ? got.fds.slice(0, Math.max(0, room - 1)) : got.fds;
  for (const f of shown) lines.push({ text: cut(`${String(f.fd).padStart(5)}  ${(KIND_WORD[f.kind] ?? f.kind).padEnd(6)}  ${f.target}`) });
  const more = got.total - shown.length;
  if (more > 0) lines.push({ text: cut(`  ... ${more} more`), dim: true });
  return lines;
}

/** Header, then KEY=value sorted by name (values of secret-looking names already redacted by the reader). */
export function envLines(who: string, got: InspectEnv | undefined, width: number, height: number): DetailLine[] {
  const cut = (t: string): string => truncate(t, width);
  if (got === undefined) return [{ text: cut(`environment of ${who}: reading...`), dim: true }];
  if (got === 'denied') return [{ text: cut(`environment of ${who}: no permission (another user's process)`), level: 'warn' }];
  if (got === 'gone') return [{ text: cut(`environment of ${who}: process gone`), dim: true }];
  const names = Object.keys(got).sort();
  const lines: DetailLine[] = [{ text: cut(`environment of ${who}: ${names.length} variables, secrets redacted   e closes`), bold: true }];
  const room = Math.max(0, height - 1);
  const shown = names.length > room ? names.slice(0, Math.max(0, room - 1)) : names;
  for (const n of shown) lines.push({ text: cut(`${n}=${got[n] ?? ''}`) });
  if (shown.length < names.length) lines.push({ text: cut(`  ... ${names.length - shown.length} more`), dim: true });
  return lines;
}
