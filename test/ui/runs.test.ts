import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MIN_ASCII_RUN, narrowWidth, sameSpans, spansWidth, splitRuns } from '../../source/ui/runs.js';
import type { Span } from '../../source/ui/runs.js';

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

  test('sameSpans compares text and colour span by span', () => {
    const a: Span[] = [{ text: 'x' }, { text: 'OK', color: 'green' }];
    assert.ok(sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK', color: 'red' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }, { text: 'OK ', color: 'green' }]));
    assert.ok(!sameSpans(a, [{ text: 'x' }]));
  });
});
