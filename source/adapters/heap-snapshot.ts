// V8 heap snapshots (.heapsnapshot JSON) read into a HeapSummary: live objects by constructor and a retainer path.
import type { HeapClassCount, HeapSummary } from '../core/attribution/heap.js';

interface SnapshotJson {
  readonly snapshot: { readonly meta: { readonly node_fields: string[]; readonly node_types: unknown[]; readonly edge_fields: string[]; readonly edge_types: unknown[] } };
  readonly nodes: number[];
  readonly edges: number[];
  readonly strings: string[];
}

/** Objects are named by their constructor; functions (a class's own constructor), strings and code are not instances. */
const CLASS_TYPES = new Set(['object']);
/** Edges that do not keep their target alive, or are V8 bookkeeping: not followed for a retainer path. */
const SKIP_EDGES = new Set(['weak', 'shortcut']);

/** Parse a snapshot's text; throws on text that is not a V8 heap snapshot. */
export function parseHeapSnapshot(text: string): HeapSummary {
  const j = JSON.parse(text) as SnapshotJson;
  const meta = j.snapshot?.meta;
  if (!meta || !Array.isArray(j.nodes) || !Array.isArray(j.edges) || !Array.isArray(j.strings)) throw new Error('not a V8 heap snapshot');
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const nType = meta.node_fields.indexOf('type');
  const nName = meta.node_fields.indexOf('name');
  const nSize = meta.node_fields.indexOf('self_size');
  const nEdges = meta.node_fields.indexOf('edge_count');
  const eType = meta.edge_fields.indexOf('type');
  const eName = meta.edge_fields.indexOf('name_or_index');
  const eTo = meta.edge_fields.indexOf('to_node');
  const nodeTypes = meta.node_types[nType] as string[];
  const edgeTypes = meta.edge_types[eType] as string[];
  const { nodes, edges, strings } = j;
  const count = nodes.length / nf;
  const classes = new Map<string, { count: number; selfBytes: number }>();
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * nf + nEdges]! * ef;
    if (i === count - 1) firstEdge[count] = e;
    if (!CLASS_TYPES.has(nodeTypes[nodes[i * nf + nType]!] ?? '')) continue;
    const name = strings[nodes[i * nf + nName]!] ?? '';
    const c = classes.get(name);
    if (c) { c.count++; c.selfBytes += nodes[i * nf + nSize]!; } else classes.set(name, { count: 1, selfBytes: nodes[i * nf + nSize]! });
  }
  const nameOf = (i: number): string => strings[nodes[i * nf + nName]!] ?? '?';
  const edgeLabel = (e: number): string => {
    const type = edgeTypes[edges[e + eType]!] ?? '';
    const v = edges[e + eName]!;
    return type === 'element' || type === 'hidden' ? `[${v}]` : (strings[v] ?? String(v));
  };

  /** Breadth-first from the root (node 0) to the last-created node of the class: the shortest strong path. */
  const retainerPath = (className: string): readonly string[] | undefined => {
    let target = -1;
    for (let i = count - 1; i >= 0; i--) {
      if (CLASS_TYPES.has(nodeTypes[nodes[i * nf + nType]!] ?? '') && nameOf(i) === className) { target = i; break; }
    }
    if (target < 0) return undefined;
    const parent = new Int32Array(count).fill(-1);
    const via = new Int32Array(count).fill(-1);
    parent[0] = 0;
    const queue = new Uint32Array(count);
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    while (head < tail && parent[target] === -1) {
      const n = queue[head++]!;
      for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e += ef) {
        if (SKIP_EDGES.has(edgeTypes[edges[e + eType]!] ?? '')) continue;
        const to = edges[e + eTo]! / nf;
        if (parent[to] !== -1) continue;
        parent[to] = n;
        via[to] = e;
        queue[tail++] = to;
      }
    }
    if (parent[target] === -1) return undefined;
    const steps: string[] = [];
    for (let n = target; n !== 0; n = parent[n]!) steps.push(`${edgeLabel(via[n]!)} -> ${nameOf(n)}`);
    return steps.reverse();
  };
  return { classes: classes as ReadonlyMap<string, HeapClassCount>, retainerPath };
}
