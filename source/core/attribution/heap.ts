// Heap attribution: the classes whose live object count and size grew between two heap snapshots, per call, each with
// one retainer path (how memlab names a leak: the cluster, then why it is kept).

/** Live objects of one constructor in a snapshot. */
export interface HeapClassCount {
  readonly count: number;
  /** Sum of the objects' own (shallow) sizes, bytes. */
  readonly selfBytes: number;
}

/** A snapshot summarised: counts by constructor name, and a way to ask why one object of a class is kept. */
export interface HeapSummary {
  readonly classes: ReadonlyMap<string, HeapClassCount>;
  /** From a GC root to the newest object of this class, as "edge -> Class" steps; undefined when unreachable. */
  retainerPath(className: string): readonly string[] | undefined;
}

export interface HeapGrowth {
  readonly className: string;
  readonly countBefore: number;
  readonly countAfter: number;
  /** Objects added per tool call. */
  readonly countPerCall: number;
  /** Own size added, bytes (the objects' shallow sizes; what they point at is counted under its own class). */
  readonly bytesGrowth: number;
  readonly retainerPath?: readonly string[];
}

/** What `--heap` found for one server, for the summary and --json. */
export interface HeapReport {
  readonly pid: number;
  /** Snapshot files written (start, end). */
  readonly snapshots: readonly string[];
  readonly calls: number;
  readonly grew: readonly HeapGrowth[];
  /** Why there is no finding ("not a Node server", "the inspector could not be opened: ..."). */
  readonly error?: string;
}

/** Classes shown: the ones that grew most. */
export const MAX_HEAP_CLASSES = 8;
/** A class must grow by at least this many objects in all to be named (a few stray objects are no leak). */
export const MIN_COUNT_GROWTH = 10;

/**
 * Classes whose count grew by at least MIN_COUNT_GROWTH and by 0.5 per call (when calls are known), largest count
 * growth first; V8-internal names in parentheses ("(system)", "(compiled code)") are skipped, they are not the user's.
 */
export function heapGrowth(before: HeapSummary, after: HeapSummary, calls: number, max = MAX_HEAP_CLASSES): HeapGrowth[] {
  const out: HeapGrowth[] = [];
  for (const [name, a] of after.classes) {
    if (name.startsWith('(') || name === '') continue;
    const b = before.classes.get(name) ?? { count: 0, selfBytes: 0 };
    const grew = a.count - b.count;
    if (grew < MIN_COUNT_GROWTH || (calls > 0 && grew / calls < 0.5)) continue;
    out.push({
      className: name, countBefore: b.count, countAfter: a.count, countPerCall: calls > 0 ? grew / calls : 0,
      bytesGrowth: a.selfBytes - b.selfBytes,
    });
  }
  out.sort((x, y) => (y.countAfter - y.countBefore) - (x.countAfter - x.countBefore) || (x.className < y.className ? -1 : 1));
  return out.slice(0, max).map((g) => {
    const path = after.retainerPath(g.className);
    return path === undefined ? g : { ...g, retainerPath: path };
  });
}
