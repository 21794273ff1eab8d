// The text exposition: escaping, HELP/TYPE lines, histogram series, and no lines for a family without samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatValue, renderFamilies } from '../../source/adapters/prometheus-text.js';

test('label values are escaped; families without samples write nothing; histograms end with +Inf, sum and count', () => {
  const text = renderFamilies([
    { name: 'a_bytes', help: 'line\\one\ntwo', type: 'gauge', samples: [{ labels: { server: 'x "q" \\ y\nz', kind: 'file' }, value: 1.5 }] },
    { name: 'empty_total', help: 'h', type: 'counter', samples: [] },
    { name: 'd_seconds', help: 'h', type: 'histogram', samples: [{ labels: { x: '1' }, bounds: [0.001, 0.5], cumulative: [1, 3], sum: 0.75, count: 4 }] },
  ]);
  assert.equal(text, [
    '# HELP a_bytes line\\\\one\\ntwo', '# TYPE a_bytes gauge', 'a_bytes{server="x \\"q\\" \\\\ y\\nz",kind="file"} 1.5',
    '# HELP d_seconds h', '# TYPE d_seconds histogram',
    'd_seconds_bucket{x="1",le="0.001"} 1', 'd_seconds_bucket{x="1",le="0.5"} 3', 'd_seconds_bucket{x="1",le="+Inf"} 4',
    'd_seconds_sum{x="1"} 0.75', 'd_seconds_count{x="1"} 4', '',
  ].join('\n'));
  assert.deepEqual([NaN, Infinity, -Infinity, 0.1].map(formatValue), ['NaN', '+Inf', '-Inf', '0.1']);
});
