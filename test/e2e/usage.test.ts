// Bad input through the built CLI: one line on stderr, the exit code from shared/CLI.md, never a stack trace.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

const cases: { args: string[]; code: number; line: RegExp }[] = [
  { args: ['--name', 'node', '--frobnicate'], code: 2, line: /unknown flag --frobnicate/ },
  { args: ['--pid', 'abc'], code: 2, line: /--pid expects a process id/ },
  { args: ['--pid', '4194303'], code: 3, line: /no process with pid 4194303/ },
  { args: ['--match', '[unclosed'], code: 2, line: /not a valid regular expression/ },
  { args: ['--headless', '--', '/nonexistent/mcp-server', '--stdio'], code: 3, line: /cannot start .*\/nonexistent\/mcp-server/ },
  { args: ['--name', 'node', '--interval', '0'], code: 2, line: /--interval expects a whole number ≥ 50 and ≤ 2147483647, got "0"/ },
  { args: ['--config', '/nonexistent/mcptop.json'], code: 2, line: /cannot read --config/ },
];

describe('usage errors from the built CLI', () => {
  for (const c of cases) {
    test(`${c.args.join(' ') || '(no arguments)'} → exit ${c.code}`, async () => {
      const run = runCli(c.args);
      const { code } = await run.done;
      const lines = run.stderr().trimEnd().split('\n');
      assert.equal(code, c.code, run.stderr());
      assert.equal(lines.length, 1, `one line on stderr, got:\n${run.stderr()}`);
      assert.match(lines[0] ?? '', c.line);
      assert.match(lines[0] ?? '', /^mcptop: /);
      assert.doesNotMatch(run.stderr(), /\n\s+at /, 'no stack trace');
    });
  }

  test('--help lists every CLI.md flag with its default and exits 0', async () => {
    const run = runCli(['--help']);
    assert.equal((await run.done).code, 0);
    for (const flag of ['--name', '--match', '--pid', '--interval', '--fd-warn', '--rss-crit', '--cpu-warn', '--procs-crit', '--config',
      '--stress', '--users', '--calls', '--rounds', '--delay', '--tool', '--args', '--cycles', '--headless', '--duration', '--csv',
      '--json', '--min-age', '--dry-run', '--yes', '--no-children', '--demo', '--url']) {
      assert.ok(run.stdout().includes(flag), `help mentions ${flag}`);
    }
    assert.match(run.stdout(), /default 1000/);
  });

  test('--version prints the package version', async () => {
    const run = runCli(['--version']);
    assert.equal((await run.done).code, 0);
    assert.match(run.stdout().trim(), /^\d+\.\d+\.\d+$/);
  });
});
