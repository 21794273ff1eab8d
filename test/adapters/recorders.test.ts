// CSV and NDJSON recorders: what lands in the file, when, and that replay reads back exactly what was written.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSV_COLUMNS, csvCell, openCsvSink, openNdjsonSink } from '../../source/adapters/recorders.js';
import { openRecording, parseNdjsonLine, splitCsvLine, withLoadMarks, type ReplayStep } from '../../source/adapters/replay.js';
import type { SinkRecord } from '../../source/core/ports.js';

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

function records(): SinkRecord[] {
  const out: SinkRecord[] = [];
  for (let k = 0; k < 3; k++) {
    const t = 1000 + k * 500;
    out.push({ type: 'event', t, event: 'load', detail: { calls: k * 10, cycles: 0 } });
    out.push({ type: 'sample', t, serverKey: '10@5', label: 'weird, "label"\nx', proc: { pid: 10, ppid: 1, startTime: 5, comm: 'node', state: 'S' }, metrics: { fds: 20 + k, rssBytes: 1e6, vmsBytes: undefined, cpuTimeMs: 3, threads: 7 }, fdLimit: 1024 });
    out.push({ type: 'sample', t, serverKey: '10@5', label: 'weird, "label"\nx', proc: { pid: 11, ppid: 10, startTime: 6, comm: 'sh (x)', state: 'Z' }, metrics: {} });
    if (k === 1) out.push({ type: 'event', t: t + 100, event: 'round-end', detail: { round: 1 } });
  }
  return out;
}

async function collect(path: string): Promise<{ format: string; steps: ReplayStep[]; header: unknown }> {
  const rec = await openRecording(path);
  const steps: ReplayStep[] = [];
  for await (const s of rec.steps) steps.push(s);
  return { format: rec.format, steps, header: rec.header };
}

describe('recorders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcptop-rec-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('CSV: header row, one row per process per tick, written by the end of the turn, cells quoted', async () => {
    const path = join(dir, 'a.csv');
    const sink = openCsvSink(path);
    const rs = records();
    for (const r of rs.slice(0, 3)) sink.write(r);
    await turn();
    const early = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(early.length, 3, 'header + 2 rows are on disk before close');
    assert.equal(early[0], CSV_COLUMNS.join(','));
    assert.equal(early[1], '1000,10@5,"weird, ""label"" x",10,1,5,node,S,20,1000000,,3,7,1024,0,0,0');
    assert.equal(early[2], '1000,10@5,"weird, ""label"" x",11,10,6,sh (x),Z,,,,,,,0,0,0');
    for (const r of rs.slice(3)) sink.write(r);
    await sink.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 7);
    assert.match(lines[5]!, /,20,0,1$/, 'calls and round columns follow the events');
  });

  test('NDJSON: a header with the interval and the clock start, then one JSON line per record', async () => {
    const path = join(dir, 'a.ndjson');
    const sink = openNdjsonSink(path, { intervalMs: 500, argv: ['--name', 'node'] });
    for (const r of records()) sink.write(r);
    await sink.close();
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    const head = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual([head.type, head.intervalMs, head.startedAt, head.argv], ['header', 500, 1000, ['--name', 'node']]);
    assert.equal(lines.length, 1 + records().length);
  });

  for (const ext of ['ndjson', 'csv'] as const) {
    test(`replay of ${ext} gives the ticks and the load/round events in order`, async () => {
      const path = join(dir, `rt.${ext}`);
      const sink = ext === 'csv' ? openCsvSink(path) : openNdjsonSink(path, { intervalMs: 500, argv: [] });
      for (const r of records()) sink.write(r);
      await sink.close();
      const { format, steps } = await collect(path);
      assert.equal(format, ext);
      const shape = steps.map((s) => (s.kind === 'tick' ? `tick@${s.t}x${s.samples.length}` : `${s.record.event}`));
      // CSV stands events in at the next tick; calls 0 at the first tick is no change there.
      const want = ext === 'csv'
        ? ['tick@1000x2', 'load', 'tick@1500x2', 'round-end', 'load', 'tick@2000x2']
        : ['load', 'tick@1000x2', 'load', 'tick@1500x2', 'round-end', 'load', 'tick@2000x2'];
      assert.deepEqual(shape, want);
      const last = steps[steps.length - 1]!;
      assert.ok(last.kind === 'tick');
      assert.equal(last.samples[0]!.metrics.fds, 22);
      assert.equal(last.samples[1]!.metrics.fds, undefined, 'a missing value stays undefined, never 0');
      assert.equal(last.samples[1]!.proc.comm, 'sh (x)');
    });
  }

  test('a write error comes back from the next write(), not as an uncaught exception', async () => {
    const sink = openCsvSink('/dev/full');
    sink.write(records()[1]!);
    await turn();
    assert.throws(() => sink.write(records()[1]!), /ENOSPC/);
    await sink.close().catch(() => undefined);
  });

  test('an unreadable file is not mistaken for a recording', async () => {
    const path = join(dir, 'x.txt');
    writeFileSync(path, 'hello, world\n');
    await assert.rejects(openRecording(path), /not an mcptop recording/);
    await assert.rejects(openRecording(join(dir, 'missing.ndjson')), /ENOENT/);
  });
});

describe('recording parsers', () => {
  test('NDJSON: a torn last line and foreign lines are skipped', () => {
    assert.equal(parseNdjsonLine('{"type":"sample","t":1,"serverKey":"1@2","proc":{"pid"'), undefined);
    assert.equal(parseNdjsonLine('{"type":"other","t":1}'), undefined);
    assert.equal(parseNdjsonLine(''), undefined);
    assert.equal(parseNdjsonLine('{"type":"event","t":5,"event":"load","detail":{"calls":3}}')?.type, 'event');
  });

  test('CSV cells: quotes, commas and empties round-trip', () => {
    const cells = ['a', 'b,c', 'say "hi"', '', 'x'];
    assert.deepEqual(splitCsvLine(cells.map(csvCell).join(',')), cells);
    assert.equal(csvCell(undefined), '');
  });
});

describe('load marks for recordings without per-tick load events', () => {
  const tick = (t: number): ReplayStep => ({ kind: 'tick', t, samples: [] });
  const ev = (t: number, event: string, detail?: Record<string, unknown>): ReplayStep => ({ kind: 'event', record: { type: 'event', t, event, detail } });
  async function* from(steps: ReplayStep[]): AsyncGenerator<ReplayStep> { yield* steps; }
  const run = async (steps: ReplayStep[]): Promise<{ out: string[]; guessed: boolean }> => {
    const out: string[] = []; let guessed = false;
    for await (const s of withLoadMarks(from(steps), () => { guessed = true; })) {
      out.push(s.kind === 'tick' ? `tick@${s.t}` : `${s.record.event}${s.record.event === 'load' ? JSON.stringify(s.record.detail) : ''}`);
    }
    return { out, guessed };
  };

  test('calls are interpolated over each round from its start and end events; cycles follow churn.cycle', async () => {
    const { out, guessed } = await run([
      tick(0), ev(500, 'stress.round.start', { round: 1 }), tick(1000), tick(2000), ev(2500, 'stress.round.end', { round: 1, calls: 200 }),
      tick(3000), ev(3100, 'churn.cycle', { cycle: 1 }), tick(4000),
    ]);
    assert.deepEqual(out, [
      'tick@0', 'stress.round.start', 'load{"calls":50}', 'tick@1000', 'load{"calls":150}', 'tick@2000', 'stress.round.end', 'load{"calls":200}',
      'tick@3000', 'churn.cycle', 'load{"cycles":1}', 'tick@4000',
    ]);
    assert.equal(guessed, true);
  });

  test('a recording with load events passes through untouched', async () => {
    const steps = [ev(0, 'stress.round.start', { round: 1 }), ev(900, 'load', { calls: 7, cycles: 0 }), tick(900), ev(1000, 'stress.round.end', { round: 1, calls: 9 })];
    const { out, guessed } = await run(steps);
    assert.deepEqual(out, ['stress.round.start', 'load{"calls":7,"cycles":0}', 'tick@900', 'stress.round.end']);
    assert.equal(guessed, false);
  });
});
