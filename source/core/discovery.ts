// Which processes form which server, tick by tick: target matching, exclusion of mcptop itself, sticky trees.
//
// Rules (shared/CLI.md; how one process matches a target is in match.ts):
// - mcptop, its ancestors and its own descendants are never matched; processes attached as launched are the one
//   exception (with their trees). An own descendant stays excluded after it is re-parented (a churn survivor).
// - A matched process below a member of a server joins that server; otherwise it roots a new server.
// - Membership is sticky until the process exits, even when re-parented (an npx wrapper exits, its node child
//   is orphaned to PID 1 and stays in the tree). Identity is (pid, start time): a reused PID is a new process.
import type { Targets } from './config.js';
import { matchesTargets } from './match.js';
import { ancestorPids, indexProcs } from './proc-tree.js';
import type { ProcIndex } from './proc-tree.js';
import { pidOfKey, procKey } from './types.js';
import type { ProcEntry, ProcKey } from './types.js';

export { matchesName, matchesTargets } from './match.js';

/** How many levels a ppid walk may take before it is treated as a cycle (a corrupt or racy table). */
const MAX_DEPTH = 512;

export interface TreeMember {
  readonly key: ProcKey;
  readonly entry: ProcEntry;
  /** Levels below the server's root; a member re-parented outside the tree sits at 1. */
  readonly depth: number;
}

export interface DiscoveredServer {
  /** Key of the process that rooted the server: stable for the server's life, even after the root exits. */
  readonly key: ProcKey;
  readonly launched: boolean;
  /** Live members in tree order (depth-first from the root, then re-parented members). */
  readonly members: readonly TreeMember[];
}

export interface DiscoveryResult {
  /** Servers with at least one live member, in the order they were first found. */
  readonly servers: readonly DiscoveredServer[];
  /** Servers whose last member exited this tick. */
  readonly ended: readonly ProcKey[];
}

export interface DiscoveryInput {
  readonly entries: readonly ProcEntry[];
  /** argv by identity; undefined when not read or unreadable. */
  readonly argvOf: (key: ProcKey) => readonly string[] | undefined;
  readonly selfPid: number;
  /** Zero-config discovery: whether a process is an MCP server by the rules (tried when the targets do not match it). */
  readonly accept?: (e: ProcEntry, byPid: ReadonlyMap<number, ProcEntry>) => boolean;
  /** The entries indexed and keyed already (the Sampler has done it this tick); made here when absent. */
  readonly index?: ProcIndex<ProcEntry>;
  readonly present?: ReadonlySet<ProcKey>;
}

export class Discovery {
  /** member → root key of its server. */
  private readonly memberOf = new Map<ProcKey, ProcKey>();
  /** root key → live members. Insertion order is discovery order. */
  private readonly servers = new Map<ProcKey, Set<ProcKey>>();
  /** mcptop's own non-launched descendants, kept while they live. */
  private readonly own = new Set<ProcKey>();
  private readonly pendingLaunched = new Set<number>();
  private readonly launchedKeys = new Set<ProcKey>();
  private readonly launchedRoots = new Set<ProcKey>();
  /** Whether a present process matches the targets, per identity, for the comm and argv it was tested with. */
  private readonly matchMemo = new Map<ProcKey, { readonly comm: string; readonly argv: readonly string[] | undefined; readonly hit: boolean }>();
  /** Each member's TreeMember and each server's last description, handed out again while unchanged. */
  private readonly treeMembers = new Map<ProcKey, TreeMember>();
  private readonly described = new Map<ProcKey, DiscoveredServer>();

  constructor(private readonly targets: Targets) {}

  /** Watch this pid (a process mcptop spawned) as a server of its own from the next update on. */
  attachLaunched(pid: number): void {
    this.pendingLaunched.add(pid);
  }

  /** Entries of the per-identity caches: match results (present processes), tree members (present members). */
  cacheSizes(): { matches: number; members: number } {
    return { matches: this.matchMemo.size, members: this.treeMembers.size };
  }

  /** The server a process belongs to, if any. */
  serverOf(key: ProcKey): ProcKey | undefined {
    return this.memberOf.get(key);
  }

  update(input: DiscoveryInput): DiscoveryResult {
    const { entries, selfPid } = input;
    const { byPid, children } = input.index ?? indexProcs(entries);
    const present = input.present ?? new Set(entries.map((e) => procKey(e)));
    const ended = this.prune(present);

    for (const pid of [...this.pendingLaunched]) {
      const e = byPid.get(pid);
      if (e === undefined) continue;
      this.pendingLaunched.delete(pid);
      const key = procKey(e);
      this.launchedKeys.add(key);
      if (this.servers.has(key)) this.launchedRoots.add(key);
    }
    const ancestors = ancestorPids(selfPid, byPid);
    this.updateOwn(selfPid, children);
    const excluded = (e: ProcEntry): boolean => e.pid === selfPid || ancestors.has(e.pid) || this.own.has(procKey(e));

    const matched = entries.filter((e) => {
      const key = procKey(e);
      if (this.memberOf.has(key) || excluded(e)) return false;
      return this.launchedKeys.has(key) || this.matches(key, e, input.argvOf(key)) || input.accept?.(e, byPid) === true;
    });
    const depth = new Map(matched.map((e) => [e.pid, depthIn(e, byPid)]));
    matched.sort((a, b) => (depth.get(a.pid) ?? 0) - (depth.get(b.pid) ?? 0) || a.pid - b.pid);
    for (const e of matched) {
      const key = procKey(e);
      const owner = this.launchedKeys.has(key) ? undefined : this.ownerAbove(e, byPid, excluded);
      if (owner !== undefined) this.join(key, owner);
      else {
        this.servers.set(key, new Set());
        this.join(key, key);
        if (this.launchedKeys.has(key)) this.launchedRoots.add(key);
      }
    }
    if (this.targets.children) this.adoptDescendants(byPid, children, excluded);
    return { servers: this.describe(byPid, children), ended };
  }

  /** The targets test, done again for a process only when its comm or argv changed (matching joins argv, runs regexes). */
  private matches(key: ProcKey, e: ProcEntry, argv: readonly string[] | undefined): boolean {
    const memo = this.matchMemo.get(key);
    if (memo !== undefined && memo.comm === e.comm && memo.argv === argv) return memo.hit;
    const hit = matchesTargets(this.targets, e, argv);
    this.matchMemo.set(key, { comm: e.comm, argv, hit });
    return hit;
  }

  private prune(present: ReadonlySet<ProcKey>): ProcKey[] {
    // forEach, not for-of: every tick over every present process, where unoptimised for-of allocates per step
    // (deleting the entry being visited is allowed).
    this.matchMemo.forEach((_, k) => { if (!present.has(k)) this.matchMemo.delete(k); });
    this.treeMembers.forEach((_, k) => { if (!present.has(k)) this.treeMembers.delete(k); });
    this.own.forEach((k) => { if (!present.has(k)) this.own.delete(k); });
    this.launchedKeys.forEach((k) => { if (!present.has(k)) this.launchedKeys.delete(k); });
    const ended: ProcKey[] = [];
    // One callback for every server's members (a closure per server per tick otherwise).
    const gone = (m: ProcKey, _: ProcKey, members: Set<ProcKey>): void => {
      if (present.has(m)) return;
      members.delete(m);
      this.memberOf.delete(m);
    };
    this.servers.forEach((members, root) => {
      members.forEach(gone);
      if (members.size === 0) {
        this.servers.delete(root);
        this.described.delete(root);
        this.launchedRoots.delete(root);
        ended.push(root);
      }
    });
    return ended;
  }

  /** Own descendants: everything below mcptop or below an earlier own descendant, except launched trees. */
  private updateOwn(selfPid: number, children: ReadonlyMap<number, readonly ProcEntry[]>): void {
    const launchedTree = new Set<ProcKey>();
    walkDown([...this.launchedKeys].map(pidOfKey), children, (e) => { launchedTree.add(procKey(e)); return true; });
    for (const k of launchedTree) this.own.delete(k);
    for (const k of this.launchedKeys) this.own.delete(k);
    const starts = [selfPid, ...[...this.own].map(pidOfKey)];
    walkDown(starts, children, (e) => {
      const key = procKey(e);
      if (this.launchedKeys.has(key) || launchedTree.has(key)) return false;
      this.own.add(key);
      return true;
    });
  }

  /** The server of the nearest member above e, not looking past an excluded process. */
  private ownerAbove(e: ProcEntry, byPid: ReadonlyMap<number, ProcEntry>, excluded: (e: ProcEntry) => boolean): ProcKey | undefined {
    let p = byPid.get(e.ppid);
    for (let i = 0; p !== undefined && i < MAX_DEPTH; i++) {
      if (excluded(p)) return undefined;
      const owner = this.memberOf.get(procKey(p));
      if (owner !== undefined) return owner;
      if (p.ppid === p.pid) return undefined;
      p = byPid.get(p.ppid);
    }
    return undefined;
  }

  private join(key: ProcKey, root: ProcKey): void {
    this.memberOf.set(key, root);
    this.servers.get(root)?.add(key);
  }

  /**
   * New processes below members join their server. Walked from the parents that are members and have a child that is not
   * one yet (in a steady table: none), never from every member of every server.
   */
  private adoptDescendants(byPid: ReadonlyMap<number, ProcEntry>, children: ReadonlyMap<number, readonly ProcEntry[]>,
    excluded: (e: ProcEntry) => boolean): void {
    for (const [ppid, kids] of children) {
      const parent = byPid.get(ppid);
      const root = parent === undefined ? undefined : this.memberOf.get(procKey(parent));
      if (root === undefined || !kids.some((c) => !this.memberOf.has(procKey(c)) && !excluded(c))) continue;
      walkDown([ppid], children, (e) => {
        const key = procKey(e);
        if (excluded(e)) return false;
        const owner = this.memberOf.get(key);
        if (owner === undefined) this.join(key, root);
        // A member of another server keeps its own subtree.
        return owner === undefined || owner === root;
      });
    }
  }

  private describe(byPid: ReadonlyMap<number, ProcEntry>, children: ReadonlyMap<number, readonly ProcEntry[]>): DiscoveredServer[] {
    const out: DiscoveredServer[] = [];
    // forEach, not for-of: every server every tick, where unoptimised for-of makes an entry array and a result per step.
    this.servers.forEach((members, root) => {
      const rootEntry = byPid.get(pidOfKey(root));
      // The common server, a lone process: its member, and last tick's description while it is the same one.
      if (members.size === 1 && rootEntry !== undefined && members.has(root)) {
        const only = this.treeMember(root, rootEntry, 0);
        out.push(this.description(root, only));
        return;
      }
      const ordered: TreeMember[] = [];
      const seen = new Set<ProcKey>();
      const visit = (e: ProcEntry, depth: number): void => {
        const key = procKey(e);
        if (seen.has(key) || depth > MAX_DEPTH) return;
        seen.add(key);
        ordered.push(this.treeMember(key, e, depth));
        for (const c of children.get(e.pid) ?? []) if (members.has(procKey(c))) visit(c, depth + 1);
      };
      if (rootEntry !== undefined && members.has(root)) visit(rootEntry, 0);
      const rest = [...members].filter((k) => !seen.has(k)).map((k) => byPid.get(pidOfKey(k)))
        .filter((e): e is ProcEntry => e !== undefined).sort((a, b) => a.pid - b.pid);
      for (const e of rest) {
        const parent = byPid.get(e.ppid);
        // Tops of the remaining pieces first; their subtrees follow them.
        if (parent === undefined || !members.has(procKey(parent))) visit(e, 1);
      }
      for (const e of rest) visit(e, 1);
      out.push(this.description(root, ordered));
    });
    return out;
  }

  /**
   * Last tick's description of a server while its launch mark and members are unchanged, else a new one. `members`: the
   * lone member of a one-process server (no array made for it unless the description is new), or the ordered members.
   */
  private description(root: ProcKey, members: TreeMember | readonly TreeMember[]): DiscoveredServer {
    const launched = this.launchedRoots.has(root);
    const last = this.described.get(root);
    const lone = !Array.isArray(members);
    const same = lone ? last?.members.length === 1 && last.members[0] === members : last !== undefined && sameMembers(last.members, members as readonly TreeMember[]);
    if (last !== undefined && last.launched === launched && same) return last;
    const server = { key: root, launched, members: lone ? [members as TreeMember] : members as readonly TreeMember[] };
    this.described.set(root, server);
    return server;
  }

  private treeMember(key: ProcKey, entry: ProcEntry, depth: number): TreeMember {
    const last = this.treeMembers.get(key);
    if (last !== undefined && last.entry === entry && last.depth === depth) return last;
    const m = { key, entry, depth };
    this.treeMembers.set(key, m);
    return m;
  }
}


const sameMembers = (a: readonly TreeMember[], b: readonly TreeMember[]): boolean =>
  a.length === b.length && a.every((m, i) => m === b[i]);

/** Breadth-first below the start pids; `enter` says whether to go on below a process. */
function walkDown(starts: readonly number[], children: ReadonlyMap<number, readonly ProcEntry[]>, enter: (e: ProcEntry) => boolean): void {
  const queue = [...starts];
  const visited = new Set<number>(queue);
  for (let i = 0; i < queue.length; i++) {
    for (const c of children.get(queue[i] ?? -1) ?? []) {
      if (visited.has(c.pid)) continue;
      visited.add(c.pid);
      if (enter(c)) queue.push(c.pid);
    }
  }
}

/** Levels above e in the table (ancestors sort before their descendants). */
function depthIn(e: ProcEntry, byPid: ReadonlyMap<number, ProcEntry>): number {
  const seen = new Set<number>([e.pid]);
  let depth = 0;
  for (let p = byPid.get(e.ppid); p !== undefined && !seen.has(p.pid) && depth < MAX_DEPTH; p = byPid.get(p.ppid)) {
    seen.add(p.pid);
    depth += 1;
  }
  return depth;
}
