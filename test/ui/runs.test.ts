import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MIN_GAP, linePieces, narrowWidth, sameSpans, sliceSpans, spansWidth, styled } from '../../source/ui/runs.js';
import type { Span } from '../../source/ui/runs.js';


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

  test('sliceSpans cuts across spans, keeps styles and joins neighbours of one style', () => {
    const spans: Span[] = [{ text: 'abc' }, { text: 'DEF', color: 'red' }, { text: 'gh' }];
    assert.deepEqual(sliceSpans(spans, 2, 7), [{ text: 'c' }, { text: 'DEF', color: 'red' }, { text: 'g' }]);
    assert.deepEqual(sliceSpans(spans, 3, 6), [{ text: 'DEF', color: 'red' }]);
    assert.deepEqual(sliceSpans(spans, 4, 4), []);
    const marked: Span[] = [{ text: 'ab', bold: true }, { text: 'cd', bold: true, dim: false }, { text: 'ef', bold: true, inverse: true }];
    assert.deepEqual(sliceSpans(marked, 0, 6), [{ text: 'abcd', bold: true }, { text: 'ef', bold: true, inverse: true }]);
  });

  test('styled tells a span with a style of its own from plain text', () => {
    assert.equal(styled({ text: 'x' }), false);
    assert.equal(styled({ text: 'x', bold: false, dim: false }), false);
    for (const s of [{ color: 'red' }, { bold: true }, { dim: true }, { inverse: true }]) assert.equal(styled({ text: 'x', ...s }), true);
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
    // Infinity keeps every space (a line drawn inverse): one run, the spans as they were.
    assert.deepEqual(linePieces(row, Infinity), [{ kind: 'text', spans: row }]);
    // The spaces of an inverse span show, so they are never a gap.
    assert.deepEqual(linePieces([{ text: 'a' }, { text: '        ', inverse: true }, { text: 'b' }], 5), [
      { kind: 'text', spans: [{ text: 'a' }, { text: '        ', inverse: true }, { text: 'b' }] },
    ]);
  });

  test('any line: every character keeps its column and style; gaps and the dropped tail are plain blanks only', () => {
    const chars = fc.constantFrom('a', ' ', ' ', ' ', '7', '▁', '│', '›');
    const span = fc.record({
      text: fc.array(chars, { maxLength: 16 }).map((a) => a.join('')),
      color: fc.constantFrom(undefined, 'red'), inverse: fc.constantFrom(undefined, true), bold: fc.constantFrom(undefined, true),
    });
    const cellsOf = (ss: readonly Span[]): string[] => ss.flatMap((s) => Array.from(s.text, (c) => `${c}|${s.color ?? ''}|${s.inverse === true}|${s.bold === true}`));
    fc.assert(fc.property(fc.array(span, { maxLength: 8 }), fc.integer({ min: 1, max: 8 }), (spans, minGap) => {
      const want = cellsOf(spans);
      const got: (string | undefined)[] = [];
      for (const p of linePieces(spans, minGap)) {
        if (p.kind === 'gap') {
          assert.ok(p.width >= minGap);
          got.push(...Array.from({ length: p.width }, () => undefined));
        } else {
          assert.ok(p.spans.every((x) => x.text !== ''));
          got.push(...cellsOf(p.spans));
        }
      }
      assert.ok(got.length <= want.length);
      want.forEach((cell, i) => {
        const drawn = got[i];
        if (drawn !== undefined) assert.equal(drawn, cell);
        else assert.match(cell, /^ \|[^|]*\|false\|/, `cell ${i} left undrawn must be a blank that is not inverse`);
      });
      if (got.length < want.length) assert.ok(want.length - got.length >= minGap, 'only a long blank tail is dropped');
    }));
  });

  test('sameSpans compares text and style span by span', () => {
    const a: Span[] = [{ text: 'x' }, { text: 'OK', color: 'green' }];
    assert.ok(sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'green' }]));
    assert.ok(sameSpans(a, [{ text: 'x', bold: false }, { text: 'OK', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x', bold: true }, { text: 'OK', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'green', inverse: true }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'red' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK ', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }]));
  });
});
