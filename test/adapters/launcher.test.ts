import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { NodeLauncher, type NodeLaunchedProcess } from '../../source/adapters/launcher.js';
import { findTree } from '../../source/adapters/kill-tree.js';
import { readProcRow } from '../../source/adapters/churn-probe.js';
import { FIXTURES, NODE, ROOT, collectStdout, fixtureArgv, killAll, running, stopAll, waitFor } from '../stress/helpers.js';

describe('NodeLauncher', () => {
  const launcher = new NodeLauncher();

  test('passes the whole environment plus overrides, in its own process group and session', async (t) => {
    process.env.MCPTOP_TEST_PARENT_VAR = 'from-parent';
    t.after(() => { delete process.env.MCPTOP_TEST_PARENT_VAR; });
    const p = await launcher.launch([NODE, '-e', 'process.stdout.write(JSON.stringify({env: process.env, cwd: process.cwd()}))'], { cwd: FIXTURES, env: { MCPTOP_TEST_OVERRIDE: 'yes' } });
    t.after(() => stopAll([p]));
    const out = collectStdout(p);
    const row = await readProcRow(p.pid);
    await p.exited;
    await waitFor(() => out.text().endsWith('}'), 5000, 'env dump');
    const dump = JSON.parse(out.text()) as { env: Record<string, string>; cwd: string };
    assert.equal(dump.env.MCPTOP_TEST_PARENT_VAR, 'from-parent');
    assert.equal(dump.env.MCPTOP_TEST_OVERRIDE, 'yes');
    // More than the SDK's six inherited variables.
    assert.ok(Object.keys(dump.env).length >= Object.keys(process.env).length);
    assert.equal(dump.cwd, FIXTURES);
    if (row) { assert.equal(row.pgid, p.pid); assert.equal(row.sid, p.pid); }
  });

  test('always drains stderr into a bounded tail: a child writing MBs does not block', async (t) => {
    const p = await launcher.launch(fixtureArgv('stderr-flood.js', '8'), { cwd: ROOT });
    t.after(() => stopAll([p]));
    const out = collectStdout(p);
    await waitFor(() => out.text().includes('flood done'), 30_000, 'the flood to finish');
    const tail = await waitFor(() => { const l = p.stderrTail(); return l.at(-1) === 'last stderr line' ? l : undefined; }, 5000, 'last stderr line');
    assert.ok(tail.length <= 200, `tail has ${tail.length} lines`);
    p.endStdin();
    const exit = await p.exited;
    assert.equal(exit.code, 0);
    assert.equal(p.alive(), false);
  });

  test('the stderr tail is redacted: token shapes, --api-key=..., NAME=secret, the unterminated last line too', async (t) => {
    const ghp = `ghp_${'Ab3dE'.repeat(8)}`; // the shape GitHub personal access tokens have: ghp_ and 36+ alphanumerics
    const script = [
      `process.stderr.write('auth ok with ${ghp} for user\\n');`,
      "process.stderr.write('flags: --api-key=hunter2hunter2 --port 8080\\n');",
      "process.stderr.write('env OPENAI_API_KEY=plainvalue123 loaded\\n');",
      `process.stderr.write('still going ${ghp}');`, // no newline: the partial line
      'process.stdin.resume();', // stays up until stdin closes or stop()
    ].join('\n');
    const p = await launcher.launch([NODE, '-e', script]);
    t.after(() => stopAll([p]));
    const tail = await waitFor(() => { const l = p.stderrTail(); return l.at(-1)?.startsWith('still going') ? l : undefined; }, 10_000, 'the partial line');
    assert.deepEqual(tail, [
      'auth ok with *** for user',
      'flags: --api-key=*** --port 8080',
      'env OPENAI_API_KEY=*** loaded',
      'still going ***',
    ]);
    assert.ok(!tail.join('\n').includes('Ab3dE') && !tail.join('\n').includes('hunter2') && !tail.join('\n').includes('plainvalue'));
    await p.stop(200);
    assert.equal(p.alive(), false);
  });

  test('stop() ends a wrapper chain with a setsid grandchild that ignores SIGTERM', async (t) => {
    const spawnTree = join(FIXTURES, 'spawn-tree.js');
    const p = await launcher.launch(['sh', '-c', `${NODE} ${spawnTree} & wait`]);
    const seen = new Set<number>([p.pid]);
    t.after(() => { killAll(seen); });
    const out = collectStdout(p);
    const line = await waitFor(() => out.text().split('\n').find((l) => l.startsWith('{')), 10_000, 'grandchild pid');
    const grandchild = (JSON.parse(line) as { grandchild: number }).grandchild;
    seen.add(grandchild);
    const tree = await findTree(p.pid);
    for (const m of tree) seen.add(m.pid);
    assert.ok(tree.some((m) => m.pid === grandchild), 'the setsid grandchild is found by the ppid walk');
    const grandRow = tree.find((m) => m.pid === grandchild);
    assert.notEqual(grandRow?.sid, p.pid, 'grandchild left the session');
    assert.ok(tree.length >= 3, `sh, node and the grandchild: got ${tree.length}`);
    const t0 = Date.now();
    await p.stop(300);
    assert.ok(Date.now() - t0 >= 250, 'the grandchild outlived TERM, so stop() waited the grace and escalated');
    for (const pid of seen) assert.equal(running(pid), false, `pid ${pid} survived stop()`);
    assert.equal(p.alive(), false);
  });

  test('stop() ends an npx -> sh -> node chain completely', async (t) => {
    const p: NodeLaunchedProcess = await launcher.launch(['npx', '--no-install', 'mcp-server-everything'], { cwd: ROOT });
    const seen = new Set<number>([p.pid]);
    t.after(() => { killAll(seen); });
    const tree = await waitFor(async () => {
      const tr = await findTree(p.pid);
      return tr.some((m) => m.comm === 'node' && m.pid !== p.pid) || tr.length >= 2 ? tr : undefined;
    }, 20_000, 'npx to start its child');
    for (const m of tree) seen.add(m.pid);
    assert.ok(tree.length >= 2, `npx runs its server as a child: ${tree.map((m) => m.comm).join(',')}`);
    await p.stop(2000);
    for (const pid of seen) assert.equal(running(pid), false, `pid ${pid} survived stop()`);
  });

  test('a missing command is a clean rejection', async () => {
    await assert.rejects(launcher.launch(['/nonexistent/mcptop-no-such-cmd']), /cannot start .*command not found \(ENOENT\)/);
  });

  test('a non-executable file is a clean rejection', async () => {
    await assert.rejects(launcher.launch([join(FIXTURES, 'sleeper.js')]), /cannot start .*permission denied.*\(EACCES\)/);
  });

  test('an empty argv is rejected', async () => {
    await assert.rejects(launcher.launch([]), /empty command/);
  });
});
