// Zero-config discovery through the Sampler: configured, recognisable and host-child servers are found and grouped by
// host; a plain process, a host and a host child on a terminal are not; a dead stdin is flagged; caches stay bounded.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Sampler } from '../../source/core/sampler.js';
import type { StdinPeerSource } from '../../source/core/ports.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeProcessSource } from '../helpers/fake-source.js';

const SELF = 100;

function setup() {
  const src = new FakeProcessSource();
  src.add({ pid: 1, ppid: 0, comm: 'systemd' });
  src.add({ pid: SELF, ppid: 1, comm: 'node', argv: ['node', 'mcptop'] });
  src.add({ pid: 4100, ppid: 1, comm: 'cursor', argv: ['/usr/share/cursor/cursor'] });
  src.add({ pid: 4101, ppid: 4100, comm: 'node', argv: ['node', '/x/my-tool/index.js'] });
  src.add({ pid: 4102, ppid: 4100, comm: 'bash', argv: ['bash'] });
  src.add({ pid: 4103, ppid: 4100, comm: 'cursor', argv: ['/usr/share/cursor/cursor', '--type=renderer'] });
  src.add({ pid: 200, ppid: 1, comm: 'npm exec', argv: ['npx', '-y', '@modelcontextprotocol/server-memory'] });
  src.add({ pid: 201, ppid: 200, comm: 'node', argv: ['node', '/n/node_modules/.bin/mcp-server-memory'] });
  src.add({ pid: 300, ppid: 1, comm: 'node', argv: ['node', '-e', 'setInterval(() => {}, 1000)'] });
  src.add({ pid: 400, ppid: 1, comm: 'node', argv: ['node', '/srv/configured.js'] });
  const links = new Map<number, string>([[4101, 'pipe:[50]'], [4102, '/dev/pts/1'], [4103, 'socket:[70]'], [200, 'pipe:[60]'], [201, 'pipe:[60]'], [400, '/dev/null']]);
  const reads: string[] = [];
  const peers: StdinPeerSource = {
    stdinLink: (pid) => { reads.push(`link ${pid}`); return links.get(pid); },
    holdsPeer: (pid, stdin) => { reads.push(`peer ${pid}`); return pid === 4100 && stdin.inode === 50; },
  };
  const sampler = new Sampler(src, new FakeClock(), { names: [], patterns: [], pids: [], children: true, auto: true }, SELF, () => undefined, false,
    { peers, configured: (argv) => argv.includes('/srv/configured.js') });
  return { src, sampler, reads, links };
}

describe('zero-config discovery', () => {
  test('finds configured, recognisable and host-child servers, grouped by host; not plain processes, hosts or terminal children', async () => {
    const { sampler } = setup();
    const got = await sampler.collect();
    const rows = (got?.servers ?? []).map((s) => `${s.server.key.split('@')[0]}:${s.server.members.map((m) => m.entry.pid).join(',')}:${s.host ? `${s.host.name}/${s.host.pid}` : 'no host'}`);
    assert.deepEqual(rows.sort(), ['200:200,201:no host', '400:400:no host', '4101:4101:cursor/4100']);
  });

  test('a server whose stdin nothing holds is flagged; one fed by its host is not', async () => {
    const { sampler } = setup();
    const got = await sampler.collect();
    const by = new Map((got?.servers ?? []).map((s) => [s.server.key.split('@')[0], s.stdinPeer]));
    assert.match(by.get('200') ?? '', /stdin peer gone/);
    assert.equal(by.get('4101'), undefined);
    assert.equal(by.get('400'), undefined, '/dev/null stdin is no pipe: nothing to judge');
  });

  test('stdin is read once per identity and peers judged again only when the ancestry changes', async () => {
    const { src, sampler, reads, links } = setup();
    await sampler.collect();
    const first = reads.length;
    await sampler.collect();
    assert.equal(reads.length, first, 'an unchanged table reads nothing more');
    // The host dies: its child is re-parented to init and its stdin's other end is gone.
    src.remove(4100, 4103);
    src.get(4101).ppid = 1;
    links.set(4101, 'pipe:[50]');
    const got = await sampler.collect();
    const s4101 = got?.servers.find((s) => s.server.key.startsWith('4101@'));
    assert.equal(s4101?.host, undefined, 'no host any more');
    assert.match(s4101?.stdinPeer ?? '', /stdin peer gone/);
  });
  test('a pipeline\'s writer is searched in the root\'s process group, never mcptop itself (its FDs hold nothing of a server it did not launch)', async () => {
    const { src, sampler, reads, links } = setup();
    // mcptop, a writer and the server share a process group (`writer | server`, mcptop started from the same shell).
    src.get(SELF).pgid = 900;
    src.add({ pid: 901, ppid: 1, comm: 'cat', argv: ['cat'] });
    src.get(901).pgid = 900;
    src.add({ pid: 902, ppid: 1, comm: 'node', argv: ['node', '/x/mcp-server-thing/index.js'] });
    src.get(902).pgid = 900;
    links.set(902, 'pipe:[80]');
    await sampler.collect();
    assert.ok(reads.includes('peer 901'), `the writer is searched: ${reads.join(', ')}`);
    assert.ok(!reads.includes(`peer ${SELF}`), `mcptop is not: ${reads.join(', ')}`);
  });
});
