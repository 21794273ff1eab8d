import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { InkOutput } from '../../source/ui/ink-output.js';
import { incrementalGet, installIncrementalOutput } from '../../source/ui/ink-output.js';

// Ink's own Output class (not exported by the package: reached by file, as ui/ink-output.ts reaches it).
interface Write { x: number; y: number; text: string; upper: boolean }
interface OutputLike extends InkOutput {
  clip(c: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
}
type OutputClass = new (o: { width: number; height: number }) => OutputLike;
const mod = await import(new URL('./output.js', import.meta.resolve('ink')).href) as { default: OutputClass };
const Output = mod.default;
const original = Output.prototype.get;

const upper = (line: string): string => line.toUpperCase();
function fill(o: OutputLike, writes: readonly Write[]): OutputLike {
  for (const w of writes) o.write(w.x, w.y, w.text, { transformers: w.upper ? [upper] : [] });
  return o;
}

// Text as mcptop and Ink write it: plain, styled (SGR), wide (CJK, emoji), box drawing, several lines.
const piece = fc.constantFrom('ab', 'status OK', '   ', '▁▂▃█', '┤──┼', '日本', '🙂', '\u001B[32mgreen\u001B[39m', '\u001B[7m inv \u001B[27m', 'x\ny', 'a\n\nb', '');
const write = fc.record({
  x: fc.integer({ min: 0, max: 30 }),
  y: fc.integer({ min: -2, max: 8 }),
  text: fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
  upper: fc.boolean(),
});
const frame = fc.array(write, { maxLength: 12 });

test('a row drawn from the last frame or by Ink on one row reads exactly as Ink draws the whole grid, frame after frame', () => {
  fc.assert(fc.property(fc.array(fc.tuple(frame, fc.constantFrom(24, 24, 24, 17)), { minLength: 1, maxLength: 6 }), (frames) => {
    const get = incrementalGet(Output, original);
    for (const [writes, width] of frames) {
      const expected = original.call(fill(new Output({ width, height: 6 }), writes));
      assert.deepEqual(get.call(fill(new Output({ width, height: 6 }), writes)), expected);
    }
  }), { numRuns: 300 });
});

test('an unchanged row is taken from the last frame: Ink is asked to draw only the rows whose writes changed', () => {
  let drawn = 0;
  const counting = function (this: OutputLike) { drawn++; return original.call(this); };
  const get = incrementalGet(Output, counting);
  const rows = (clock: string): Write[] => [
    { x: 0, y: 0, text: `up ${clock}`, upper: false },
    ...[1, 2, 3, 4].map((y) => ({ x: 2, y, text: `server ${y}  4 fds  ▁▁▁▁`, upper: false })),
  ];
  get.call(fill(new Output({ width: 40, height: 5 }), rows('1s')));
  assert.equal(drawn, 5, 'the first frame draws every row');
  drawn = 0;
  const out = get.call(fill(new Output({ width: 40, height: 5 }), rows('2s')));
  assert.equal(drawn, 1, 'only the header row changed');
  assert.equal(out.output.split('\n')[0], 'up 2s');
  assert.equal(out.output.split('\n')[4], '  server 4  4 fds  ▁▁▁▁');
  drawn = 0;
  get.call(fill(new Output({ width: 41, height: 5 }), rows('2s')));
  assert.equal(drawn, 5, 'a new width draws every row again');
});

test('what is kept is one frame: a row per line of the screen, never more', () => {
  const memo = { width: -1, rows: [] };
  const get = incrementalGet(Output, original, memo);
  for (const height of [50, 49, 24, 24, 50, 3]) {
    get.call(fill(new Output({ width: 80, height }), [{ x: 0, y: 0, text: `h ${height}`, upper: false }]));
    assert.equal(memo.rows.length, height);
  }
});

test('a frame with a clipping region is Ink\'s own, unchanged', () => {
  let whole = 0;
  const get = incrementalGet(Output, function (this: OutputLike) { whole++; return original.call(this); });
  const o = fill(new Output({ width: 20, height: 3 }), [{ x: 0, y: 0, text: 'abcdefghij', upper: false }]);
  o.clip({ x1: 2, x2: 5 });
  o.write(0, 1, 'klmnopqrst', { transformers: [] });
  o.unclip();
  assert.deepEqual(get.call(o), original.call(o));
  assert.equal(whole, 1, 'one call of Ink\'s get, on the whole grid');
  assert.equal(original.call(o).output.split('\n')[1], '  mno');
});

test('installing makes every Ink Output incremental, once', async () => {
  assert.equal(await installIncrementalOutput(), true);
  assert.equal(await installIncrementalOutput(), true);
  assert.equal((Output.prototype.get as { incremental?: boolean }).incremental, true);
  const o = fill(new Output({ width: 10, height: 2 }), [{ x: 1, y: 1, text: 'hi', upper: true }]);
  assert.equal(o.get().output, '\n HI');
});
