// The FD target reader against real children: a file opened again and again, TCP connections to a local listener,
// and mcptop's own end of a child's stdio pipes; growth against the first read names the path and the peer.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProcFdTargetReader } from '../../source/adapters/fd-attribution.js';
import { growingTargets } from '../../source/core/attribution/fd-targets.js';
import type { FdTargetCount } from '../../source/core/attribution/fd-targets.js';
import { stopChild, waitFor } from '../helpers/proc-fixtures.js';

const LEAKER = fileURLToPath(new URL('../fixtures/attribution/fd-leaker.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mcptop-fdt-'));
const sockets: Socket[] = [];
const listener = createServer((s) => { sockets.push(s); });
const children: ReturnType<typeof spawn>[] = [];
after(async () => {
  for (const c of children) await stopChild(c);
  for (const s of sockets) s.destroy();
  await new Promise((r) => listener.close(r));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A real pipe (Node's own 'pipe' stdio is a socketpair) whose write end this process holds: the pipe of
 * `sleep 300 | sleep 300`, reopened through /proc. Does not depend on what this test's own stderr happens to be.
 */
async function ownPipeEnd(): Promise<number> {
  const sh = spawn('sh', ['-c', 'sleep 300 | sleep 300'], { stdio: 'ignore' });
  children.push(sh);
  const writer = await waitFor(() => {
    const kids = readFileSync(`/proc/${sh.pid}/task/${sh.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.find((k) => { try { return readlinkSync(`/proc/${k}/fd/1`).startsWith('pipe:'); } catch { return false; } });
  }, 'the writing end of sleep | sleep');
  const fd = openSync(`/proc/${writer}/fd/1`, 'w');
  after(() => { // the sleeps first: sh ends with them
    closeSync(fd);
    for (const k of readFileSync(`/proc/${sh.pid}/task/${sh.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      try { process.kill(Number(k), 'SIGTERM'); } catch { /* gone */ }
    }
  });
  return fd;
}

/** The leaker child and a way to send it one command and read its one-line answer. Its stderr: `stderr`, else ignored. */
async function leaker(stderr: number | 'ignore' = 'ignore'): Promise<{ pid: number; send: (cmd: string) => Promise<string> }> {
  const child = spawn(process.execPath, [LEAKER], { stdio: ['pipe', 'pipe', stderr] });
  children.push(child);
  child.stdout!.setEncoding('utf8');
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  let buf = '';
  child.stdout!.on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    lines.push(...parts);
    wake?.();
  });
  const next = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((r) => { wake = r; });
    return lines.shift()!;
  };
  assert.equal(await next(), 'ready');
  return { pid: child.pid!, send: (cmd) => { child.stdin!.write(`${cmd}\n`); return next(); } };
}

const read = async (r: ProcFdTargetReader, pid: number): Promise<readonly FdTargetCount[]> => {
  const got = await r.read([pid]);
  assert.equal(typeof got, 'object', `read of ${pid}: ${String(got)}`);
  return got as readonly FdTargetCount[];
};

test('a file opened 25 more times is named by its path, with the count', async () => {
  const path = join(dir, 'data.json');
  writeFileSync(path, '{}');
  const c = await leaker(await ownPipeEnd());
  const r = new ProcFdTargetReader(process.pid);
  const base = await read(r, c.pid);
  assert.equal(await c.send(`file ${path} 25`), 'ok 25');
  const grew = growingTargets(base, await read(r, c.pid));
  assert.deepEqual(grew[0], { target: `file ${path}`, kind: 'file', baseline: 0, count: 25, growth: 25 });
  // Its stderr is a pipe whose write end this process holds too.
  assert.ok(base.some((g) => g.target === 'pipe <-> mcptop'), JSON.stringify(base));
  // A tree mcptop did not launch: mcptop's own FDs are not read, so the same pipe is not traced to it.
  const notLaunched = await r.read([c.pid], { launched: false });
  assert.ok(typeof notLaunched === 'object');
  assert.ok(!notLaunched.some((g) => g.target === 'pipe <-> mcptop'), JSON.stringify(notLaunched));
  assert.ok(notLaunched.some((g) => g.target === 'pipe (other end not visible)'), JSON.stringify(notLaunched));
  // The same targets per FD, in FD order (for a pane listing open FDs).
  const list = await r.list([c.pid]);
  assert.ok(typeof list === 'object');
  const files = list.filter((e) => e.target === `file ${path}`);
  assert.equal(files.length, 25);
  assert.deepEqual(list.map((e) => e.fd), [...list.map((e) => e.fd)].sort((a, b) => a - b));
  // Node gives a child's 'pipe' stdio as a Unix socketpair.
  assert.equal(list[0]?.target, 'unix stream (unnamed) CONNECTED', 'fd 0 is stdin, a socketpair from this process');
});

test('TCP connections to a local listener are named by the peer and state, the ephemeral port folded', async () => {
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  const port = (listener.address() as { port: number }).port;
  const c = await leaker();
  const r = new ProcFdTargetReader(process.pid);
  const base = await read(r, c.pid);
  assert.equal(await c.send(`tcp ${port} 12`), 'ok 12');
  const grew = growingTargets(base, await read(r, c.pid));
  assert.equal(grew[0]?.target, `tcp 127.0.0.1:* -> 127.0.0.1:${port} ESTABLISHED`);
  assert.equal(grew[0]?.growth, 12);
});

test('a pid that is gone reads as gone, never as no FDs', async () => {
  const r = new ProcFdTargetReader();
  assert.equal(await r.read([2 ** 22 + 7]), 'gone');
});
