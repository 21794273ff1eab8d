import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReply, parseSseEvents } from '../../source/adapters/mcp-thin-http.js';
import { parseDiscover, probeSaysLegacy } from '../../source/adapters/mcp-era.js';

test('SSE bodies: priming events and notifications are skipped, the reply is found, a split event waits for its end', () => {
  const text = 'id: a\ndata: \n\nevent: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{}}\n\n'
    + 'event: message\r\ndata: {"jsonrpc":"2.0","id":7,"result":{"content":[]}}\r\n\r\ndata: {"jsonrpc":"2.0","id":8,';
  const { messages, rest } = parseSseEvents(text);
  assert.equal(messages.length, 2);
  assert.equal(rest, 'data: {"jsonrpc":"2.0","id":8,');
  assert.deepEqual(parseReply(messages, 7), { kind: 'result', result: { content: [] } });
  assert.equal(parseReply(messages, 8), undefined);
  assert.deepEqual(parseReply([{ jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found' } }], 3), { kind: 'error', code: -32601, message: 'Method not found' });
});

test('era picking: discover must offer 2026-07-28; method-not-found and unsupported-version mean a legacy server', () => {
  assert.deepEqual(parseDiscover({ supportedVersions: ['2026-07-28'], capabilities: {} }), { era: 'modern' });
  assert.ok('error' in parseDiscover({ supportedVersions: ['2027-01-01'] }));
  assert.ok('error' in parseDiscover({}));
  assert.equal(probeSaysLegacy(-32601), true);
  assert.equal(probeSaysLegacy(-32022), true);
  assert.equal(probeSaysLegacy(-32603), false);
});
