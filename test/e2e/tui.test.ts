// The real TUI in a real terminal (tmux): start the demo, see rows, press keys, quit, see the summary, nothing left behind.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CLI, descendantsOf, eventually, isAlive } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';

describe('TUI in tmux', () => {
  test('demo: rows, keys, quit with q, summary in the scrollback, servers ended', async (t) => {
    const tmux = new TmuxSession(`${process.execPath} ${CLI} --demo --interval 250; echo "EXIT=$?"`, 150, 45, { NO_COLOR: '1' });
    t.after(() => tmux.kill());
    const screen = await tmux.waitFor((s) => /healthy/.test(s) && /leaky/.test(s), 20_000, 'both demo rows');
    assert.match(screen, /FDs/);
    assert.match(screen, /RSS/);
    const shellPid = tmux.panePid();
    const mcptopPid = descendantsOf(shellPid).find((p) => p !== shellPid);
    assert.ok(mcptopPid !== undefined, 'mcptop runs in the pane');
    const servers = descendantsOf(mcptopPid);
    assert.ok(servers.length >= 2, `two demo servers run under mcptop (${servers.length})`);

    tmux.send('?');
    await tmux.waitFor((s) => /help/i.test(s) && /quit/i.test(s), 5000, 'help overlay');
    // `?` closes it too; a lone Esc followed quickly by a letter reads as Meta+letter in a terminal (Esc is unit-tested).
    tmux.send('?');
    await tmux.waitFor((s) => !/mcptop keys/.test(s) && /leaky/.test(s), 5000, 'help overlay closed');
    tmux.send('j');
    tmux.send('m');
    await tmux.waitFor((s) => /RSS over the last/.test(s), 5000, 'chart metric switched to RSS');
    tmux.send('p');
    await tmux.waitFor((s) => /PAUSED/i.test(s), 5000, 'paused marker');
    tmux.send('p');
    tmux.send('q');
    const after = await tmux.waitFor((s) => /EXIT=\d/.test(s), 20_000, 'mcptop to exit', true);
    assert.match(after, /EXIT=[015]/);
    assert.match(after, /initial/i, 'growth summary printed after the TUI');
    assert.match(after, /leaky/);
    for (const pid of servers) await eventually(() => !isAlive(pid), 5000, `demo server ${pid} to be gone`);
  });

  test('Ctrl+C quits like q; a terminal with CI=true in its environment still gets the live TUI', async (t) => {
    const tmux = new TmuxSession(`${process.execPath} ${CLI} --demo --interval 250; echo "EXIT=$?"`, 120, 35, { NO_COLOR: '1', CI: 'true' });
    t.after(() => tmux.kill());
    await tmux.waitFor((s) => /leaky/.test(s), 20_000, 'demo rows');
    tmux.send('C-c');
    const after = await tmux.waitFor((s) => /EXIT=\d/.test(s), 20_000, 'exit after Ctrl+C', true);
    assert.match(after, /EXIT=[015]/);
    assert.match(after, /initial/i);
  });
});
