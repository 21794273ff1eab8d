// Heap snapshots read into counts by class and a retainer path: a real snapshot of a small child holding 60 objects
// of a named class, then the diff against one holding 10; text that is not a snapshot is refused.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseHeapSnapshot } from '../../source/adapters/heap-snapshot.js';
import { heapGrowth } from '../../source/core/attribution/heap.js';

const dir = mkdtempSync(join(tmpdir(), 'mcptop-heap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function snapshotOf(n: number): string {
  const file = join(dir, `s${n}.heapsnapshot`);
  const code = `class RetainedRecord { constructor(i) { this.i = i; } }
    globalThis.keptRecords = Array.from({ length: ${n} }, (_, i) => new RetainedRecord(i));
    require('node:v8').writeHeapSnapshot(${JSON.stringify(file)});`;
  execFileSync(process.execPath, ['-e', code], { stdio: 'ignore' });
  return readFileSync(file, 'utf8');
}

test('counts by class, growth per call, and a retainer path through the holding array', () => {
  const before = parseHeapSnapshot(snapshotOf(10));
  const afterS = parseHeapSnapshot(snapshotOf(60));
  assert.equal(before.classes.get('RetainedRecord')?.count, 10);
  assert.equal(afterS.classes.get('RetainedRecord')?.count, 60);
  const grew = heapGrowth(before, afterS, 50);
  const rec = grew.find((g) => g.className === 'RetainedRecord');
  assert.ok(rec, JSON.stringify(grew.map((g) => g.className)));
  assert.equal(rec.countPerCall, 1);
  assert.ok(rec.bytesGrowth > 0);
  const path = rec.retainerPath ?? [];
  assert.match(path.join(' '), /keptRecords -> Array/, path.join(' / '));
  assert.match(path.at(-1) ?? '', /-> RetainedRecord$/);
});

test('text that is not a heap snapshot throws', () => {
  assert.throws(() => parseHeapSnapshot('{"a":1}'), /not a V8 heap snapshot/);
});
