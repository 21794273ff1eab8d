// LineRing's clean step (the launcher passes redactText): once per line, never on lines dropped unread, and a secret
// at a cut is still caught.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LineRing } from '../../source/adapters/mcp-line-ring.js';
import { redactText } from '../../source/core/redact.js';

const TOKEN = `ghp_${'Ab3dE'.repeat(8)}`;

describe('LineRing clean', () => {
  test('each line is cleaned once, however often the tail is read; lines dropped unread are never cleaned', () => {
    const seen: string[] = [];
    const ring = new LineRing(3, (l) => { seen.push(l); return l.toUpperCase(); });
    ring.push(Buffer.from('a\nb\nc\nd\ne\n')); // a and b are past the capacity of one chunk
    ring.push(Buffer.from('f\n')); // c is dropped before anyone read it
    assert.deepEqual(ring.lines(), ['D', 'E', 'F']);
    assert.deepEqual(ring.lines(), ['D', 'E', 'F']);
    assert.deepEqual(seen, ['d', 'e', 'f']);
    ring.push(Buffer.from('g\npart'));
    assert.deepEqual(ring.lines(), ['E', 'F', 'G', 'PART']);
    assert.deepEqual(ring.lines(), ['E', 'F', 'G', 'PART']);
    assert.deepEqual(seen, ['d', 'e', 'f', 'g', 'part'], 'the partial line is cleaned once while it stays the same');
    ring.push(Buffer.from('ial\n'));
    assert.deepEqual(ring.lines(), ['F', 'G', 'PARTIAL']);
  });

  test('a token across the 2000-character cut is redacted before the cut, not cut in half and left', () => {
    const ring = new LineRing(2, redactText);
    ring.push(Buffer.from(`${'x '.repeat(995)}${TOKEN} and more\n`)); // the token starts at 1990 and runs past 2000
    const [line] = ring.lines();
    assert.ok(line !== undefined && !line.includes('Ab3dE'), line?.slice(1980));
    assert.equal(line.slice(1990, 1993), '***');
  });

  test('an unterminated line cut from the left loses the word it was cut in (the end of a secret)', () => {
    const ring = new LineRing(2, redactText);
    ring.push(Buffer.from(`start ${TOKEN}${' y'.repeat(1998)} z`)); // 4000 characters kept: the cut falls inside the token
    const tail = ring.lines().at(-1) ?? '';
    assert.ok(tail.startsWith('… y y'), tail.slice(0, 20));
    assert.ok(!tail.includes('3dE'), tail.slice(0, 40));
    assert.ok(tail.length <= 2001);
  });
});
