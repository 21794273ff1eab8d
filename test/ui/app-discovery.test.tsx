// The App in zero-config discovery: host groups, the "nothing found" screen and its demo key, `/` filter, `t`, F-keys,
// mouse reports, hiding exited rows, and the `l` pane.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import type { ServerView } from '../../source/core/types.js';
import { App } from '../../source/ui/App.js';
import type { TuiInspect } from '../../source/ui/inspect/port.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { makeProcess, makeServer, makeSnapshot } from '../helpers/snapshots.js';
import { mount } from './app-helpers.js';
import { KEYS, lines, waitFor } from './wait.js';

const discovery = { lookedFor: ['processes running a server from your MCP client configs', 'command lines like mcp-server-*'] };
const hosted = (): ServerView[] => [
  makeServer({ pid: 4101, label: 'cursor/fs', command: 'npx -y @modelcontextprotocol/server-filesystem /a', host: { name: 'cursor', pid: 4100 }, latest: { fds: 30 },
    processes: [makeProcess({ pid: 4101, comm: 'npx' }), makeProcess({ pid: 4102, ppid: 4101, depth: 1, comm: 'node' })] }),
  makeServer({ pid: 4103, label: 'cursor/fs', command: 'npx -y @modelcontextprotocol/server-filesystem /a', host: { name: 'cursor', pid: 4100 }, latest: { fds: 20 } }),
  makeServer({ pid: 200, label: 'git-mcp', command: 'git-mcp', latest: { fds: 10 }, stdinPeer: 'stdin peer gone (pipe:[5] has no other end)' }),
  makeServer({ pid: 300, label: 'gone-srv', command: 'node gone.js', alive: false, latest: { fds: 5 } }),
];
const selectedLine = (frame: string): string => lines(frame).find((l) => l.startsWith('›')) ?? '';

describe('App: zero-config discovery', () => {
  test('rows grouped by host with counts, "no host" last, the stdin flag and its reason', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: hosted(), discovery, tick: 3 })));
    t.after(h.unmount);
    const ls = lines(h.frame());
    const cursor = ls.findIndex((l) => l.includes('── cursor (pid 4100): 2 servers, 1 duplicated'));
    const none = ls.findIndex((l) => l.includes('── no host: 1 server, 1 exited'));
    const git = ls.findIndex((l) => l.includes('git-mcp'));
    assert.ok(cursor >= 0 && none > cursor && git > none, h.frame());
    assert.match(selectedLine(h.frame()), /cursor\/fs\s+4101/, 'the selection skips the group title');
    assert.match(ls[git] ?? '', /\bstdin\b/, 'FLAGS column');
    h.press(KEYS.end);
    await h.until((f) => /stdin peer gone/.test(f) || /gone-srv/.test(selectedLine(f)), 'moved down');
  });

  test('nothing found: says so, what it looked for, and d starts the demo', async (t) => {
    let demo = 0;
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: [], discovery, tick: 2 })), { actions: { startDemo: async () => { demo++; } } });
    t.after(h.unmount);
    assert.match(h.frame(), /No MCP servers found on this machine/);
    assert.match(h.frame(), /mcp-server-\*/);
    assert.match(h.frame(), /Press d to start the demo/);
    h.press('d');
    await waitFor(() => demo === 1, 'startDemo called');
  });

  test('/ filters incrementally by label or command, Enter keeps it, Esc clears it; H hides exited rows', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: hosted(), discovery, tick: 3 })));
    t.after(h.unmount);
    await h.type(['/', 'g', 'i', 't'], (f) => !f.includes('cursor/fs') && f.includes('git-mcp'), 'filtered to git');
    assert.match(h.frame(), /\/git_/);
    await h.type([KEYS.enter], (f) => /filter: \/git/.test(f), 'filter kept');
    await h.type(['/', KEYS.escape], (f) => f.includes('cursor/fs'), 'filter cleared');
    assert.ok(h.frame().includes('gone-srv'));
    await h.type(['H'], (f) => !f.includes('gone-srv'), 'exited hidden');
  });

  test('t expands and collapses every tree; F1 opens help; F6 and < change the sort; F10 quits', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: hosted(), discovery, tick: 3 })));
    t.after(h.unmount);
    await h.type(['t'], (f) => /└ node\s+4102/.test(f), 'expanded');
    await h.type(['t'], (f) => !/└ node\s+4102/.test(f), 'collapsed');
    await h.type(['\u001BOP'], (f) => /mcptop keys/.test(f), 'help on F1');
    assert.match(h.frame(), /F10/);
    await h.type(['\u001BOP'], (f) => !/mcptop keys/.test(f), 'help closed on F1');
    await h.type(['\u001B[17~'], (f) => /▼RSS/.test(f), 'F6: next sort column');
    await h.type(['<'], (f) => /▼FDS/.test(f), '<: previous sort column');
    h.press('\u001B[21~');
    await waitFor(() => h.quits.count === 1, 'F10 quits');
  });

  test('mouse: a click selects the row under it, the wheel moves the selection', async (t) => {
    const h = await mount(new FakeMonitor(makeSnapshot({ servers: hosted(), discovery, tick: 3 })));
    t.after(h.unmount);
    const row = lines(h.frame()).findIndex((l) => l.includes('git-mcp'));
    await h.type([`\u001B[<0;5;${row + 1}M`], (f) => /git-mcp/.test(selectedLine(f)), 'clicked row selected');
    await h.type(['\u001B[<64;5;5M'], (f) => /cursor\/fs\s+4103/.test(selectedLine(f)), 'wheel up: the row above');
  });
});

describe('App: the l pane', () => {
  test('lists the selected process\'s FDs with targets; l again closes it', async (t) => {
    const inspect: TuiInspect = {
      fds: () => ({ fds: [{ fd: 0, target: 'pipe:[77]', kind: 'pipe' }, { fd: 3, target: '/var/log/x.log', kind: 'file' }], total: 2 }),
      env: async () => ({ HOME: '/home/u', API_TOKEN: '***' }),
    };
    const monitor = new FakeMonitor(makeSnapshot({ servers: hosted(), discovery, tick: 3 }));
    const r = render(<App monitor={monitor} onQuit={() => undefined} inspect={inspect} />);
    t.after(() => { r.unmount(); r.cleanup(); });
    const frame = (): string => r.lastFrame() ?? '';
    await waitFor(() => r.stdin.listenerCount('readable') > 0, 'listening');
    await new Promise((res) => setImmediate(res));
    r.stdin.write('l');
    await waitFor(() => /open FDs of pid 4101/.test(frame()) && /3\s+file\s+\/var\/log\/x\.log/.test(frame()), () => frame());
    r.stdin.write('e');
    await waitFor(() => /environment of pid 4101/.test(frame()) && /API_TOKEN=\*\*\*/.test(frame()), () => frame());
    r.stdin.write('e');
    await waitFor(() => /FDs over the last/.test(frame()), () => frame());
  });
});
