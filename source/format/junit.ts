// --junit: the run summary as JUnit XML, one test case per server and metric (FDs also per kind; failing on leak) plus
// the worst status.
import type { MetricSummary, RunSummary, ServerSummary } from '../core/types.js';
import { FD_KINDS } from '../core/types.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?');

const METRICS = [['fds', 'FDs'], ['rssBytes', 'RSS'], ['vmsBytes', 'VMS'], ['procs', 'processes'], ['threads', 'threads']] as const;

interface Case { readonly name: string; readonly failure?: { readonly type: string; readonly message: string }; readonly out?: string }

function serverCases(s: ServerSummary): Case[] {
  const cases: Case[] = [];
  for (const [key, noun] of METRICS) {
    const m: MetricSummary | undefined = s.metrics[key];
    if (!m) continue;
    const reason = m.reason ?? '';
    cases.push({
      name: `${noun}`,
      failure: m.verdict === 'leak' ? { type: 'leak', message: reason || `${noun} leak` } : undefined,
      out: `verdict ${m.verdict}${reason ? `: ${reason}` : ''}`,
    });
  }
  for (const k of FD_KINDS) {
    const m = s.fdKinds?.[k];
    if (!m) continue;
    cases.push({
      name: `FDs ${k}`,
      failure: m.verdict === 'leak' ? { type: 'leak', message: m.reason || `${k} FDs leak` } : undefined,
      out: `verdict ${m.verdict}${m.reason ? `: ${m.reason}` : ''}`,
    });
  }
  const crit = s.worstStatus.level === 'crit';
  cases.push({
    name: 'status',
    failure: crit ? { type: 'crit', message: s.worstStatus.reasons.join('; ') || 'CRIT reached' } : undefined,
    out: `worst status ${s.worstStatus.level}${s.worstStatus.reasons.length > 0 ? `: ${s.worstStatus.reasons.join('; ')}` : ''}`,
  });
  return cases;
}

/** JUnit XML that CI systems (GitHub, GitLab, Jenkins) read: a suite per server, a case per metric. */
export function formatJunit(summary: RunSummary, opts: { name?: string; timestamp?: string } = {}): string {
  const suites = summary.servers.map((s) => ({ s, cases: serverCases(s) }));
  const total = suites.reduce((n, x) => n + x.cases.length, 0);
  const failures = suites.reduce((n, x) => n + x.cases.filter((c) => c.failure).length, 0);
  const secs = (summary.durationMs / 1000).toFixed(3);
  const name = opts.name ?? 'mcptop';
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${total}" failures="${failures}" errors="0" time="${secs}">`,
  ];
  for (const { s, cases } of suites) {
    const f = cases.filter((c) => c.failure).length;
    const suiteName = `${name}: ${s.label} (pid ${s.pid})`;
    lines.push(`  <testsuite name="${esc(suiteName)}" tests="${cases.length}" failures="${f}" errors="0" skipped="0" time="${secs}"`
      + `${opts.timestamp ? ` timestamp="${esc(opts.timestamp)}"` : ''}>`);
    lines.push(`    <properties><property name="command" value="${esc(s.command)}"/><property name="verdict" value="${s.verdict}"/></properties>`);
    for (const c of cases) {
      const open = `    <testcase classname="${esc(`${name}.${s.label}`)}" name="${esc(`${s.label} ${c.name}`)}" time="0">`;
      const body = [
        c.failure ? `      <failure type="${c.failure.type}" message="${esc(c.failure.message)}">${esc(c.failure.message)}</failure>` : '',
        c.out ? `      <system-out>${esc(c.out)}</system-out>` : '',
      ].filter(Boolean);
      lines.push(open, ...body, '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  if (suites.length === 0) {
    // No server at all: one failing case, so CI does not read an empty run as a pass.
    lines.push(`  <testsuite name="${esc(name)}" tests="1" failures="1" errors="0" skipped="0" time="${secs}">`,
      `    <testcase classname="${esc(name)}" name="servers" time="0"><failure type="empty" message="no server was watched"/></testcase>`,
      '  </testsuite>');
    lines[1] = `<testsuites name="${esc(name)}" tests="1" failures="1" errors="0" time="${secs}">`;
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
