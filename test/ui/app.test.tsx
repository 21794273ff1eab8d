import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerView } from '../../source/core/types.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { makeChurn, makeProcess, makeServer, makeSeries, makeSnapshot, makeStress } from '../helpers/snapshots.js';
import { mount } from './app-helpers.js';
import { KEYS, lines } from './wait.js';

const three = (): ServerView[] => [
  makeServer({ pid: 101, label: 'alpha-server', latest: { fds: 10 } }),
  makeServer({
    pid: 202, label: 'beta-server', latest: { fds: 30 }, status: { level: 'crit', reasons: ['FDs 870/1024 (85% of limit)'] },
    processes: [makeProcess({ pid: 202, comm: 'npx' }), makeProcess({ pid: 203, ppid: 202, depth: 1, comm: 'childproc' })],
  }),
  makeServer({ pid: 303, label: 'gamma-server', latest: { fds: 20 }, fdKinds: 'denied' }),
];

/** Labels of the table rows in screen order. */
const order = (frame: string): string[] =>
  lines(frame).map((l) => /^[› ] (\w+-server)/.exec(l)?.[1]).filter((x): x is string => x !== undefined);
const selectedLine = (frame: string): string => lines(frame).find((l) => l.startsWith('›')) ?? '';

describe('App', () => {
  test('configured servers with no running process are named in the header as not running', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three(), notRunning: ['cursor/memory', 'vscode/git'] })));
    t.after(h.unmount);
    assert.match(h.frame(), /not running: cursor\/memory, vs/, "(the 100-column test terminal cuts the rest)");
  });

  test('rows appear, sorted by FDs, with the selection on the first', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three() })));
    t.after(h.unmount);
    assert.deepEqual(order(h.frame()), ['beta-server', 'gamma-server', 'alpha-server']);
    assert.match(selectedLine(h.frame()), /beta-server\s+202\s+30\b.*CRIT/);
    assert.match(h.frame(), /CPU%1c/);
    assert.match(h.frame(), /status CRIT: FDs 870\/1024/);
    for (const l of lines(h.frame())) assert.ok(Array.from(l).length <= 100, l);
  });

  test('selection moves with j and arrows, and the Monitor is told the focus', async (t) => {
    const monitor = new FakeMonitor(makeSnapshot({ servers: three() }));
    const h = await mount(monitor);
    t.after(h.unmount);
    h.press('j');
    await h.until((f) => selectedLine(f).includes('gamma-server'), 'j selects gamma');
    h.press(KEYS.down);
    await h.until((f) => selectedLine(f).includes('alpha-server'), 'down selects alpha');
    h.press(KEYS.up);
    await h.until((f) => selectedLine(f).includes('gamma-server'), 'up selects gamma');
    h.press(KEYS.up);
    await h.until((f) => selectedLine(f).includes('beta-server'), 'up selects beta');
    h.press('G');
    await h.until((f) => selectedLine(f).includes('alpha-server'), 'G selects the last');
    // Effects run after the frame is written.
    await h.until(() => monitor.focusCalls.at(-1) === '101@1101', 'focus follows');
    assert.deepEqual(monitor.focusCalls.filter((k, i, a) => k !== a[i - 1]), ['202@1202', '303@1303', '101@1101', '303@1303', '202@1202', '101@1101']);
  });

  test('Enter expands the processes, ← collapses', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three() })));
    t.after(h.unmount);
    assert.doesNotMatch(h.frame(), /childproc/);
    h.press(KEYS.enter);
    await h.until((f) => f.includes('childproc'), 'child process row');
    assert.match(h.frame(), /^ {4}└ childproc\s+203\b/m);
    h.press(KEYS.left);
    await h.until((f) => !/└ childproc/.test(f), 'collapsed');
  });

  test('keys arriving in one chunk (tmux send-keys, paste) are replayed one by one', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three() })));
    t.after(h.unmount);
    h.press('jj\r');
    await h.until((f) => /^ {2}└ node\s+101\b/m.test(f), 'third row expanded');
    assert.match(selectedLine(h.frame()), /alpha-server/);
  });

  test('o changes the sort column, O reverses', async (t) => {
    const servers = three().map((s, i) => ({ ...s, latest: { ...s.latest!, rssBytes: [3e6, 1e6, 2e6][i] } }));
    const h = await mount(new FakeMonitor(makeSnapshot({ servers })));
    t.after(h.unmount);
    assert.deepEqual(order(h.frame()), ['beta-server', 'gamma-server', 'alpha-server']);
    h.press('O');
    await h.until((f) => order(f)[0] === 'alpha-server', 'reversed');
    assert.deepEqual(order(h.frame()), ['alpha-server', 'gamma-server', 'beta-server']);
    h.press('o');
    await h.until((f) => /▼RSS/.test(f), 'sorted by rss');
    assert.deepEqual(order(h.frame()), ['alpha-server', 'gamma-server', 'beta-server']);
  });

  test('m switches the chart between FDs and RSS', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three() })));
    t.after(h.unmount);
    assert.match(h.frame(), /FDs over the last 4 samples/);
    h.press('m');
    await h.until((f) => /RSS over the last 4 samples/.test(f), 'RSS chart');
    assert.match(h.frame(), /M ┤/);
  });

  test('p freezes the view while the Monitor keeps pushing; p again thaws', async (t) => {
    const monitor = new FakeMonitor(makeSnapshot({ servers: three() }));
    const h = await mount(monitor);
    t.after(h.unmount);
    h.press('p');
    await h.until((f) => f.includes('PAUSED'), 'PAUSED marker');
    monitor.push(makeSnapshot({ servers: three().map((s) => ({ ...s, latest: { ...s.latest!, fds: 777 } })) }));
    h.press('m');
    await h.until((f) => f.includes('RSS over'), 'a render after the push');
    assert.doesNotMatch(h.frame(), /777/);
    assert.match(selectedLine(h.frame()), /\b30\b/);
    h.press(' ');
    await h.until((f) => !f.includes('PAUSED') && f.includes('777'), 'live data back');
  });

  test('live snapshots re-render without a key', async (t) => {
    const monitor = new FakeMonitor(makeSnapshot({ servers: three() }));
    const h = await mount(monitor);
    t.after(h.unmount);
    monitor.push(makeSnapshot({ servers: [...three(), makeServer({ pid: 404, label: 'delta-server', latest: { fds: 999 } })] }));
    await h.until((f) => order(f)[0] === 'delta-server', 'new server on top');
  });

  test('? shows the help overlay generated from the keymap; Esc closes it', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three() })));
    t.after(h.unmount);
    assert.match(h.frame(), /q quit +↑↓ move/);
    h.press('?');
    await h.until((f) => f.includes('mcptop keys'), 'help overlay');
    assert.match(h.frame(), /PgUp/);
    assert.match(h.frame(), /clean up orphans/);
    h.press(KEYS.escape);
    await h.until((f) => !f.includes('mcptop keys') && f.includes('beta-server'), 'table back');
  });

  test('q and Ctrl+C call onQuit', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three() })));
    t.after(h.unmount);
    h.press('q');
    await h.until(() => h.quits.count === 1, 'q quits');
    h.press(KEYS.ctrlC);
    await h.until(() => h.quits.count === 2, 'Ctrl+C quits');
  });

  test('only the rows that fit are rendered, and scrolling follows the selection', async (t) => {
    const servers = Array.from({ length: 40 }, (_, i) => makeServer({ pid: 1000 + i, label: `s${String(i).padStart(2, '0')}-server`, latest: { fds: 100 - i } }));
    const h = await mount(new FakeMonitor(makeSnapshot({ servers })));
    t.after(h.unmount);
    const shown = order(h.frame());
    assert.ok(shown.length > 3 && shown.length < 20, `rendered ${shown.length} rows`);
    assert.equal(shown[0], 's00-server');
    assert.ok(lines(h.frame()).length <= 23);
    assert.match(h.frame(), new RegExp(`1-${shown.length}/40`));
    h.press(KEYS.end);
    await h.until((f) => selectedLine(f).includes('s39-server'), 'End shows the last row');
    assert.ok(!order(h.frame()).includes('s00-server'));
    h.press(KEYS.pageUp);
    await h.until((f) => !selectedLine(f).includes('s39-server'), 'PgUp moves up');
    h.resize(60);
    await h.until((f) => order(f).length > shown.length + 10, 'a taller terminal shows more rows');
  });

  test("'denied' FD kinds show no permission; exited servers say exited", async (t) => {
    const servers = [...three(), makeServer({ pid: 505, label: 'dead-server', alive: false, latest: { fds: 1 } })];
    const h = await mount(new FakeMonitor(makeSnapshot({ servers })));
    t.after(h.unmount);
    h.press('j');
    await h.until((f) => f.includes('fds by kind: no permission'), 'no permission');
    assert.match(h.frame(), /dead-server\s+505.*exited/);
  });

  test('the stress panel shows load and churn figures', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: three(), stress: makeStress(), churn: makeChurn() })));
    t.after(h.unmount);
    assert.match(h.frame(), /LOAD running\s+round 2\/3 .* 600\/1,200\s+410\.2\/s\s+p50 3\.2ms p95 12ms p99 40ms/);
    assert.match(h.frame(), /timeout 2 jsonrpc 0 toolError 1 closed 0 garbage 0 other 0/);
    assert.match(h.frame(), /CHURN running\s+mode eof\s+cycle 12\/50/);
    assert.match(h.frame(), /survivors 2\s+zombies 0\s+EOF exit 11\/12 \(92%\)\s+mcptop fds 23→24 \(\+1\)/);
  });

  test('unmounting unsubscribes from the Monitor', async () => {
    const monitor = new FakeMonitor(makeSnapshot({ servers: three() }));
    const h = await mount(monitor);
    assert.equal(monitor.listenerCount, 1);
    h.unmount();
    assert.equal(monitor.listenerCount, 0);
  });

  test('gaps in the series do not break the chart or the sparklines', async (t) => {
    const s = makeServer({ pid: 9, label: 'gappy-server', series: makeSeries([undefined, 3, undefined, undefined, 9, 12]) });
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: [s] })));
    t.after(h.unmount);
    assert.match(h.frame(), /FDs over the last 6 samples/);
    assert.match(h.frame(), /12 ┤/);
  });
});
