// Real child processes for adapter tests (an FD-holding child, a sh -> node tree), deadline-bound waiting, and the
// behaviour every ProcessSource backend must show against them.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ProcessSource } from '../../source/core/ports.js';
import { procKey } from '../../source/core/types.js';

export const FD_CHILD = fileURLToPath(new URL('../fixtures/proc/fd-child.js', import.meta.url));
export const PROC_FIXTURES = fileURLToPath(new URL('../fixtures/proc/', import.meta.url));

export const fixtureText = (name: string): string => readFileSync(`${PROC_FIXTURES}${name}`, 'utf8');

/** Polls `probe` until it returns something other than undefined/false, or fails after the deadline. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A node child holding FDs on command; it exits when its stdin closes. */
export interface FdChild {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Sends "open N" / "close N" and resolves with the reply ("ok <held>"). */
  send(cmd: string): Promise<string>;
  /** SIGKILL and wait for the exit (idempotent). */
  stop(): Promise<void>;
}

export interface FdChildOptions {
  /** Runs the child through a wrapper that execs it (e.g. ['prlimit', '--nofile=256:512']). */
  readonly wrapper?: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export async function startFdChild(opts: FdChildOptions = {}): Promise<FdChild> {
  const argv = [...(opts.wrapper ?? []), process.execPath, FD_CHILD];
  const [cmd = process.execPath, ...args] = argv;
  const child = spawn(cmd, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      waiters.shift()?.();
    }
  });
  const nextLine = (): Promise<string> => {
    const ready = lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error('fd child exited before answering'));
      child.once('exit', onExit);
      waiters.push(() => { child.off('exit', onExit); resolve(lines.shift() ?? ''); });
    });
  };
  const stop = (): Promise<void> => stopChild(child);
  try {
    const first = await nextLine();
    if (first !== 'ready') throw new Error(`fd child said ${first}`);
  } catch (err) {
    await stop();
    throw err;
  }
  if (child.pid === undefined) throw new Error('fd child has no pid');
  return {
    pid: child.pid,
    child,
    send: (cmd) => {
      child.stdin?.write(`${cmd}\n`);
      return nextLine();
    },
    stop,
  };
}

/** SIGKILL a child and wait for its exit (idempotent). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** ppid of a pid from /proc (Linux test helper), undefined when gone. */
export function ppidOf(pid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

const commOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
};

/** True when the pid no longer exists or is a zombie waiting for a reaper we do not own. */
export function isGone(pid: number): boolean {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** A `sh -c` wrapper (not exec'ing) with an FD child as its grandchild, in its own process group. */
export interface ShTree {
  readonly shPid: number;
  readonly nodePid: number;
  stop(): Promise<void>;
}

export async function startShTree(): Promise<ShTree> {
  // "; exit 0" keeps sh from exec'ing node, so the tree really has two levels.
  const sh = spawn('sh', ['-c', '"$0" "$1"; exit 0', process.execPath, FD_CHILD], { detached: true, stdio: ['pipe', 'ignore', 'inherit'] });
  const shPid = sh.pid;
  if (shPid === undefined) throw new Error('sh did not start');
  const stop = async (): Promise<void> => {
    const nodes = readdirSync('/proc').filter((n) => /^\d+$/.test(n) && ppidOf(Number(n)) === shPid).map(Number);
    if (sh.exitCode === null && sh.signalCode === null) {
      const exited = once(sh, 'exit');
      try { process.kill(-shPid, 'SIGKILL'); } catch { sh.kill('SIGKILL'); }
      await exited;
    }
    for (const pid of nodes) await waitFor(() => isGone(pid), `grandchild ${pid} to end`);
  };
  try {
    // Until it execs, sh's fork is still called sh: wait for the node it becomes.
    const nodePid = await waitFor(
      () => readdirSync('/proc').map(Number).find((pid) => pid > 0 && ppidOf(pid) === shPid && commOf(pid) === 'node'),
      'the node grandchild of sh',
    );
    return { shPid, nodePid, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Soft RLIMIT_NOFILE of this test process (children inherit it). */
export function ownSoftNofile(): number | undefined {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}

export interface ContractOptions {
  /** The backend keeps argv exactly (Linux); portable ps joins it with spaces. */
  readonly exactArgv: boolean;
}

/** The live checks both backends pass; each test ends every process it started. */
export function backendContract(source: ProcessSource, opts: ContractOptions): void {
  const find = async (pid: number) => (await source.list()).find((e) => e.pid === pid);
  const fdsOf = async (pid: number) => (await source.measure([pid])).get(pid)?.fds;

  test('lists a child with its parent, name, state, owner and start time', async (t) => {
    const spawnedAt = Date.now();
    const c = await startFdChild();
    t.after(() => c.stop());
    const e = await waitFor(() => find(c.pid), 'the child in list()');
    assert.equal(e.ppid, process.pid);
    assert.equal(e.comm, 'node');
    assert.ok(e.state === 'S' || e.state === 'R', `state ${e.state}`);
    assert.equal(e.uid, process.getuid?.());
    assert.equal(e.pgid, (await find(process.pid))?.pgid);
    const started = source.startedAtMs?.(e);
    assert.ok(started !== undefined && Math.abs(started - spawnedAt) < 3000, `started ${started} vs ${spawnedAt}`);
  });

  test('the FD count follows the child exactly', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    await c.send('open 0');
    const base = await fdsOf(c.pid);
    assert.ok(base !== undefined && base >= 3, `base ${base}`);
    assert.equal(await c.send('open 10'), 'ok 10');
    assert.equal(await fdsOf(c.pid), base + 10);
    assert.equal(await c.send('close 5'), 'ok 5');
    assert.equal(await fdsOf(c.pid), base + 5);
    const m = (await source.measure([c.pid])).get(c.pid);
    assert.ok(m?.rssBytes !== undefined && m.rssBytes > 4 * 1024 * 1024, `rss ${m?.rssBytes}`);
    assert.ok(m.vmsBytes !== undefined && m.vmsBytes > m.rssBytes, `vms ${m.vmsBytes}`);
    assert.ok(m.cpuTimeMs !== undefined && m.cpuTimeMs >= 0);
    if (m.threads !== undefined) assert.ok(m.threads >= 2, `threads ${m.threads}`);
  });

  test('fdKinds sees the stdio sockets, the internal pipes and the opened files', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    await c.send('open 4');
    const kinds = await source.fdKinds(c.pid);
    assert.ok(typeof kinds === 'object', `kinds ${String(kinds)}`);
    // Node's stdio "pipes" are socketpairs; libuv keeps anonymous pipes and an epoll FD of its own.
    assert.ok(kinds.socket >= 3, `sockets ${kinds.socket}`);
    assert.ok(kinds.pipe >= 1, `pipes ${kinds.pipe}`);
    assert.ok(kinds.anon_inode >= 1, `anon ${kinds.anon_inode}`);
    assert.ok(kinds.file >= 4, `files ${kinds.file}`);
    const sum = kinds.socket + kinds.pipe + kinds.anon_inode + kinds.file + kinds.other;
    assert.equal(sum, await fdsOf(c.pid));
  });

  test('a child that exits is absent from list() and measure()', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    await waitFor(() => find(c.pid), 'the child in list()');
    await c.stop();
    assert.equal(await find(c.pid), undefined);
    assert.equal((await source.measure([c.pid])).has(c.pid), false);
    assert.equal(await source.fdKinds(c.pid), 'gone');
    assert.equal(await source.cmdline(c.pid), undefined);
  });

  test('a sh -c wrapper and its node grandchild are linked by ppid', async (t) => {
    const tree = await startShTree();
    t.after(() => tree.stop());
    const all = await source.list();
    const sh = all.find((e) => e.pid === tree.shPid);
    const node = all.find((e) => e.pid === tree.nodePid);
    assert.equal(sh?.ppid, process.pid);
    assert.equal(sh.comm, 'sh');
    assert.equal(node?.ppid, tree.shPid);
    assert.equal(node.comm, 'node');
    assert.equal(node.pgid, tree.shPid, 'detached sh leads its own group');
  });

  test('cmdline gives argv', async (t) => {
    const c = await startFdChild();
    t.after(() => c.stop());
    const argv = await source.cmdline(c.pid);
    if (opts.exactArgv) assert.deepEqual(argv, [process.execPath, FD_CHILD]);
    else assert.deepEqual(argv?.slice(0, 2), [process.execPath, FD_CHILD]);
  });

  test('fdLimit reads the soft limit a child was started with', async (t) => {
    const sleeper = spawn('prlimit', ['--nofile=256:512', 'sleep', '600'], { stdio: 'ignore' });
    t.after(() => stopChild(sleeper));
    const pid = sleeper.pid;
    assert.ok(pid !== undefined);
    // prlimit execs sleep in place: wait until the limit is on the same pid with sleep's name.
    await waitFor(async () => (await find(pid))?.comm === 'sleep', 'prlimit to exec sleep');
    assert.equal(await source.fdLimit(pid), 256);
    // Node raises its own soft limit to the hard one at startup, so a node server under 256:512 really has 512.
    const low = await startFdChild({ wrapper: ['prlimit', '--nofile=256:512'] });
    t.after(() => low.stop());
    assert.equal(await source.fdLimit(low.pid), 512);
    const plain = await startFdChild();
    t.after(() => plain.stop());
    assert.equal(await source.fdLimit(plain.pid), ownSoftNofile());
  });

  test('two successive children have different identities', async (t) => {
    const a = await startFdChild();
    t.after(() => a.stop());
    const ea = await waitFor(() => find(a.pid), 'first child');
    await a.stop();
    const b = await startFdChild();
    t.after(() => b.stop());
    const eb = await waitFor(() => find(b.pid), 'second child');
    assert.notEqual(procKey(ea), procKey(eb));
    assert.ok(eb.startTime >= ea.startTime);
  });

  test('environment gives the working directory', async (t) => {
    const c = await startFdChild({ cwd: tmpdir(), env: { MCPTOP_PROC_TEST: 'yes' } });
    t.after(() => c.stop());
    const env = await source.environment?.(c.pid);
    assert.equal(env?.cwd, tmpdir());
    if (env.env !== undefined) assert.equal(env.env.MCPTOP_PROC_TEST, 'yes');
  });
}
