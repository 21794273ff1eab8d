#!/usr/bin/env node
// Renders a tmux `capture-pane -e` screen (text with ANSI SGR colours) as an SVG terminal picture for the README.
import { readFileSync, writeFileSync } from 'node:fs';

const BASE = ['#1e1e1e', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d0d0d0'];
const BRIGHT = ['#7f848e', '#ff7b86', '#b5e890', '#ffd68a', '#7cc5ff', '#de9cf2', '#7fd8e3', '#ffffff'];
const FG = '#d0d0d0';
const BG = '#1e1e1e';

function xterm256(n) {
  if (n < 8) return BASE[n];
  if (n < 16) return BRIGHT[n - 8];
  if (n < 232) {
    const i = n - 16;
    const c = (v) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${c(Math.floor(i / 36))},${c(Math.floor(i / 6) % 6)},${c(i % 6)})`;
  }
  const g = 8 + (n - 232) * 10;
  return `rgb(${g},${g},${g})`;
}

/** Parses one line into runs of { text, fg, bg, bold, dim }. */
function parseLine(line, state) {
  const runs = [];
  const re = /\u001b\[([0-9;]*)m/g;
  let last = 0;
  let m;
  const push = (text) => { if (text) runs.push({ text, ...state }); };
  while ((m = re.exec(line)) !== null) {
    push(line.slice(last, m.index));
    last = re.lastIndex;
    const codes = m[1] === '' ? [0] : m[1].split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) Object.assign(state, { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false });
      else if (c === 1) state.bold = true;
      else if (c === 2) state.dim = true;
      else if (c === 7) state.inverse = true;
      else if (c === 22) { state.bold = false; state.dim = false; }
      else if (c === 27) state.inverse = false;
      else if (c >= 30 && c <= 37) state.fg = BASE[c - 30];
      else if (c === 39) state.fg = undefined;
      else if (c >= 40 && c <= 47) state.bg = BASE[c - 40];
      else if (c === 49) state.bg = undefined;
      else if (c >= 90 && c <= 97) state.fg = BRIGHT[c - 90];
      else if (c >= 100 && c <= 107) state.bg = BRIGHT[c - 100];
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) { state[c === 38 ? 'fg' : 'bg'] = xterm256(codes[i + 2]); i += 2; }
      else if ((c === 38 || c === 48) && codes[i + 1] === 2) { state[c === 38 ? 'fg' : 'bg'] = `rgb(${codes[i + 2]},${codes[i + 3]},${codes[i + 4]})`; i += 4; }
    }
  }
  push(line.slice(last).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, ''));
  return runs;
}

const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);

export function ansiToSvg(text, { cols, title = 'mcptop' } = {}) {
  const lines = text.replace(/\n$/, '').split('\n');
  const width = cols ?? Math.max(...lines.map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').length));
  const cw = 8.4; const lh = 17; const pad = 12; const top = 30;
  const W = Math.ceil(width * cw + pad * 2); const H = Math.ceil(lines.length * lh + top + pad);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="'DejaVu Sans Mono', Menlo, Consolas, monospace" font-size="14">`,
    `<rect width="${W}" height="${H}" rx="8" fill="${BG}"/>`,
    '<circle cx="18" cy="15" r="5" fill="#ff5f56"/><circle cx="36" cy="15" r="5" fill="#ffbd2e"/><circle cx="54" cy="15" r="5" fill="#27c93f"/>',
    `<text x="${W / 2}" y="19" fill="#8a8a8a" text-anchor="middle" font-size="12">${esc(title)}</text>`];
  const state = { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false };
  lines.forEach((line, row) => {
    let col = 0;
    const y = top + row * lh;
    const texts = [];
    for (const r of parseLine(line, state)) {
      const chars = [...r.text];
      let fg = r.fg ?? FG; let bg = r.bg;
      if (r.inverse) { bg = r.fg ?? FG; fg = r.bg ?? BG; }
      if (bg) out.push(`<rect x="${(pad + col * cw).toFixed(1)}" y="${y}" width="${(chars.length * cw).toFixed(1)}" height="${lh}" fill="${bg}"/>`);
      if (r.text.trim() !== '') {
        texts.push(`<tspan x="${(pad + col * cw).toFixed(1)}" fill="${fg}"${r.bold ? ' font-weight="bold"' : ''}${r.dim ? ' opacity="0.6"' : ''}>${esc(r.text)}</tspan>`);
      }
      col += chars.length;
    }
    if (texts.length) out.push(`<text y="${y + 13}" xml:space="preserve">${texts.join('')}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [input, output, title] = process.argv.slice(2);
  if (!input || !output) { console.error('usage: ansi-to-svg.mjs <capture.ansi> <out.svg> [title]'); process.exit(2); }
  writeFileSync(output, ansiToSvg(readFileSync(input, 'utf8'), { title }));
}
