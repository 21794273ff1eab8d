#!/usr/bin/env node
// `npm run bench`: every performance figure of the README in one run — sampler, TUI/headless footprint, TUI drawing,
// memory over a long session, load, verdict engine cost, the Prometheus exporter, verdict quality on the corpus
// (`verdicts`, ~30-40 min; `npm run bench -- verdicts --quick` for a subset), and the soak (an hour of the real CLI;
// `npm run bench -- soak --minutes 30` for a shorter one).
// Each section lives in scripts/bench/*.mjs and can run alone; this prints them together with the machine they ran on.
import os from 'node:os';

// Section names; flags (--quick, --only <ids>, --minutes <n>) are left in process.argv for the sections that read them.
const args = process.argv.slice(2);
const only = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '--only' && args[i - 1] !== '--minutes');
const want = (name) => only.length === 0 || only.includes(name);
const minutesAt = args.indexOf('--minutes');
if (minutesAt >= 0) process.env.BENCH_SOAK_MINUTES = args[minutesAt + 1];

console.log(`mcptop bench — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`);
console.log(`command: npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}\n`);

const sections = [
  ['sampler', './bench/sampler.mjs', 'benchSampler'],
  ['footprint', './bench/footprint.mjs', 'benchFootprint'],
  ['render', './bench/render.mjs', 'benchRender'],
  ['memory', './bench/memory.mjs', 'benchMemory'],
  ['load', './bench/load.mjs', 'benchLoad'],
  ['verdict', './bench/verdict.mjs', 'benchVerdict'],
  ['exporter', './bench/exporter.mjs', 'benchExporter'],
  ['verdicts', './bench/verdicts.mjs', 'benchVerdicts'],
  ['soak', './bench/soak.mjs', 'benchSoak'],
];
let failed = 0;
for (const [name, file, fn] of sections) {
  if (!want(name)) continue;
  console.log(`== ${name}`);
  try {
    const mod = await import(file);
    await mod[fn]();
  } catch (error) {
    failed += 1;
    console.log(`${name}: failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log('');
}
process.exit(failed > 0 ? 1 : 0);
