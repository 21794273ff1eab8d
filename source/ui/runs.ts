// A line as styled spans, cut into what Ink draws cheaply: blank stretches at least MIN_GAP long are left undrawn (a
// spacer holds their place) and the rest are runs, each one <Text>. Ink redraws the whole screen every frame and its
// cost is per cell written (a grapheme segmenter and a styled cell each), so blanks not written are work saved.

/** A piece of a line and its style; an unset field is the line's own. */
export interface Span {
  readonly text: string;
  readonly color?: string | undefined;
  readonly bold?: boolean | undefined;
  readonly dim?: boolean | undefined;
  readonly inverse?: boolean | undefined;
}

/** True when the span sets a style of its own (a colour, bold, dim or inverse). */
export const styled = (s: Span): boolean => s.color !== undefined || s.bold === true || s.dim === true || s.inverse === true;

const sameStyle = (a: Span, b: Span): boolean =>
  a.color === b.color && (a.bold === true) === (b.bold === true) && (a.dim === true) === (b.dim === true) && (a.inverse === true) === (b.inverse === true);

/** The span's style with other text (no undefined fields, so spans compare and print cleanly). */
function restyle(s: Span, text: string): Span {
  const out: { -readonly [K in keyof Span]: Span[K] } = { text };
  if (s.color !== undefined) out.color = s.color;
  if (s.bold === true) out.bold = true;
  if (s.dim === true) out.dim = true;
  if (s.inverse === true) out.inverse = true;
  return out;
}

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

/** Same text and style, span by span: a line that did not change need not be re-rendered. */
export function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined || x.text !== y.text || !sameStyle(x, y)) return false;
  }
  return true;
}

/** The spans' text from `from` to `to` (offsets in the joined text), styles kept; neighbours of one style joined. */
export function sliceSpans(spans: readonly Span[], from: number, to: number): Span[] {
  const out: Span[] = [];
  let at = 0;
  for (const s of spans) {
    const end = at + s.text.length;
    const text = end > from && at < to ? s.text.slice(Math.max(0, from - at), Math.min(s.text.length, to - at)) : '';
    if (text !== '') {
      const last = out.at(-1);
      if (last !== undefined && sameStyle(last, s)) out[out.length - 1] = restyle(s, last.text + text);
      else out.push(restyle(s, text));
    }
    at = end;
    if (at >= to) break;
  }
  return out;
}

/** What a line is drawn as, left to right: a run of spans in one <Text>, or `width` blank cells left undrawn. */
export type Piece = { readonly kind: 'text'; readonly spans: Span[] } | { readonly kind: 'gap'; readonly width: number };

/**
 * Cuts a line into pieces: stretches of at least `minGap` spaces become gaps (trailing ones vanish), the text between
 * them a run. Spaces of an inverse span are kept; for a line drawn inverse as a whole pass Infinity (every space kept).
 */
export function linePieces(spans: readonly Span[], minGap = MIN_GAP): Piece[] {
  // Spaces of an inverse span show (as the highlight): they are never a gap.
  const full = spans.map((s) => (s.inverse === true ? s.text.replaceAll(' ', '\0') : s.text)).join('');
  const pieces: Piece[] = [];
  const text = (from: number, to: number): void => {
    if (to > from) pieces.push({ kind: 'text', spans: sliceSpans(spans, from, to) });
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
