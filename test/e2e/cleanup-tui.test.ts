// The cleanup view in a real terminal (tmux) with the built CLI: a double-forked orphan is flagged in the table,
// listed with its reason after k, ended on Enter and logged; a look-alike decoy outside the watched set lives on.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CLI } from '../helpers/cli.js';
import { TmuxSession } from '../helpers/tmux.js';
import { LiveProcs, running, statOf, waitFor } from '../fixtures/cleanup/live.js';

const live = new LiveProcs();
after(() => live.cleanup());
const T = live.token;

describe('cleanup in the TUI (tmux)', () => {
  test('k lists the orphan with its reason; Enter ends it, logs it, and the decoy is untouched', async (t) => {
    const orphan = await live.orphan('idle.js', [`mcp-${T}-orphan`]);
    const decoy = await live.orphan('idle.js', [`mcp-${T}-orphan-decoy`]);
    await waitFor(() => statOf(orphan)?.ppid === 1 && statOf(decoy)?.ppid === 1, 're-parenting to PID 1');
    const log = live.file('cleanup.log');
    const pattern = `idle\\.js mcp-${T}-orphan$`;
    const tmux = new TmuxSession(
      `${process.execPath} ${CLI} --match '${pattern}' --min-age 0 --cleanup-log ${log} --interval 250; echo "EXIT=$?"`,
      150, 40, { NO_COLOR: '1' },
    );
    t.after(() => tmux.kill());

    const table = await tmux.waitFor((s) => new RegExp(`\\b${orphan}\\b.*\\borphan\\b`).test(s), 20_000, 'the orphan row with its flag');
    assert.match(table, /STATUS\s+FLAGS/);
    assert.doesNotMatch(table, new RegExp(`\\b${decoy}\\b`), 'the decoy is not watched');

    tmux.send('k');
    const view = await tmux.waitFor((s) => /Orphans \(parent died/.test(s) && /signal the selected/.test(s), 10_000, 'the cleanup view');
    assert.match(view, /Cleanup: 1 of 1 selected \(1 processes to signal\), 0 refused/);
    assert.match(view, new RegExp(`\\[x\\]\\s+${orphan}\\s+\\S*node \\S*idle\\.js mcp-${T}-orphan\\b`));
    assert.match(view, /orphan: parent 1 \(.*\) is PID 1; age/);
    assert.ok(running(orphan), 'nothing is signalled before the confirmation');

    tmux.send('Enter');
    const done = await tmux.waitFor((s) => /Cleanup: done/.test(s), 15_000, 'the outcome');
    assert.match(done, new RegExp(`${orphan}\\s+\\[orphan\\] ended by TERM`));
    assert.equal(running(orphan), false);
    assert.equal(running(decoy), true, 'the decoy outside the watched set is alive');

    const lines = readFileSync(log, 'utf8').trim().split('\n');
    assert.ok(lines.some((l) => l.split('\t')[1] === String(orphan) && /\torphan\tSIGTERM\tsent\t/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => l.split('\t')[1] === String(orphan) && /\torphan\tresult\tterm\t/.test(l)), lines.join('\n'));
    assert.ok(lines.every((l) => l.split('\t')[1] !== String(decoy)));

    tmux.send('Escape');
    await tmux.waitFor((s) => /STATUS/.test(s) && !/Cleanup:/.test(s), 10_000, 'back to the table');
    tmux.send('q');
    const exit = await tmux.waitFor((s) => /EXIT=\d/.test(s), 20_000, 'mcptop to exit', true);
    assert.match(exit, /EXIT=[015]/);
    assert.equal(running(decoy), true);
  });
});
