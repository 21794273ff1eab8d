// Parsers of /proc texts on literal fixtures: the comm trap, truncation, limits, btime, auxv, page size, NUL lists.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import {
  AT_CLKTCK, AT_PAGESZ, bytesEqual, classifyFdLink, newStatScratch, pageSizeFromRss, parseAuxv, parseBtime, parseEnviron,
  parseLimits, parseStat, parseStatBytes, splitNul,
} from '../../source/adapters/procfs-parse.js';
import { fixtureText } from '../helpers/proc-fixtures.js';

describe('parseStat', () => {
  test('a comm with spaces and parentheses runs to the last ")"', () => {
    const st = parseStat(fixtureText('stat-weird-comm.txt'));
    assert.deepEqual(st, {
      pid: 4242, comm: 'my (weird) proc', state: 'S', ppid: 1, pgrp: 4242, session: 4242,
      utime: 123, stime: 45, numThreads: 7, startTime: 98765, vsizeBytes: 1234567168, rssPages: 2048,
    });
  });

  test('a kernel thread has ppid 0 and no memory', () => {
    const st = parseStat(fixtureText('stat-kthread.txt'));
    assert.equal(st?.comm, 'kthreadd');
    assert.equal(st.ppid, 0);
    assert.equal(st.startTime, 26);
    assert.equal(st.rssPages, 0);
  });

  test('a truncated line keeps what it has and leaves the rest undefined', () => {
    const st = parseStat(fixtureText('stat-truncated.txt'));
    assert.equal(st?.comm, 'a) b) c');
    assert.equal(st.state, 'R');
    assert.equal(st.ppid, 12);
    assert.equal(st.utime, undefined);
    assert.equal(st.startTime, undefined);
    assert.equal(st.rssPages, undefined);
  });

  test('a zombie cut after vsize has no rss', () => {
    const st = parseStat(fixtureText('stat-zombie.txt'));
    assert.equal(st?.comm, 'tmux: server');
    assert.equal(st.state, 'Z');
    assert.equal(st.vsizeBytes, 0);
    assert.equal(st.rssPages, undefined);
  });

  test('garbage gives undefined, never a throw', () => {
    for (const text of ['', '\n', 'hello', '12 (x', 'x (y) S 1', '12 (y)', '12 (y) SS 1', '12 (y) ']) {
      assert.equal(parseStat(text), undefined, JSON.stringify(text));
    }
    assert.equal(parseStat('12 (y) Q 1')?.state, '?', 'an unknown state letter is "?"');
    assert.equal(parseStat('12 (y) S notanumber')?.ppid, undefined);
  });
});

describe('parseStatBytes (the tick path) agrees with parseStat', () => {
  /** parseStatBytes' result in parseStat's shape (comm decoded from its byte range). */
  const viaBytes = (text: string) => {
    const buf = Buffer.from(text, 'utf8');
    const st = newStatScratch();
    if (!parseStatBytes(buf, buf.length, st)) return undefined;
    const { commStart, commEnd, ...rest } = st;
    return { ...rest, comm: buf.toString('utf8', commStart, commEnd) };
  };
  const same = (text: string) => {
    const a = parseStat(text);
    const b = viaBytes(text);
    if (a === undefined) return assert.equal(b, undefined, JSON.stringify(text));
    assert.deepEqual(b, { ppid: undefined, pgrp: undefined, session: undefined, utime: undefined, stime: undefined, numThreads: undefined,
      startTime: undefined, vsizeBytes: undefined, rssPages: undefined, ...a }, JSON.stringify(text));
  };

  test('on the fixtures and on garbage', () => {
    for (const f of ['stat-weird-comm.txt', 'stat-kthread.txt', 'stat-truncated.txt', 'stat-zombie.txt']) same(fixtureText(f));
    for (const text of ['', '\n', 'hello', '12 (x', 'x (y) S 1', '12 (y)', '12 (y) SS 1', '12 (y) ', '12 (y) Q 1', '12 (y) S notanumber']) same(text);
    same('7 (été (x)) S 1 7 7 0 -1 4194560 1 0 0 0 5 6 0 0 20 0 1 0 99 1000 3');
  });

  test('on every process of this host', () => {
    let n = 0;
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      let text: string;
      try { text = readFileSync(`/proc/${name}/stat`, 'utf8'); } catch { continue; }
      same(text);
      n++;
    }
    assert.ok(n > 0);
  });

  test('bytesEqual compares ASCII and says no to anything else', () => {
    const buf = Buffer.from('x(sleep)é', 'utf8');
    assert.equal(bytesEqual(buf, 2, 7, 'sleep'), true);
    assert.equal(bytesEqual(buf, 2, 7, 'sleeq'), false);
    assert.equal(bytesEqual(buf, 2, 6, 'sleep'), false);
    assert.equal(bytesEqual(buf, 8, 10, 'é'), false, 'non-ASCII bytes are decoded by the caller');
  });
});

describe('parseLimits', () => {
  test('soft Max open files, a number', () => {
    assert.equal(parseLimits(fixtureText('limits.txt')), 20000);
    assert.equal(parseLimits(fixtureText('limits-256.txt')), 256);
  });
  test('unlimited, a missing line and garbage are undefined', () => {
    assert.equal(parseLimits(fixtureText('limits-unlimited.txt')), undefined);
    assert.equal(parseLimits('Limit Soft Hard Units\nMax processes 10 10 processes\n'), undefined);
    assert.equal(parseLimits('Max open files'), undefined);
  });
});

test('parseBtime finds btime in /proc/stat', () => {
  assert.equal(parseBtime(fixtureText('proc-stat.txt')), 1795310074);
  assert.equal(parseBtime('cpu 1 2 3\n'), undefined);
});

test('parseAuxv reads (type, value) words until AT_NULL, both word sizes', () => {
  const words = [AT_PAGESZ, 16384, AT_CLKTCK, 100, 0, 0, AT_PAGESZ, 1];
  const b64 = new DataView(new ArrayBuffer(words.length * 8));
  words.forEach((w, i) => b64.setBigUint64(i * 8, BigInt(w), true));
  const m64 = parseAuxv(new Uint8Array(b64.buffer), 8, true);
  assert.equal(m64.get(AT_PAGESZ), 16384, 'stops at AT_NULL');
  assert.equal(m64.get(AT_CLKTCK), 100);
  const b32 = new DataView(new ArrayBuffer(words.length * 4));
  words.forEach((w, i) => b32.setUint32(i * 4, w, false));
  assert.equal(parseAuxv(new Uint8Array(b32.buffer), 4, false).get(AT_CLKTCK), 100);
  assert.equal(parseAuxv(new Uint8Array(3), 8, true).size, 0, 'truncated');
});

test('pageSizeFromRss snaps statm pages vs VmRSS kB to a Linux page size', () => {
  // 433 pages vs 1732 kB = 4096 bytes per page.
  assert.equal(pageSizeFromRss(fixtureText('statm.txt'), fixtureText('status.txt')), 4096);
  // The two reads are not atomic: a few pages of drift still snap to 4 KiB; 16 KiB pages are recognised.
  assert.equal(pageSizeFromRss('765 430 0', 'VmRSS:\t 1732 kB'), 4096);
  assert.equal(pageSizeFromRss('765 100 0', 'VmRSS:\t 1600 kB'), 16384);
  assert.equal(pageSizeFromRss('765 0 0', 'VmRSS:\t 0 kB'), undefined);
  assert.equal(pageSizeFromRss('', ''), undefined);
});

test('splitNul and parseEnviron', () => {
  assert.deepEqual(splitNul('node\0-e\0a b\0'), ['node', '-e', 'a b']);
  assert.deepEqual(splitNul(''), [], 'kernel threads have an empty cmdline');
  assert.deepEqual(splitNul('rewritten title'), ['rewritten title']);
  assert.deepEqual(parseEnviron('A=1\0B=x=y\0junk\0=bad\0'), { A: '1', B: 'x=y' });
});

test('classifyFdLink', () => {
  assert.equal(classifyFdLink('socket:[9070]'), 'socket');
  assert.equal(classifyFdLink('pipe:[9076]'), 'pipe');
  assert.equal(classifyFdLink('anon_inode:[eventpoll]'), 'anon_inode');
  assert.equal(classifyFdLink('anon_inode:bpf-map'), 'anon_inode');
  assert.equal(classifyFdLink('/dev/null'), 'file');
  assert.equal(classifyFdLink('/memfd:x (deleted)'), 'file');
  assert.equal(classifyFdLink('net:[4026531840]'), 'other');
});
