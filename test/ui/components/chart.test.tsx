import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { Chart, chartLineParts } from '../../../source/ui/components/Chart.js';
import { renderChart } from '../../../source/format/chart.js';

describe('Chart', () => {
  test('a line splits into its y label and its plot, the plot without trailing blanks', () => {
    assert.deepEqual(chartLineParts('     15 ┤   ╭╮      '), { label: '     15 ', plot: '┤   ╭╮' });
    assert.deepEqual(chartLineParts('      6 ┤          '), { label: '      6 ', plot: '┤' });
    assert.deepEqual(chartLineParts('(no data yet)       '), { label: '(no data', plot: ' yet)' });
  });

  test('draws the rendered chart: every line, blanks at the end dropped', () => {
    const values = [3, 4, 5, 9, 12, 12, 15, 15];
    const r = render(<Chart values={values} metric="fds" width={60} height={8} intervalMs={1000} />);
    const frame = (r.lastFrame() ?? '').split('\n');
    r.unmount();
    assert.match(frame[0] ?? '', /^FDs over the last 8 samples \(8s\) {2}m: RSS/);
    assert.deepEqual(frame.slice(1), renderChart(values, { width: 60, height: 7, labelWidth: 7, format: (v) => String(Math.round(v)) }).map((l) => l.trimEnd()));
  });
});
