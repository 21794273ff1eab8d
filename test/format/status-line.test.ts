import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatStatusLine } from '../../source/format/status-line.js';
import { makeChurn, makeServer, makeSnapshot, makeStress } from '../helpers/snapshots.js';

describe('formatStatusLine', () => {
  test('time, elapsed and each server in one line', () => {
    const line = formatStatusLine(makeSnapshot({
      elapsedMs: 3000,
      servers: [
        makeServer({ pid: 123, label: 'node index.js', latest: { fds: 21, rssBytes: 48.2 * 2 ** 20, vmsBytes: 1.1 * 2 ** 30 } }),
        makeServer({ pid: 456, label: 'python\nserver.py', status: { level: 'warn', reasons: ['FDs 870/1024 (85% of limit)'] } }),
        makeServer({ pid: 789, alive: false }),
      ],
      stress: makeStress(), churn: makeChurn(), notices: ['spawn failed:\nENOENT'],
    }));
    assert.match(line, /^\d\d:\d\d:\d\d \[3s\] node index\.js pid 123: fds 21 rss 48\.2M vms 1\.1G cpu 1\.5% OK \| /);
    assert.match(line, /python server\.py pid 456: .* WARN \(FDs 870\/1024 \(85% of limit\)\)/);
    assert.match(line, /pid 789: exited/);
    assert.match(line, /load running r2\/3 600\/1,200 calls 410\/s p95 12ms failed 3/);
    assert.match(line, /churn running 12\/50 failed 1 survivors 2/);
    assert.doesNotMatch(line, /spawn failed/, "notices are printed once by the headless sink, not on every line");
    assert.doesNotMatch(line, /\n/);
  });

  test('missing metrics print as a dash', () => {
    const line = formatStatusLine(makeSnapshot({ servers: [makeServer({ latest: { fds: undefined, rssBytes: undefined } })] }));
    assert.match(line, /fds - rss - /);
  });

  test('no servers', () => {
    assert.match(formatStatusLine(makeSnapshot({ servers: [] })), /no servers/);
  });
});
