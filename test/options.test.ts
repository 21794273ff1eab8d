// Flag parsing and validation: every bad input is one readable line, every good one a typed option.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type ParseEnv, type ParseResult } from '../source/options.js';

const env = (config: Record<string, unknown> = {}): ParseEnv => ({
  platform: 'linux',
  readConfig: () => config,
});

const usage = (r: ParseResult): string => {
  assert.equal(r.kind, 'usage', `expected a usage error, got ${JSON.stringify(r)}`);
  return r.kind === 'usage' ? r.message : '';
};
const run = (r: ParseResult) => {
  assert.equal(r.kind, 'run', r.kind === 'usage' ? r.message : r.kind);
  if (r.kind !== 'run') throw new Error('unreachable');
  return r.options;
};

describe('parseArgs', () => {
  test('targets combine and repeat', () => {
    const o = run(parseArgs(['--name', 'node', '--name', 'python', '--match', 'server-\\w+', '--pid', '12', '--pid', '34'], env()));
    assert.deepEqual(o.targets.names, ['node', 'python']);
    assert.equal(o.targets.patterns[0]?.test('mcp-server-git'), true);
    assert.deepEqual(o.targets.pids, [12, 34]);
    assert.equal(o.targets.children, true);
    assert.equal(o.intervalMs, 1000);
  });

  test('the command after -- is kept whole, flags included', () => {
    const o = run(parseArgs(['--interval', '500', '--', 'node', 'server.js', '--port', '3'], env()));
    assert.deepEqual(o.command, ['node', 'server.js', '--port', '3']);
    assert.equal(o.intervalMs, 500);
  });

  test('--no-children, thresholds in percent and absolute', () => {
    const o = run(parseArgs(['--pid', '1', '--no-children', '--fd-warn', '100', '--fd-crit', '90%', '--rss-crit', '2048'], env()));
    assert.equal(o.targets.children, false);
    assert.deepEqual(o.thresholds.fdWarn, { kind: 'abs', value: 100 });
    assert.deepEqual(o.thresholds.fdCrit, { kind: 'pct', value: 90 });
    assert.equal(o.thresholds.rssCritMB, 2048);
  });

  const bad: [string[], RegExp][] = [
    [['--name', 'node', '--bogus'], /unknown flag --bogus/],
    [['--pid', 'abc'], /--pid expects a process id.*"abc"/],
    [['--pid', '-3'], /--pid/],
    [['--match', '(unclosed'], /not a valid regular expression/],
    [['--name', 'x', '--interval', '0'], /--interval expects a whole number ≥ 50 and ≤ 2147483647, got "0"/],
    [['--name', 'x', '--interval', 'fast'], /--interval/],
    [['--name', 'x', '--fd-warn', 'lots'], /--fd-warn expects a count or a percent/],
    [['--name', 'x', '--rss-warn', '900', '--rss-crit', '100'], /above --rss-crit/],
    [['--name', 'x', '--stress', 'soak'], /--stress expects one of load, churn/],
    [['--name', 'x', '--stress', 'load'], /needs a server mcptop launches/],
    [['--demo', '--args', '{nope'], /--args expects a JSON object/],
    [['--demo', '--args', '[1]'], /--args expects a JSON object/],
    [['--url', 'ftp://x'], /--url expects an http/],
    [['--demo', '--prometheus', 'nope'], /--prometheus expects host:port/],
    [['node'], /unexpected argument "node"/],
  ];
  test('no target at all: zero-config discovery (auto), not a usage error; targets or a launch turn it off', () => {
    const none = parseArgs([], env());
    assert.equal(none.kind, 'run');
    assert.equal(none.kind === 'run' && none.options.targets.auto, true);
    for (const argv of [['--name', 'x'], ['--demo'], ['--', 'node', 's.js'], ['--url', 'http://127.0.0.1:1/mcp'], ['--clients']]) {
      const o = parseArgs(argv, env());
      assert.equal(o.kind === 'run' && o.options.targets.auto === true, false, argv.join(' '));
    }
  });

  for (const [argv, re] of bad) {
    test(`usage error: ${argv.join(' ') || '(nothing)'}`, () => {
      const msg = usage(parseArgs(argv, env()));
      assert.match(msg, re);
      assert.doesNotMatch(msg, /\n/, 'one line');
    });
  }

  test('--json - means stdout', () => {
    assert.equal(run(parseArgs(['--demo', '--json', '-', '--headless'], env())).json, '-');
    assert.equal(run(parseArgs(['--demo', '--json=-'], env())).json, '-');
  });

  test('cleanup mode: targets required, --dry-run and --yes only there', () => {
    const cl = { ...env(), mode: 'cleanup' as const };
    assert.equal(run(parseArgs(['--name', 'node', '--dry-run'], cl)).dryRun, true);
    assert.match(usage(parseArgs(['--dry-run'], cl)), /needs targets/);
    assert.match(usage(parseArgs(['--name', 'x', '--dry-run', '--yes'], cl)), /contradict/);
    assert.match(usage(parseArgs(['--name', 'x', '--yes'], env())), /--yes goes with 'mcptop cleanup'/);
  });

  test('help and version', () => {
    assert.equal(parseArgs(['--help'], env()).kind, 'help');
    assert.equal(parseArgs(['-h'], env()).kind, 'help');
    assert.equal(parseArgs(['--version'], env()).kind, 'version');
  });

  test('stress shape from flags', () => {
    const o = run(parseArgs(['--demo', '--stress', 'load', '--users', '8', '--calls', '50', '--rounds', '2', '--delay', '0',
      '--tool', 'echo', '--args', '{"message":"hi {i}"}', '--session-per-call', '--no-delete'], env()));
    assert.equal(o.stress, 'load');
    assert.deepEqual({ ...o.load }, { users: 8, calls: 50, rounds: 2, delayMs: 0, timeoutMs: 10000, sessionPerCall: true, noDelete: true, tool: 'echo', args: { message: 'hi {i}' } });
  });

  test('churn shape from flags', () => {
    const o = run(parseArgs(['--stress', 'churn', '--cycles', '7', '--mode', 'kill', '--npx', '--', 'node', 's.js'], env()));
    assert.deepEqual({ ...o.churn }, { cycles: 7, mode: 'kill', callTool: false, viaNpx: true, eofDeadlineMs: 2000 });
    assert.equal(usage(parseArgs(['--stress', 'churn', '--url', 'http://127.0.0.1:1/mcp'], env())).includes('churn spawns'), true);
  });

  test('--config settings sit under the flags', () => {
    const o = run(parseArgs(['--config', 'c.json', '--interval', '250'], env({ name: ['node'], interval: 2000, rssWarn: 300, fdCrit: '70%' })));
    assert.deepEqual(o.targets.names, ['node']);
    assert.equal(o.intervalMs, 250, 'flag wins');
    assert.equal(o.thresholds.rssWarnMB, 300, 'config fills what flags left');
    assert.deepEqual(o.thresholds.fdCrit, { kind: 'pct', value: 70 });
  });

  test('a bad value in --config is reported like a flag', () => {
    assert.match(usage(parseArgs(['--config', 'c.json'], env({ demo: true, interval: -5 }))), /--interval/);
  });

  test('--backend linux is refused off Linux; portable is the default there', () => {
    assert.match(usage(parseArgs(['--demo', '--backend', 'linux'], { ...env(), platform: 'darwin' })), /needs Linux/);
    assert.equal(run(parseArgs(['--demo'], { ...env(), platform: 'darwin' })).backend, 'portable');
  });
});
