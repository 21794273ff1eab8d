// FD attribution's reader: what each FD of a process tree points at (file, socket ends and state, pipe peer, anon inode
// type), from /proc/PID/fd links and the tree's /proc/PID/net tables; pure parse* helpers for each file format.
import { endianness } from 'node:os';
import { capTargets } from '../core/attribution/fd-targets.js';
import type { FdTargetReader, FdTargetsResult } from '../core/attribution/fd-targets.js';
import type { FdKind } from '../core/types.js';
import { classifyFdLink } from './procfs-parse.js';
import { readFdTargets } from './fd-targets.js';
import { createRealProcReader } from './procfs-reader.js';
import type { ProcReader } from './procfs-reader.js';

/** FDs read per process at most per read: a tree with more is attributed on its first MAX_FDS_READ (bounded cost). */
export const MAX_FDS_READ = 20_000;

export type NetProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface NetSocket {
  readonly proto: 'tcp' | 'udp';
  readonly local: string;
  readonly remote: string;
  readonly localPort: number;
  readonly remotePort: number;
  /** TCP state name (ESTABLISHED, CLOSE_WAIT, LISTEN...); for UDP "connected" or "unconnected". */
  readonly state: string;
}

export interface NetTable {
  /** The wanted sockets found, by inode. */
  readonly sockets: Map<number, NetSocket>;
  /** Ports some socket of this table listens on (any address): a connection on one of them is an accepted one. */
  readonly listenPorts: Set<number>;
}

const TCP_STATES: Readonly<Record<string, string>> = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT',
  '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING', '0C': 'NEW_SYN_RECV',
};

/** Four bytes of a /proc/net address word, in host order, as they lie in memory. */
function wordBytes(hex: string, littleEndian: boolean): number[] {
  const b = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return littleEndian ? b.reverse() : b;
}

/** "0100007F:1F90" -> "127.0.0.1:8080"; IPv6 as "[::1]:8080" (IPv4-mapped shown as IPv4). undefined when malformed. */
export function parseNetAddress(text: string, littleEndian = true): { addr: string; port: number } | undefined {
  const [hex, portHex] = text.split(':');
  if (hex === undefined || portHex === undefined || !/^[0-9A-Fa-f]+$/.test(hex + portHex)) return undefined;
  const port = parseInt(portHex, 16);
  if (hex.length === 8) return { addr: `${wordBytes(hex, littleEndian).join('.')}:${port}`, port };
  if (hex.length !== 32) return undefined;
  const bytes = [0, 8, 16, 24].flatMap((i) => wordBytes(hex.slice(i, i + 8), littleEndian));
  if (bytes.slice(0, 10).every((x) => x === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return { addr: `${bytes.slice(12).join('.')}:${port}`, port };
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  // The longest run of zero groups shortens to "::".
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j === i ? i + 1 : j;
  }
  const ip = bestLen >= 2 ? `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}` : groups.join(':');
  return { addr: `[${ip}]:${port}`, port };
}

/** /proc/net/tcp, tcp6, udp or udp6: the sockets whose inode is wanted, and every listening port. */
export function parseNetTable(text: string, proto: NetProto, wanted: ReadonlySet<number>, littleEndian = true): NetTable {
  const sockets = new Map<number, NetSocket>();
  const listenPorts = new Set<number>();
  const tcp = proto.startsWith('tcp');
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = parseNetAddress(f[1]!, littleEndian);
    const remote = parseNetAddress(f[2]!, littleEndian);
    const st = f[3]!.toUpperCase();
    const inode = Number(f[9]);
    if (local === undefined || remote === undefined) continue;
    if (tcp && st === '0A') listenPorts.add(local.port);
    if (!wanted.has(inode)) continue;
    const state = tcp ? (TCP_STATES[st] ?? `state ${st}`) : remote.port === 0 ? 'unconnected' : 'connected';
    sockets.set(inode, { proto: tcp ? 'tcp' : 'udp', local: local.addr, remote: remote.addr, localPort: local.port, remotePort: remote.port, state });
  }
  return { sockets, listenPorts };
}

export interface UnixSocket {
  /** The bound path ("@name" for the abstract namespace); undefined when unnamed. */
  readonly path?: string;
  readonly type: 'stream' | 'dgram' | 'seqpacket' | 'unix';
  readonly listening: boolean;
  /** UNCONNECTED, CONNECTING, CONNECTED, DISCONNECTING. */
  readonly state: string;
}

const UNIX_TYPES: Readonly<Record<string, UnixSocket['type']>> = { '0001': 'stream', '0002': 'dgram', '0005': 'seqpacket' };
const UNIX_STATES: Readonly<Record<string, string>> = { '01': 'UNCONNECTED', '02': 'CONNECTING', '03': 'CONNECTED', '04': 'DISCONNECTING' };
/** __SO_ACCEPTCON in the Flags column: a listening socket. */
const SO_ACCEPTCON = 0x10000;

/** /proc/net/unix: the wanted sockets by inode. The path is the rest of the line (it may hold spaces). */
export function parseUnixTable(text: string, wanted: ReadonlySet<number>): Map<number, UnixSocket> {
  const out = new Map<number, UnixSocket>();
  for (const line of text.split('\n').slice(1)) {
    const m = /^\s*[0-9A-Fa-f]+:\s+[0-9A-Fa-f]+\s+[0-9A-Fa-f]+\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]+)\s+(\d+)(?: (.*))?$/.exec(line);
    if (!m) continue;
    const inode = Number(m[4]);
    if (!wanted.has(inode)) continue;
    const path = m[5] === undefined || m[5] === '' ? undefined : m[5];
    out.set(inode, {
      path, type: UNIX_TYPES[m[2]!] ?? 'unix', listening: (parseInt(m[1]!, 16) & SO_ACCEPTCON) !== 0,
      state: UNIX_STATES[m[3]!] ?? `state ${m[3]!}`,
    });
  }
  return out;
}

/** The inode in "socket:[123]" / "pipe:[123]"; undefined for other links. */
export function parseLinkInode(link: string): number | undefined {
  const m = /^(?:socket|pipe):\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}

/** "anon_inode:[eventfd]" -> "anon eventfd"; "anon_inode:inotify" -> "anon inotify". */
export function anonTarget(link: string): string {
  return `anon ${link.slice('anon_inode:'.length).replace(/^\[(.*)\]$/, '$1')}`;
}

/**
 * A TCP/UDP socket as a target. The ephemeral end is folded to "*" so a thousand connections to one peer group as one
 * target: the local port when it is not a listening one (an outgoing connection), else the remote port (an accepted one).
 */
export function netTarget(s: NetSocket, listenPorts: ReadonlySet<number>): string {
  if (s.state === 'LISTEN') return `${s.proto} ${s.local} LISTEN`;
  if (s.proto === 'udp' && s.remotePort === 0) return `udp ${s.local}`;
  const fold = (addr: string): string => addr.replace(/:\d+$/, ':*');
  const accepted = listenPorts.has(s.localPort);
  const local = accepted ? s.local : fold(s.local);
  const remote = accepted ? fold(s.remote) : s.remote;
  return `${s.proto} ${local} -> ${remote}${s.proto === 'tcp' ? ` ${s.state}` : ''}`;
}

export function unixTarget(s: UnixSocket): string {
  const where = s.path ?? '(unnamed)';
  return `unix ${s.type} ${where} ${s.listening ? 'LISTEN' : s.state}`;
}

/**
 * A pipe as a target: the other process holding it (one of the tree, or mcptop itself), "both ends" when only this
 * process holds it and twice, else not visible. `holders`: pid -> FDs on this pipe.
 */
export function pipeTarget(pid: number, holders: ReadonlyMap<number, number> | undefined, selfPid: number | undefined): string {
  for (const other of holders?.keys() ?? []) {
    if (other !== pid) return other === selfPid ? 'pipe <-> mcptop' : `pipe <-> pid ${other}`;
  }
  return (holders?.get(pid) ?? 0) >= 2 ? `pipe (both ends in pid ${pid})` : 'pipe (other end not visible)';
}

interface Link { readonly pid: number; readonly fd: number; readonly link: string }

/** One open FD and what it points at (for a pane listing a process's FDs). */
export interface FdTargetEntry {
  readonly pid: number;
  readonly fd: number;
  readonly kind: FdKind;
  /** As in the grouped read: "file /path", "tcp 127.0.0.1:* -> 127.0.0.1:8080 ESTABLISHED", "pipe <-> mcptop"... */
  readonly target: string;
}

/** Reads FD targets from /proc. `selfPid`: mcptop's own pid, whose pipes name the other end of a launched server's stdio. */
export class ProcFdTargetReader implements FdTargetReader {
  private readonly reader: ProcReader;
  private readonly littleEndian = endianness() === 'LE';

  constructor(private readonly selfPid?: number, reader?: ProcReader) {
    this.reader = reader ?? createRealProcReader();
  }

  async read(pids: readonly number[], opts?: { readonly launched?: boolean }): Promise<FdTargetsResult> {
    const links = this.treeLinks(pids);
    if (typeof links !== 'object') return links;
    const groups = new Map<string, { kind: FdKind; count: number }>();
    for (const e of this.describe(links, pids[0]!, opts?.launched !== false)) {
      const g = groups.get(e.target);
      if (g) g.count++;
      else groups.set(e.target, { kind: e.kind, count: 1 });
    }
    return capTargets(groups);
  }

  /** Every FD of the tree with its target, in pid then FD order (at most MAX_FDS_READ per process). */
  async list(pids: readonly number[]): Promise<readonly FdTargetEntry[] | 'denied' | 'gone'> {
    const links = this.treeLinks(pids);
    return typeof links === 'object' ? this.describe(links, pids[0]!) : links;
  }

  private treeLinks(pids: readonly number[]): Link[] | 'denied' | 'gone' {
    const links: Link[] = [];
    let readable = 0;
    let denied = false;
    for (const pid of pids) {
      const got = this.links(pid);
      if (got === 'denied') denied = true;
      if (typeof got !== 'object') continue;
      readable++;
      links.push(...got);
    }
    return readable === 0 ? (denied ? 'denied' : 'gone') : links;
  }

  /** The process's FD links, read by the shared FD-target reader (adapters/fd-targets.ts, also the `l` pane's). */
  private links(pid: number): Link[] | 'denied' | 'gone' {
    const got = readFdTargets(pid, MAX_FDS_READ);
    return typeof got === 'object' ? got.fds.map((f) => ({ pid, fd: f.fd, link: f.target })) : got;
  }

  private describe(links: readonly Link[], rootPid: number, self = true): FdTargetEntry[] {
    const sockets = new Set<number>();
    const pipes = new Map<number, Map<number, number>>();
    for (const { pid, link } of links) {
      const ino = parseLinkInode(link);
      if (ino === undefined) continue;
      if (link.startsWith('socket:')) sockets.add(ino);
      else {
        let holders = pipes.get(ino);
        if (holders === undefined) pipes.set(ino, holders = new Map());
        holders.set(pid, (holders.get(pid) ?? 0) + 1);
      }
    }
    if (self && pipes.size > 0) this.addSelfPipes(pipes);
    const net = sockets.size > 0 ? this.netTables(rootPid, sockets) : undefined;
    return links.map(({ pid, fd, link }) => {
      const kind = classifyFdLink(link);
      return { pid, fd, kind, target: this.target(kind, link, pid, pipes, net) };
    });
  }

  private target(kind: FdKind, link: string, pid: number, pipes: ReadonlyMap<number, ReadonlyMap<number, number>>, net: NetLookup | undefined): string {
    if (kind === 'file') return `file ${link}`;
    if (kind === 'anon_inode') return anonTarget(link);
    const ino = parseLinkInode(link);
    if (kind === 'pipe') return pipeTarget(pid, ino === undefined ? undefined : pipes.get(ino), this.selfPid);
    if (kind === 'socket' && ino !== undefined && net !== undefined) {
      const inet = net.inet.get(ino);
      if (inet) return netTarget(inet, net.listenPorts);
      const unix = net.unix.get(ino);
      if (unix) return unixTarget(unix);
      return 'socket (netlink or other protocol)';
    }
    return kind === 'socket' ? 'socket' : link;
  }

  /** mcptop's own pipes: a launched server's stdin/stdout have their other end here. */
  private addSelfPipes(pipes: Map<number, Map<number, number>>): void {
    if (this.selfPid === undefined) return;
    const own = this.links(this.selfPid);
    if (typeof own !== 'object') return;
    for (const { link } of own) {
      const ino = link.startsWith('pipe:') ? parseLinkInode(link) : undefined;
      const holders = ino === undefined ? undefined : pipes.get(ino);
      holders?.set(this.selfPid, (holders.get(this.selfPid) ?? 0) + 1);
    }
  }

  /** The root's network namespace tables, parsed only for the tree's socket inodes. */
  private netTables(pid: number, wanted: ReadonlySet<number>): NetLookup {
    const inet = new Map<number, NetSocket>();
    const listenPorts = new Set<number>();
    for (const proto of ['tcp', 'tcp6', 'udp', 'udp6'] as const) {
      const text = this.tryRead(`/proc/${pid}/net/${proto}`);
      if (text === undefined) continue;
      const t = parseNetTable(text, proto, wanted, this.littleEndian);
      for (const [k, v] of t.sockets) inet.set(k, v);
      for (const p of t.listenPorts) listenPorts.add(p);
    }
    const unixText = this.tryRead(`/proc/${pid}/net/unix`);
    return { inet, listenPorts, unix: unixText === undefined ? new Map() : parseUnixTable(unixText, wanted) };
  }

  private tryRead(path: string): string | undefined {
    try {
      return this.reader.readText(path);
    } catch {
      return undefined;
    }
  }
}

interface NetLookup {
  readonly inet: ReadonlyMap<number, NetSocket>;
  readonly listenPorts: ReadonlySet<number>;
  readonly unix: ReadonlyMap<number, UnixSocket>;
}
