// Zero-config discovery state: per-identity host and stdin facts, the auto match, each server's host and stdin verdict.
import { isStdioLink, isWrapper, knownHost, mcpServerWord, parseStdinLink, stdinPeerReason } from './discovery-rules.js';
import type { HostName, PeerHolder, StdinFacts, StdinLink } from './discovery-rules.js';
import type { DiscoveredServer, TreeMember } from './discovery.js';
import { shortLabel } from './label.js';
import { rootOf } from './proc-tree.js';
import type { StdinPeerSource } from './ports.js';
import { procKey } from './types.js';
import type { ProcEntry, ProcKey } from './types.js';

/** The host a server runs under: the nearest ancestor that is a known MCP host. */
export interface HostRef {
  readonly name: HostName;
  readonly pid: number;
}

/** How many ancestors a host or peer search walks (a deeper chain is treated as having none). */
const MAX_CHAIN = 64;

type ArgvOf = (key: ProcKey) => readonly string[] | undefined;

export class AutoDiscovery {
  /** Host of each process identity whose argv was read (null: not a host). Pruned to live processes each tick. */
  private readonly hosts = new Map<ProcKey, HostName | null>();
  private readonly stdin = new Map<ProcKey, StdinLink>();
  /** Per server root: the ancestry + members it was judged with, and the reason (undefined: fine). */
  private readonly peers = new Map<ProcKey, { chain: readonly number[]; members: readonly TreeMember[]; reason: string | undefined }>();

  /** `configured`: whether a command line runs a server from a client config (rule 1). */
  constructor(private readonly io: StdinPeerSource | undefined, private readonly configured?: (argv: readonly string[]) => boolean) {}

  /** Forgets identities that are gone: every cache here is bounded by the live process table. */
  prune(present: ReadonlySet<ProcKey>): void {
    // forEach, not for-of: every tick over every identity held, where unoptimised for-of allocates per step.
    const sweep = (_: unknown, k: ProcKey, m: Map<ProcKey, unknown>): void => { if (!present.has(k)) m.delete(k); };
    this.hosts.forEach(sweep);
    this.stdin.forEach(sweep);
    this.peers.forEach(sweep);
  }

  /** Before discovery: read the stdin of each new child of a host (rule 3), once per identity. */
  prepare(entries: readonly ProcEntry[], byPid: ReadonlyMap<number, ProcEntry>, argvOf: ArgvOf): void {
    for (const e of entries) {
      const parent = byPid.get(e.ppid);
      if (parent === undefined || this.hostOf(parent, argvOf) === undefined || this.hostOf(e, argvOf) !== undefined) continue;
      const key = procKey(e);
      if (!this.stdin.has(key)) this.stdin.set(key, parseStdinLink(this.io?.stdinLink(e.pid)));
    }
  }

  /** The host a process is part of; computed once per identity once its argv is known. */
  hostOf(e: ProcEntry, argvOf: ArgvOf): HostName | undefined {
    const key = procKey(e);
    const known = this.hosts.get(key);
    if (known !== undefined) return known ?? undefined;
    const argv = argvOf(key);
    const host = knownHost(argv, e.comm) ?? null;
    if (argv !== undefined) this.hosts.set(key, host);
    return host ?? undefined;
  }

  /** Rules 1-3 of discovery-rules.ts. */
  accept(e: ProcEntry, byPid: ReadonlyMap<number, ProcEntry>, argvOf: ArgvOf): boolean {
    if (this.hostOf(e, argvOf) !== undefined) return false;
    const argv = argvOf(procKey(e));
    if (argv !== undefined && argv.length > 0 && this.configured?.(argv) === true) return true;
    if (mcpServerWord(argv) !== undefined) return true;
    const parent = byPid.get(e.ppid);
    const link = this.stdin.get(procKey(e));
    return parent !== undefined && link !== undefined && isStdioLink(link) && this.hostOf(parent, argvOf) !== undefined;
  }

  /** The nearest ancestor of the server's root that is a known host. */
  hostAbove(root: ProcEntry, byPid: ReadonlyMap<number, ProcEntry>, argvOf: ArgvOf): HostRef | undefined {
    let p = byPid.get(root.ppid);
    for (let i = 0; p !== undefined && p.pid > 1 && i < MAX_CHAIN; i++) {
      const host = this.hostOf(p, argvOf);
      if (host !== undefined) return { name: host, pid: p.pid };
      p = p.ppid === p.pid ? undefined : byPid.get(p.ppid);
    }
    return undefined;
  }

  /**
   * Why a server's stdin is a dead end (gone, or held only by a wrapper), judged again only when its root's ancestry or
   * its members change: the root's fd 0 is read and its ancestors' FDs searched for the other end.
   */
  stdinReason(server: DiscoveredServer, byPid: ReadonlyMap<number, ProcEntry>, argvOf: ArgvOf, selfPid: number): string | undefined {
    if (this.io === undefined || server.launched) return undefined;
    const root = rootOf(server);
    if (root === undefined) return this.peers.get(server.key)?.reason;
    const cached = this.peers.get(server.key);
    if (cached !== undefined && sameKeys(cached.members, server.members) && sameChain(cached.chain, root, byPid)) return cached.reason;
    const chain: ProcEntry[] = [];
    for (let p = byPid.get(root.ppid); p !== undefined && p.pid > 1 && chain.length < MAX_CHAIN; p = p.ppid === p.pid ? undefined : byPid.get(p.ppid)) chain.push(p);
    if (chain.some((p) => p.pid === selfPid)) return undefined; // mcptop's own children: mcptop holds their stdin
    // A shell pipeline's writer (`cat | server`) is a sibling in the root's process group, not an ancestor.
    const members = new Set(server.members.map((m) => m.entry.pid));
    const group: ProcEntry[] = [];
    if (root.pgid !== undefined && root.pgid > 1) {
      // Never mcptop itself: it holds no pipe to a server it did not launch, and its own FDs include the ones it holds
      // to read every watched process (two each), which a search per server would read again and again.
      for (const e of byPid.values()) {
        if (e.pgid === root.pgid && e.pid !== selfPid && !members.has(e.pid) && !chain.includes(e) && group.length < MAX_CHAIN) group.push(e);
      }
    }
    const reason = this.judge(root, [...chain, ...group], server, argvOf);
    this.peers.set(server.key, { chain: chain.map((p) => p.pid), members: server.members, reason });
    return reason;
  }

  private judge(root: ProcEntry, chain: readonly ProcEntry[], server: DiscoveredServer, argvOf: ArgvOf): string | undefined {
    const io = this.io;
    if (io === undefined) return undefined;
    const stdin = parseStdinLink(io.stdinLink(root.pid));
    if (!isStdioLink(stdin)) return undefined;
    const nameOf = (e: ProcEntry): string => shortLabel(argvOf(procKey(e)), e.comm);
    const wrapperOf = (e: ProcEntry): boolean => isWrapper(argvOf(procKey(e)), e.comm);
    const peer = this.peerOf(stdin, chain, nameOf, (e) => wrapperOf(e) && this.hostOf(e, argvOf) === undefined);
    // A wrapper held by nothing: does it feed a child a pipe of its own (so the child never sees EOF)?
    let fedByRoot: StdinFacts['fedByRoot'];
    const rootIsWrapper = wrapperOf(root);
    if (peer === 'gone' && rootIsWrapper) {
      for (const m of server.members) {
        if (m.entry.ppid !== root.pid) continue;
        const link = parseStdinLink(io.stdinLink(m.entry.pid));
        if (isStdioLink(link) && link.inode !== stdin.inode && io.holdsPeer(root.pid, link) === true) {
          fedByRoot = { pid: m.entry.pid, name: nameOf(m.entry) };
          break;
        }
      }
    }
    return stdinPeerReason({ rootPid: root.pid, rootName: nameOf(root), rootIsWrapper, stdin, peer, ...(fedByRoot ? { fedByRoot } : {}) });
  }

  /**
   * Up the chain (then the root's process group): who holds the other end, following wrappers (a wrapper's end is
   * only as alive as its own stdin).
   */
  private peerOf(stdin: StdinLink, chain: readonly ProcEntry[], nameOf: (e: ProcEntry) => string,
    wrapper: (e: ProcEntry) => boolean): StdinFacts['peer'] {
    const io = this.io;
    let want = stdin;
    let holder: PeerHolder | undefined;
    for (let i = 0; i < chain.length; i++) {
      const a = chain[i];
      if (a === undefined || io === undefined) break;
      const holds = io.holdsPeer(a.pid, want);
      if (holds === undefined) return 'unknown';
      if (!holds) continue;
      if (!wrapper(a)) return 'live';
      holder = { pid: a.pid, name: nameOf(a), wrapper: true };
      want = parseStdinLink(io.stdinLink(a.pid));
      // A wrapper run from a terminal or a file: its children's stdin is alive as long as it is.
      if (!isStdioLink(want)) return 'live';
    }
    return holder ?? 'gone';
  }
}

/** The same members, by identity, in the same order. */
function sameKeys(a: readonly TreeMember[], b: readonly TreeMember[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.key !== b[i]?.key) return false;
  return true;
}

/** The root's ancestry (walked as stdinReason walks it) is still these pids; nothing is allocated. */
function sameChain(chain: readonly number[], root: ProcEntry, byPid: ReadonlyMap<number, ProcEntry>): boolean {
  let i = 0;
  for (let p = byPid.get(root.ppid); p !== undefined && p.pid > 1 && i < MAX_CHAIN; p = p.ppid === p.pid ? undefined : byPid.get(p.ppid)) {
    if (chain[i] !== p.pid) return false;
    i++;
  }
  return i === chain.length;
}
