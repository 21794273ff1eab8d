// planCleanup: what is signalled and why, grouped by reason, with the safety rules applied to every process of a tree.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CleanupDetector, planCleanup, planItems, planLines, protectedPids, refusal, selectable, type SafetyContext,
} from '../../../source/core/cleanup/index.js';
import { procKey, type ProcEntry } from '../../../source/core/types.js';
import { NOW, keyOf, server, snap, type P } from './builders.js';

const SELF = 4242;
const safe = (over: Partial<SafetyContext> = {}): SafetyContext => ({ selfPid: SELF, selfUid: 1000, protectedPids: new Map(), allowOtherUsers: false, ...over });

describe('planCleanup', () => {
  test('an orphan tree is one item: the orphan and its watched children, parents first, zombies left out', () => {
    const root: P = { pid: 200, ppid: 1, ageS: 600, command: 'npm exec mcp-fs' };
    const kid: P = { pid: 201, ppid: 200, depth: 1, command: 'node mcp-fs.js' };
    const grandkid: P = { pid: 202, ppid: 201, depth: 2, command: 'rg' };
    const dead: P = { pid: 203, ppid: 201, depth: 2, state: 'Z', command: '[sh]' };
    const d = new CleanupDetector({ minAgeMs: 60_000 }).update(snap(0, [server([root, kid, grandkid, dead])]), NOW);
    const plan = planCleanup(d, safe());
    assert.equal(plan.groups.length, 1);
    const item = plan.groups[0]?.items[0];
    assert.equal(plan.groups[0]?.reason, 'orphan');
    assert.equal(item?.key, keyOf(root));
    assert.deepEqual(item?.signals.map((s) => s.pid), [200, 201, 202]);
    assert.match(item?.evidence[0] ?? '', /^orphan: parent 1 \(init\) is PID 1; age 10m 0s$/);
    assert.equal(item?.refused, undefined);
  });

  test('duplicates: every copy but the newest, with the group summary as a note', () => {
    const procs: P[] = [0, 1, 2].map((i) => ({ pid: 300 + i, ppid: 99, command: 'node mcp-mem.js', ageS: 3000 - i * 1000 }));
    const d = new CleanupDetector().update(snap(0, procs.map((p) => server([p]))), NOW, { procs: new Map([[99, { pid: 99, comm: 'Claude' }]]) });
    const plan = planCleanup(d, safe());
    assert.deepEqual(planItems(plan).map((i) => i.target.pid), [300, 301]);
    assert.match(planItems(plan)[0]?.evidence[0] ?? '', /^duplicate: copy 1 of 3 under 99 \(Claude\), 33m 20s older than 302, which is kept$/);
    assert.deepEqual(plan.notes, ['3 copies: 3 generations of 1 server under 99 (Claude)']);
  });

  test('a zombie makes its watched parent the target; an unwatched parent is listed but refused', () => {
    const host: P = { pid: 600, ppid: 50, command: 'node host.js' };
    const z: P = { pid: 601, ppid: 600, depth: 1, state: 'Z', comm: 'sleep', command: '[sleep]' };
    const z2: P = { pid: 701, ppid: 700, state: 'Z', comm: 'sh', command: '[sh]' };
    const det = new CleanupDetector();
    const ctx = { procs: new Map([[700, { pid: 700, comm: 'bash', command: 'bash', startTime: 1, uid: 1000 }]]) };
    det.update(snap(0, [server([host, z]), server([z2])]), NOW, ctx);
    const plan = planCleanup(det.update(snap(1000, [server([host, z]), server([z2])]), NOW + 1000, ctx), safe());
    const items = planItems(plan);
    assert.deepEqual(items.map((i) => [i.target.pid, i.reason]), [[600, 'zombie'], [700, 'zombie']]);
    assert.deepEqual(items[0]?.signals.map((s) => s.pid), [600]);
    assert.match(items[0]?.evidence[0] ?? '', /zombie 601 \(sleep\) not reaped for 1s \(2 samples\) by 600 \(node\)/);
    assert.match(items[1]?.refused ?? '', /outside the watched set/);
    assert.deepEqual(selectable(plan), [keyOf(host)]);
  });

  test('a respawning watched parent is the target and takes in its children duplicates', () => {
    const host: P = { pid: 700, ppid: 50, command: 'node respawner.js' };
    const det = new CleanupDetector();
    let d = det.update(snap(0, [server([host])]), NOW);
    for (let i = 1; i <= 3; i++) {
      d = det.update(snap(i * 1000, [server([host, { pid: 710 + i, ppid: 700, depth: 1, command: 'node child.js' }, { pid: 720 + i, ppid: 700, depth: 1, command: 'node child.js' }])]), NOW + i * 1000);
    }
    const plan = planCleanup(d, safe());
    const items = planItems(plan);
    assert.equal(items.length, 1, 'children folded into the parent item');
    assert.equal(items[0]?.reason, 'respawn');
    assert.deepEqual(items[0]?.signals.map((s) => s.pid), [700, 713, 723]);
    assert.ok(items[0]?.evidence.some((e) => e.startsWith('duplicate')));
  });

  test('a runaway is its server root with the CRIT reasons', () => {
    const d = new CleanupDetector().update(snap(0, [server([{ pid: 900, ppid: 50 }, { pid: 901, ppid: 900, depth: 1 }], { level: 'crit', reasons: ['RSS 2.1 GB'] })]), NOW);
    const item = planItems(planCleanup(d, safe()))[0];
    assert.equal(item?.reason, 'runaway');
    assert.deepEqual(item?.signals.map((s) => s.pid), [900, 901]);
    assert.match(item?.evidence[0] ?? '', /CRIT RSS 2\.1 GB/);
  });

  test('--only keeps the asked reasons; the text lists what is signalled', () => {
    const d = new CleanupDetector({ minAgeMs: 0 }).update(snap(0, [
      server([{ pid: 200, ppid: 1, ageS: 10 }]), server([{ pid: 900, ppid: 50 }], { level: 'crit', reasons: ['x'] }),
    ]), NOW);
    assert.deepEqual(planItems(planCleanup(d, safe(), { only: ['runaway'] })).map((i) => i.target.pid), [900]);
    const text = planLines(planCleanup(d, safe())).join('\n');
    assert.match(text, /2 targets \(2 processes to signal\), 0 refused/);
    assert.match(text, /signals: 200/);
  });
});

describe('safety rules', () => {
  const orphanPlan = (procs: P[], ctx: SafetyContext) =>
    planItems(planCleanup(new CleanupDetector({ minAgeMs: 0 }).update(snap(0, [server(procs)]), NOW), ctx))[0];

  test('never PID 1, never mcptop itself', () => {
    const watched = new Set([procKey({ pid: 1, startTime: 1 }), procKey({ pid: SELF, startTime: 2 })]);
    assert.equal(refusal({ pid: 1, startTime: 1, uid: 1000 }, watched, safe()), 'PID 1 (init) is never signalled');
    assert.equal(refusal({ pid: SELF, startTime: 2, uid: 1000 }, watched, safe()), 'mcptop itself');
  });

  test('never an ancestor, the session leader or a member of mcptop\'s process group', () => {
    const entries: ProcEntry[] = [
      { pid: 1, ppid: 0, startTime: 1, comm: 'init', state: 'S', sid: 1, pgid: 1 },
      { pid: 100, ppid: 1, startTime: 2, comm: 'tmux', state: 'S', sid: 100, pgid: 100 },
      { pid: 110, ppid: 100, startTime: 3, comm: 'bash', state: 'S', sid: 110, pgid: 110 },
      { pid: 120, ppid: 110, startTime: 4, comm: 'npx', state: 'S', sid: 110, pgid: 120 },
      { pid: SELF, ppid: 120, startTime: 5, comm: 'node', state: 'S', sid: 110, pgid: 120 },
      { pid: 130, ppid: 110, startTime: 6, comm: 'tee', state: 'S', sid: 110, pgid: 120 },
      { pid: 140, ppid: 1, startTime: 7, comm: 'node', state: 'S', sid: 140, pgid: 140 },
    ];
    const prot = protectedPids(SELF, entries);
    assert.match(prot.get(120) ?? '', /ancestor of mcptop \(npx\)/);
    assert.match(prot.get(110) ?? '', /ancestor/);
    assert.match(prot.get(100) ?? '', /ancestor/);
    assert.match(prot.get(130) ?? '', /process group/);
    assert.equal(prot.has(140), false);
    assert.equal(prot.has(SELF), false);
    const sessionOnly = protectedPids(SELF, [{ pid: SELF, ppid: 1, startTime: 1, comm: 'node', state: 'S', sid: 555, pgid: SELF }]);
    assert.match(sessionOnly.get(555) ?? '', /session leader/);
    // An orphaned server that happens to be the shell mcptop runs under is refused, even though it matches.
    const item = orphanPlan([{ pid: 110, ppid: 1, command: 'bash -c mcp-server' }], safe({ protectedPids: prot }));
    assert.match(item?.refused ?? '', /ancestor of mcptop/);
  });

  test('a tree that holds a protected process is refused as a whole', () => {
    const item = orphanPlan([{ pid: 200, ppid: 1 }, { pid: SELF, ppid: 200, depth: 1 }], safe());
    assert.equal(item?.refused, `${SELF} in its tree: mcptop itself`);
  });

  test('only processes in the watched set', () => {
    assert.equal(refusal({ pid: 77, startTime: 1, uid: 1000 }, new Set(), safe()), 'not in the watched set');
    // Same pid, other start time: another process, not the watched one.
    assert.equal(refusal({ pid: 77, startTime: 2, uid: 1000 }, new Set([procKey({ pid: 77, startTime: 1 })]), safe()), 'not in the watched set');
  });

  test("another user's process is refused unless mcptop is root and --allow-other-users is given", () => {
    const p = { pid: 77, startTime: 1, uid: 1001 };
    const w = new Set([procKey(p)]);
    assert.match(refusal(p, w, safe()) ?? '', /owned by uid 1001, another user \(mcptop runs as uid 1000\)/);
    assert.match(refusal(p, w, safe({ selfUid: 1000, allowOtherUsers: true })) ?? '', /another user/);
    assert.match(refusal(p, w, safe({ selfUid: 0 })) ?? '', /pass --allow-other-users/);
    assert.equal(refusal(p, w, safe({ selfUid: 0, allowOtherUsers: true })), undefined);
    assert.equal(refusal({ ...p, uid: undefined }, w, safe({ selfUid: 0, allowOtherUsers: true })), 'owner unknown');
    assert.equal(refusal({ ...p, uid: 1000 }, w, safe()), undefined);
  });
});
