// JUnit output: a case per server and metric, failures on leak and CRIT only, everything escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatJunit } from '../../source/format/junit.js';
import { makeMetric, makeServerSummary, makeSummary } from '../helpers/snapshots.js';
import { xmlProblems } from './xml-check.js';

test('one case per metric plus status; leak and CRIT fail, the rest pass with their verdict in system-out', () => {
  const xml = formatJunit(makeSummary());
  assert.deepEqual(xmlProblems(xml), []);
  assert.match(xml, /<testsuites name="mcptop" tests="5" failures="2" errors="0" time="62.000">/);
  assert.match(xml, /name="node index.js FDs" time="0">\n {6}<failure type="leak" message="FDs \+1.00 per call over 1,800 calls; floor rose in 6 of 6 windows">/);
  assert.match(xml, /<failure type="crit" message="FDs 870\/1024 \(85% of limit\)">/);
  assert.match(xml, /name="node index.js RSS" time="0">\n {6}<system-out>verdict ok<\/system-out>/);
});

test('labels and reasons with markup or control bytes stay well-formed', () => {
  const s = makeServerSummary({
    label: 'srv <&> "q" \u0001', worstStatus: { level: 'ok', reasons: [] },
    metrics: { ...makeServerSummary().metrics, fds: makeMetric({ verdict: 'leak', reason: 'a < b & c' }) },
  });
  const xml = formatJunit(makeSummary({ servers: [s] }));
  assert.deepEqual(xmlProblems(xml), []);
  assert.match(xml, /srv &lt;&amp;&gt; &quot;q&quot; \?/);
  assert.match(xml, /failures="1"/);
});

test('no server watched is a failing case, not an empty pass', () => {
  const xml = formatJunit(makeSummary({ servers: [] }));
  assert.deepEqual(xmlProblems(xml), []);
  assert.match(xml, /tests="1" failures="1"/);
});

test('FD kinds, when read, are cases of their own: a kind leaking fails', () => {
  const s = makeServerSummary({
    fdKinds: {
      socket: makeMetric({ verdict: 'leak', reason: 'socket: FDs +1.00 per call' }),
      pipe: makeMetric({ verdict: 'ok', reason: 'pipe: FDs flat' }),
    },
  });
  const xml = formatJunit(makeSummary({ servers: [s] }));
  assert.deepEqual(xmlProblems(xml), []);
  assert.match(xml, /name="node index.js FDs socket" time="0">\n {6}<failure type="leak" message="socket: FDs \+1.00 per call">/);
  assert.match(xml, /name="node index.js FDs pipe" time="0">\n {6}<system-out>verdict ok: pipe: FDs flat<\/system-out>/);
  assert.match(xml, /tests="7" failures="3"/);
});
