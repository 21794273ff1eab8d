// Ink's frame assembly made incremental: a screen row whose writes did not change since the last frame is not drawn again.
//
// Ink 6 builds every frame from scratch: it lays a grid of styled cells over the whole output (160 x 49 objects on a
// 160x50 terminal), runs a grapheme segmenter over every character written, then prints the grid back to a string,
// row by row. Measured on a TUI of 100 idle servers, that is ~70 % of a frame's CPU, and almost all of it repeats
// the frame before: only the header's clock moved. Ink has no hook for it, so this wraps the one method that does it
// (`Output.prototype.get`, ink/build/output.js) with the same method applied per row: the writes that land on a row
// (x and the text after its transforms) are that row's whole input, so a row whose writes equal the last frame's
// has the same text, and is taken from the last frame. A changed row is drawn by Ink's own code on a one-row grid.
// A frame with a clipping region (a Box with overflow hidden; mcptop draws none) goes to Ink's method unchanged.
// Bounded: one frame's rows are kept (the screen's height), dropped when the width changes.

/** A write as ink/build/output.js records it. */
export interface WriteOp {
  readonly type: 'write';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly transformers: readonly ((line: string, index: number) => string)[];
}
export type Operation = WriteOp | { readonly type: 'clip' | 'unclip' };

/** The part of Ink's Output class this relies on. */
export interface InkOutput {
  readonly width: number;
  readonly height: number;
  readonly operations: Operation[];
  write(x: number, y: number, text: string, options: { transformers: WriteOp['transformers'] }): void;
  get(): { output: string; height: number };
}
export type OutputClass = new (options: { width: number; height: number }) => InkOutput;

/** One row's input: x, text, x, text... in write order. */
type RowWrites = (number | string)[];

interface RowMemo {
  width: number;
  rows: ({ readonly writes: RowWrites; readonly text: string } | undefined)[];
}

const sameWrites = (a: RowWrites, b: RowWrites): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * The incremental `get` for Ink's Output class: `original` is Ink's own, used for frames with a clip and, on a one-row
 * grid, for each changed row. `memo` holds the last frame's rows.
 */
export function incrementalGet(Output: OutputClass, original: InkOutput['get'], memo: RowMemo = { width: -1, rows: [] }) {
  return function get(this: InkOutput): { output: string; height: number } {
    if (this.operations.some((op) => op.type !== 'write')) return original.call(this);
    const rows: RowWrites[] = [];
    for (let y = 0; y < this.height; y++) rows.push([]);
    for (const op of this.operations) {
      if (op.type !== 'write') continue;
      // As Ink's own loop: a line whose row is off the grid is skipped and does not advance the row.
      const lines = op.text.split('\n');
      let offsetY = 0;
      for (let index = 0; index < lines.length; index++) {
        const row = rows[op.y + offsetY];
        if (row === undefined) continue;
        let line = lines[index] ?? '';
        for (const transform of op.transformers) line = transform(line, index);
        row.push(op.x, line);
        offsetY++;
      }
    }
    if (memo.width !== this.width) memo.rows = [];
    memo.width = this.width;
    const out: string[] = [];
    for (let y = 0; y < this.height; y++) {
      const writes = rows[y] ?? [];
      const last = memo.rows[y];
      if (last !== undefined && sameWrites(last.writes, writes)) {
        out.push(last.text);
        continue;
      }
      const one = new Output({ width: this.width, height: 1 });
      for (let i = 0; i + 1 < writes.length; i += 2) one.write(writes[i] as number, 0, writes[i + 1] as string, { transformers: [] });
      const text = original.call(one).output;
      memo.rows[y] = { writes, text };
      out.push(text);
    }
    memo.rows.length = this.height;
    return { output: out.join('\n'), height: this.height };
  };
}

let installed: Promise<boolean> | undefined;

const looksLikeOutput = (Output: unknown): Output is OutputClass => {
  if (typeof Output !== 'function') return false;
  const proto: unknown = Output.prototype;
  if (typeof proto !== 'object' || proto === null || !('get' in proto) || typeof proto.get !== 'function') return false;
  const probe: unknown = Reflect.construct(Output, [{ width: 1, height: 1 }]);
  return typeof probe === 'object' && probe !== null && 'operations' in probe && Array.isArray(probe.operations);
};

/**
 * Makes Ink's frame assembly incremental for every Ink instance of this process; once, idempotent. Resolves false,
 * leaving Ink as it is, when its Output class is not where or what this expects (another Ink version).
 */
export function installIncrementalOutput(): Promise<boolean> {
  installed ??= (async () => {
    try {
      const url = new URL('./output.js', import.meta.resolve('ink')).href;
      const mod: unknown = await import(url);
      const Output: unknown = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined;
      if (!looksLikeOutput(Output)) return false;
      const original = Output.prototype.get;
      if ((original as { incremental?: boolean }).incremental === true) return true;
      const get = Object.assign(incrementalGet(Output, original), { incremental: true });
      Output.prototype.get = get;
      return true;
    } catch {
      return false;
    }
  })();
  return installed;
}
