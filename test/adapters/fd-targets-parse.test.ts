// The FD target parsers on literal /proc text: net tables (v4, v6, mapped), unix sockets, links, and how ends fold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  anonTarget, netTarget, parseLinkInode, parseNetAddress, parseNetTable, parseUnixTable, pipeTarget, unixTarget,
} from '../../source/adapters/fd-attribution.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0
   1: 0100007F:A262 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1F90 0100007F:A262 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1
   3: 0100007F:A263 0100007F:1F90 08 00000000:00000000 00:00000000 00000000     0        0 1004 1 0000000000000000 20 4 30 10 -1
`;
const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0
   1: 0000000000000000FFFF00000100007F:B000 0000000000000000FFFF00000100007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 20 4 30 10 -1
`;
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  1: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 3001 2 0000000000000000 0
  2: 0100007F:C000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 3002 2 0000000000000000 0
`;
const UNIX = `Num       RefCount Protocol Flags    Type St Inode Path
0000000000000000: 00000002 00000000 00010000 0001 01 4001 /run/app/api.sock
0000000000000000: 00000003 00000000 00000000 0001 03 4002
0000000000000000: 00000003 00000000 00000000 0002 01 4003 @abstract name with spaces
0000000000000000: 00000003 00000000 00000000 0001 03 4999 /not/wanted
`;

describe('parseNetAddress', () => {
  test('IPv4 words are host-order (little endian here), the port big endian', () => {
    assert.deepEqual(parseNetAddress('0100007F:1F90'), { addr: '127.0.0.1:8080', port: 8080 });
    assert.deepEqual(parseNetAddress('7F000001:1F90', false), { addr: '127.0.0.1:8080', port: 8080 });
  });
  test('IPv6: ::1, IPv4-mapped shown as IPv4, malformed undefined', () => {
    assert.deepEqual(parseNetAddress('00000000000000000000000001000000:0050'), { addr: '[::1]:80', port: 80 });
    assert.deepEqual(parseNetAddress('0000000000000000FFFF00000100007F:B000'), { addr: '127.0.0.1:45056', port: 45056 });
    assert.equal(parseNetAddress('zz:1'), undefined);
    assert.equal(parseNetAddress('0100007F'), undefined);
  });
});

describe('parseNetTable', () => {
  test('keeps the wanted inodes with their state, and every listening port', () => {
    const t = parseNetTable(TCP, 'tcp', new Set([1002, 1004]));
    assert.deepEqual([...t.sockets.keys()], [1002, 1004]);
    assert.equal(t.sockets.get(1002)?.state, 'ESTABLISHED');
    assert.equal(t.sockets.get(1004)?.state, 'CLOSE_WAIT');
    assert.deepEqual([...t.listenPorts], [8080]);
  });
  test('tcp6 and udp', () => {
    const t6 = parseNetTable(TCP6, 'tcp6', new Set([2001, 2002]));
    assert.equal(t6.sockets.get(2001)?.local, '[::1]:80');
    assert.equal(t6.sockets.get(2002)?.remote, '127.0.0.1:80');
    const u = parseNetTable(UDP, 'udp', new Set([3001, 3002]));
    assert.equal(u.sockets.get(3001)?.state, 'unconnected');
    assert.equal(u.sockets.get(3002)?.state, 'connected');
    assert.equal(u.listenPorts.size, 0);
  });
});

describe('netTarget folds the ephemeral end', () => {
  const t = parseNetTable(TCP, 'tcp', new Set([1001, 1002, 1003, 1004]));
  const at = (ino: number): string => netTarget(t.sockets.get(ino)!, t.listenPorts);
  test('outgoing: the local port; accepted: the remote port; a listener is LISTEN', () => {
    assert.equal(at(1001), 'tcp 127.0.0.1:8080 LISTEN');
    assert.equal(at(1002), 'tcp 127.0.0.1:* -> 127.0.0.1:8080 ESTABLISHED');
    assert.equal(at(1003), 'tcp 127.0.0.1:8080 -> 127.0.0.1:* ESTABLISHED');
    assert.equal(at(1004), 'tcp 127.0.0.1:* -> 127.0.0.1:8080 CLOSE_WAIT');
  });
  test('udp: bound, or connected to a peer', () => {
    const u = parseNetTable(UDP, 'udp', new Set([3001, 3002]));
    assert.equal(netTarget(u.sockets.get(3001)!, u.listenPorts), 'udp 0.0.0.0:5353');
    assert.equal(netTarget(u.sockets.get(3002)!, u.listenPorts), 'udp 127.0.0.1:* -> 127.0.0.1:53');
  });
});

describe('parseUnixTable', () => {
  test('path (with spaces, abstract), type, listening, state; unwanted inodes skipped', () => {
    const m = parseUnixTable(UNIX, new Set([4001, 4002, 4003]));
    assert.equal(m.size, 3);
    assert.equal(unixTarget(m.get(4001)!), 'unix stream /run/app/api.sock LISTEN');
    assert.equal(unixTarget(m.get(4002)!), 'unix stream (unnamed) CONNECTED');
    assert.equal(unixTarget(m.get(4003)!), 'unix dgram @abstract name with spaces UNCONNECTED');
  });
});

describe('links', () => {
  test('inodes of sockets and pipes only; anon inode types', () => {
    assert.equal(parseLinkInode('socket:[123]'), 123);
    assert.equal(parseLinkInode('pipe:[9]'), 9);
    assert.equal(parseLinkInode('/tmp/socket:[1]'), undefined);
    assert.equal(anonTarget('anon_inode:[eventfd]'), 'anon eventfd');
    assert.equal(anonTarget('anon_inode:inotify'), 'anon inotify');
  });
  test('a pipe names the other holder, mcptop, both ends, or not visible', () => {
    assert.equal(pipeTarget(10, new Map([[10, 1], [11, 1]]), 99), 'pipe <-> pid 11');
    assert.equal(pipeTarget(10, new Map([[10, 1], [99, 1]]), 99), 'pipe <-> mcptop');
    assert.equal(pipeTarget(10, new Map([[10, 2]]), 99), 'pipe (both ends in pid 10)');
    assert.equal(pipeTarget(10, new Map([[10, 1]]), 99), 'pipe (other end not visible)');
  });
});
