// SVG plot: a well-formed document with both panels, a line per server, gaps as breaks, stress bands and the verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlotCollector, renderPlotSvg, type PlotInput } from '../../source/format/plot-svg.js';
import { makeServer, makeSnapshot, makeStress, makeSummary } from '../helpers/snapshots.js';
import { xmlProblems } from './xml-check.js';

const input: PlotInput = {
  verdict: 'leak', startedAt: 0,
  bands: [{ t0: 2000, t1: 5000, label: 'round 1' }],
  servers: [
    { key: 'a', label: 'leaky <x>', verdict: 'leak', reasons: ['FDs: +1.00 per call'], fds: [0, 1, 2, 3, 4, 5].map((i) => ({ t: i * 1000, v: 20 + i * 10 })), rss: [0, 1, 2, 3, 4, 5].map((i) => ({ t: i * 1000, v: (50 + i) * 1024 * 1024 })) },
    { key: 'b', label: 'healthy', verdict: 'ok', fds: [0, 1, 2, 3, 4, 5].map((i) => ({ t: i * 1000, v: i === 3 ? undefined : 15 })), rss: [] },
  ],
};

test('renders a well-formed SVG with the verdict in the title, a line per server and the round shaded', () => {
  const svg = renderPlotSvg(input);
  assert.deepEqual(xmlProblems(svg), []);
  assert.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /<title>mcptop — verdict LEAK — 2 servers<\/title>/);
  assert.match(svg, /leaky &lt;x&gt;: <tspan fill="#c62828" font-weight="bold">LEAK<\/tspan>/);
  assert.equal((svg.match(/class="band"/g) ?? []).length, 2, 'the round is shaded in both panels');
  const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
  assert.equal(paths.length, 3, 'FDs for both servers, RSS for the one that has it');
  assert.equal((paths[1]!.match(/M/g) ?? []).length, 2, 'the gap at t=3s breaks the line');
  assert.match(svg, />50 MB</, 'RSS axis in MB');
  assert.doesNotMatch(svg, /class="ylab">\d+\.\d/, 'FD ticks are whole numbers');
});

test('the collector keeps whole-run points bounded, shades load where calls rose, and takes verdicts from the summary', () => {
  const c = new PlotCollector();
  for (let i = 0; i < 5000; i++) {
    const t = i * 1000;
    const calls = i >= 100 && i < 200 ? (i - 99) * 10 : i >= 200 ? 1000 : 0;
    const server = makeServer({ key: '123@4567', label: 'srv', latest: { t, fds: 20 + (i % 3), rssBytes: 5e7, procs: 1, zombies: 0 } });
    c.add(makeSnapshot({ t, startedAt: 0, intervalMs: 1000, servers: [server], stress: makeStress({ calls, round: 1 }) }));
  }
  const out = c.input(makeSummary());
  assert.equal(out.servers.length, 1);
  assert.ok(out.servers[0]!.fds.length <= 2000 && out.servers[0]!.fds.length >= 1000, String(out.servers[0]!.fds.length));
  assert.deepEqual(out.bands.map((b) => [b.t0, b.t1, b.label]), [[99_000, 199_000, 'round 1']]);
  assert.equal(out.servers[0]!.verdict, 'leak');
  assert.deepEqual(xmlProblems(renderPlotSvg(out)), []);
});
