import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { formatSummary } from '../../source/format/summary-text.js';
import { makeServerSummary, makeSummary } from '../helpers/snapshots.js';

describe('formatSummary', () => {
  const text = formatSummary(makeSummary());

  test('header names duration, samples and the run verdict', () => {
    const first = text.split('\n')[0] ?? '';
    assert.match(first, /1m02s/);
    assert.match(first, /62 samples/);
    assert.match(first, /LEAK/);
    assert.match(first, /CRIT reached/);
  });

  test('per-metric numbers of the server appear in an aligned table', () => {
    const lines = text.split('\n');
    const fds = lines.find((l) => /^\s+FDs\s+21\s/.test(l));
    assert.ok(fds, text);
    for (const n of ['21', '870', '445.5', '+849', '+4043%', 'LEAK']) assert.ok(fds.includes(n), `${n} in ${fds}`);
    const rss = lines.find((l) => /^\s+RSS\s/.test(l)) ?? '';
    assert.match(rss, /46\.0M\s+91\.9M/);
    assert.match(rss, /\+46\.0M/);
    const header = lines.find((l) => /^\s+metric\s/.test(l)) ?? '';
    // Right-aligned columns: "final" ends where the FDs final value ends.
    assert.equal(header.indexOf('final') + 'final'.length, fds.indexOf('870') + 3);
  });

  test('worst status with its reason and the verdict reason', () => {
    assert.match(text, /worst status CRIT \(FDs 870\/1024 \(85% of limit\)\)/);
    assert.match(text, /FDs\s+LEAK\s+FDs \+1\.00 per call over 1,800 calls/);
  });

  test('stress and churn totals', () => {
    assert.match(text, /load: 1,800 calls, 1,795 ok, 5 failed, 410\.3 calls\/s \(tool echo, stdio\)/);
    assert.match(text, /p50 3\.0ms\s+p95 12ms\s+p99 40ms/);
    assert.match(text, /errors: timeout 3, closed 2/);
    assert.match(text, /1\s+node index\.js\s+600\s+321\s+57\.2M\s+1/);
    assert.match(text, /churn: 50 cycles, 1 failed, 2 survivors, mode eof, EOF compliance 96%, mcptop FD drift \+0/);
  });

  test('threads row only when present; no stress or churn section when null', () => {
    const base = makeServerSummary();
    const t = formatSummary(makeSummary({
      stress: null, churn: null,
      servers: [{ ...base, metrics: { ...base.metrics, threads: { count: 3, initial: 7, final: 9, verdict: 'ok' } } }],
    }));
    assert.match(t, /threads\s+7\s+9/);
    assert.doesNotMatch(t, /load:|churn:/);
  });

  test('FD kinds that moved or are not ok get rows under FDs, with their reasons; flat ones do not', () => {
    const base = makeServerSummary();
    const flat = { count: 40, initial: 4, final: 4, min: 4, max: 4, growth: 0, verdict: 'ok' as const, reason: 'pipe: FDs flat' };
    const t = formatSummary(makeSummary({
      servers: [{
        ...base,
        fdKinds: {
          socket: { count: 40, initial: 3, final: 41, min: 3, max: 41, growth: 38, verdict: 'leak', reason: 'socket: FDs +1.00 per call over 38 calls' },
          pipe: flat,
        },
      }],
    }));
    const lines = t.split('\n');
    const fdsAt = lines.findIndex((l) => /^\s+FDs\s+21\s/.test(l));
    assert.match(lines[fdsAt + 1] ?? '', /^\s+socket\s+3\s+41\s.*\+38.*LEAK$/);
    assert.doesNotMatch(t, /^\s+pipe\s+4/m);
    assert.match(t, /socket\s+LEAK\s+socket: FDs \+1\.00 per call over 38 calls/);
  });

  test('unknown values print as a dash, never 0, and no ANSI colour', () => {
    const base = makeServerSummary();
    const t = formatSummary(makeSummary({
      servers: [{ ...base, metrics: { ...base.metrics, fds: { count: 0, verdict: 'inconclusive', reason: 'too few samples' } } }],
    }));
    assert.match(t, /FDs\s+-\s+-\s+-\s+-\s+-\s+-\s+-\s+INCONCLUSIVE/);
    assert.ok(!t.includes('\u001B['));
  });
});

describe('summary fitted to a terminal', () => {
  test('long lines break at spaces under their indent, never inside a number', async () => {
    const { fitLines } = await import('../../source/format/summary-text.js');
    const line = '  FDs      leak     FDs +1.00 per call over 1,234,567 calls; floor rose in 6 of 6 windows (12,345 -> 13,579)';
    const out = fitLines([line, 'short'], 40);
    assert.ok(out.every((l) => l.length <= 40), out.join('\n'));
    assert.equal(out.at(-1), 'short');
    const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '');
    assert.deepEqual(out.slice(0, -1).flatMap(words), words(line), 'no word or number is split');
    assert.ok(out.slice(1, -1).every((l) => l.startsWith('    ')), 'continuations indented');
  });
});

describe('formatSummary FD targets', () => {
  test('the targets that grew follow the server table, as "+N x target"', () => {
    const s = makeServerSummary({ fdTargets: [{ target: 'file /srv/app/data.json', kind: 'file', baseline: 2, count: 1002, growth: 1000 }] });
    const text = formatSummary(makeSummary({ servers: [s] }));
    assert.match(text, /FDs grew on:\n {4}\+1,000 x file \/srv\/app\/data\.json \(2 -> 1,002\)/);
  });
});
