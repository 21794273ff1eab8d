// A fixed-capacity ring buffer: the recent window of a series, O(1) push, copied out oldest first.

export class Ring<T> {
  private readonly buf: T[] = [];
  private head = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
  }

  get size(): number {
    return this.buf.length;
  }

  push(value: T): void {
    if (this.buf.length < this.capacity) {
      this.buf.push(value);
      return;
    }
    this.buf[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
  }

  /** The newest value, or undefined when empty. */
  last(): T | undefined {
    if (this.buf.length === 0) return undefined;
    const i = this.buf.length < this.capacity ? this.buf.length - 1 : (this.head + this.capacity - 1) % this.capacity;
    return this.buf[i];
  }

  /** A fresh array, oldest first: callers may keep it, later pushes do not change it. */
  toArray(): T[] {
    if (this.buf.length < this.capacity || this.head === 0) return this.buf.slice();
    return this.buf.slice(this.head).concat(this.buf.slice(0, this.head));
  }
}
