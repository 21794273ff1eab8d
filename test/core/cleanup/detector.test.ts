// CleanupDetector: orphans with their grace period, duplicates in generations, zombie persistence, respawn loops, runaways.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CleanupDetector } from '../../../source/core/cleanup/detector.js';
import { countGenerations } from '../../../source/core/cleanup/duplicates.js';
import type { Snapshot } from '../../../source/core/types.js';
import { NOW, keyOf, server, snap, type P } from './builders.js';

const S = 1000;

describe('orphans', () => {
  test('a watched process under PID 1 older than --min-age is an orphan, with parent, age and command', () => {
    const old: P = { pid: 200, ppid: 1, ageS: 600, command: 'node /srv/mcp-fs.js' };
    const young: P = { pid: 201, ppid: 1, ageS: 5 };
    const d = new CleanupDetector({ minAgeMs: 60 * S }).update(snap(0, [server([old]), server([young])]), NOW);
    assert.deepEqual(d.orphans.map((o) => o.proc.pid), [200]);
    const o = d.orphans[0];
    assert.equal(o?.parent.pid, 1);
    assert.equal(o?.parentKind, 'PID 1');
    assert.equal(o?.ageMs, 600 * S);
    assert.equal(o?.ageFromStart, true);
    assert.deepEqual(d.flags.get(keyOf(old)), ['orphan']);
    assert.equal(d.flags.get(keyOf(young)), undefined);
  });

  test('--min-age 0 makes a brand-new orphan eligible', () => {
    const d = new CleanupDetector({ minAgeMs: 0 }).update(snap(0, [server([{ pid: 201, ppid: 1, ageS: 0 }])]), NOW);
    assert.equal(d.orphans.length, 1);
  });

  test('a process under systemd --user or an init shim counts; one under an ordinary parent does not', () => {
    const procs = new Map([
      [900, { pid: 900, comm: 'systemd', command: '/usr/lib/systemd/systemd --user' }],
      [901, { pid: 901, comm: 'tini', command: 'tini -- node' }],
      [902, { pid: 902, comm: 'bash', command: '-bash' }],
      [903, { pid: 903, comm: 'systemd', command: '/sbin/init' }],
    ]);
    const d = new CleanupDetector({ minAgeMs: 0 }).update(snap(0, [
      server([{ pid: 300, ppid: 900, ageS: 100 }]), server([{ pid: 301, ppid: 901, ageS: 100 }]),
      server([{ pid: 302, ppid: 902, ageS: 100 }]), server([{ pid: 303, ppid: 903, ageS: 100 }]),
    ]), NOW, { procs });
    const kinds = new Map(d.orphans.map((o) => [o.proc.pid, o.parentKind]));
    assert.equal(kinds.get(300), 'systemd --user');
    assert.equal(kinds.get(301), 'tini (init-like)');
    assert.equal(kinds.has(302), false);
    assert.equal(kinds.get(303), 'systemd (subreaper)');
  });

  test('an explicit subreaper pid counts even with an unknown name', () => {
    const d = new CleanupDetector({ minAgeMs: 0, subreaperPids: [77] }).update(snap(0, [server([{ pid: 300, ppid: 77, ageS: 1 }])]), NOW);
    assert.equal(d.orphans[0]?.parentKind, 'a subreaper');
  });

  test('without a start time the age is how long mcptop has seen it', () => {
    const det = new CleanupDetector({ minAgeMs: 10 * S });
    const p: P = { pid: 400, ppid: 1 };
    assert.equal(det.update(snap(0, [server([p])]), NOW).orphans.length, 0);
    assert.equal(det.update(snap(9 * S, [server([p])]), NOW + 9 * S).orphans.length, 0);
    const d = det.update(snap(11 * S, [server([p])]), NOW + 11 * S);
    assert.equal(d.orphans[0]?.ageMs, 11 * S);
    assert.equal(d.orphans[0]?.ageFromStart, false);
  });

  test('a zombie under PID 1 is not an orphan', () => {
    const d = new CleanupDetector({ minAgeMs: 0 }).update(snap(0, [server([{ pid: 1, ppid: 0, comm: 'init' }, { pid: 500, ppid: 1, state: 'Z', ageS: 100 }])]), NOW);
    assert.equal(d.orphans.some((o) => o.proc.pid === 500), false);
  });
});

describe('duplicates', () => {
  test('5 generations of 4 servers under one host, oldest first, newest kept', () => {
    const host = { pid: 812, comm: 'claude', command: '/opt/claude' };
    const procs: P[] = [];
    let pid = 1000;
    for (let gen = 0; gen < 5; gen++) {
      for (const name of ['fs', 'memory', 'git', 'fetch']) procs.push({ pid: pid++, ppid: 812, command: `npx mcp-${name}`, ageS: 3600 - gen * 600 - (name.length % 2) });
    }
    const d = new CleanupDetector({ minAgeMs: 0 }).update(snap(0, procs.map((p) => server([p]))), NOW, { procs: new Map([[812, host]]) });
    assert.equal(d.duplicates.length, 1);
    const g = d.duplicates[0];
    assert.equal(g?.generations, 5);
    assert.equal(g?.sets.length, 4);
    assert.equal(g?.summary, '20 copies: 5 generations of 4 servers under 812 (claude)');
    const fs = g?.sets.find((s) => s.command === 'npx mcp-fs');
    assert.deepEqual(fs?.members.map((m) => m.pid), [1000, 1004, 1008, 1012, 1016]);
    for (const p of procs) assert.ok(d.flags.get(keyOf(p))?.includes('duplicate'));
  });

  test('one copy of each command under a parent is not a duplicate; nor are copies under different parents', () => {
    const d = new CleanupDetector().update(snap(0, [
      server([{ pid: 10, ppid: 5, command: 'a' }]), server([{ pid: 11, ppid: 5, command: 'b' }]),
      server([{ pid: 12, ppid: 6, command: 'a' }]),
    ]), NOW);
    assert.deepEqual(d.duplicates, []);
  });

  test('start times closer than the gap are one generation', () => {
    assert.equal(countGenerations([0, 1000, 2000, 60_000, 61_000, 200_000], 5000), 3);
    assert.equal(countGenerations([], 5000), 0);
  });
});

describe('zombies', () => {
  const parent: P = { pid: 600, ppid: 50, command: 'node host.js' };
  const zombie: P = { pid: 601, ppid: 600, comm: 'sleep', command: '[sleep]', state: 'Z', depth: 1 };

  test('a zombie is flagged only once it persists across samples, with the parent that does not reap it', () => {
    const det = new CleanupDetector();
    assert.deepEqual(det.update(snap(0, [server([parent, zombie])]), NOW).zombies, []);
    const d = det.update(snap(2 * S, [server([parent, zombie])]), NOW + 2 * S);
    assert.equal(d.zombies.length, 1);
    assert.equal(d.zombies[0]?.parent.pid, 600);
    assert.equal(d.zombies[0]?.parentWatched, true);
    assert.equal(d.zombies[0]?.forMs, 2 * S);
    assert.deepEqual(d.flags.get(keyOf(zombie)), ['zombie']);
    assert.deepEqual(d.serverFlags.get(keyOf(parent)), ['zombie']);
  });

  test('a zombie that was reaped between samples resets; a vanished pid never throws', () => {
    const det = new CleanupDetector();
    det.update(snap(0, [server([parent, zombie])]), NOW);
    det.update(snap(S, [server([parent])]), NOW + S);
    assert.deepEqual(det.update(snap(2 * S, [server([parent, zombie])]), NOW + 2 * S).zombies, []);
    assert.doesNotThrow(() => det.update(snap(3 * S, []), NOW + 3 * S));
  });
});

describe('respawn loops', () => {
  test('a parent that keeps starting the same command over several ticks is a respawn loop', () => {
    const det = new CleanupDetector();
    const host: P = { pid: 700, ppid: 50, command: 'node respawner.js' };
    let d = det.update(snap(0, [server([host, { pid: 701, ppid: 700, depth: 1, command: 'node child.js' }])]), NOW);
    for (let i = 1; i <= 3; i++) {
      d = det.update(snap(i * S, [server([host, { pid: 701 + i, ppid: 700, depth: 1, command: 'node child.js' }])]), NOW + i * S);
    }
    assert.equal(d.respawns.length, 1);
    assert.equal(d.respawns[0]?.births, 3);
    assert.equal(d.respawns[0]?.parentWatched, true);
    assert.deepEqual(d.respawns[0]?.series, [0, 1, 1, 1]);
    assert.deepEqual(d.birthsPerTick, [0, 1, 1, 1]);
    assert.ok(d.flags.get(keyOf(host))?.includes('respawn'));
  });

  test('a host starting four different servers at once is not a respawn loop', () => {
    const det = new CleanupDetector();
    det.update(snap(0, []), NOW);
    const d = det.update(snap(S, [1, 2, 3, 4].map((i) => server([{ pid: 800 + i, ppid: 799, command: `server-${i}` }]))), NOW + S);
    assert.deepEqual(d.respawns, []);
    assert.deepEqual(d.birthsPerTick, [0, 4]);
  });
});

describe('runaways', () => {
  test('a server at CRIT is a runaway; its flags reach the server', () => {
    const root: P = { pid: 900, ppid: 50 };
    const d = new CleanupDetector().update(snap(0, [server([root], { level: 'crit', reasons: ['FDs 1000/1024'] }), server([{ pid: 901, ppid: 50 }], { level: 'warn', reasons: [] })]), NOW);
    assert.deepEqual(d.runaways.map((r) => [r.root.pid, r.reasons]), [[900, ['FDs 1000/1024']]]);
    assert.deepEqual(d.serverFlags.get(keyOf(root)), ['runaway']);
    assert.deepEqual(d.flags.get(keyOf(root)), ['runaway']);
  });
});

describe('fed by the Monitor', () => {
  test('a Snapshot is what the detector reads: a CRIT server becomes a runaway, flags come back per server', async () => {
    const { makeServer, makeProcess, makeSnapshot } = await import('../../helpers/snapshots.js');
    const crit = makeServer({ pid: 4321, status: { level: 'crit', reasons: ['FDs 990/1024 (97% of limit)'] } });
    const ok = makeServer({ pid: 4400, processes: [makeProcess({ pid: 4400, ppid: 1, startedAtMs: NOW - 3_600_000 })] });
    const snapshot: Snapshot = makeSnapshot({ t: 4000, servers: [crit, ok] });
    const d = new CleanupDetector().update(snapshot, NOW);
    assert.deepEqual(d.serverFlags.get(crit.key), ['runaway'], 'start unknown and just seen: not an orphan yet');
    assert.deepEqual(d.serverFlags.get(ok.key), ['orphan']);
  });
});
