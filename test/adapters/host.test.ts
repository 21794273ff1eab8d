// The host figures: file-nr parsing on literal text, and a live read of this machine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFileNr, parseMeminfo, SystemHostSource } from '../../source/adapters/host.js';
import { fixtureText, PROC_FIXTURES } from '../helpers/proc-fixtures.js';

test('parseFileNr: open = allocated - free, and the maximum', () => {
  assert.deepEqual(parseFileNr(fixtureText('file-nr.txt')), { filesOpen: 1184, filesMax: 2466177 });
  assert.deepEqual(parseFileNr(fixtureText('file-nr-free.txt')), { filesOpen: 1184, filesMax: Number('9223372036854775807') });
  assert.deepEqual(parseFileNr(''), { filesOpen: undefined, filesMax: undefined });
  assert.deepEqual(parseFileNr('12'), { filesOpen: undefined, filesMax: undefined });
  assert.deepEqual(parseFileNr('a b c'), { filesOpen: undefined, filesMax: undefined });
});

test('a live read gives memory, CPUs, load and open files', async () => {
  const host = new SystemHostSource();
  const info = await host.read();
  assert.ok(info.memTotalBytes !== undefined && info.memTotalBytes > 64 * 1024 * 1024, `total ${info.memTotalBytes}`);
  assert.ok(info.memAvailableBytes !== undefined && info.memAvailableBytes > 0 && info.memAvailableBytes <= info.memTotalBytes);
  assert.ok(info.cpus !== undefined && info.cpus >= 1);
  assert.ok(info.load1 !== undefined && info.load1 >= 0);
  assert.ok(info.filesOpen !== undefined && info.filesMax !== undefined && info.filesOpen > 0 && info.filesOpen <= info.filesMax);
  const again = await host.read();
  assert.equal(again.cpus, info.cpus, 'CPU count is asked once and kept');
});

test('a missing file-nr leaves its fields undefined', async () => {
  const info = await new SystemHostSource({ fileNrPath: `${PROC_FIXTURES}no-such-file` }).read();
  assert.equal(info.filesOpen, undefined);
  assert.equal(info.filesMax, undefined);
  assert.ok(info.memTotalBytes !== undefined);
});

test('parseMeminfo: MemTotal and MemAvailable in bytes; a missing line is undefined', () => {
  const text = 'MemTotal:        8048576 kB\nMemFree:          100000 kB\nMemAvailable:    4024288 kB\nBuffers:  1 kB\n';
  assert.deepEqual(parseMeminfo(text), { total: 8048576 * 1024, available: 4024288 * 1024 });
  assert.deepEqual(parseMeminfo('MemTotal: 10 kB\n'), { total: 10240, available: undefined });
  assert.deepEqual(parseMeminfo(''), { total: undefined, available: undefined });
});

test('without /proc/meminfo the memory figures come from systeminformation instead', async () => {
  const info = await new SystemHostSource({ meminfoPath: `${PROC_FIXTURES}no-such-file` }).read();
  assert.ok(info.memTotalBytes !== undefined && info.memTotalBytes > 64 * 1024 * 1024);
  assert.ok(info.cpus !== undefined && info.cpus >= 1);
});
