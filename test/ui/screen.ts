// What a frame looks like on a terminal, cell by cell: tests compare screens, not the escape codes that draw them.

interface Pen { fg?: string; bg?: string; bold: boolean; dim: boolean; inverse: boolean; underline: boolean }

function apply(pen: Pen, params: string): Pen {
  const next = { ...pen };
  const codes = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] ?? 0;
    if (c === 0) Object.assign(next, { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false });
    else if (c === 1) next.bold = true;
    else if (c === 2) next.dim = true;
    else if (c === 22) { next.bold = false; next.dim = false; }
    else if (c === 4) next.underline = true;
    else if (c === 24) next.underline = false;
    else if (c === 7) next.inverse = true;
    else if (c === 27) next.inverse = false;
    else if (c === 39) next.fg = undefined;
    else if (c === 49) next.bg = undefined;
    else if (c === 38 || c === 48) {
      const n = codes[i + 1] === 5 ? 2 : 4;
      const value = codes.slice(i, i + 1 + n).join(';');
      if (c === 38) next.fg = value; else next.bg = value;
      i += n;
    } else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) next.fg = String(c);
    else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) next.bg = String(c);
  }
  return next;
}

/**
 * The frame as rows of cells ("char|style"). A space shows nothing but its background, inverse or underline, so a
 * space without those is a plain blank whatever its colour, bold or dim; blanks at the end of a row are dropped.
 */
export function screen(frame: string): string[] {
  return frame.split('\n').map((line) => {
    let pen: Pen = { bold: false, dim: false, inverse: false, underline: false };
    const cells: string[] = [];
    // eslint-disable-next-line no-control-regex
    const re = /\u001B\[([\d;]*)m|([\s\S])/gu;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      if (m[2] === undefined) { pen = apply(pen, m[1] ?? ''); continue; }
      const visibleBlank = pen.inverse || pen.underline || pen.bg !== undefined;
      cells.push(m[2] === ' ' && !visibleBlank ? ' ' : `${m[2]}|${pen.fg ?? ''}|${pen.bg ?? ''}|${+pen.bold}${+pen.dim}${+pen.inverse}${+pen.underline}`);
    }
    while (cells.at(-1) === ' ') cells.pop();
    return cells.join('\u0000');
  });
}
