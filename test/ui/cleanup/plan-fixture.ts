// A cleanup plan with every kind of item (orphan tree, duplicates, a refused zombie parent) for the view tests.
import { CleanupDetector, planCleanup, type CleanupPlan } from '../../../source/core/cleanup/index.js';
import { NOW, server, snap, type P } from '../../core/cleanup/builders.js';

export function samplePlan(extraOrphans = 0): CleanupPlan {
  const orphan: P[] = [{ pid: 200, ppid: 1, ageS: 600, command: 'npm exec mcp-fs' }, { pid: 201, ppid: 200, depth: 1, command: 'node mcp-fs.js' }];
  const dups: P[] = [0, 1, 2].map((i) => ({ pid: 300 + i, ppid: 99, command: 'node mcp-mem.js', ageS: 3000 - i * 1000 }));
  const zombie: P = { pid: 701, ppid: 700, state: 'Z', comm: 'sh', command: '[sh]' };
  const more: P[] = Array.from({ length: extraOrphans }, (_, i) => ({ pid: 400 + i, ppid: 1, ageS: 100, command: `node extra-${i}.js` }));
  const servers = [server(orphan), ...dups.map((p) => server([p])), server([zombie]), ...more.map((p) => server([p]))];
  const ctx = { procs: new Map([[99, { pid: 99, comm: 'Claude' }], [700, { pid: 700, comm: 'bash', command: 'bash', startTime: 1, uid: 1000 }]]) };
  const det = new CleanupDetector({ minAgeMs: 60_000 });
  det.update(snap(0, servers), NOW, ctx);
  const d = det.update(snap(1000, servers), NOW + 1000, ctx);
  return planCleanup(d, { selfPid: 4242, selfUid: 1000, protectedPids: new Map(), allowOtherUsers: false });
}
