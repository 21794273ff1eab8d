// A line as coloured spans, cut into what Ink draws cheaply: blank stretches left undrawn, and printable ASCII runs
// apart from glyph runs (bars, box drawing). Ink redraws the whole screen every frame, and its cost is per character
// written (a grapheme segmenter and a styled cell for each), plus string-width on every <Text>, whose ASCII path is
// one regex but whose other path segments graphemes one by one (~300x slower on a table row with sparklines).

/** A piece of a line and its foreground colour (undefined: the line's own). */
export interface Span {
  readonly text: string;
  readonly color?: string | undefined;
}

/** An ASCII stretch shorter than this stays inside the glyph run around it: a <Text> node costs more than it saves. */
export const MIN_ASCII_RUN = 6;
/**
 * Blank stretches at least this long are left undrawn (a spacer holds their place) where blanks look blank. Shorter
 * ones are not worth it: the blanks between right-aligned numbers change length as values gain digits, and each
 * change remounts nodes (measured: 3 costs more per frame than no gaps once every row changes each tick; 5 does not).
 */
export const MIN_GAP = 5;

const isAscii = (code: number): boolean => code >= 0x20 && code <= 0x7e;

/** One cell wide for string-width and for the terminal: box drawing, blocks, arrows, Latin letters, dashes, "›", "…". */
function isNarrow(code: number): boolean {
  return isAscii(code)
    || (code >= 0xa0 && code <= 0x2ff && code !== 0xad)
    || (code >= 0x2010 && code <= 0x2027)
    || (code >= 0x2030 && code <= 0x205e)
    || (code >= 0x2190 && code <= 0x21ff)
    || (code >= 0x2500 && code <= 0x259f)
    || code === 0x25b2 || code === 0x25bc;
}

/** Display width in cells when every character is known to be one cell wide; undefined otherwise (emoji, CJK...). */
export function narrowWidth(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    if (!isNarrow(text.charCodeAt(i))) return undefined;
  }
  return text.length;
}

/** Width of the whole line, undefined when some character's width is not known without string-width. */
export function spansWidth(spans: readonly Span[]): number | undefined {
  let total = 0;
  for (const s of spans) {
    const w = narrowWidth(s.text);
    if (w === undefined) return undefined;
    total += w;
  }
  return total;
}

interface Bit { readonly text: string; readonly color: string | undefined; ascii: boolean }

/** Maximal ASCII / non-ASCII pieces of every span, in order. */
function bits(spans: readonly Span[]): Bit[] {
  const out: Bit[] = [];
  for (const s of spans) {
    let from = 0;
    for (let i = 1; i <= s.text.length; i++) {
      if (i === s.text.length || isAscii(s.text.charCodeAt(i)) !== isAscii(s.text.charCodeAt(from))) {
        out.push({ text: s.text.slice(from, i), color: s.color, ascii: isAscii(s.text.charCodeAt(from)) });
        from = i;
      }
    }
  }
  return out;
}

/** Appends a piece to a run, joining it to the last span when the colour is the same. */
function append(run: Span[], p: Bit): void {
  const last = run.at(-1);
  const joined = last !== undefined && last.color === p.color;
  const text = joined ? last.text + p.text : p.text;
  const span = p.color === undefined ? { text } : { text, color: p.color };
  if (joined) run[run.length - 1] = span;
  else run.push(span);
}

/**
 * Cuts a line into runs, each drawn as its own <Text>: runs of printable ASCII and runs holding anything else.
 * ASCII stretches shorter than `minAscii` (counting across spans) join the glyph run they sit in, so a sparkline
 * with a gap stays one run. Concatenating the runs gives back the spans' text, colours unchanged.
 */
export function splitRuns(spans: readonly Span[], minAscii = MIN_ASCII_RUN): Span[][] {
  const ps = bits(spans);
  // Group consecutive ASCII pieces; a group too short to stand alone becomes non-ASCII.
  for (let i = 0; i < ps.length;) {
    if (!ps[i]?.ascii) { i++; continue; }
    let j = i;
    let len = 0;
    while (j < ps.length && ps[j]?.ascii) len += ps[j++]?.text.length ?? 0;
    const touchesGlyphs = i > 0 || j < ps.length;
    if (len < minAscii && touchesGlyphs) for (let k = i; k < j; k++) (ps[k] as Bit).ascii = false;
    i = j;
  }
  const runs: Span[][] = [];
  let current: Span[] = [];
  let ascii: boolean | undefined;
  for (const p of ps) {
    if (ascii !== undefined && p.ascii !== ascii) {
      runs.push(current);
      current = [];
    }
    ascii = p.ascii;
    append(current, p);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** Same text and colours, span by span: a row that did not change need not be re-rendered. */
export function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]?.text !== b[i]?.text || a[i]?.color !== b[i]?.color) return false;
  }
  return true;
}

/** The spans' text from `from` to `to` (offsets in the joined text), colours kept. */
export function sliceSpans(spans: readonly Span[], from: number, to: number): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const s of spans) {
    const end = at + s.text.length;
    const text = end > from && at < to ? s.text.slice(Math.max(0, from - at), Math.min(s.text.length, to - at)) : '';
    if (text !== '') out.push(s.color === undefined ? { text } : { text, color: s.color });
    at = end;
    if (at >= to) break;
  }
  return out;
}

/** What a line is drawn as, left to right: a run of spans in one <Text>, or `width` blank cells left undrawn. */
export type Piece = { readonly kind: 'text'; readonly spans: Span[] } | { readonly kind: 'gap'; readonly width: number };

/**
 * Cuts a line into pieces: stretches of at least `minGap` spaces become gaps (trailing ones vanish), the rest is
 * split into runs as splitRuns does. Only for a line whose spaces look blank whatever their style (colour, bold, dim:
 * not inverse); pass Infinity to keep every space.
 */
export function linePieces(spans: readonly Span[], minGap = MIN_GAP, minAscii = MIN_ASCII_RUN): Piece[] {
  const full = spans.map((s) => s.text).join('');
  const pieces: Piece[] = [];
  const text = (from: number, to: number): void => {
    if (to > from) for (const run of splitRuns(sliceSpans(spans, from, to), minAscii)) pieces.push({ kind: 'text', spans: run });
  };
  let at = 0;
  if (Number.isFinite(minGap) && minGap > 0) {
    const blanks = new RegExp(` {${Math.floor(minGap)},}`, 'g');
    for (let m = blanks.exec(full); m !== null; m = blanks.exec(full)) {
      text(at, m.index);
      at = m.index + m[0].length;
      if (at < full.length) pieces.push({ kind: 'gap', width: m[0].length });
    }
  }
  text(at, full.length);
  return pieces;
}
