// Finds promtool / prometheus for the tests; .ci/run installs them and sets MCPTOP_REQUIRE_PROMETHEUS, so in CI a missing one fails.
import { spawnSync } from 'node:child_process';
import assert from 'node:assert/strict';

export const REQUIRED = process.env['MCPTOP_REQUIRE_PROMETHEUS'] === '1';

/** The binary's name when it runs (`--version`), else undefined outside CI and a failed assertion in CI. */
export function promBinary(name: 'promtool' | 'prometheus'): string | undefined {
  const r = spawnSync(name, ['--version'], { encoding: 'utf8' });
  if (r.status === 0) return name;
  if (REQUIRED) assert.fail(`${name} is missing, and MCPTOP_REQUIRE_PROMETHEUS=1 (CI): .ci/run installs it with apt-get install prometheus`);
  return undefined;
}

export const skipMessage = (name: string): string => `${name} is not installed (apt-get install prometheus); CI installs it and runs this test`;

/** One sample of the Prometheus text format. */
export interface TextSample { name: string; labels: Record<string, string>; value: number }

/** Parses the Prometheus text format (the subset mcptop and prom-client write). */
export function parseExposition(text: string): { samples: TextSample[]; types: Map<string, string> } {
  const samples: TextSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) { types.set(t[1] ?? '', t[2] ?? ''); continue; }
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `unparseable line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = (l[2] ?? '').replace(/\\(.)/g, '$1');
    samples.push({ name: m[1] ?? '', labels, value: Number(m[3]) });
  }
  return { samples, types };
}
