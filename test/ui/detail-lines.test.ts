import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { detailLines, fdKindsText } from '../../source/ui/detail-lines.js';
import { makeProcess, makeServer } from '../helpers/snapshots.js';

describe('detail lines', () => {
  test('FD kinds: counts, or why there are none (never 0)', () => {
    assert.equal(fdKindsText({ socket: 3, pipe: 4, anon_inode: 2, file: 10, other: 0 }), 'fds: socket 3 pipe 4 anon 2 file 10 other 0');
    assert.equal(fdKindsText('denied'), 'fds by kind: no permission');
    const judged = (verdict: 'ok' | 'inconclusive' | 'leak', enoughData = true) => ({ verdict, enoughData, reason: 'x' });
    assert.equal(
      fdKindsText({ socket: 41, pipe: 4, anon_inode: 2, file: 10, other: 0 }, { socket: judged('leak'), pipe: judged('inconclusive'), file: judged('inconclusive', false), other: judged('ok') }),
      'fds: socket 41 leak pipe 4 unsure anon 2 file 10 other 0',
    );
    assert.doesNotMatch(fdKindsText('denied'), /\b0\b/);
    assert.match(fdKindsText('gone'), /gone/);
    assert.match(fdKindsText(undefined), /not read yet/);
  });

  test('reasons, verdict reason, tree and stderr, each cut to the width', () => {
    const s = makeServer({
      status: { level: 'crit', reasons: ['FDs 870/1024 (85% of limit)'] },
      verdict: 'leak',
      metricVerdicts: { fds: { verdict: 'leak', reason: 'FDs +1.00 per call over 1,800 calls', enoughData: true } },
      processes: [makeProcess({ pid: 1 }), makeProcess({ pid: 2, ppid: 1, depth: 1, command: 'sh -c "very long command line that goes on"' })],
      stderrTail: ['line one', 'line\ttwo'],
    });
    const text = detailLines(s, 40).map((l) => l.text);
    assert.ok(text.every((t) => Array.from(t).length <= 40));
    assert.ok(text.includes('status CRIT: FDs 870/1024 (85% of limit)'));
    assert.ok(text.some((t) => t.startsWith('verdict leak: FDs +1.00 per call')));
    assert.ok(text.some((t) => t.startsWith('  2 sh -c')));
    assert.deepEqual(text.slice(-3), ['stderr', 'line one', 'line two']);
  });
});

describe('detail lines FD targets', () => {
  test('the pane lists at most three growing targets after the kinds line', () => {
    const fdTargets = Array.from({ length: 5 }, (_, i) => ({ target: `tcp 127.0.0.1:* -> 127.0.0.1:${8080 + i} CLOSE_WAIT`, kind: 'socket' as const, baseline: 0, count: 50 - i, growth: 50 - i }));
    const texts = detailLines(makeServer({ fdTargets }), 80).map((l) => l.text);
    const at = texts.indexOf('fds growing by target');
    assert.ok(at > 0, texts.join('\n'));
    assert.deepEqual(texts.slice(at + 1, at + 4), [
      '  +50 x tcp 127.0.0.1:* -> 127.0.0.1:8080 CLOSE_WAIT (0 -> 50)',
      '  +49 x tcp 127.0.0.1:* -> 127.0.0.1:8081 CLOSE_WAIT (0 -> 49)',
      '  +48 x tcp 127.0.0.1:* -> 127.0.0.1:8082 CLOSE_WAIT (0 -> 48)',
    ]);
    assert.ok(!texts.some((t) => t.includes(':8083')));
  });
});
