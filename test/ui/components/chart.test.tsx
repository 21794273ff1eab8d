import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { Chart } from '../../../source/ui/components/Chart.js';
import { renderChart } from '../../../source/format/chart.js';

describe('Chart', () => {
  test('draws the title and every line of the rendered chart (blanks at the end of a line are not drawn)', () => {
    const values = [3, 4, 5, 9, 12, 12, 15, 15];
    const r = render(<Chart values={values} metric="fds" width={60} height={8} intervalMs={1000} />);
    const frame = (r.lastFrame() ?? '').split('\n');
    r.unmount();
    assert.match(frame[0] ?? '', /^FDs over the last 8 samples \(8s\) {2}m: RSS/);
    const expected = renderChart(values, { width: 60, height: 7, labelWidth: 7, format: (v) => String(Math.round(v)) });
    assert.deepEqual(frame.slice(1), expected.map((l) => l.trimEnd()));
  });

  test('a chart with gaps and no data yet', () => {
    const gaps = render(<Chart values={[5, 5, undefined, undefined, 5, 9]} metric="fds" width={40} height={5} intervalMs={1000} />);
    const lines = (gaps.lastFrame() ?? '').split('\n');
    gaps.unmount();
    assert.deepEqual(lines.slice(1), renderChart([5, 5, undefined, undefined, 5, 9], { width: 40, height: 4, labelWidth: 7 }).map((l) => l.trimEnd()));
    const none = render(<Chart values={[]} metric="rssBytes" width={40} height={5} intervalMs={1000} />);
    assert.match(none.lastFrame() ?? '', /RSS over the last 0 samples[\s\S]*\(no data yet\)/);
    none.unmount();
  });
});
