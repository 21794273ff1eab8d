// The shipped Prometheus rules and Grafana dashboard: promtool check/test rules, and a dashboard that names only mcptop's metrics.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';
import { promBinary, skipMessage } from '../helpers/prometheus.js';

const RULES = join(ROOT, 'deploy/prometheus/mcptop-rules.yml');
const RULE_TESTS = join(ROOT, 'deploy/prometheus/mcptop-rules.test.yml');
const ALERTS = ['McptopFdRatioNearLimit', 'McptopLeakVerdict', 'McptopOrphansPresent', 'McptopProcessExplosion', 'McptopZombiesPersist'];

describe('deploy/prometheus rules', () => {
  test('promtool check rules and promtool test rules pass', (t) => {
    const promtool = promBinary('promtool');
    if (promtool === undefined) { t.skip(skipMessage('promtool')); return; }
    const check = spawnSync(promtool, ['check', 'rules', RULES], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /SUCCESS: 5 rules found/);
    const unit = spawnSync(promtool, ['test', 'rules', RULE_TESTS], { encoding: 'utf8', cwd: join(ROOT, 'deploy/prometheus') });
    assert.equal(unit.status, 0, unit.stdout + unit.stderr);
  });

  test('every alert has a unit test that expects it to fire', () => {
    const rules = readFileSync(RULES, 'utf8');
    const tests = readFileSync(RULE_TESTS, 'utf8');
    assert.deepEqual([...rules.matchAll(/- alert: (\w+)/g)].map((m) => m[1]), ALERTS);
    for (const a of ALERTS) assert.match(tests, new RegExp(`alertname: ${a}\\n\\s+exp_alerts:\\n\\s+- exp_labels`), `${a} is tested firing`);
  });
});

describe('deploy/grafana dashboard', () => {
  test('valid JSON; every panel queries the chosen data source and only metrics mcptop or prom-client export', () => {
    const dash = JSON.parse(readFileSync(join(ROOT, 'deploy/grafana/mcptop-dashboard.json'), 'utf8')) as {
      uid: string; panels: { type: string; title: string; datasource?: { uid: string }; targets?: { expr: string }[] }[];
    };
    assert.equal(dash.uid, 'mcptop-servers');
    const panels = dash.panels.filter((p) => p.type !== 'row');
    assert.ok(panels.length >= 10);
    const titles = panels.map((p) => p.title).join('|');
    for (const want of ['FDs by kind vs limit', 'Resident memory', 'Processes', 'Verdicts', 'Orphans', 'Call rate', 'Call latency']) assert.match(titles, new RegExp(want));
    for (const p of panels) {
      assert.equal(p.datasource?.uid, '${datasource}', p.title);
      assert.ok((p.targets ?? []).length > 0, p.title);
      for (const t of p.targets ?? []) {
        for (const m of t.expr.matchAll(/\b([a-z_]+_[a-z_]+)\{/g)) assert.match(m[1] ?? '', /^(mcptop_|process_)/, `${p.title}: ${t.expr}`);
      }
    }
  });
});
