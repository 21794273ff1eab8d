import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS, checkThresholds, formatFdSpec, parseFdSpec } from '../../source/core/config.js';

describe('config', () => {
  test('parseFdSpec: counts and percents; junk is undefined', () => {
    assert.deepEqual(parseFdSpec('800'), { kind: 'abs', value: 800 });
    assert.deepEqual(parseFdSpec(' 80% '), { kind: 'pct', value: 80 });
    assert.deepEqual(parseFdSpec('12.5%'), { kind: 'pct', value: 12.5 });
    for (const bad of ['', '%', '-5', '0', '80%%', '150%', '1.5', 'abc', '8 0']) assert.equal(parseFdSpec(bad), undefined, bad);
    assert.equal(formatFdSpec({ kind: 'pct', value: 50 }), '50%');
  });
  test('defaults are the documented ones and consistent', () => {
    assert.deepEqual(DEFAULT_THRESHOLDS.fdWarn, { kind: 'pct', value: 50 });
    assert.deepEqual(DEFAULT_THRESHOLDS.fdCrit, { kind: 'pct', value: 80 });
    assert.equal(DEFAULT_THRESHOLDS.cpuSustainSamples, 5);
    assert.deepEqual(checkThresholds(DEFAULT_THRESHOLDS), []);
  });
  test('checkThresholds names a warn above its crit', () => {
    const p = checkThresholds({ ...DEFAULT_THRESHOLDS, rssWarnMB: 2048, fdWarn: { kind: 'abs', value: 900 }, fdCrit: { kind: 'abs', value: 800 } });
    assert.equal(p.length, 2);
    assert.match(p.join('\n'), /--rss-warn \(2048\) is above --rss-crit/);
    assert.match(p.join('\n'), /--fd-warn/);
  });
});
