// Issue 11 items 1, 4, 6: outputs checked before the run, failed writes said and kept, recordings and labels redacted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { checkOutputs, outputProblem } from '../../source/wiring/output-check.js';
import { redactArgv } from '../../source/core/redact.js';
import { shortLabel } from '../../source/core/label.js';

const SLEEPER = join(ROOT, 'test/fixtures/servers/sleeper.js');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'mcptop-out-'));

describe('item 4: every output path is checked before the run', () => {
  test('a directory, a missing folder, /proc/x, a read-only file: each named, nothing created', () => {
    const dir = tmp();
    try {
      writeFileSync(join(dir, 'ro.json'), '{}', { mode: 0o444 });
      assert.match(outputProblem(dir) ?? '', /is a directory/);
      assert.match(outputProblem(join(dir, 'no/such/x.json')) ?? '', /folder .* does not exist/);
      assert.match(outputProblem('/proc/x') ?? '', /cannot be created/);
      assert.equal(outputProblem(join(dir, 'fresh.json')), undefined);
      if (process.getuid?.() !== 0) assert.match(outputProblem(join(dir, 'ro.json')) ?? '', /not writable/);
      assert.throws(() => checkOutputs({ json: join(dir, 'a'), csv: join(dir, 'a') }), /--json and --csv both write/);
      assert.deepEqual(readdirSync(dir).sort(), ['ro.json'], 'the check creates nothing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const flag of ['--json', '--junit', '--plot', '--csv', '--record']) {
    test(`${flag} to a directory: exit 2 before anything starts`, async () => {
      const dir = tmp();
      try {
        const run = runCli(['--headless', '--duration', '30', flag, dir, '--', process.execPath, SLEEPER]);
        const { code } = await run.done;
        assert.equal(code, 2, run.stderr());
        assert.match(run.stderr().trim(), new RegExp(`^mcptop: ${flag} .* is a directory\\. Run`));
        assert.equal(run.stderr().trim().split('\n').length, 1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('a write that fails at the end is said, the JSON goes to stderr, the CSV error is not silent', async () => {
    // /dev/full accepts open() and fails every write with ENOSPC: only the end of the run can find out.
    const run = runCli(['--headless', '--duration', '0.6', '--interval', '100', '--csv', '/dev/full', '--json', '/dev/full', '--', process.execPath, SLEEPER]);
    const { code } = await run.done;
    assert.notEqual(code, 0);
    assert.match(run.stderr(), /cannot write --json \/dev\/full: ENOSPC; the JSON summary follows on stderr/);
    assert.match(run.stderr(), /--csv \/dev\/full.*ENOSPC|recorder failed: ENOSPC/);
    assert.match(run.stderr(), /"servers": \[/, 'the JSON summary is kept on stderr');
  });

  test('mcptop report checks its outputs before the replay', async () => {
    const dir = tmp();
    try {
      const rec = join(dir, 'r.ndjson');
      writeFileSync(rec, `${JSON.stringify({ type: 'header', version: 1, intervalMs: 100, startedAt: 0, argv: [] })}\n`);
      const run = runCli(['report', rec, '--json', dir]);
      assert.equal((await run.done).code, 2, run.stderr());
      assert.match(run.stderr(), /^mcptop report: --json .* is a directory\n$/);
      assert.equal(run.stdout(), '', 'nothing replayed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('item 7: a --prometheus address that cannot be served is a usage error (exit 2)', async () => {
    // 203.0.113.1 (TEST-NET-3) is no address of this machine: listen() fails with EADDRNOTAVAIL.
    const run = runCli(['--headless', '--duration', '5', '--name', 'no-such-process-x', '--prometheus', '203.0.113.1:9464']);
    assert.equal((await run.done).code, 2, run.stderr());
    assert.match(run.stderr(), /cannot serve --prometheus 203\.0\.113\.1:9464/);
  });

  test('item 6: --clients prints its warnings on stderr, the listing alone on stdout', async () => {
    const run = runCli(['--clients', '--clients-config', join(ROOT, 'test/fixtures/clients/files/bad.json')]);
    assert.equal((await run.done).code, 0, run.stderr());
    assert.match(run.stderr(), /^mcptop: warning: .*bad\.json: cannot parse JSON/);
    assert.doesNotMatch(run.stdout(), /warning/);
  });

  test('a missing --clients-config named explicitly is exit 2', async () => {
    const run = runCli(['--clients', '--clients-config', '/nonexistent/clients.json']);
    assert.equal((await run.done).code, 2);
    assert.match(run.stderr(), /^mcptop: cannot read --clients-config \/nonexistent\/clients\.json: ENOENT/);
  });
});

describe('item 1: secrets never written in clear', () => {
  test('--record redacts mcptop\'s own argv in the header', async () => {
    const dir = tmp();
    try {
      const rec = join(dir, 'r.ndjson');
      const secret = 'sk-live-ABCDEFGHIJKLMNOPQRSTUV123';
      const run = runCli(['--headless', '--duration', '0.5', '--interval', '100', '--fail-on', 'leak', '--record', rec, '--', process.execPath, SLEEPER, '--api-key', secret]);
      assert.equal((await run.done).code, 0, run.stderr());
      assert.ok(existsSync(rec));
      const text = readFileSync(rec, 'utf8');
      const header = JSON.parse(text.split('\n')[0] ?? '{}') as { argv: string[] };
      assert.ok(header.argv.includes('--api-key'), JSON.stringify(header.argv));
      assert.doesNotMatch(text, /sk-live-ABCDEF/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('sh -c with a secret keeps its label: only the secret is masked', () => {
    const argv = redactArgv(['sh', '-c', 'GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123 exec node server.js --api-key sk-live-ABCDEFGHIJKLMNOPQRST']);
    assert.equal(argv[2], 'GITHUB_TOKEN=*** exec node server.js --api-key ***');
    assert.equal(shortLabel(argv, 'sh'), 'node server.js');
    assert.equal(shortLabel(redactArgv(['bash', '-c', 'export TOKEN=abc; npx -y @scope/server-x']), 'bash'), 'npx @scope/server-x');
  });
});
