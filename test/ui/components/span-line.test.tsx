import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Span } from '../../../source/ui/runs.js';
import { screen } from '../screen.js';

// Colours on, so the comparison covers the escape codes too (chalk reads this when Ink is first imported).
process.env['FORCE_COLOR'] = '1';
const { Box, Text } = await import('ink');
const { render } = await import('ink-testing-library');
const { SpanLine, fillCells } = await import('../../../source/ui/components/SpanLine.js');

/** ink-testing-library's terminal is 100 columns wide. */
const WIDTH = 100;

interface Style { readonly inverse?: boolean; readonly dim?: boolean; readonly bold?: boolean }

function frameOf(node: React.ReactElement): string {
  const r = render(node);
  const frame = r.lastFrame() ?? '';
  r.unmount();
  r.cleanup();
  return frame;
}

/** The line as it was drawn before runs: one <Text> holding every span. */
const oneText = (spans: readonly Span[], s: Style, width = WIDTH) => frameOf(
  <Box width={width}><Text wrap="truncate" inverse={s.inverse} dimColor={s.dim} bold={s.bold}>
    {spans.map((x, i) => (x.color || x.bold || x.dim || x.inverse
      ? <Text key={i} color={x.color} bold={x.bold} dimColor={x.dim} inverse={x.inverse}>{x.text}</Text>
      : x.text))}
  </Text></Box>,
);
const spanLine = (spans: readonly Span[], s: Style, width = WIDTH) => frameOf(<SpanLine spans={spans} width={width} inverse={s.inverse} dim={s.dim} bold={s.bold} />);

describe('SpanLine', () => {
  test('draws a row of cells and sparklines as one <Text> does, colours and highlight included', () => {
    const spans: Span[] = [
      { text: '› ' }, { text: 'sleep 100000        123    5' }, { text: ' OK    ', color: 'green' }, { text: ' suspect', color: 'yellow' },
      { text: ' ▁▂▃▄ ▅▆▇█' }, { text: '        ▁▁▂▂▃▃' }, { text: '        ' },
    ];
    for (const style of [{}, { inverse: true }, { dim: true }, { bold: true }]) {
      const expected = oneText(spans, style);
      assert.ok(expected.includes('\u001B['), 'colours are on in this test');
      assert.deepEqual(screen(spanLine(spans, style)), screen(expected));
    }
    // The highlight shows on spaces: an inverse line draws every one of them, as one <Text> does.
    assert.equal(spanLine(spans, { inverse: true }), oneText(spans, { inverse: true }));
  });

  test('a line too wide for the terminal, or with characters of unknown width, is cut as one <Text> cuts it', () => {
    const wide: Span[] = [{ text: 'x'.repeat(90) }, { text: ' ▁▂▃▄▅▆▇█▁▂▃▄▅▆▇█▁▂▃' }];
    assert.equal(spanLine(wide, {}), oneText(wide, {}));
    assert.match(spanLine(wide, {}), /…/);
    const coloured: Span[] = [{ text: 'mcptop', bold: true, color: 'cyan' }, { text: '  servers 3  procs 9'.repeat(6) }, { text: ' PAUSED ', inverse: true }];
    for (const style of [{}, { inverse: true }, { dim: true }]) assert.deepEqual(screen(spanLine(coloured, style, 60)), screen(oneText(coloured, style, 60)));
    const emoji: Span[] = [{ text: 'rocket 🚀 server  ' }, { text: '▁▂▃▄▅▆' }];
    assert.equal(spanLine(emoji, {}), oneText(emoji, {}));
  });

  test('any line that fits: the same screen as one <Text>', () => {
    const chars = fc.constantFrom('a', 'Z', ' ', ' ', '7', '%', '▁', '█', '│', '╭', '›', '↑');
    const span = fc.record({
      text: fc.array(chars, { maxLength: 14 }).map((a) => a.join('')), color: fc.constantFrom(undefined, 'red', 'green'),
      bold: fc.constantFrom(undefined, true), inverse: fc.constantFrom(undefined, undefined, true),
    });
    const style = fc.record({ inverse: fc.boolean(), dim: fc.boolean() });
    fc.assert(fc.property(fc.array(span, { maxLength: 7 }), style, (spans, s) => {
      assert.deepEqual(screen(spanLine(spans, s)), screen(oneText(spans, s)));
    }), { numRuns: 60 });
  });

  test('Ink lays out blanks: no string it measures or keeps holds the text, so changing figures add nothing', () => {
    // Ink 6 caches the size of every string a <Text> held in a Map that never evicts (text -> { width, height });
    // watch what any Map is given while frames are drawn. The caches of one frame's output (text -> cells, widths)
    // go with the frame. The plain <Text> control shows the watch sees Ink's measuring.
    const keys: string[] = [];
    const set = Map.prototype.set;
    Map.prototype.set = function watched(this: Map<unknown, unknown>, key: unknown, value: unknown) {
      if (typeof key === 'string' && typeof value === 'object' && value !== null && 'width' in value && 'height' in value) keys.push(key);
      return set.call(this, key, value);
    };
    try {
      for (let i = 0; i < 20; i++) {
        const figures = `qz${1000 + i}`;
        frameOf(<SpanLine spans={[{ text: `server ${figures}  ` }, { text: 'OK', color: 'green', bold: true }, { text: ' ▁▂▃' }]} width={WIDTH} />);
      }
      assert.deepEqual(keys.filter((k) => k.includes('qz')), [], 'the text reached a Map');
      frameOf(<Text>{'control qz9999'}</Text>);
      assert.ok(keys.some((k) => k.includes('qz9999')), 'the watch sees what a plain <Text> has measured');
    } finally {
      Map.prototype.set = set;
    }
  });

  test('fillCells puts the text into the blanks and leaves the style codes where they are', () => {
    assert.equal(fillCells('\u001B[32m   \u001B[39m  ', 'OK!ab'), '\u001B[32mOK!\u001B[39mab');
    assert.equal(fillCells('    ', 'a b '), 'a b ');
  });
});
