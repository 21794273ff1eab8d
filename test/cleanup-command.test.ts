// `mcptop cleanup` against real processes: orphans and a look-alike decoy, a TERM-ignorer, a zombie's parent, a
// respawn loop, a duplicating host, another user's process, and mcptop's own ancestry.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCleanupCommand, type CleanupCommandOptions } from '../source/cleanup-command.js';
import type { Killer } from '../source/core/ports.js';
import { MemoryLog } from './core/cleanup/builders.js';
import { LiveProcs, allStats, pidsWith, running, statOf, waitFor } from './fixtures/cleanup/live.js';

const live = new LiveProcs();
after(() => live.cleanup());
const T = live.token;

async function cleanup(opts: Partial<CleanupCommandOptions> & Pick<CleanupCommandOptions, 'targets'>, killer?: Killer) {
  const out: string[] = [];
  const err: string[] = [];
  const log = new MemoryLog();
  const code = await runCleanupCommand(
    { dryRun: false, yes: false, minAgeS: 0, samples: 1, intervalMs: 200, graceMs: 1500, ...opts },
    { stdout: (l) => out.push(l), stderr: (l) => err.push(l), log, ...(killer ? { killer } : {}) },
  );
  return { code, out: out.join('\n'), err: err.join('\n'), log };
}
const match = (re: string) => ({ names: [], patterns: [new RegExp(re)], pids: [] });

describe('orphans', () => {
  test('a double-forked orphan is listed with evidence, and ended with --yes; a look-alike decoy is never touched', async () => {
    const orphan = await live.orphan('idle.js', [`mcp-${T}-orphan`]);
    const decoy = await live.orphan('idle.js', [`mcp-${T}-orphan-decoy`]);
    await waitFor(() => statOf(orphan)?.ppid === 1 && statOf(decoy)?.ppid === 1, 're-parenting to PID 1');
    const targets = match(`idle\\.js mcp-${T}-orphan$`);

    const dry = await cleanup({ targets, dryRun: true });
    assert.equal(dry.code, 0);
    assert.match(dry.out, /dry run/);
    assert.match(dry.out, new RegExp(`\\* ${orphan} .*mcp-${T}-orphan`));
    assert.match(dry.out, /orphan: parent 1 \(.*\) is PID 1; age/);
    assert.doesNotMatch(dry.out, new RegExp(`\\b${decoy}\\b`));
    assert.ok(running(orphan) && running(decoy), 'a dry run signals nothing');
    assert.equal(dry.log.entries.length, 0);

    const graced = await cleanup({ targets, dryRun: true, minAgeS: 3600 });
    assert.match(graced.out, /nothing to clean up/, 'younger than --min-age: not an orphan yet');

    const yes = await cleanup({ targets, yes: true });
    assert.equal(yes.code, 0, yes.out + yes.err);
    assert.match(yes.out, new RegExp(`${orphan} .*\\[orphan\\]: ended by TERM`));
    assert.equal(running(orphan), false);
    assert.equal(running(decoy), true, 'the decoy outside the watched set is alive');
    assert.deepEqual(yes.log.entries.map((e) => [e.pid, e.signal, e.outcome]), [[orphan, 'SIGTERM', 'sent'], [orphan, 'result', 'term']]);
    assert.ok(yes.log.entries.every((e) => e.pid !== decoy));
  });

  test('a process that ignores SIGTERM needs KILL after the grace period', async () => {
    const pid = await live.orphan('ignore-term.js', [`mcp-${T}-stubborn`]);
    const r = await cleanup({ targets: match(`mcp-${T}-stubborn`), yes: true, graceMs: 300 });
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, new RegExp(`${pid} .*: needed KILL`));
    assert.deepEqual(r.log.entries.map((e) => e.signal), ['SIGTERM', 'SIGKILL', 'result']);
    assert.equal(running(pid), false);
  });
});

test('a parent that never reaps its zombie is the target; ending it clears the zombie', async () => {
  const parent = await live.start('', [], { raw: ['sh', '-c', `sleep 0 & exec "${process.execPath}" idle.js mcp-${T}-zparent`] });
  const zombie = await waitFor(() => allStats().find((s) => s.ppid === parent && s.state === 'Z'), 'the zombie child');
  const targets = match(`mcp-${T}-zparent`);
  const once = await cleanup({ targets, dryRun: true, samples: 1 });
  assert.match(once.out, /nothing to clean up/, 'one sample is not enough to call a zombie persistent');
  const r = await cleanup({ targets, yes: true, samples: 2 });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, new RegExp(`zombie ${zombie.pid} \\(sleep\\) not reaped for .* by ${parent} \\(node\\)`));
  assert.match(r.out, new RegExp(`${parent} .*\\[zombie\\]: ended by TERM`));
  await waitFor(() => statOf(zombie.pid)?.startTime !== zombie.startTime, 'the zombie to be reaped once its parent is gone');
});

test('a respawning parent is ended first, so its children stop coming back', async () => {
  const parent = await live.start('respawner.js', [`mcp-${T}-resp`], { env: { CHILD_LIFE_MS: '120' } });
  const r = await cleanup({ targets: match(`mcp-${T}-resp`), yes: true, samples: 6, intervalMs: 250 });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, new RegExp(`respawn loop: ${parent} \\(node\\) started \\d+ watched processes`));
  assert.match(r.out, new RegExp(`${parent} .*\\[respawn\\]: ended by TERM`));
  assert.equal(r.log.entries[0]?.pid, parent, 'the parent is signalled before its child');
  await waitFor(() => pidsWith(`mcp-${T}-resp`).length === 0, 'no respawned child left', 5000);
});

test('duplicates under a live host: the older copies end, the newest and the host stay; a decoy stays', async () => {
  const host = await live.start('host.js', ['3', `mcp-${T}-dup`]);
  const decoy = await live.orphan('idle.js', [`mcp-${T}-dup-decoy`]);
  const copies = await waitFor(() => { const k = allStats().filter((s) => s.ppid === host); return k.length === 3 && k; }, 'three copies');
  const r = await cleanup({ targets: match(`idle\\.js mcp-${T}-dup$`), yes: true });
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, new RegExp(`3 copies: 1 generation of 1 server under ${host} \\(node\\)`));
  const alive = copies.filter((c) => running(c.pid));
  assert.equal(alive.length, 1, 'the newest copy is kept');
  assert.equal(alive[0]?.startTime, Math.max(...copies.map((c) => c.startTime)));
  assert.equal(running(host), true);
  assert.equal(running(decoy), true);
});

test("another user's process is refused unless root passes --allow-other-users", async (t) => {
  if (process.getuid?.() !== 0) { t.skip('needs root to start a process as another user'); return; }
  const pid = await live.orphan('idle.js', [`mcp-${T}-nobody`], { uid: 65534 });
  const targets = match(`mcp-${T}-nobody`);
  const refused = await cleanup({ targets, yes: true });
  assert.equal(refused.code, 0);
  assert.match(refused.out, /refused: owned by uid 65534, another user: pass --allow-other-users/);
  assert.match(refused.out, /nothing selectable/);
  assert.equal(running(pid), true);
  const allowed = await cleanup({ targets, yes: true, allowOtherUsers: true });
  assert.match(allowed.out, new RegExp(`${pid} .*: ended by TERM`));
  assert.equal(running(pid), false);
});

test('mcptop and its ancestors are never watched, whatever the targets say', async () => {
  const r = await cleanup({ targets: { names: ['node'], patterns: [/node/], pids: [process.pid, process.ppid, 1] }, dryRun: true, only: ['orphan'] });
  assert.equal(r.code, 0);
  assert.doesNotMatch(r.out, new RegExp(`[*-] (${process.pid}|${process.ppid}|1) `));
});

test('usage: no targets, or --dry-run with --yes, is exit code 2; neither flag only lists and hints', async () => {
  assert.equal((await cleanup({ targets: { names: [], patterns: [], pids: [] } })).code, 2);
  assert.equal((await cleanup({ targets: match('x'), dryRun: true, yes: true })).code, 2);
  const pid = await live.orphan('idle.js', [`mcp-${T}-hint`]);
  const r = await cleanup({ targets: match(`mcp-${T}-hint`) });
  assert.equal(r.code, 0);
  assert.match(r.err, /nothing signalled; pass --yes/);
  assert.equal(running(pid), true);
});

test('--json prints the plan as one object; an item that could not be ended makes the exit code 1', async () => {
  const pid = await live.orphan('idle.js', [`mcp-${T}-json`]);
  const targets = match(`mcp-${T}-json`);
  const dry = await cleanup({ targets, dryRun: true, json: true });
  const parsed = JSON.parse(dry.out) as { groups: { reason: string; items: { target: { pid: number }; signals: unknown[] }[] }[]; results: unknown };
  assert.equal(parsed.groups[0]?.reason, 'orphan');
  assert.equal(parsed.groups[0]?.items[0]?.target.pid, pid);
  assert.equal(parsed.results, null);
  const denying: Killer = { signal: () => 'denied', isAlive: () => true };
  const r = await cleanup({ targets, yes: true }, denying);
  assert.equal(r.code, 1);
  assert.match(r.out, new RegExp(`${pid} .*: permission denied \\(EPERM\\)`));
  assert.equal(running(pid), true);
});
