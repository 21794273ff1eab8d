// Issue 11 item 8: what mcptop launches dies with it even when mcptop is SIGKILLed (the guardian ends the groups).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, descendantsOf, eventually, isAlive, runCli } from '../helpers/cli.js';

const SLEEPER = join(ROOT, 'test/fixtures/servers/sleeper.js');

test('kill -9 of mcptop: a server ignoring EOF and SIGTERM is gone within 3 s, and so is the guardian', async (t) => {
  const run = runCli(['--headless', '--interval', '200', '--', process.execPath, SLEEPER, '--ignore-term']);
  let launched: number[] = [];
  t.after(async () => {
    for (const pid of launched) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await run.kill();
  });
  await run.waitFor((o) => /sleeper\.js pid \d+/.test(o.stderr), 15_000, 'a status line naming the server');
  const mcptop = run.child.pid ?? 0;
  // The server and the guardian (and nothing else) run under mcptop.
  await eventually(() => descendantsOf(mcptop).length >= 2, 5000, 'the server and the guardian');
  launched = descendantsOf(mcptop);
  const server = Number(/sleeper\.js pid (\d+)/.exec(run.stderr())?.[1]);
  assert.ok(launched.includes(server), `server ${server} among ${launched.join(', ')}`);
  run.child.kill('SIGKILL');
  await run.done;
  const t0 = Date.now();
  await eventually(() => launched.every((p) => !isAlive(p)), 3000, `${launched.join(', ')} to be gone after kill -9`);
  assert.ok(Date.now() - t0 <= 3000);
});
