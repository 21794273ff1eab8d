import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatBytes, formatCompact, formatCount, formatCpu, formatDuration, formatMs, formatPct, formatSignedBytes,
  formatSignedCount, formatInterval, formatClock, MISSING,
} from '../../source/format/units.js';

describe('units', () => {
  test('bytes in binary units with one decimal below 100', () => {
    assert.equal(formatBytes(800), '800B');
    assert.equal(formatBytes(512 * 1024), '512K');
    assert.equal(formatBytes(48.2 * 2 ** 20), '48.2M');
    assert.equal(formatBytes(1.1 * 2 ** 30), '1.1G');
    assert.equal(formatBytes(0), '0B');
    assert.equal(formatBytes(99.97 * 2 ** 20), '100M');
    assert.equal(formatSignedBytes(1.2 * 2 ** 20), '+1.2M');
    assert.equal(formatSignedBytes(-512 * 1024), '-512K');
  });

  test('missing data is a dash, never 0', () => {
    for (const f of [formatBytes, formatCount, formatPct, formatCpu, formatDuration, formatMs, formatSignedBytes, formatSignedCount, formatCompact]) {
      assert.equal(f(undefined), MISSING);
    }
    assert.equal(formatBytes(Number.NaN), MISSING);
  });

  test('counts group thousands and keep one decimal', () => {
    assert.equal(formatCount(1800), '1,800');
    assert.equal(formatCount(1234567), '1,234,567');
    assert.equal(formatCount(445.5), '445.5');
    assert.equal(formatCount(-2500), '-2,500');
    assert.equal(formatSignedCount(849), '+849');
    assert.equal(formatSignedCount(0), '+0');
    assert.equal(formatCompact(12_345), '12,345');
    assert.equal(formatCompact(9.223372036854776e18), '9.2E');
    assert.equal(formatCompact(1_500_000), '1.5M');
  });

  test('percent and cpu', () => {
    assert.equal(formatPct(85), '85%');
    assert.equal(formatPct(2.14, 1), '2.1%');
    assert.equal(formatCpu(12.34), '12.3');
    assert.equal(formatCpu(0), '0.0');
  });

  test('durations', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(12_900), '12s');
    assert.equal(formatDuration(185_000), '3m05s');
    assert.equal(formatDuration(3_720_000), '1h02m');
    assert.equal(formatDuration(2 * 86_400_000 + 3 * 3_600_000), '2d03h');
    assert.equal(formatInterval(1000), '1s');
    assert.equal(formatInterval(500), '500ms');
    assert.equal(formatInterval(2500), '2.5s');
  });

  test('latencies', () => {
    assert.equal(formatMs(0.42), '0.4ms');
    assert.equal(formatMs(12.4), '12ms');
    assert.equal(formatMs(1234), '1.2s');
  });

  test('clock is hh:mm:ss', () => {
    assert.match(formatClock(1_700_000_003_000), /^\d\d:\d\d:\d\d$/);
  });
});
