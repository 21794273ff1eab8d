import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { downsample, renderChart } from '../../source/format/chart.js';

describe('chart', () => {
  test('draws every line at the requested width and height', () => {
    const lines = renderChart([1, 2, 3, 4, 5, 6, 7, 8], { width: 40, height: 6 });
    assert.equal(lines.length, 6);
    for (const l of lines) assert.equal(Array.from(l).length, 40);
    assert.match(lines[0] ?? '', /8 ┤/);
  });

  test('gaps leave blank columns and do not crash', () => {
    const lines = renderChart([5, 5, undefined, undefined, 5, 5], { width: 30, height: 3, labelWidth: 4 });
    const bottom = lines.find((l) => l.includes('─')) ?? '';
    // Plot columns start after label (4) + space + axis: x=1..3 touch the gap.
    assert.equal(bottom.slice(6, 11), '─   ─');
  });

  test('all gaps or no data says so', () => {
    assert.match(renderChart([], { width: 20, height: 4 })[0] ?? '', /no data/);
    assert.match(renderChart([undefined, undefined], { width: 20, height: 4 })[0] ?? '', /no data/);
  });

  test('flat series keeps its height', () => {
    assert.equal(renderChart([7, 7, 7], { width: 20, height: 5 }).length, 5);
  });

  test('downsampling keeps spikes and gaps', () => {
    assert.deepEqual(downsample([1, 9, 1, 1, undefined, undefined], 3), [9, 1, undefined]);
    assert.deepEqual(downsample([1, 2], 5), [1, 2]);
  });

  test('never throws and never exceeds the width', () => {
    fc.assert(fc.property(
      fc.array(fc.option(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { nil: undefined }), { maxLength: 400 }),
      fc.integer({ min: 12, max: 120 }), fc.integer({ min: 2, max: 12 }),
      (values, width, height) => {
        for (const l of renderChart(values, { width, height })) assert.ok(Array.from(l).length <= width);
      },
    ), { numRuns: 200 });
  });
});
