// Issue 11 "done when": invalid invocations generated from the flag table (wrong types, empty, missing, out of range,
// overflow, conflicting) each give one line, exit 2, no stack trace, no file created. Checked in-process (parse and
// the output pre-check, as the CLI runs them) for many, and through the built CLI for a bounded sample.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseArgs } from '../../source/options.js';
import { FLAGS, kebabOf } from '../../source/options-flags.js';
import { readFlags } from '../../source/options-argv.js';
import { UsageError } from '../../source/options-values.js';
import { meowFlags, type MeowAnswer } from '../helpers/meow-flags.js';
import { checkOutputs } from '../../source/wiring/output-check.js';
import { EXIT, TargetError } from '../../source/wiring/exit.js';
import { runCli } from '../helpers/cli.js';

type Kind = 'ms' | 's' | 'count' | 'number' | 'fd' | 'enum' | 'url' | 'prometheus' | 'pid' | 'regex' | 'json' | 'file' | 'text' | 'bool';

/** What each value flag of the table holds; a flag missing here fails the test, so new flags get generated too. */
const KINDS: Record<string, Kind> = {
  name: 'text', match: 'regex', pid: 'pid', url: 'url', server: 'text', interval: 'ms', fdWarn: 'fd', fdCrit: 'fd',
  rssWarn: 'number', rssCrit: 'number', cpuWarn: 'number', cpuCrit: 'number', procsWarn: 'count', procsCrit: 'count',
  config: 'file', backend: 'enum', era: 'enum', stress: 'enum', users: 'count', calls: 'count', rounds: 'count', delay: 'ms',
  tool: 'text', args: 'json', timeout: 'ms', cycles: 'count', mode: 'enum', eofDeadline: 'ms', duration: 's',
  csv: 'file', json: 'file', record: 'file', plot: 'file', junit: 'file', prometheus: 'prometheus',
  clientsConfig: 'file', minAge: 's', cleanupLog: 'file',
  toolArgs: 'file', heap: 'file', failOn: 'enum',
};

/** Values that are wrong for a kind: wrong type, out of range, overflow (empty and missing are generated for all). */
const BAD: Record<Exclude<Kind, 'bool' | 'file' | 'text'>, string[]> = {
  ms: ['abc', '-1', '1.5', '2147483648', '1e400', 'NaN', '0x10', 'Infinity', '99999999999999999999'],
  s: ['abc', '-1', '2147484', '1e400', 'NaN', '3000000'],
  count: ['abc', '0', '-3', '2.5', '1e400', '9007199254740993', 'NaN'],
  number: ['abc', '0', '-1', 'NaN', '1e400'],
  fd: ['80%%', '-5', '101%', 'abc', '0', '1.5'],
  enum: ['nope', 'LOAD', '1'],
  url: ['ftp://example.com/mcp', 'not a url', 'file:///etc/passwd'],
  prometheus: ['nohost', '127.0.0.1:99999', '127.0.0.1', 'a:b:1', 'x:-1'],
  pid: ['abc', '0', '-3', '1.5'],
  regex: ['[unclosed', '(', '*x'],
  json: ['{', '[]', '"x"', '42', 'null'],
};

const valueFlags = Object.entries(FLAGS).filter(([, f]) => f.type === 'string').map(([k]) => k);
const boolFlags = Object.entries(FLAGS).filter(([, f]) => f.type === 'boolean').map(([k]) => k).filter((k) => !['help', 'version'].includes(k));

interface Invocation { readonly argv: string[]; readonly why: string; readonly cat?: string }

function arbitraries(dir: string): fc.Arbitrary<Invocation> {
  const flag = (k: string): string => `--${kebabOf(k)}`;
  const out = (name: string): string => join(dir, name);
  const wrongValue = fc.constantFrom(...valueFlags.filter((k) => KINDS[k] !== 'text' && KINDS[k] !== 'file')).chain((k) =>
    fc.constantFrom(...BAD[KINDS[k] as keyof typeof BAD]).map((v): Invocation => ({ argv: ['--name', 'x', flag(k), v], why: `wrong ${k}` })));
  const empty = fc.constantFrom(...valueFlags).map((k): Invocation => ({ argv: ['--name', 'x', flag(k), ''], why: `empty ${k}` }));
  const missing = fc.constantFrom(...valueFlags).map((k): Invocation => ({ argv: ['--name', 'x', flag(k)], why: `missing ${k}` }));
  const swallowed = fc.tuple(fc.constantFrom(...valueFlags), fc.constantFrom(...boolFlags.filter((b) => b !== 'dryRun' && b !== 'yes')))
    .map(([k, b]): Invocation => ({ argv: ['--name', 'x', flag(k), flag(b)], why: `${k} swallowed by ${b}` }));
  const badOutput = fc.tuple(fc.constantFrom('json', 'junit', 'plot', 'csv', 'record'), fc.constantFrom(dir, out('no/such/dir/f'), '/proc/x'))
    .map(([k, p]): Invocation => ({ argv: ['--name', 'x', flag(k), p], why: `unwritable ${k}` }));
  const conflicting = fc.constantFrom<Invocation>(
    { argv: ['--name', 'x', '--dry-run'], why: '--dry-run without cleanup' },
    { argv: ['--demo', '--', 'node', 's.js'], why: '--demo with a command' },
    { argv: ['--name', 'x', '--rss-warn', '900', '--rss-crit', '800'], why: 'warn above crit' },
    { argv: ['--name', 'x', '--procs-warn', '9', '--procs-crit', '8'], why: 'procs warn above crit' },
    { argv: ['--name', 'x', '--fd-warn', '90', '--fd-crit', '80'], why: 'fd warn above crit' },
    { argv: ['--name', 'x', '--sse'], why: '--sse without --url' },
    { argv: ['--name', 'x', '--stress', 'load'], why: 'stress with nothing launched' },
    { argv: ['--name', 'x', '--json', out('same'), '--csv', out('same')], why: 'two outputs, one file' },
    { argv: ['--name', 'x', 'stray'], why: 'a stray argument' },
    { argv: ['--name', 'x', '--frobnicate'], why: 'an unknown flag' },
    { argv: ['--name', 'x', '--interval', '500', '--interval', '600'], why: 'a flag given twice' },
  );
  // Valid noise before the fault, so the fault is found wherever it sits.
  const noise = fc.subarray([['--interval', '500'], ['--headless'], ['--no-children'], ['--fd-warn', '60%'], ['--timeout', '5000']]);
  const tagged = (cat: string, a: fc.Arbitrary<Invocation>): fc.Arbitrary<Invocation> => a.map((inv) => ({ ...inv, cat }));
  return fc.tuple(noise, fc.oneof(tagged('wrong type or range', wrongValue), tagged('empty', empty), tagged('missing', missing),
    tagged('missing (next flag)', swallowed), tagged('unwritable output', badOutput), tagged('conflicting', conflicting)))
    .map(([n, inv]) => (inv.argv.length === 0 ? inv : { ...inv, argv: [...n.flat(), ...inv.argv] }));
}

/** parseArgs, then the output pre-check, as runMonitor does before anything starts: the usage line, or undefined. */
function usageLine(argv: readonly string[]): string | undefined {
  const r = parseArgs(argv, { platform: 'linux', readConfig: () => ({}) });
  if (r.kind === 'usage') return r.message;
  if (r.kind !== 'run') return undefined;
  try {
    checkOutputs(r.options);
  } catch (error) {
    if (error instanceof TargetError && error.code === EXIT.usage) return error.message;
    throw error;
  }
  return undefined;
}

describe('invalid invocations from the flag table', () => {
  test('every value flag of the table has a kind here', () => {
    for (const k of valueFlags) assert.ok(k in KINDS, `add --${kebabOf(k)} to KINDS`);
  });

  test('in-process: one line, a usage error, no stack trace, no file created', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-inv-'));
    let tried = 0;
    const kinds = new Map<string, number>();
    try {
      fc.assert(fc.property(arbitraries(dir), (inv) => {
        tried += 1;
        kinds.set(inv.cat ?? '?', (kinds.get(inv.cat ?? '?') ?? 0) + 1);
        const line = usageLine(inv.argv);
        assert.ok(line !== undefined, `${inv.why}: ${JSON.stringify(inv.argv)} was accepted`);
        assert.ok(line.length > 0 && !line.includes('\n'), `one line: ${JSON.stringify(line)}`);
        assert.doesNotMatch(line, /\bat \S+:\d+|Error:|TypeError|undefined/);
        assert.deepEqual(readdirSync(dir), [], 'no file created');
      }), { numRuns: 500, seed: 11 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    t.diagnostic(`tried ${tried} invalid invocations: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    assert.ok(tried >= 500);
  });

  test('through the built CLI: exit 2, one stderr line, no stack trace, no file created (a bounded sample)', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-inv-cli-'));
    try {
      const sample = fc.sample(arbitraries(dir), { numRuns: 8, seed: 42 });
      for (const inv of sample) {
        const run = runCli(inv.argv);
        const { code } = await run.done;
        const err = run.stderr();
        assert.equal(code, 2, `${inv.why}: ${JSON.stringify(inv.argv)}\n${err}`);
        assert.equal(err.trimEnd().split('\n').length, 1, `one line for ${inv.why}:\n${err}`);
        assert.match(err, /^mcptop: /);
        assert.doesNotMatch(err, /\n\s+at /);
        assert.equal(run.stdout(), '');
        assert.deepEqual(readdirSync(dir), [], `no file created by ${inv.why}`);
      }
      t.diagnostic(`ran ${sample.length} invalid invocations through dist/cli.js`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** What the run's parser (node:util parseArgs on the table) makes of argv, in the reference parser's terms. */
function parsed(argv: readonly string[]): MeowAnswer {
  try {
    return readFlags(argv, () => ({}));
  } catch (error) {
    if (error instanceof UsageError) return { kind: 'usage' };
    throw error;
  }
}

/** Valid invocations from the table: any flags in any order, values that read as values, repeats, --no-, a command. */
function validInvocations(): fc.Arbitrary<string[]> {
  const word = fc.stringMatching(/^[a-zA-Z0-9_.:%/^$][a-zA-Z0-9_.:%/ *^$-]{0,10}$/);
  const one = fc.constantFrom(...Object.keys(FLAGS).filter((k) => k !== 'help' && k !== 'version')).chain((k): fc.Arbitrary<string[]> => {
    const f = (FLAGS as Record<string, { type: string; isMultiple?: boolean }>)[k];
    const flag = `--${kebabOf(k)}`;
    if (f?.type === 'boolean') return fc.constantFrom<string[]>([flag], [`--no-${kebabOf(k)}`]);
    return fc.tuple(word, fc.boolean()).map(([v, glued]) => (glued ? [`${flag}=${v}`] : [flag, v]));
  });
  return fc.tuple(fc.array(one, { maxLength: 6 }), fc.option(fc.array(fc.constantFrom<string>('node', 'server.js', '--port', '-x', '--'), { minLength: 1, maxLength: 4 })))
    .map(([flags, cmd]) => [...flags.flat(), ...(cmd === null ? [] : ['--', ...cmd])]);
}

describe('the run parser and meow, the reference parser, give the same answers', () => {
  test('valid invocations: the same raw record and command; invalid ones: both refuse', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'mcptop-oracle-'));
    let same = 0;
    try {
      const invalid = arbitraries(dir).map((inv) => inv.argv);
      fc.assert(fc.property(fc.oneof(validInvocations(), invalid), (argv) => {
        const ours = parsed(argv);
        const ref = meowFlags(argv);
        assert.equal(ours.kind, ref.kind, `${JSON.stringify(argv)}: ours ${JSON.stringify(ours)}, meow ${JSON.stringify(ref)}`);
        if (ours.kind === 'raw' && ref.kind === 'raw') {
          assert.deepEqual(ours.raw, ref.raw, JSON.stringify(argv));
          assert.deepEqual(ours.command, ref.command, JSON.stringify(argv));
        }
        same += 1;
      }), { numRuns: 600, seed: 10 });
      for (const argv of [['-h'], ['--version'], ['--json', '-', '--name', 'x'], ['--no-children', '--pid', '1', '--pid', '2'], ['--fdWarn', '80%'],
        ['--interval', '--headless'], ['--rss-warn', '-1'], ['--name'], ['--name', ''], ['--frobnicate=1'], ['stray'], ['--name', 'x', '--', '-h']]) {
        assert.deepEqual(parsed(argv), meowFlags(argv), JSON.stringify(argv));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    t.diagnostic(`${same} generated invocations answered alike`);
  });
});
