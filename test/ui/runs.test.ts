import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MIN_ASCII_RUN, MIN_GAP, linePieces, narrowWidth, sameSpans, sliceSpans, spansWidth, splitRuns } from '../../source/ui/runs.js';
import type { Piece, Span } from '../../source/ui/runs.js';

const text = (runs: readonly (readonly Span[])[]): string => runs.flat().map((s) => s.text).join('');
const isAscii = (s: string): boolean => /^[\x20-\x7e]*$/.test(s);

describe('runs', () => {
  test('narrowWidth counts cells of ASCII, bars, box drawing and arrows; refuses emoji, CJK and zero-width', () => {
    assert.equal(narrowWidth('abc 12%'), 7);
    assert.equal(narrowWidth('▁▂▃█ ╭─╯┤ ↑↓ ›… ▼▲ é'), 20);
    assert.equal(narrowWidth(''), 0);
    assert.equal(narrowWidth('rocket 🚀'), undefined);
    assert.equal(narrowWidth('日本'), undefined);
    assert.equal(narrowWidth('a\u200bb'), undefined);
    assert.equal(narrowWidth('e\u0301'), undefined);
    assert.equal(narrowWidth('tab\there'), undefined);
  });

  test('spansWidth adds the spans up, undefined as soon as one is unknown', () => {
    assert.equal(spansWidth([{ text: '› ' }, { text: 'OK', color: 'green' }, { text: ' ▁▂' }]), 7);
    assert.equal(spansWidth([{ text: 'ok' }, { text: '🚀' }]), undefined);
  });

  test('a table row splits into its ASCII cells and its sparklines; short gaps stay inside the glyph run', () => {
    const runs = splitRuns([
      { text: '  sleep 100000   123' }, { text: ' OK    ', color: 'green' }, { text: ' ▁▂▃ ▄▅' }, { text: ' ▆▇█▁▂▃' },
    ]);
    assert.deepEqual(runs, [
      [{ text: '  sleep 100000   123' }, { text: ' OK    ', color: 'green' }, { text: ' ' }],
      [{ text: '▁▂▃ ▄▅ ▆▇█▁▂▃' }],
    ]);
  });

  test('the selection marker is its own run, so the rest of the row stays ASCII', () => {
    const runs = splitRuns([{ text: '› ' }, { text: 'server-one  42' }]);
    assert.deepEqual(runs, [[{ text: '›' }], [{ text: ' server-one  42' }]]);
  });

  test('an all-ASCII line is one run, even a short one', () => {
    assert.deepEqual(splitRuns([{ text: 'ab' }]), [[{ text: 'ab' }]]);
    assert.deepEqual(splitRuns([{ text: 'a', color: 'red' }, { text: 'b', color: 'red' }]), [[{ text: 'ab', color: 'red' }]]);
    assert.deepEqual(splitRuns([]), []);
  });

  test('any spans: the runs give back the text and each character keeps its colour; long ASCII runs are pure ASCII', () => {
    const chars = fc.constantFrom('a', 'Z', ' ', '7', '%', '▁', '█', '│', '╭', '›', '↑');
    const span = fc.record({ text: fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), color: fc.constantFrom(undefined, 'red', 'green') });
    fc.assert(fc.property(fc.array(span, { maxLength: 10 }), (spans) => {
      const runs = splitRuns(spans);
      assert.equal(text(runs), spans.map((s) => s.text).join(''));
      const colourOf = (ss: readonly Span[]): (string | undefined)[] => ss.flatMap((s) => Array.from(s.text, () => s.color));
      assert.deepEqual(colourOf(runs.flat()), colourOf(spans));
      for (const run of runs) {
        assert.ok(run.length > 0 && run.every((s) => s.text !== ''));
        const t = run.map((s) => s.text).join('');
        if (isAscii(t) && runs.length > 1) assert.ok(t.length >= MIN_ASCII_RUN, `short ASCII run ${JSON.stringify(t)}`);
      }
      for (let i = 1; i < runs.length; i++) {
        const a = text([runs[i - 1] ?? []]);
        const b = text([runs[i] ?? []]);
        assert.notEqual(isAscii(a), isAscii(b), 'neighbouring runs differ in kind');
      }
    }));
  });

  test('sliceSpans cuts across spans and keeps colours', () => {
    const spans: Span[] = [{ text: 'abc' }, { text: 'DEF', color: 'red' }, { text: 'gh' }];
    assert.deepEqual(sliceSpans(spans, 2, 7), [{ text: 'c' }, { text: 'DEF', color: 'red' }, { text: 'g' }]);
    assert.deepEqual(sliceSpans(spans, 3, 6), [{ text: 'DEF', color: 'red' }]);
    assert.deepEqual(sliceSpans(spans, 4, 4), []);
  });

  test('linePieces leaves long blank stretches undrawn, drops trailing ones, and keeps short ones', () => {
    const row: Span[] = [{ text: '  sleep 1000' + ' '.repeat(20) + '123    5' }, { text: ' OK     ', color: 'green' }, { text: ' ▁▂▃' + ' '.repeat(9) }];
    assert.deepEqual(linePieces(row), linePieces(row, MIN_GAP));
    assert.deepEqual(linePieces(row, 5), [
      { kind: 'text', spans: [{ text: '  sleep 1000' }] },
      { kind: 'gap', width: 20 },
      { kind: 'text', spans: [{ text: '123    5' }, { text: ' OK', color: 'green' }] },
      { kind: 'gap', width: 6 },
      { kind: 'text', spans: [{ text: '▁▂▃' }] },
    ]);
    assert.deepEqual(linePieces([{ text: '      6 ┤' + ' '.repeat(40) }], 5), [
      { kind: 'gap', width: 6 }, { kind: 'text', spans: [{ text: '6 ┤' }] },
    ]);
    // Infinity keeps every space (an inverse line): only the ASCII / glyph split remains.
    const kept = linePieces(row, Infinity);
    assert.ok(kept.every((p) => p.kind === 'text'));
    assert.equal(kept.flatMap((p) => (p.kind === 'text' ? p.spans : [])).map((x) => x.text).join(''), row.map((x) => x.text).join(''));
  });

  test('any line: pieces put every drawn character at its column, and every gap is a long blank stretch', () => {
    const chars = fc.constantFrom('a', ' ', ' ', ' ', '7', '▁', '│', '›');
    const span = fc.record({ text: fc.array(chars, { maxLength: 16 }).map((a) => a.join('')), color: fc.constantFrom(undefined, 'red') });
    fc.assert(fc.property(fc.array(span, { maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (spans, minGap) => {
      const full = spans.map((s) => s.text).join('');
      const cells = (ps: readonly Piece[]): string => ps.map((p) => (p.kind === 'gap' ? ' '.repeat(p.width) : p.spans.map((s) => s.text).join(''))).join('');
      const pieces = linePieces(spans, minGap);
      const trailing = full.length - full.trimEnd().length;
      assert.equal(cells(pieces), trailing >= minGap ? full.trimEnd() : full);
      for (const p of pieces) if (p.kind === 'gap') assert.ok(p.width >= minGap);
      assert.ok(pieces.every((p, i) => p.kind === 'text' || pieces[i + 1] !== undefined), 'no trailing gap');
    }));
  });

  test('sameSpans compares text and colour span by span', () => {
    const a: Span[] = [{ text: 'x' }, { text: 'OK', color: 'green' }];
    assert.ok(sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'red' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK ', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }]));
  });
});
