// The cleanup log file: default path under XDG_STATE_HOME, one tab-separated line per entry, created before use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCleanupLog, defaultCleanupLogPath, formatLogLine } from '../source/adapters/cleanup-log.js';

test('the default path follows XDG_STATE_HOME, else ~/.local/state', () => {
  assert.equal(defaultCleanupLogPath({ XDG_STATE_HOME: '/var/st' }, '/home/u'), '/var/st/mcptop/cleanup.log');
  assert.equal(defaultCleanupLogPath({}, '/home/u'), '/home/u/.local/state/mcptop/cleanup.log');
  // The XDG spec says a relative value is invalid and must be ignored.
  assert.equal(defaultCleanupLogPath({ XDG_STATE_HOME: 'rel' }, '/home/u'), '/home/u/.local/state/mcptop/cleanup.log');
});

test('a line holds time, pid, start time, reason, signal, outcome and the command, escaped', () => {
  const line = formatLogLine({ t: Date.UTC(2025, 0, 2, 3, 4, 5), pid: 12, startTime: 345, command: 'node a\tb\nc', reason: 'orphan', signal: 'SIGTERM', outcome: 'sent' });
  assert.equal(line, '2025-01-02T03:04:05.000Z\t12\t345\torphan\tSIGTERM\tsent\tnode a\\tb\\nc');
});

test('open() creates the directory and a private file; append() adds lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-log-'));
  try {
    const path = join(dir, 'state', 'mcptop', 'cleanup.log');
    const log = FileCleanupLog.open(path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    log.append({ t: 0, pid: 1, startTime: 2, command: 'x', reason: 'zombie', signal: 'SIGKILL', outcome: 'denied' });
    log.append({ t: 0, pid: 1, startTime: 2, command: 'x', reason: 'zombie', signal: 'result', outcome: 'survived' });
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[1] ?? '', /\tresult\tsurvived\tx$/);
    assert.deepEqual(log.errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('open() throws when the file cannot be created, so nothing is signalled unlogged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-log-'));
  try {
    writeFileSync(join(dir, 'file'), '');
    assert.throws(() => FileCleanupLog.open(join(dir, 'file', 'mcptop', 'cleanup.log')), /ENOTDIR|EEXIST/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
