// The Prometheus text exposition format (0.0.4) of metric families: escaping, HELP/TYPE lines, histogram series. Pure.

export type FamilyType = 'gauge' | 'counter' | 'histogram';
export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Labels shared by many samples (a group's): the same object renders once per scrape. */
  readonly labels: Labels;
  /** This sample's own labels, written after `labels`. */
  readonly extra?: Labels;
  readonly value: number;
}

/** A histogram series: cumulative counts at ascending upper bounds (seconds), plus sum and count. */
export interface HistogramSample {
  readonly labels: Labels;
  readonly bounds: readonly number[];
  readonly cumulative: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export type Family =
  | { readonly name: string; readonly help: string; readonly type: 'gauge' | 'counter'; readonly samples: readonly Sample[] }
  | { readonly name: string; readonly help: string; readonly type: 'histogram'; readonly samples: readonly HistogramSample[] };

const NEEDS_ESCAPE = /[\\\n"]/;
const escapeLabel = (v: string): string => (NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : v);
const escapeHelp = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

/** A value as the format writes it: +Inf, -Inf, NaN, else the shortest decimal. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

const pairs = (labels: Labels): string => Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');

/** `{a="1",b="2"}` from shared labels (rendered once per object and scrape via `memo`) and a sample's own. */
function labelText(memo: WeakMap<Labels, string>, labels: Labels, extra?: Labels | readonly [string, string]): string {
  let shared = memo.get(labels);
  if (shared === undefined) memo.set(labels, (shared = pairs(labels)));
  const own = extra === undefined ? '' : Array.isArray(extra) ? `${extra[0]}="${escapeLabel(extra[1])}"` : pairs(extra as Labels);
  const all = shared === '' ? own : own === '' ? shared : `${shared},${own}`;
  return all === '' ? '' : `{${all}}`;
}

/** One family as text; a family without samples writes nothing (an unknown figure is no series, never 0). */
export function renderFamily(f: Family, memo: WeakMap<Labels, string> = new WeakMap()): string {
  if (f.samples.length === 0) return '';
  const lines = [`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`];
  if (f.type === 'histogram') {
    for (const h of f.samples) {
      h.bounds.forEach((b, i) => lines.push(`${f.name}_bucket${labelText(memo, h.labels, ['le', formatValue(b)])} ${formatValue(h.cumulative[i] ?? 0)}`));
      lines.push(`${f.name}_bucket${labelText(memo, h.labels, ['le', '+Inf'])} ${formatValue(h.count)}`);
      lines.push(`${f.name}_sum${labelText(memo, h.labels)} ${formatValue(h.sum)}`);
      lines.push(`${f.name}_count${labelText(memo, h.labels)} ${formatValue(h.count)}`);
    }
  } else {
    for (const s of f.samples) lines.push(`${f.name}${labelText(memo, s.labels, s.extra)} ${formatValue(s.value)}`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderFamilies(families: readonly Family[]): string {
  const memo = new WeakMap<Labels, string>();
  return families.map((f) => renderFamily(f, memo)).join('');
}
