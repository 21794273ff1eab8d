// CleanupSession over a real Monitor and a scripted process table: flags in the tick's own snapshot, a subreaper told
// by its command line, a plan that never counts a snapshot twice, execution with the log, and dispose waiting for it.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Monitor } from '../../source/core/monitor.js';
import { DEFAULT_THRESHOLDS } from '../../source/core/config.js';
import { procKey } from '../../source/core/types.js';
import type { Snapshot } from '../../source/core/types.js';
import type { CleanupProgress } from '../../source/core/cleanup/index.js';
import { CleanupSession } from '../../source/wiring/cleanup-tui.js';
import { tapSource } from '../../source/wiring/cleanup-scan.js';
import { FakeClock, flush } from '../helpers/fake-clock.js';
import { FakeProcessSource } from '../helpers/fake-source.js';
import { MemoryLog, ScriptedKiller } from '../core/cleanup/builders.js';

const SELF = 4242;

function setup(opts: { openLog?: () => MemoryLog } = {}) {
  const source = new FakeProcessSource();
  source.add({ pid: 1, ppid: 0, comm: 'init', argv: ['/sbin/init'], uid: 0 });
  source.add({ pid: SELF, ppid: 1, comm: 'node', argv: ['node', 'mcptop', '--match', 'mcp-x'], uid: 1000 });
  source.add({ pid: 900, ppid: 1, comm: 'systemd', argv: ['/lib/systemd/systemd', '--user'], uid: 1000 });
  const orphan = source.add({ pid: 500, ppid: 900, comm: 'node', argv: ['node', 'mcp-x.js'], uid: 1000 });
  source.add({ pid: 600, ppid: 900, comm: 'node', argv: ['node', 'decoy.js'], uid: 1000 });
  const clock = new FakeClock(1_700_000_000_000);
  const tap = tapSource(source);
  const monitor = new Monitor({
    source: tap.source, clock, targets: { names: [], patterns: [/mcp-x\.js/], pids: [], children: true },
    thresholds: { ...DEFAULT_THRESHOLDS }, intervalMs: 1000, selfPid: SELF,
  });
  const killer = new ScriptedKiller().add(orphan);
  const log = new MemoryLog();
  const notices: string[] = [];
  const handle = {
    subscribe: monitor.subscribe.bind(monitor), setFlags: monitor.setFlags.bind(monitor),
    notice: (m: string) => { notices.push(m); monitor.notice(m); },
  };
  const session = new CleanupSession({
    monitor: handle, source: tap.source, entries: tap.lastList, killer, clock, openLog: opts.openLog ?? (() => log),
    logPath: '/tmp/test-cleanup.log', wallNow: () => clock.now(), selfPid: SELF, selfUid: 1000,
  }, { minAgeS: 0, allowOtherUsers: false, graceMs: 1000 });
  const tick = async () => { clock.jump(1000); const s = await monitor.tick(); await flush(); return s; };
  return { source, clock, monitor, killer, log, notices, session, tick, orphan };
}

async function drain(it: AsyncIterable<CleanupProgress>): Promise<CleanupProgress[]> {
  const out: CleanupProgress[] = [];
  for await (const p of it) out.push(p);
  return out;
}

describe('CleanupSession', () => {
  test('flags the orphan in the snapshot of the tick that found it, and clears them when it is gone', async () => {
    const { source, session, tick, monitor } = setup();
    const changes: Snapshot[] = [];
    monitor.onChange((s) => changes.push(s));
    const first = await tick();
    assert.equal(first.servers.length, 1);
    assert.equal(first.servers[0]?.flags, undefined, 'detection runs just after the tick');
    const now = monitor.getSnapshot();
    assert.equal(now.tick, first.tick, 'no second tick needed');
    assert.deepEqual(now.servers[0]?.flags, ['orphan']);
    assert.deepEqual(changes.map((s) => [s.tick, s.servers[0]?.flags]), [[1, undefined], [1, ['orphan']]], 'the view heard of both');
    const second = await tick();
    assert.deepEqual(second.servers[0]?.flags, ['orphan']);
    assert.equal(changes.length, 3, 'the same flags again: the tick only, no re-publish');
    source.remove(500);
    await tick();
    assert.equal(monitor.getSnapshot().servers[0]?.flags, undefined, 'cleared in the tick that saw it gone');
    await session.dispose();
  });

  test('the plan names the subreaper by its command line (read once, in the background) and leaves the decoy out', async () => {
    const { session, tick } = setup();
    await tick();
    const snapshot = await tick();
    const plan = session.plan(snapshot);
    const items = plan.groups.flatMap((g) => g.items);
    assert.deepEqual(items.map((i) => [i.target.pid, i.reason, i.refused]), [[500, 'orphan', undefined]]);
    assert.match(items[0]?.evidence[0] ?? '', /orphan: parent 900 \(systemd\) is systemd --user/);
    assert.ok(!items.some((i) => i.signals.some((s) => s.pid === 600)), 'the decoy is not in the watched set');
    await session.dispose();
  });

  test('planning the snapshot the flags already saw does not count it twice (zombie persistence)', async () => {
    const { source, session, tick } = setup();
    source.add({ pid: 501, ppid: 500, comm: 'sh', state: 'Z', argv: [], uid: 1000 });
    const snapshot = await tick();
    for (let i = 0; i < 3; i++) {
      const plan = session.plan(snapshot);
      assert.ok(!plan.groups.some((g) => g.reason === 'zombie'), `one sample is not a persistent zombie (call ${i + 1})`);
    }
    const next = await tick();
    assert.ok(session.plan(next).groups.some((g) => g.reason === 'zombie'), 'two samples are');
    await session.dispose();
  });

  test('execute signals the selection, logs every signal, reports progress to done and leaves a notice', async () => {
    const { session, tick, killer, log, notices, orphan } = setup();
    await tick();
    const plan = session.plan(await tick());
    const steps = await drain(session.execute(plan, new Set([procKey(orphan)])));
    const last = steps.at(-1);
    assert.equal(last?.phase, 'done');
    assert.deepEqual(last?.results.map((r) => [r.target.pid, r.outcome]), [[500, 'term']]);
    assert.deepEqual(killer.sent, [{ pid: 500, signal: 'SIGTERM' }]);
    assert.deepEqual(log.entries.map((e) => [e.pid, e.signal, e.outcome, e.reason]), [[500, 'SIGTERM', 'sent', 'orphan'], [500, 'result', 'term', 'orphan']]);
    await session.dispose();
    assert.match(notices.join('\n'), /cleanup: 1 ended by TERM; logged to \/tmp\/test-cleanup\.log/);
  });

  test('a log that cannot be opened fails the execution before any signal', async () => {
    const { session, tick, killer, orphan } = setup({ openLog: () => { throw new Error('EACCES'); } });
    await tick();
    const plan = session.plan(await tick());
    await assert.rejects(drain(session.execute(plan, new Set([procKey(orphan)]))), /cannot write the cleanup log \/tmp\/test-cleanup\.log: EACCES; nothing signalled/);
    assert.deepEqual(killer.sent, []);
    await session.dispose();
  });

  test('an execution runs to the end without a reader, and dispose waits for it', async () => {
    const { session, tick, killer, clock, orphan } = setup();
    killer.ignoreTerm.add(500);
    await tick();
    const plan = session.plan(await tick());
    void session.execute(plan, new Set([procKey(orphan)])); // nobody reads it: the view was closed
    let disposed = false;
    const done = session.dispose().then(() => { disposed = true; });
    await flush();
    assert.equal(disposed, false, 'TERM was ignored: the grace period is still running');
    await clock.advanceAsync(1000);
    await done;
    assert.deepEqual(killer.sent.map((s) => s.signal), ['SIGTERM', 'SIGKILL']);
  });
});
