import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ENDED_SERVERS } from '../../source/core/monitor.js';
import { setup } from './monitor-setup.js';

describe('monitor bounds', () => {
  test('per-identity state stays bounded by what is live while processes come and go for many ticks', async () => {
    const { clock, source, monitor } = setup({ targets: { names: ['srv'] }, monitor: { windowSize: 20 } });
    const live: number[] = [];
    let next = 1000;
    for (let tick = 0; tick < 400; tick++) {
      // Three new servers (each with a worker) a tick, the oldest three go: 2,400 identities seen, ~60 live at a time.
      for (let i = 0; i < 3; i++) {
        const pid = next;
        next += 2;
        source.add({ pid, comm: 'srv', argv: ['srv', '--token', `secret-${pid}`], metrics: { fds: 5, cpuTimeMs: tick } });
        source.add({ pid: pid + 1, ppid: pid, comm: 'worker', metrics: { fds: 2 } });
        live.push(pid);
      }
      while (live.length > 30) {
        const pid = live.shift() as number;
        source.remove(pid, pid + 1);
      }
      clock.advance(1000);
      const s = await monitor.tick();
      const f = monitor.footprint();
      const aliveServers = s.servers.filter((v) => v.alive).length;
      assert.ok(f.servers <= aliveServers + MAX_ENDED_SERVERS, `servers ${f.servers} at tick ${tick}`);
      assert.equal(f.commands, s.watchedProcs, 'a command line per watched process, no more');
      assert.ok(f.limits <= s.watchedProcs && f.cpu <= s.watchedProcs);
      assert.ok(f.argv <= source.procs.size, 'argv only of present processes');
      assert.ok(f.views <= s.watchedProcs && f.samples <= s.watchedProcs, `views ${f.views}, samples ${f.samples}: watched processes only`);
      assert.ok(f.matches <= source.procs.size && f.members <= source.procs.size, `matches ${f.matches}, members ${f.members}: present processes only`);
      for (const v of s.servers) assert.ok(v.series.fds.length <= 20);
    }
    const shown = (await monitor.tick()).servers.find((v) => v.alive)?.processes[0]?.command ?? '';
    assert.match(shown, /^srv --token /);
    assert.doesNotMatch(shown, /secret-/, 'the cached command line is the redacted one');
  });

  test('a watched process keeps its redacted command line until exec changes its argv', async () => {
    const { source, monitor } = setup({ targets: { names: ['srv'] } });
    source.add({ pid: 200, comm: 'srv', argv: ['srv', '--api-key=abc123'] });
    const a = await monitor.tick();
    assert.doesNotMatch(a.servers[0]?.processes[0]?.command ?? '', /abc123/);
    source.get(200).argv = ['srv', 'v2'];
    source.get(200).comm = 'srv2';
    const b = await monitor.tick();
    assert.equal(b.servers[0]?.processes[0]?.command, 'srv v2', 'a new argv (exec) is shown');
  });
});
