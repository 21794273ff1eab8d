// Redaction of argv, env and free text: secrets hidden, ordinary arguments kept.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { isSecretName, looksLikeToken, redactArgv, redactEnv, redactText, REDACTED } from '../../../source/core/redact.js';

describe('isSecretName', () => {
  const cases: readonly [string, boolean][] = [
    ['--token', true], ['--api-key', true], ['--apiKey', true], ['OPENAI_API_KEY', true], ['GITHUB_PERSONAL_ACCESS_TOKEN', true],
    ['--password', true], ['DB_PASSWORD', true], ['client_secret', true], ['x-api-key', true], ['--key', true], ['AWS_ACCESS_KEY', true],
    ['--key-file', false], ['TOKEN_PATH', false], ['--author', false], ['--port', false], ['LOG_LEVEL', false], ['--keys', false], ['HOME', false],
  ];
  for (const [name, want] of cases) test(`${name} -> ${want}`, () => assert.equal(isSecretName(name), want));
});

describe('redactArgv', () => {
  test('values after --token-like flags, --flag=value, NAME=value', () => {
    assert.deepEqual(
      redactArgv(['node', 'server.js', '--api-key', 'abc123', '--token=xyz', '--port', '8080', 'GITHUB_TOKEN=ghx', '--verbose']),
      ['node', 'server.js', '--api-key', REDACTED, `--token=${REDACTED}`, '--port', '8080', `GITHUB_TOKEN=${REDACTED}`, '--verbose'],
    );
  });
  test('a secret flag followed by another flag redacts nothing', () => {
    assert.deepEqual(redactArgv(['--password', '--dry-run', 'x']), ['--password', '--dry-run', 'x']);
  });
  test('token-shaped arguments anywhere', () => {
    const gh = `ghp_${'A1b2'.repeat(9)}`;
    assert.deepEqual(redactArgv(['docker', 'run', gh, 'sk-ant-api03-abcdefghijklmnopqrstuv', 'AKIAABCDEFGHIJKLMNOP', 'plain']), ['docker', 'run', REDACTED, REDACTED, REDACTED, 'plain']);
    assert.deepEqual(redactArgv(['Xk9mQ2vL8pR4tW7zY1nB5cD3']), [REDACTED]);
  });
  test('ordinary arguments are kept: packages, paths, versions, npx hashes', () => {
    const argv = ['npx', '-y', '@modelcontextprotocol/server-filesystem@2026.1.2', '/home/alice/Desktop', 'node', '/root/.npm/_npx/15b07286cbcc3329/node_modules/.bin/mcp-server-memory', '--local-timezone=Europe/Paris', 'streamableHttp'];
    assert.deepEqual(redactArgv(argv), argv);
  });
  test('URLs inside arguments lose credentials and token parameters', () => {
    assert.deepEqual(redactArgv(['--url', 'https://bob:pw@host/mcp?access_token=abc&x=1']), ['--url', `https://bob:${REDACTED}@host/mcp?access_token=${REDACTED}&x=1`]);
  });
  test('header arguments', () => {
    assert.deepEqual(redactArgv(['-H', 'Authorization: Bearer abcdef123456']), ['-H', `Authorization: Bearer ${REDACTED}`]);
  });
});

describe('redactEnv', () => {
  test('every value, whatever its name', () => {
    assert.deepEqual(redactEnv({ API_KEY: 'k', LOG_LEVEL: 'debug', EMPTY: '' }), { API_KEY: REDACTED, LOG_LEVEL: REDACTED, EMPTY: REDACTED });
  });
});

describe('redactText', () => {
  const cases: readonly [string, string][] = [
    ['postgres://app:hunter2@db:5432/x', `postgres://app:${REDACTED}@db:5432/x`],
    ['https://ghp_tokenonly@github.com/x.git', `https://${REDACTED}@github.com/x.git`],
    ['https://h/mcp?api_key=abc&page=2&sig=zzz', `https://h/mcp?api_key=${REDACTED}&page=2&sig=${REDACTED}`],
    ['GITHUB_TOKEN=abc node x.js --verbose', `GITHUB_TOKEN=${REDACTED} node x.js --verbose`],
    ['node s.js --token abc --port 1', `node s.js --token ${REDACTED} --port 1`],
    ['node s.js --client-secret="a b c"', `node s.js --client-secret=${REDACTED}`],
    ['curl -H "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk"', `curl -H "Authorization: Bearer ${REDACTED}"`],
    ['x-api-key: abc123', `x-api-key: ${REDACTED}`],
    ['uses sk-proj-abcdefghijklmnop1234 here', `uses ${REDACTED} here`],
    ['node dist/index.js --port 3000 /tmp', 'node dist/index.js --port 3000 /tmp'],
    ['https://example.com/a?b=c#frag', 'https://example.com/a?b=c#frag'],
  ];
  for (const [input, want] of cases) test(input, () => assert.equal(redactText(input), want));
  test('idempotent', () => {
    for (const [input] of cases) assert.equal(redactText(redactText(input)), redactText(input));
  });
});

describe('looksLikeToken', () => {
  test('hex keys yes, words and short ids no', () => {
    assert.equal(looksLikeToken('0123456789abcdef0123456789abcdef'), true);
    assert.equal(looksLikeToken('server-everything'), false);
    assert.equal(looksLikeToken('15b07286cbcc3329'), false);
    assert.equal(looksLikeToken('streamableHttp'), false);
  });
});
