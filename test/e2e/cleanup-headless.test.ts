// `mcptop cleanup` from the built CLI scans with a Monitor, so a server over its CRIT threshold is listed as a
// runaway: --dry-run lists it and signals nothing, --yes ends it and logs it; a look-alike decoy is never touched.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';
import { LiveProcs, running } from '../fixtures/cleanup/live.js';

const live = new LiveProcs();
after(() => live.cleanup());
const T = live.token;

async function cleanup(args: readonly string[]) {
  const run = runCli(['cleanup', ...args]);
  const { code } = await run.done;
  return { code, out: run.stdout(), err: run.stderr() };
}

describe('mcptop cleanup (built CLI)', () => {
  test('a runaway (CRIT by FDs) is listed by --dry-run and ended by --yes; the decoy lives on', async () => {
    const server = await live.start('idle.js', [`mcp-${T}-runaway`]);
    const decoy = await live.start('idle.js', [`mcp-${T}-runaway-decoy`]);
    const targets = ['--match', `mcp-${T}-runaway$`, '--fd-warn', '2', '--fd-crit', '3', '--interval', '200'];

    const plain = await cleanup(['--match', `mcp-${T}-runaway$`, '--dry-run']);
    assert.match(plain.out, /nothing to clean up/, 'under the default thresholds it is no runaway');

    const dry = await cleanup([...targets, '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /Runaways \(over a CRIT threshold\) \(1\)/);
    assert.match(dry.out, new RegExp(`\\* ${server} .*mcp-${T}-runaway\\n\\s+runaway .*: CRIT FDs \\d+ ≥ 3`));
    assert.doesNotMatch(dry.out, new RegExp(`\\b${decoy}\\b`));
    assert.ok(running(server), 'a dry run signals nothing');

    const log = live.file('cleanup.log');
    const yes = await cleanup([...targets, '--yes', '--cleanup-log', log]);
    assert.equal(yes.code, 0, yes.out + yes.err);
    assert.match(yes.out, new RegExp(`${server} .*\\[runaway\\]: ended by TERM`));
    assert.equal(running(server), false);
    assert.equal(running(decoy), true);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(lines.map((f) => [f[1], f[3], f[4], f[5]]), [[String(server), 'runaway', 'SIGTERM', 'sent'], [String(server), 'runaway', 'result', 'term']]);
  });
});
