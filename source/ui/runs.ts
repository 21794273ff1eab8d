// A line as coloured spans, cut into runs that Ink measures cheaply: printable ASCII apart from glyphs (bars, arrows).
// Ink measures every <Text> on every frame with string-width, whose ASCII path is one regex but whose other path
// segments graphemes one by one: a table row whose sparklines share a <Text> with its numbers costs ~300x more.

/** A piece of a line and its foreground colour (undefined: the line's own). */
export interface Span {
  readonly text: string;
  readonly color?: string | undefined;
}

/** An ASCII stretch shorter than this stays inside the glyph run around it: a <Text> node costs more than it saves. */
export const MIN_ASCII_RUN = 6;

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

interface Piece { readonly text: string; readonly color: string | undefined; ascii: boolean }

/** Maximal ASCII / non-ASCII pieces of every span, in order. */
function pieces(spans: readonly Span[]): Piece[] {
  const out: Piece[] = [];
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
function append(run: Span[], p: Piece): void {
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
  const ps = pieces(spans);
  // Group consecutive ASCII pieces; a group too short to stand alone becomes non-ASCII.
  for (let i = 0; i < ps.length;) {
    if (!ps[i]?.ascii) { i++; continue; }
    let j = i;
    let len = 0;
    while (j < ps.length && ps[j]?.ascii) len += ps[j++]?.text.length ?? 0;
    const touchesGlyphs = i > 0 || j < ps.length;
    if (len < minAscii && touchesGlyphs) for (let k = i; k < j; k++) (ps[k] as Piece).ascii = false;
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
