import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLDS } from '../../source/core/config.js';
import type { Thresholds } from '../../source/core/config.js';
import { StatusTracker, evaluateStatus, formatBytesShort } from '../../source/core/thresholds.js';
import type { ServerSample } from '../../source/core/types.js';

const MiB = 1024 * 1024;
const s = (x: Partial<ServerSample>): ServerSample => ({ t: 0, procs: 1, zombies: 0, ...x });
const none = { warn: 0, crit: 0 };
const T: Thresholds = { ...DEFAULT_THRESHOLDS };

describe('thresholds', () => {
  test('nothing breached is OK with no reasons', () => {
    assert.deepEqual(evaluateStatus(T, s({ fds: 10, rssBytes: 50 * MiB }), [{ fds: 10, fdLimit: 1024 }], none, 1000), { level: 'ok', reasons: [] });
  });

  test('FD percent is judged per process against its own limit', () => {
    const st = evaluateStatus(T, s({ fds: 900 }), [{ fds: 30, fdLimit: 1024 }, { fds: 870, fdLimit: 1024 }], none, 1000);
    assert.deepEqual(st, { level: 'crit', reasons: ['FDs 870 (84% of limit 1024)'] });
    // 600 of 4096 in one process is fine even though the tree has many FDs.
    const ok = evaluateStatus(T, s({ fds: 1200 }), [{ fds: 600, fdLimit: 4096 }, { fds: 600, fdLimit: 4096 }], none, 1000);
    assert.equal(ok.level, 'ok');
    assert.equal(evaluateStatus(T, s({ fds: 520 }), [{ fds: 520, fdLimit: 1024 }], none, 1000).level, 'warn');
  });

  test('an unknown limit gives no percent judgement', () => {
    assert.equal(evaluateStatus(T, s({ fds: 5000 }), [{ fds: 5000 }], none, 1000).level, 'ok');
  });

  test('absolute FD thresholds apply to the tree total', () => {
    const t: Thresholds = { ...T, fdWarn: { kind: 'abs', value: 100 }, fdCrit: { kind: 'abs', value: 800 } };
    const st = evaluateStatus(t, s({ fds: 150 }), [{ fds: 75, fdLimit: 65536 }, { fds: 75, fdLimit: 65536 }], none, 1000);
    assert.deepEqual(st, { level: 'warn', reasons: ['FDs 150 ≥ 100'] });
    assert.equal(evaluateStatus(t, s({ fds: 800 }), [], none, 1000).level, 'crit');
  });

  test('RSS, procs, and reasons worst first', () => {
    const st = evaluateStatus(T, s({ rssBytes: 1.1 * 1024 * MiB, procs: 20 }), [], none, 1000);
    assert.deepEqual(st, { level: 'crit', reasons: ['RSS 1.1 GB ≥ 1024 MB', '20 processes in tree'] });
    const both = evaluateStatus(T, s({ rssBytes: 600 * MiB, procs: 64 }), [], none, 1000);
    assert.deepEqual(both.reasons, ['64 processes in tree', 'RSS 600 MB ≥ 512 MB']);
  });

  test('CPU must be sustained: a burst is not CRIT, five samples at 100% are', () => {
    const tr = new StatusTracker(T, 1000);
    for (let i = 0; i < 4; i++) assert.equal(tr.update(s({ cpuPct: 100 }), []).level, 'ok', `sample ${i + 1}`);
    assert.deepEqual(tr.update(s({ cpuPct: 100 }), []), { level: 'crit', reasons: ['CPU 100% of a core for 5 s'] });
    // An unknown sample breaks the streak.
    tr.update(s({ cpuPct: undefined }), []);
    assert.equal(tr.update(s({ cpuPct: 100 }), []).level, 'ok');
  });

  test('CPU above warn but below crit for long enough is WARN', () => {
    const tr = new StatusTracker(T, 2000);
    let st = tr.status;
    for (let i = 0; i < 6; i++) st = tr.update(s({ cpuPct: 90 }), []);
    assert.deepEqual(st, { level: 'warn', reasons: ['CPU 90% of a core for 12 s'] });
  });

  test('worst status escalates WARN → CRIT, keeps the reasons from then, never goes back down', () => {
    const tr = new StatusTracker(T, 1000);
    tr.update(s({ procs: 20 }), []);
    assert.deepEqual(tr.worst, { level: 'warn', reasons: ['20 processes in tree'] });
    tr.update(s({ procs: 30 }), []);
    assert.deepEqual(tr.worst.reasons, ['20 processes in tree'], 'same level keeps the first reasons');
    tr.update(s({ procs: 70 }), []);
    assert.deepEqual(tr.worst, { level: 'crit', reasons: ['70 processes in tree'] });
    assert.equal(tr.update(s({ procs: 1 }), []).level, 'ok');
    assert.equal(tr.worst.level, 'crit');
    tr.ended();
    assert.equal(tr.status.level, 'ok');
    assert.equal(tr.worst.level, 'crit');
  });

  test('the same figures and per-process array keep the status as it was; any figure that moves is judged again', () => {
    const tr = new StatusTracker(T, 1000);
    const procs = [{ fds: 10, fdLimit: 1024 }];
    const first = tr.update(s({ fds: 10, rssBytes: 50 * MiB }), procs);
    assert.equal(tr.update(s({ t: 1000, fds: 10, rssBytes: 50 * MiB }), procs), first, 'unchanged: not evaluated again');
    assert.equal(tr.update(s({ t: 2000, fds: 10, rssBytes: 600 * MiB }), procs).level, 'warn', 'RSS moved under the same array');
    assert.equal(tr.update(s({ t: 3000, fds: 10, rssBytes: 50 * MiB }), procs).level, 'ok');
    assert.equal(tr.update(s({ t: 4000, fds: 10, rssBytes: 50 * MiB, procs: 20 }), procs).level, 'warn', 'processes moved');
    const full = [{ fds: 900, fdLimit: 1024 }];
    assert.equal(tr.update(s({ t: 5000, fds: 10, rssBytes: 50 * MiB }), full).level, 'crit', 'another per-process array');
    // A CPU streak is counted on identical samples too: its reason says for how long.
    const busy = new StatusTracker(T, 1000);
    let st = busy.status;
    for (let i = 0; i < 6; i++) st = busy.update(s({ t: i * 1000, fds: 10, cpuPct: 100 }), procs);
    assert.deepEqual(st, { level: 'crit', reasons: ['CPU 100% of a core for 6 s'] });
    assert.equal(busy.update(s({ t: 7000, fds: 10, cpuPct: 0 }), procs).level, 'ok', 'the streak ended');
  });

  test('byte figures', () => {
    assert.equal(formatBytesShort(512 * MiB), '512 MB');
    assert.equal(formatBytesShort(1.1 * 1024 * MiB), '1.1 GB');
    assert.equal(formatBytesShort(20 * 1024 * MiB), '20 GB');
    assert.equal(formatBytesShort(3000), '3 KB');
  });
});
