// Issue 11 items 3, 5, 6, 7: timer bounds, empty values, the strict --config schema, client-config edge cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseResult } from '../../source/options.js';
import { CONFIG_KEYS } from '../../source/options-flags.js';
import { HELP_TEXT } from '../../source/help.js';
import { loadClientConfigs } from '../../source/adapters/client-configs/load.js';
import { ROOT } from '../helpers/cli.js';

const parse = (argv: string[], config: Record<string, unknown> = {}): ParseResult =>
  parseArgs(argv, { platform: 'linux', readConfig: () => config });
const usage = (r: ParseResult): string => {
  assert.equal(r.kind, 'usage', `expected a usage error, got ${JSON.stringify(r).slice(0, 200)}`);
  return r.kind === 'usage' ? r.message : '';
};

describe('item 3: every ms/s value stays under the 2^31-1 ms timer limit', () => {
  const cases: [string, string, string][] = [
    ['--interval', '2147483648', 'interval'], ['--duration', '3000000', 'duration'], ['--timeout', '3000000000', 'timeout'],
    ['--delay', '2147483648', 'delay'], ['--eof-deadline', '2147483648', 'eof-deadline'], ['--min-age', '3000000', 'min-age'],
  ];
  for (const [flag, value, name] of cases) {
    test(`${flag} ${value} is refused`, () => {
      assert.match(usage(parse(['--name', 'x', flag, value])), new RegExp(`^--${name} expects .*≤`));
    });
  }
  test('the largest value is accepted', () => {
    const r = parse(['--name', 'x', '--interval', '2147483647', '--duration', '2147483']);
    assert.equal(r.kind, 'run');
    if (r.kind === 'run') assert.equal(r.options.intervalMs, 2147483647);
  });
});

describe('item 5: empty values and flags without a value are usage errors', () => {
  const cases: string[][] = [
    ['--interval', ''], ['--interval'], ['--json', ''], ['--prometheus', ''], ['--tool', ''], ['--pid'], ['--csv'],
    ['--interval', '--headless'],
  ];
  for (const c of cases) {
    test(JSON.stringify(c), () => {
      assert.match(usage(parse(['--name', 'x', ...c])), /needs a value/);
    });
  }
  test('--sse without --url', () => {
    assert.match(usage(parse(['--name', 'x', '--sse'])), /--sse goes with --url/);
  });
  test('item 7: a --prometheus port out of range is a usage error', () => {
    assert.match(usage(parse(['--name', 'x', '--prometheus', '127.0.0.1:99999'])), /--prometheus expects host:port/);
  });
  test('a value with a newline still gives one line', () => {
    assert.doesNotMatch(usage(parse(['--name', 'x', '--interval', '1\n2'])), /\n/);
  });
});

describe('item 6: --config is validated strictly and documented', () => {
  test('an unknown key names the nearest valid one', () => {
    assert.match(usage(parse(['--config', 'c.json'], { 'fd-warn': '60%' })), /unknown key "fd-warn" \(did you mean "fdWarn"\?\)/);
    assert.match(usage(parse(['--config', 'c.json'], { intervl: 500 })), /did you mean "interval"/);
  });
  test('a wrong type is refused', () => {
    assert.match(usage(parse(['--config', 'c.json'], { headless: 'yes' })), /"headless" expects true or false/);
    assert.match(usage(parse(['--config', 'c.json'], { name: 'x', interval: true })), /"interval" expects/);
    assert.match(usage(parse(['--config', 'c.json'], { name: 'x', json: '' })), /"json" expects/);
  });
  test('valid keys apply (args as an object too)', () => {
    const r = parse(['--config', 'c.json'], { fdWarn: '60%', name: ['node'], args: { q: 1 }, interval: 500 });
    assert.equal(r.kind, 'run');
    if (r.kind !== 'run') return;
    assert.deepEqual(r.options.thresholds.fdWarn, { kind: 'pct', value: 60 });
    assert.deepEqual(r.options.load.args, { q: 1 });
    assert.equal(r.options.intervalMs, 500);
  });
  test('every key is in --help and the README', () => {
    const readme = readFileSync(join(ROOT, 'readme.md'), 'utf8');
    for (const k of CONFIG_KEYS) {
      assert.match(HELP_TEXT, new RegExp(`\\b${k}\\b`), `--help names ${k}`);
      assert.ok(readme.includes(`\`${k}\``), `README names ${k}`);
    }
  });
});

describe('item 6: client-config edge cases', () => {
  test('"url": 5 is a warning, not a server; a binary file is never echoed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-cc-'));
    try {
      writeFileSync(join(dir, 'num.json'), JSON.stringify({ mcpServers: { a: { url: 5 }, b: { command: 7 } } }));
      writeFileSync(join(dir, 'bin.json'), Buffer.from([0x7b, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0xfe, 0x07, 0x00]));
      const r = await loadClientConfigs({ home: dir, cwd: dir, env: {}, files: ['num.json', 'bin.json'] });
      assert.deepEqual(r.servers, []);
      assert.equal(r.warnings.length, 3, r.warnings.join('\n'));
      assert.match(r.warnings[0] ?? '', /server "a": "url" is not a string/);
      assert.match(r.warnings[1] ?? '', /server "b": "command" is not a string/);
      assert.match(r.warnings[2] ?? '', /bin\.json: not a text file/);
      // eslint-disable-next-line no-control-regex
      for (const w of r.warnings) assert.doesNotMatch(w, /[\u0000-\u001f\u007f\ufffd]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
