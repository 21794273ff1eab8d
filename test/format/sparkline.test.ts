import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BARS, progressBar, sparkline } from '../../source/format/sparkline.js';

describe('sparkline', () => {
  test('rising series spans lowest to highest bar', () => {
    assert.equal(sparkline([0, 1, 2, 3, 4, 5, 6, 7]), '▁▂▃▄▅▆▇█');
  });

  test('gaps are spaces, not the lowest bar', () => {
    assert.equal(sparkline([1, undefined, 8]), '▁ █');
    assert.equal(sparkline([undefined, undefined]), '  ');
  });

  test('flat series is the lowest bar', () => {
    assert.equal(sparkline([5, 5, 5]), '▁▁▁');
  });

  test('width keeps the newest values, right-aligned', () => {
    assert.equal(sparkline([0, 7], 4), '  ▁█');
    assert.equal(sparkline([0, 0, 0, 1, 2], 2), '▁█');
  });

  test('one character per value, for any input', () => {
    fc.assert(fc.property(fc.array(fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: undefined }), { maxLength: 200 }), (values) => {
      const s = Array.from(sparkline(values));
      assert.equal(s.length, values.length);
      s.forEach((ch, i) => {
        if (values[i] === undefined) assert.equal(ch, ' ');
        else assert.ok((BARS as readonly string[]).includes(ch));
      });
    }));
  });

  test('progress bar', () => {
    assert.equal(progressBar(5, 10, 10), '█████░░░░░');
    assert.equal(progressBar(0, 0, 4), '░░░░');
    assert.equal(progressBar(20, 10, 4), '████');
  });
});
