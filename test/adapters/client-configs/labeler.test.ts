// The disk-backed labeler on a real npx chain (npm exec -> sh -c -> node …/.bin/X) read from /proc.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLabeler, diskBinResolver, packageOfPath } from '../../../source/adapters/client-configs/labeler.js';
import { notRunning } from '../../../source/core/clients/match.js';
import type { ConfiguredServer } from '../../../source/core/clients/types.js';
import type { Snapshot } from '../../../source/core/types.js';

const cfg = (client: ConfiguredServer['client'], name: string, args: string[]): ConfiguredServer => ({
  client, name, label: `${client}/${name}`, transport: 'stdio', command: 'npx', args, source: 'fixture', scope: 'user',
});

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch { /* gone */ }
  }
  return kids;
}
function tree(root: number): number[] {
  const kids = children();
  const out: number[] = [];
  const walk = (p: number): void => { out.push(p); for (const k of kids.get(p) ?? []) walk(k); };
  walk(root);
  return out;
}
const argvOf = (pid: number): string[] => {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'); } catch { return []; }
};

describe('packageOfPath and the bin resolver', () => {
  test('package of a node_modules path', () => {
    assert.equal(packageOfPath('/a/node_modules/@scope/pkg/dist/index.js'), '@scope/pkg');
    assert.equal(packageOfPath('/a/node_modules/x/node_modules/plain/i.js'), 'plain');
    assert.equal(packageOfPath('/a/node_modules/.bin/x'), undefined);
    assert.equal(packageOfPath('/usr/bin/node'), undefined);
  });
  test('a real .bin link resolves to its package; a missing one to undefined', () => {
    const resolve = diskBinResolver();
    assert.equal(resolve(join(process.cwd(), 'node_modules/.bin/mcp-server-memory')), '@modelcontextprotocol/server-memory');
    assert.equal(resolve('/nonexistent/node_modules/.bin/x'), undefined);
  });
});

describe('a live npx chain', () => {
  test('npm exec, sh -c and node are all labelled with the configured server', { timeout: 90_000 }, async (t) => {
    const child = spawn('npx', ['-y', '@modelcontextprotocol/server-memory'], {
      cwd: process.cwd(), detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: { ...process.env, npm_config_update_notifier: 'false' },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    t.after(async () => {
      try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* already gone */ }
      await exited;
    });
    assert.ok(child.pid);
    const deadline = Date.now() + 60_000;
    let members: number[] = [];
    while (Date.now() < deadline) {
      members = tree(child.pid);
      if (members.some((p) => argvOf(p).some((a) => a.includes('/.bin/mcp-server-memory') || a.includes('server-memory/dist')))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const argvs = members.map(argvOf).filter((a) => a.length > 0 && a[0] !== '');
    assert.ok(argvs.some((a) => a[0]?.startsWith('npm exec')), `npm exec link in ${JSON.stringify(argvs)}`);
    assert.ok(argvs.some((a) => a[0] === 'node' && a.some((x) => x.includes('mcp-server-memory') || x.includes('server-memory/dist'))), `node link in ${JSON.stringify(argvs)}`);

    const configs = [cfg('cursor', 'memory', ['-y', '@modelcontextprotocol/server-memory']), cfg('cursor', 'filesystem', ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'])];
    const label = createLabeler(configs);
    for (const argv of argvs) assert.equal(label(argv, ''), 'cursor/memory', JSON.stringify(argv));

    const snap: Snapshot = {
      tick: 1, t: 0, startedAt: 0, elapsedMs: 0, intervalMs: 1000, paused: false, watchedProcs: argvs.length, notices: [], verdict: 'ok',
      servers: [{
        key: 'k', label: 'node', pid: child.pid, command: argvs[0]?.join(' ') ?? '', alive: true, launched: false,
        status: { level: 'ok', reasons: [] }, worstStatus: { level: 'ok', reasons: [] }, verdict: 'ok', metricVerdicts: {},
        series: { fds: [], rssBytes: [], vmsBytes: [], cpuPct: [], procs: [] },
        processes: argvs.map((a, i) => ({ pid: i, startTime: 0, ppid: 0, comm: '', command: a.filter(Boolean).join(' '), state: 'S', depth: i, alive: true, metrics: {} })),
      }],
    };
    assert.deepEqual(notRunning(configs, snap).map((s) => s.label), ['cursor/filesystem']);
  });
});
