#!/usr/bin/env node
// Verdict quality on the corpus of test/fixtures/corpus/: each leak's ladder (the calls or sessions it took to be named
// on the right metric) at two speeds and two sampling intervals, each healthy server at 100, 250 and 1,000 calls, and
// the confusion matrix of it all. Every run is the built CLI headless, as a user would type it (the commands are printed).
// Run alone with `node scripts/bench/verdicts.mjs [--quick] [--only id,id] [--speeds fast] [--intervals 250] [--sizes 100,250]
// [--record DIR]` after `npm run build`;
// `npm run bench -- verdicts [--quick]` runs it as a section. The full run takes ~30-40 min on 2 cores.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LADDER, plan, unitOf } from './verdicts-corpus.mjs';
import { ROOT, commandOf, recordingOf, runCase } from './verdicts-run.mjs';

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const num = (n) => n.toLocaleString('en-US');
const pad = (s, n) => String(s).padEnd(n);
const SHORT = { named: 'LEAK', 'wrong-metric': 'leak?', leak: 'LEAK', inconclusive: 'inc', ok: 'ok', error: 'ERR' };

function progress(r) {
  const extra = r.outcome === 'error' ? ` (${r.stderrTail ?? 'no summary'})`
    : r.leakMetrics.length > 0 ? ` (leak on ${r.leakMetrics.join(', ')})` : '';
  const failed = r.stress && r.stress.failed > 0 ? `, ${num(r.stress.failed)} calls failed` : '';
  const left = r.leftovers.length > 0 ? `, LEFT BEHIND: ${r.leftovers.join('; ')}` : '';
  console.log(`  ${pad(r.server.id, 20)} ${pad(r.speed, 4)} ${pad(`${r.interval} ms`, 7)} ${pad(`${num(r.size)} ${r.unit}`, 15)} `
    + `${r.outcome}${extra}, exit ${r.exit}, ${secs(r.ms)}${r.figures ? ` [${r.figures}]` : ''}${failed}${left}`);
}

/** `--record DIR`: every run also writes its NDJSON recording there, to re-judge later with verdicts-replay.mjs. */
let recordDir;
const withRecord = (c) => (recordDir === undefined ? c : { ...c, record: recordingOf(recordDir, c) });

/** Walks the ladder from `start` up to the leak's cap until the run names it; returns every run made. */
async function climb(leak, speed, interval, start) {
  const runs = [];
  for (const size of LADDER.filter((s) => s >= start && s <= leak.cap)) {
    const r = await runCase(withRecord({ server: leak, size, speed, interval }));
    progress(r);
    runs.push(r);
    if (r.outcome === 'named') break;
  }
  return runs;
}

export async function benchVerdicts(argv = process.argv.slice(2)) {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const quick = argv.includes('--quick');
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? (argv[onlyAt + 1] ?? '').split(',') : undefined;
  const recAt = argv.indexOf('--record');
  if (recAt >= 0) { recordDir = resolve(argv[recAt + 1] ?? 'verdict-recordings'); mkdirSync(recordDir, { recursive: true }); }
  const pick = (flag, all) => { const at = argv.indexOf(flag); return at < 0 ? all : all.filter((x) => (argv[at + 1] ?? '').split(',').includes(String(x))); };
  const base = plan(quick);
  const p = { ...base, speeds: pick('--speeds', base.speeds), intervals: pick('--intervals', base.intervals).map(Number), healthySizes: pick('--sizes', base.healthySizes).map(Number) };
  const keep = (s) => only === undefined || only.includes(s.id);
  const leaks = p.leaks.filter(keep);
  const healthy = p.healthy.filter(keep);
  const combos = p.speeds.flatMap((speed) => p.intervals.map((interval) => ({ speed, interval })));
  const label = ({ speed, interval }) => `${speed}/${interval}ms`;
  const t0 = performance.now();
  console.log(`${quick ? 'quick subset' : 'full corpus'}: ${leaks.length} leaks, ${healthy.length} healthy servers; speeds ${p.speeds.join(', ')} `
    + `(slow = --rate 100 calls/s, server-side), intervals ${p.intervals.join(', ')} ms; load = 4 users x 5 rounds, 200 ms between rounds`);

  // Leaks: the fast ladder first, then the other speeds from the size the fast run needed (or the issue's bound).
  const ladders = new Map();
  for (const leak of leaks) {
    for (const interval of p.intervals) {
      const fast = await climb(leak, 'fast', interval, LADDER[0]);
      ladders.set(`${leak.id} fast/${interval}ms`, fast);
      const found = fast.find((r) => r.outcome === 'named')?.size;
      for (const speed of p.speeds.filter((s) => s !== 'fast')) {
        ladders.set(`${leak.id} ${speed}/${interval}ms`, await climb(leak, speed, interval, found ?? leak.bound));
      }
    }
  }
  const healthyRuns = [];
  for (const server of healthy) {
    for (const { speed, interval } of combos) {
      for (const size of p.healthySizes) {
        const r = await runCase(withRecord({ server, size, speed, interval }));
        progress(r);
        healthyRuns.push(r);
      }
    }
  }

  console.log('\nleaks: smallest size named on the right metric (LADDER: ' + LADDER.map(num).join(', ') + '); "-" = not named up to the cap');
  console.log(`  ${pad('server', 20)} ${pad('metric', 14)} ${pad('bound', 7)} ${combos.map((c) => pad(label(c), 14)).join(' ')} within bound, same everywhere`);
  const deciding = [];
  for (const leak of leaks) {
    const cells = combos.map((c) => {
      const runs = ladders.get(`${leak.id} ${label(c)}`) ?? [];
      const last = runs.at(-1);
      if (last) deciding.push(last);
      const named = runs.find((r) => r.outcome === 'named');
      return { named, last, text: named ? num(named.size) : last ? `- (${SHORT[last.outcome]} @${num(last.size)})` : 'not run' };
    });
    const within = cells.every((c) => c.named && c.named.size <= leak.bound);
    const same = new Set(cells.map((c) => c.last?.outcome)).size === 1;
    console.log(`  ${pad(leak.id, 20)} ${pad(leak.metrics.join('|'), 14)} ${pad(num(leak.bound), 7)} ${cells.map((c) => pad(c.text, 14)).join(' ')} `
      + `${within ? 'yes' : 'NO'}, ${same ? 'yes' : 'NO'}   (${unitOf(leak)}; ${leak.what})`);
  }

  console.log('\nhealthy: outcome at ' + p.healthySizes.map(num).join(' / ') + ' calls (LEAK = a false alarm)');
  console.log(`  ${pad('server', 20)} ${combos.map((c) => pad(label(c), 20)).join(' ')}`);
  for (const server of healthy) {
    const cells = combos.map((c) => healthyRuns.filter((r) => r.server.id === server.id && r.speed === c.speed && r.interval === c.interval)
      .map((r) => SHORT[r.outcome]).join(' / '));
    console.log(`  ${pad(server.id, 20)} ${cells.map((c) => pad(c, 20)).join(' ')} (${server.what})`);
  }
  const falseAlarms = healthyRuns.filter((r) => r.outcome === 'leak');
  for (const r of falseAlarms) console.log(`  false leak: ${r.server.id} at ${num(r.size)} ${r.unit}, ${label(r)}, on ${r.leakMetrics.join(', ')}: ${commandOf(r)}`);

  // Confusion matrix: each leak's deciding run (the one that named it, or the largest tried) per speed and interval,
  // and every healthy run.
  const cols = ['named', 'wrong-metric', 'inconclusive', 'ok', 'error'];
  const count = (runs, o) => runs.filter((r) => (o === 'named' ? r.outcome === 'named' || r.outcome === 'leak' : r.outcome === o)).length;
  console.log('\nconfusion matrix (runs; leak rows: the deciding run of each ladder, healthy rows: every run)');
  console.log(`  ${pad('actual \\ verdict', 18)} ${pad('leak (right metric)', 20)} ${pad('leak (other metric)', 20)} ${pad('inconclusive', 13)} ${pad('ok', 6)} error`);
  for (const [name, runs] of [['leak', deciding], ['healthy', healthyRuns]]) {
    const row = cols.map((o) => count(runs, o));
    console.log(`  ${pad(name, 18)} ${pad(row[0], 20)} ${pad(row[1], 20)} ${pad(row[2], 13)} ${pad(row[3], 6)} ${row[4]}`);
  }

  console.log('\ncommands (the smallest naming run of each leak, or its largest run):');
  for (const leak of leaks) {
    const runs = [...ladders.entries()].filter(([k]) => k.startsWith(`${leak.id} `)).flatMap(([, v]) => v);
    const best = runs.filter((r) => r.outcome === 'named').sort((a, b) => a.size - b.size)[0] ?? runs.at(-1);
    if (best) console.log(`  ${leak.id} (${best.outcome} at ${num(best.size)} ${best.unit}, ${label(best)}): ${commandOf(best)}`);
  }
  const all = [...[...ladders.values()].flat(), ...healthyRuns];
  const left = all.filter((r) => r.leftovers.length > 0);
  console.log(`\n${all.length} runs in ${secs(performance.now() - t0)}; processes left behind by mcptop: ${left.length === 0 ? 'none' : left.map((r) => r.leftovers.join('; ')).join(' | ')}`);
  console.log('(timings and speeds on a shared machine are noisy; verdicts are what this section measures)');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchVerdicts();
