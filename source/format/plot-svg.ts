// --plot: an SVG of FDs and RSS per server over the run, stress rounds shaded, verdicts in the title and legend.
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { RunSummary, Snapshot, Verdict } from '../core/types.js';

export interface PlotPoint { readonly t: number; readonly v?: number }
export interface PlotServer {
  readonly key: string;
  readonly label: string;
  readonly verdict: Verdict;
  /** One line per metric verdict worth showing under the title ("FDs: +1.00 per call ..."). */
  readonly reasons?: readonly string[];
  readonly fds: readonly PlotPoint[];
  readonly rss: readonly PlotPoint[];
}
/** A stretch of time under stress (a load round, a churn run), ms on the same clock as the points. */
export interface PlotBand { readonly t0: number; readonly t1: number; readonly label: string }
export interface PlotInput {
  readonly verdict: Verdict;
  readonly startedAt: number;
  readonly servers: readonly PlotServer[];
  readonly bands: readonly PlotBand[];
  readonly subtitle?: string;
}

const W = 1000; const PANEL_H = 220; const LEFT = 70; const RIGHT = 20; const GAP = 50;
const COLORS = ['#4e79a7', '#e15759', '#59a14f', '#f28e2b', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'];
const WORD: Readonly<Record<Verdict, string>> = { ok: 'OK', inconclusive: 'INCONCLUSIVE', leak: 'LEAK' };
const VERDICT_COLOR: Readonly<Record<Verdict, string>> = { ok: '#2e7d32', inconclusive: '#b26a00', leak: '#c62828' };

export const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    // Characters XML 1.0 forbids (control bytes in a process name) would make the file unreadable.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?');

const elapsed = (ms: number): string => {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m${s % 60 ? `${String(s % 60).padStart(2, '0')}s` : ''}`;
  return `${(s / 3600).toFixed(1)}h`;
};

function panel(title: string, y0: number, input: PlotInput, pick: (s: PlotServer) => readonly PlotPoint[], scale: number, unit: string): string[] {
  const all = input.servers.flatMap((s) => pick(s));
  const ts = all.map((p) => p.t);
  const vs = all.flatMap((p) => (p.v === undefined ? [] : [p.v / scale]));
  const tMin = Math.min(input.startedAt, ...ts); const tMax = Math.max(tMin + 1000, ...ts);
  const x = scaleLinear().domain([0, tMax - tMin]).range([LEFT, W - RIGHT]);
  const y = scaleLinear().domain([Math.min(0, ...vs), Math.max(1, ...vs)]).nice().range([y0 + PANEL_H, y0]);
  const out = [`<g class="panel"><text x="${LEFT}" y="${y0 - 8}" class="ptitle">${escapeXml(title)}</text>`];
  for (const b of input.bands) {
    const x0 = x(Math.max(0, b.t0 - tMin)); const x1 = x(Math.min(tMax - tMin, b.t1 - tMin));
    out.push(`<rect x="${x0.toFixed(1)}" y="${y0}" width="${Math.max(1, x1 - x0).toFixed(1)}" height="${PANEL_H}" class="band"><title>${escapeXml(b.label)}</title></rect>`);
    out.push(`<text x="${(x0 + 3).toFixed(1)}" y="${y0 + 12}" class="blabel">${escapeXml(b.label)}</text>`);
  }
  // Counts get whole-number ticks only.
  for (const v of y.ticks(5).filter((v) => scale !== 1 || Number.isInteger(v))) {
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${LEFT - 6}" y="${(y(v) + 4).toFixed(1)}" class="ylab">${escapeXml(`${v}${unit}`)}</text>`);
  }
  for (const v of x.ticks(8)) out.push(`<text x="${x(v).toFixed(1)}" y="${y0 + PANEL_H + 16}" class="xlab">${elapsed(v)}</text>`);
  out.push(`<rect x="${LEFT}" y="${y0}" width="${W - LEFT - RIGHT}" height="${PANEL_H}" class="frame"/>`);
  input.servers.forEach((s, i) => {
    const path = line<PlotPoint>().defined((p) => p.v !== undefined).x((p) => x(p.t - tMin)).y((p) => y((p.v ?? 0) / scale))(pick(s));
    if (path) out.push(`<path d="${path}" stroke="${COLORS[i % COLORS.length]}" class="series"><title>${escapeXml(s.label)}</title></path>`);
  });
  out.push('</g>');
  return out;
}

/** The whole SVG document; opens in any browser. */
export function renderPlotSvg(input: PlotInput): string {
  const legendH = 18 * input.servers.reduce((n, s) => n + 1 + (s.reasons?.length ?? 0), 0);
  const top = 60 + legendH;
  const h = top + 2 * PANEL_H + GAP + 40;
  const title = `mcptop — verdict ${WORD[input.verdict]} — ${input.servers.length} server${input.servers.length === 1 ? '' : 's'}`;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" font-family="sans-serif">`,
    '<style>.ptitle{font-size:13px;font-weight:bold}.ylab{font-size:11px;text-anchor:end}.xlab{font-size:11px;text-anchor:middle}'
      + '.grid{stroke:#ddd}.frame{fill:none;stroke:#888}.band{fill:#f2c14e;opacity:.25}.blabel{font-size:10px;fill:#8a6d00}'
      + '.series{fill:none;stroke-width:1.6}.legend{font-size:12px}.reason{font-size:11px;fill:#444}</style>',
    `<rect width="${W}" height="${h}" fill="#fff"/>`,
    `<title>${escapeXml(title)}</title>`,
    `<text x="${LEFT}" y="26" font-size="18" font-weight="bold" fill="${VERDICT_COLOR[input.verdict]}">${escapeXml(title)}</text>`,
  ];
  if (input.subtitle) out.push(`<text x="${LEFT}" y="44" font-size="12" fill="#444">${escapeXml(input.subtitle)}</text>`);
  let ly = 62;
  input.servers.forEach((s, i) => {
    out.push(`<rect x="${LEFT}" y="${ly - 9}" width="12" height="3" fill="${COLORS[i % COLORS.length]}"/>`
      + `<text x="${LEFT + 18}" y="${ly}" class="legend">${escapeXml(s.label)}: <tspan fill="${VERDICT_COLOR[s.verdict]}" font-weight="bold">${WORD[s.verdict]}</tspan></text>`);
    ly += 18;
    for (const r of s.reasons ?? []) { out.push(`<text x="${LEFT + 30}" y="${ly}" class="reason">${escapeXml(r)}</text>`); ly += 18; }
  });
  out.push(...panel('Open FDs (tree)', top + 10, input, (s) => s.fds, 1, ''));
  out.push(...panel('RSS (tree)', top + 10 + PANEL_H + GAP, input, (s) => s.rss, 1024 * 1024, ' MB'));
  out.push('</svg>', '');
  return out.join('\n');
}

/** Points kept per series; past this, neighbours are averaged pairwise so an 8-hour run stays a small file. */
const MAX_POINTS = 2000;

function pushPoint(pts: PlotPoint[], p: PlotPoint): void {
  pts.push(p);
  if (pts.length <= MAX_POINTS) return;
  const merged: PlotPoint[] = [];
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const a = pts[i]!; const b = pts[i + 1]!;
    const v = a.v === undefined ? b.v : b.v === undefined ? a.v : (a.v + b.v) / 2;
    merged.push({ t: (a.t + b.t) / 2, v });
  }
  if (pts.length % 2 === 1) merged.push(pts[pts.length - 1]!);
  pts.splice(0, pts.length, ...merged);
}

/** Gathers what the plot needs from each snapshot (subscribe it to the Monitor, or feed it a replay). */
export class PlotCollector {
  private readonly servers = new Map<string, { label: string; fds: PlotPoint[]; rss: PlotPoint[] }>();
  private readonly bands: PlotBand[] = [];
  private open: { t0: number; t1: number; label: string } | undefined;
  private lastWork = 0;
  private startedAt: number | undefined;

  add(snap: Snapshot): void {
    this.startedAt ??= snap.startedAt;
    for (const s of snap.servers) {
      if (!s.latest || s.latest.t !== snap.t) continue;
      let e = this.servers.get(s.key);
      if (!e) { e = { label: s.label, fds: [], rss: [] }; this.servers.set(s.key, e); }
      e.label = s.label;
      pushPoint(e.fds, { t: s.latest.t, v: s.latest.fds });
      pushPoint(e.rss, { t: s.latest.t, v: s.latest.rssBytes });
    }
    const work = (snap.stress?.calls ?? 0) + (snap.churn?.done ?? 0);
    if (work > this.lastWork) {
      const label = snap.stress && snap.stress.calls > 0 ? `round ${Math.max(1, snap.stress.round)}` : 'churn';
      if (this.open && this.open.label === label) this.open.t1 = snap.t;
      else { this.close(); this.open = { t0: snap.t - snap.intervalMs, t1: snap.t, label }; }
    } else this.close();
    this.lastWork = work;
  }

  private close(): void {
    if (this.open) this.bands.push(this.open);
    this.open = undefined;
  }

  /** The plot input so far; verdicts and reasons come from the summary when given. */
  input(summary?: RunSummary): PlotInput {
    this.close();
    const servers = [...this.servers].map(([key, e]): PlotServer => {
      const s = summary?.servers.find((x) => x.key === key);
      const reasons = s ? [['FDs', s.metrics.fds], ['RSS', s.metrics.rssBytes], ['procs', s.metrics.procs]]
        .flatMap(([n, m]) => (typeof m === 'object' && m.verdict !== 'ok' && m.reason ? [`${n as string}: ${m.reason}`] : [])) : [];
      return { key, label: e.label, verdict: s?.verdict ?? 'inconclusive', reasons, fds: e.fds, rss: e.rss };
    });
    return { verdict: summary?.verdict ?? 'inconclusive', startedAt: this.startedAt ?? 0, servers, bands: this.bands };
  }
}
