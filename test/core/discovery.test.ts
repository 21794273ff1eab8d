import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Discovery } from '../../source/core/discovery.js';
import { matchesName, matchesTargets } from '../../source/core/match.js';
import type { DiscoveryResult } from '../../source/core/discovery.js';
import type { Targets } from '../../source/core/config.js';
import type { ProcEntry } from '../../source/core/types.js';

const SELF = 100;
type Row = [pid: number, ppid: number, comm: string, argv?: string[], startTime?: number];

/** A tiny process table: init, a shell (50) running mcptop (SELF) as node. */
class Table {
  rows = new Map<number, { entry: ProcEntry; argv: string[] }>();
  constructor(rows: Row[] = []) {
    this.add([1, 0, 'systemd'], [50, 1, 'node', ['node', 'claude']], [SELF, 50, 'node', ['node', 'mcptop', '--name', 'node']], ...rows);
  }
  add(...rows: Row[]): this {
    for (const [pid, ppid, comm, argv, startTime] of rows) {
      this.rows.set(pid, { entry: { pid, ppid, comm, state: 'S', startTime: startTime ?? pid * 10 }, argv: argv ?? [comm] });
    }
    return this;
  }
  remove(...pids: number[]): this {
    for (const p of pids) this.rows.delete(p);
    return this;
  }
  reparent(pid: number, ppid: number): this {
    const r = this.rows.get(pid);
    if (r) r.entry = { ...r.entry, ppid };
    return this;
  }
  run(d: Discovery): DiscoveryResult {
    const entries = [...this.rows.values()].map((r) => r.entry);
    const byKey = new Map([...this.rows.values()].map((r) => [`${r.entry.pid}@${r.entry.startTime}`, r.argv]));
    return d.update({ entries, argvOf: (k) => byKey.get(k), selfPid: SELF });
  }
}

const targets = (t: Partial<Targets>): Targets => ({ names: [], patterns: [], pids: [], children: true, ...t });
/** servers as "rootPid: member pids" for readable assertions. */
const shape = (r: DiscoveryResult): string[] =>
  r.servers.map((s) => `${s.key.split('@')[0]}: ${s.members.map((m) => m.entry.pid).join(',')}`);

describe('discovery', () => {
  test('never matches mcptop itself or its ancestors, even when they match the name', () => {
    const t = new Table([[200, 1, 'node', ['node', 'server.js']]]);
    const d = new Discovery(targets({ names: ['node'] }));
    assert.deepEqual(shape(t.run(d)), ['200: 200']);
  });

  test('own descendants are excluded unless launched, and stay excluded after re-parenting', () => {
    const t = new Table([[101, SELF, 'node', ['node', 'churn.js']], [102, SELF, 'node', ['node', 'server.js']], [103, 102, 'node']]);
    const d = new Discovery(targets({ names: ['node'] }));
    d.attachLaunched(102);
    const r = t.run(d);
    assert.deepEqual(shape(r), ['102: 102,103']);
    assert.equal(r.servers[0]?.launched, true);
    t.reparent(101, 1); // a churn survivor orphaned to init
    assert.deepEqual(shape(t.run(d)), ['102: 102,103']);
  });

  test('a process launched after a tick saw it as our own child is watched once attached', () => {
    const t = new Table([[102, SELF, 'node', ['node', 'server.js']]]);
    const d = new Discovery(targets({ names: ['node'] }));
    assert.deepEqual(shape(t.run(d)), []);
    d.attachLaunched(102);
    assert.deepEqual(shape(t.run(d)), ['102: 102']);
  });

  test('nested matches fold into the outer tree', () => {
    const t = new Table([
      [300, 1, 'npm exec', ['npm', 'exec', '@modelcontextprotocol/server-everything']],
      [301, 300, 'sh', ['sh', '-c', 'mcp-server-everything']],
      [302, 301, 'node', ['node', '/x/.bin/mcp-server-everything']],
    ]);
    const d = new Discovery(targets({ patterns: [/server-everything/] }));
    assert.deepEqual(shape(t.run(d)), ['300: 300,301,302']);
  });

  test('late arrivals join: a new match becomes a server, a new child joins its tree', () => {
    const t = new Table([[400, 1, 'python3', ['python3', '-m', 'mcp_server_git']]]);
    const d = new Discovery(targets({ patterns: [/mcp_server/] }));
    assert.deepEqual(shape(t.run(d)), ['400: 400']);
    t.add([401, 400, 'git'], [410, 1, 'python3', ['python3', '-m', 'mcp_server_time']]);
    assert.deepEqual(shape(t.run(d)), ['400: 400,401', '410: 410']);
  });

  test('a server whose processes all exit is reported as ended once', () => {
    const t = new Table([[400, 1, 'node'], [401, 400, 'node']]);
    const d = new Discovery(targets({ pids: [400] }));
    t.run(d);
    t.remove(401);
    assert.deepEqual(t.run(d).ended, []);
    t.remove(400);
    const r = t.run(d);
    assert.deepEqual(r.ended, ['400@4000']);
    assert.deepEqual(shape(r), []);
    assert.deepEqual(t.run(d).ended, []);
  });

  test('a reused pid with a new start time is a new process', () => {
    const t = new Table([[500, 1, 'node', ['node', 'a.js'], 1]]);
    const d = new Discovery(targets({ pids: [500] }));
    assert.deepEqual(t.run(d).servers.map((s) => s.key), ['500@1']);
    t.remove(500).add([500, 1, 'node', ['node', 'b.js'], 2]);
    const r = t.run(d);
    assert.deepEqual(r.ended, ['500@1']);
    assert.deepEqual(r.servers.map((s) => s.key), ['500@2']);
  });

  test('membership is sticky when the wrapper exits and its child is re-parented to PID 1', () => {
    const t = new Table([[600, 1, 'npm exec', ['npx', '-y', 'srv']], [601, 600, 'node', ['node', 'srv.js']]]);
    const d = new Discovery(targets({ names: ['npx'] }));
    assert.deepEqual(shape(t.run(d)), ['600: 600,601']);
    t.remove(600).reparent(601, 1);
    const r = t.run(d);
    assert.deepEqual(shape(r), ['600: 601']);
    assert.equal(r.servers[0]?.members[0]?.depth, 1);
    assert.deepEqual(r.ended, []);
    t.add([602, 601, 'node']);
    assert.deepEqual(shape(t.run(d)), ['600: 601,602']);
  });

  test('--no-children watches matched processes alone; a nested match still folds into its ancestor', () => {
    const t = new Table([[700, 1, 'node'], [701, 700, 'sh'], [702, 701, 'node']]);
    const d = new Discovery(targets({ names: ['node'], children: false }));
    assert.deepEqual(shape(t.run(d)), ['700: 700,702']);
  });

  test('depths follow the tree below the root', () => {
    const t = new Table([[800, 1, 'node'], [801, 800, 'sh'], [802, 801, 'cat'], [803, 800, 'git']]);
    const d = new Discovery(targets({ pids: [800] }));
    const members = t.run(d).servers[0]?.members ?? [];
    assert.deepEqual(members.map((m) => [m.entry.pid, m.depth]), [[800, 0], [801, 1], [802, 2], [803, 1]]);
  });

  test('a parent-pid cycle in a racy table does not hang', () => {
    const t = new Table([[900, 901, 'node'], [901, 900, 'node']]);
    const d = new Discovery(targets({ names: ['node'] }));
    const r = t.run(d);
    assert.equal(r.servers.flatMap((s) => s.members).length, 2);
  });
});

describe('target matching', () => {
  const e = (comm: string): ProcEntry => ({ pid: 5, ppid: 1, comm, state: 'S', startTime: 1 });
  test('--name: comm, the kernel-truncated comm, argv[0] basename with or without extension', () => {
    assert.equal(matchesName('node', 'node', undefined), true);
    assert.equal(matchesName('mcp-server-everything', 'mcp-server-ever', ['node', 'x']), true);
    assert.equal(matchesName('uvx', 'python3', ['/home/u/.local/bin/uvx', 'mcp-server-git']), true);
    assert.equal(matchesName('server', 'python3', ['/srv/server.py']), true);
    assert.equal(matchesName('nod', 'node', ['/usr/bin/node']), false);
    assert.equal(matchesName('node', 'nodejs-helper', ['/usr/bin/nodejs-helper']), false);
  });
  test('--match tests the whole command line, and a /g pattern does not carry state between processes', () => {
    const t = targets({ patterns: [/server-\w+/g] });
    for (let i = 0; i < 3; i++) assert.equal(matchesTargets(t, e('node'), ['node', '/x/server-memory/dist/index.js']), true);
    assert.equal(matchesTargets(t, e('node'), ['node', 'other.js']), false);
    assert.equal(matchesTargets(targets({ patterns: [/^kworker/] }), e('kworker/0:1'), []), true);
  });
  test('--pid is exact', () => {
    assert.equal(matchesTargets(targets({ pids: [5] }), e('x'), undefined), true);
    assert.equal(matchesTargets(targets({ pids: [55] }), e('x'), undefined), false);
  });
});
