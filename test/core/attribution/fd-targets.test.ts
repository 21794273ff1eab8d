// FD attribution in the core: the cap on targets, growth against the baseline, and the per-server map's bound.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FdAttribution, MAX_GROWING, OTHER_TARGETS, capTargets, growingTargets } from '../../../source/core/attribution/fd-targets.js';
import type { FdTargetCount } from '../../../source/core/attribution/fd-targets.js';
import type { FdKind } from '../../../source/core/types.js';

const file = (target: string, count: number): FdTargetCount => ({ target: `file ${target}`, kind: 'file', count });

describe('capTargets', () => {
  test('largest first; past the cap the rest fold into one row that keeps their count', () => {
    const groups = new Map<string, { kind: FdKind; count: number }>();
    for (let i = 0; i < 10; i++) groups.set(`file /f${i}`, { kind: 'file', count: i + 1 });
    const capped = capTargets(groups, 4);
    assert.deepEqual(capped.map((g) => g.count), [10, 9, 8, 28]);
    assert.equal(capped[3]!.target, OTHER_TARGETS);
    assert.equal(capped.reduce((n, g) => n + g.count, 0), 55);
  });
});

describe('growingTargets', () => {
  test('only targets that grew, new ones from 0, largest growth first, capped', () => {
    const base = [file('/a', 3), file('/b', 5)];
    const now = [file('/a', 1003), file('/b', 5), file('/c', 2), { target: 'tcp 127.0.0.1:* -> 127.0.0.1:8080 ESTABLISHED', kind: 'socket' as const, count: 40 }];
    const g = growingTargets(base, now);
    assert.deepEqual(g.map((x) => [x.target, x.growth, x.baseline]), [
      ['file /a', 1000, 3], ['tcp 127.0.0.1:* -> 127.0.0.1:8080 ESTABLISHED', 40, 0], ['file /c', 2, 0],
    ]);
    const many = Array.from({ length: 50 }, (_, i) => file(`/n${i}`, i + 1));
    assert.equal(growingTargets([], many).length, MAX_GROWING);
  });
  test('a secret in a path is redacted', () => {
    const g = growingTargets([], [file('/tmp/x?token=ghp_abcdefghijklmnopqrstuvwxyz0123456789', 2)]);
    assert.doesNotMatch(g[0]!.target, /ghp_abcdef/);
  });
});

describe('FdAttribution', () => {
  test('first read is the baseline; failures change nothing; retain bounds the map', () => {
    const a = new FdAttribution();
    a.observe('1@1', 'denied');
    assert.equal(a.has('1@1'), false);
    a.observe('1@1', [file('/a', 2)]);
    assert.equal(a.growing('1@1'), undefined);
    a.observe('1@1', 'gone');
    a.observe('1@1', [file('/a', 7)]);
    assert.equal(a.growing('1@1')?.[0]?.growth, 5);
    a.observe('2@1', [file('/b', 1)]);
    a.retain(new Set(['2@1']));
    assert.equal(a.size, 1);
    assert.equal(a.growing('1@1'), undefined);
  });
});
