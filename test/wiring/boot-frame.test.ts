import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { drawBootFrame, looksInteractive } from '../../source/wiring/boot-frame.js';
import { ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN } from '../../source/ui/terminal.js';

const tty = { isTTY: true };
const stream = () => {
  const chunks: string[] = [];
  return { chunks, s: { write: (c: string) => { chunks.push(c); return true; } } as unknown as NodeJS.WriteStream };
};

describe('boot frame', () => {
  test('drawn only for a run headed for the TUI: terminals on both ends, no subcommand, help, version or headless', () => {
    assert.equal(looksInteractive(['--pid', '12'], tty, tty), true);
    assert.equal(looksInteractive([], tty, tty), true);
    assert.equal(looksInteractive(['--pid', '12'], {}, tty), false, 'stdin not a terminal');
    assert.equal(looksInteractive(['--pid', '12'], tty, { isTTY: false }), false, 'stdout piped');
    for (const argv of [['report', 'x.jsonl'], ['cleanup'], ['--headless'], ['--headless=true'], ['-h'], ['--help'], ['--version'], ['-v']]) {
      assert.equal(looksInteractive(argv, tty, tty), false, argv.join(' '));
    }
  });

  test('never handed over (usage error, headless from a config): leaves the alternate screen, then prints held lines', () => {
    const out = stream();
    const err = stream();
    const boot = drawBootFrame(out.s, err.s);
    assert.ok(out.chunks[0]?.startsWith(ENTER_ALT_SCREEN));
    assert.match(out.chunks[0] ?? '', /mcptop/);
    boot.warn('mcptop: serving Prometheus metrics at http://127.0.0.1:9464/metrics');
    assert.deepEqual(err.chunks, [], 'held while the frame shows (it would be drawn over)');
    boot.leave();
    boot.leave();
    assert.deepEqual(out.chunks.slice(1), [LEAVE_ALT_SCREEN], 'left once');
    assert.deepEqual(err.chunks, ['mcptop: serving Prometheus metrics at http://127.0.0.1:9464/metrics\n']);
    boot.warn('later');
    assert.equal(err.chunks.at(-1), 'later\n', 'after leaving, lines go straight out');
  });

  test('handed over to Ink: the TUI leaves the alternate screen itself, the frame does not leave it twice', () => {
    const out = stream();
    const err = stream();
    const boot = drawBootFrame(out.s, err.s);
    boot.warn('held');
    boot.handOver();
    boot.leave();
    assert.equal(out.chunks.length, 1, 'no second LEAVE after the TUI left');
    assert.deepEqual(err.chunks, ['held\n']);
  });
});
