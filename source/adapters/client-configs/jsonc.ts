// JSON with comments and trailing commas (VS Code settings, hand-edited configs), parsed with line:column errors.

/** Blanks out // and /* *\/ comments and trailing commas outside strings, keeping every offset and newline in place. */
export function stripJsonc(text: string): string {
  const out = text.split('');
  let i = 0;
  let lastSignificant = -1;
  const blank = (from: number, to: number): void => { for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' '; };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      lastSignificant = j;
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (ch === '}' || ch === ']') {
      if (lastSignificant >= 0 && text[lastSignificant] === ',') out[lastSignificant] = ' ';
      lastSignificant = i;
      i++;
    } else {
      if (ch !== undefined && !/\s/.test(ch)) lastSignificant = i;
      i++;
    }
  }
  return out.join('');
}

/** Turns "… at position 42" into "line 3 column 7" so a person can find the mistake. */
function withLineColumn(message: string, text: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message.replace(/\s*\(line \d+ column \d+\)/, '')} (line ${line} column ${column})`;
}

/** Parses JSON or JSONC; throws an Error whose message says where the text is broken. */
export function parseJsonc(text: string): unknown {
  const clean = stripJsonc(text.replace(/^\uFEFF/, ''));
  try {
    return JSON.parse(clean) as unknown;
  } catch (err) {
    throw new Error(withLineColumn(err instanceof Error ? err.message : String(err), clean), { cause: err });
  }
}
