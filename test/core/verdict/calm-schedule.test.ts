// ServerVerdicts.schedule's calm stretch: between two due counts an idle server's tick checks none of its tracks, yet no
// verdict that fell due is ever left unjudged (a constant column that moves, a round's end, the baseline, gaps, FD kinds
// read in turns, load that starts). The queue here has room for everything, so "due" after a schedule means "missed".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerVerdicts } from '../../../source/core/server-verdicts.js';
import { JudgeQueue } from '../../../source/core/verdict/index.js';
import { rng } from '../../helpers/rng.js';
import type { LoadMarks } from '../../../source/core/verdict/index.js';
import type { FdKindsResult, ServerSample } from '../../../source/core/types.js';

const sample = (t: number, v: Partial<ServerSample>): ServerSample => ({ t, procs: 1, zombies: 0, ...v });

interface Shape {
  readonly name: string;
  readonly n: number;
  readonly at: (i: number, r: () => number) => Partial<ServerSample>;
  readonly roundEvery?: number;
  readonly kindsEvery?: number;
  readonly loadFrom?: number;
}

const idle = { fds: 8, rssBytes: 1_200_000, vmsBytes: 9_000_000, threads: 1, cpuPct: 0 };
const SHAPES: Shape[] = [
  { name: 'idle', n: 3000, at: () => idle },
  { name: 'idle, FDs move once', n: 2500, at: (i) => ({ ...idle, fds: i >= 1777 ? 9 : 8 }) },
  { name: 'idle, RSS moves late, threads early', n: 2500, at: (i) => ({ ...idle, rssBytes: i >= 2100 ? 1_300_000 : 1_200_000, threads: i >= 40 ? 2 : 1 }) },
  { name: 'gaps', n: 1500, at: (i, r) => ({ ...idle, fds: r() < 0.01 ? undefined : 8, cpuPct: r() < 0.5 ? undefined : 1 }) },
  { name: 'growing', n: 2000, at: (i, r) => ({ ...idle, rssBytes: 1_000_000 + i * 4096 + Math.floor(r() * 50_000), cpuPct: r() * 20 }) },
  { name: 'rounds', n: 2000, at: () => idle, roundEvery: 313 },
  { name: 'kinds in turns', n: 2000, at: (i) => ({ ...idle, fds: i > 1200 ? 10 : 8 }), kindsEvery: 7 },
  { name: 'load starts', n: 1500, at: () => idle, loadFrom: 900 },
];

for (const shape of SHAPES) {
  test(`calm schedule: every due verdict is judged on its tick (${shape.name})`, () => {
    for (const seed of [1, 2, 3]) {
      const r = rng(seed);
      const sv = new ServerVerdicts(1000, new JudgeQueue(1e9));
      for (let i = 0; i < shape.n; i++) {
        const t = 10_000 + i * 1000;
        const load: LoadMarks = { calls: shape.loadFrom !== undefined && i >= shape.loadFrom ? (i - shape.loadFrom) * 3 : 0, cycles: 0 };
        sv.push(sample(t, shape.at(i, r)), load);
        if (shape.kindsEvery !== undefined && i % shape.kindsEvery === 0) {
          const kinds: FdKindsResult = { socket: 2, pipe: 3, anon_inode: 1, file: i > 1200 ? 2 : 0, other: 2 };
          sv.pushKinds(t, kinds, load);
        }
        if (i === 5) sv.markBaseline(t);
        if (shape.roundEvery !== undefined && i > 0 && i % shape.roundEvery === 0) sv.markRoundEnd();
        sv.schedule(t);
        assert.equal(sv.overdue, 0, `seed ${seed}, sample ${i}: a verdict fell due and was not judged`);
      }
    }
  });
}

test('an idle server checks its tracks on a few ticks only, and the verdicts still follow a value that moves', () => {
  const sv = new ServerVerdicts(1000, new JudgeQueue(1e9));
  const n = 3000;
  for (let i = 0; i < n; i++) {
    const t = i * 1000;
    sv.push(sample(t, { ...idle, fds: i >= 2999 ? 50 : 8 }), { calls: 0, cycles: 0 });
    if (i === 5) sv.markBaseline(t);
    sv.schedule(t);
    if (i === 2998) assert.ok(sv.checks < n / 10, `${sv.checks} full checks over ${i + 1} idle ticks`);
  }
  assert.match(sv.metrics.fds?.reason ?? '', /FDs/);
  assert.doesNotMatch(sv.metrics.fds?.reason ?? '', /flat: floor 8/, 'the moved FD count was judged on its own tick');
});
