#!/usr/bin/env node
// Re-judges verdict-corpus runs recorded with `npm run bench -- verdicts --record DIR` through the current build's
// `mcptop report` engine, without running any server again: a change to the judge is tried on the same evidence in
// seconds (a replay gives the live run's verdicts: README, "Replay is the same judge").
// Usage: `node scripts/bench/verdicts-replay.mjs DIR [filter]` after `npm run build`; one line per recording.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HEALTHY, LEAKS } from './verdicts-corpus.mjs';
import { ROOT, classify } from './verdicts-run.mjs';

const pad = (s, n) => String(s).padEnd(n);

export async function replayVerdicts(argv = process.argv.slice(2)) {
  const dir = argv[0];
  if (dir === undefined || !existsSync(dir)) {
    process.stderr.write('usage: node scripts/bench/verdicts-replay.mjs <dir of recordings> [filter]\n');
    process.exitCode = 2;
    return;
  }
  const report = join(ROOT, 'dist', 'report.js');
  if (!existsSync(report)) throw new Error('dist/report.js is missing: run `npm run build` first');
  const { replayRecording } = await import(pathToFileURL(report).href);
  const filter = argv[1] ?? '';
  const counts = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ndjson') && f.includes(filter)).sort()) {
    // <server id>.<speed>.<interval>.<size>.ndjson (verdicts-run.mjs recordingOf)
    const server = [...LEAKS, ...HEALTHY].find((s) => s.id === file.split('.')[0]);
    if (!server) continue;
    const { summary } = await replayRecording(resolve(dir, file));
    const c = classify(server, JSON.parse(JSON.stringify(summary)));
    const key = `${server.metrics ? 'leak' : 'healthy'} -> ${c.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const shown = server.metrics?.[0] ?? (c.leakMetrics[0] ?? 'rssBytes');
    const m = summary.servers[0]?.metrics?.[shown];
    console.log(`${pad(file, 46)} ${pad(c.outcome, 13)} ${pad(c.leakMetrics.join(','), 10)} ${shown}: ${m?.reason ?? '-'}`);
  }
  console.log(`\n${[...counts.entries()].sort().map(([k, n]) => `${k}: ${n}`).join('; ')}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await replayVerdicts();
