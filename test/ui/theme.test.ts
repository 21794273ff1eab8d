import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { colorEnabled, makeTheme } from '../../source/ui/theme.js';

describe('theme', () => {
  test('NO_COLOR set and not empty disables colour', () => {
    assert.equal(colorEnabled({ NO_COLOR: '1' }), false);
    assert.equal(colorEnabled({ NO_COLOR: '' }), true);
    assert.equal(colorEnabled({}), true);
  });

  test('a colourless theme names no colour at all', () => {
    const t = makeTheme(false);
    assert.deepEqual([t.status.crit, t.verdict.leak, t.accent, t.chart, t.muted], [undefined, undefined, undefined, undefined, undefined]);
    assert.equal(makeTheme(true).status.crit, 'red');
  });
});
