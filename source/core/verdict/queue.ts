// JudgeQueue: the re-judgements that fell due, run oldest first within a budget per tick (one per Monitor), so no tick pays for many at once.

/** A re-judgement waiting its turn; `cost` is read when it runs (points it walks), `run` stores its verdict. */
export interface JudgeItem {
  queued: boolean;
  readonly cost: number;
  run(): void;
}

/**
 * Points walked per tick by re-judgements (a judgement costs about its stored points plus a fixed part, JUDGE_FIXED).
 * One server's ten tracks fit in it whole even when all fall due at once (five metrics of <= 305 points, five FD kinds
 * of <= 65: 2,250 with the fixed parts), so a lone server is judged on the tick its evidence fell due, as before; with
 * many servers, due tracks wait a few ticks instead of all landing on one (a few tenths of a ms).
 */
export const JUDGE_BUDGET = 2300;
/** What a judgement costs beyond its points, in points (allocating the verdict, the trend test on <= 12 windows). */
export const JUDGE_FIXED = 40;
/** A FIFO of items with a head index (compacted as it drains). */
class Fifo {
  readonly items: (JudgeItem | undefined)[] = [];
  head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  take(): JudgeItem {
    const item = this.items[this.head]!;
    this.items[this.head++] = undefined;
    return item;
  }

  compact(): void {
    if (this.head === this.items.length) { this.items.length = 0; this.head = 0; } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
  }
}

export class JudgeQueue {
  private readonly waiting = new Fifo();
  private t: number | undefined;
  private left = 0;

  constructor(readonly budget = JUDGE_BUDGET) {}

  /** Waiting items (each at most once: an item already queued is not added again, and runs on the latest evidence). */
  get length(): number {
    let n = 0;
    for (let i = this.waiting.head; i < this.waiting.items.length; i++) if (this.waiting.items[i]?.queued === true) n++;
    return n;
  }

  /**
   * An item that must never run (its server was dropped): it is skipped where it waits, at no cost, and the owner
   * releases what it holds (dispose), so a backlog never keeps a dropped server's evidence alive.
   */
  static drop(item: JudgeItem): void {
    item.queued = false;
  }

  /** Points spent by the tick drained last (at most the budget plus one item's cost). */
  get spent(): number {
    return this.budget - this.left;
  }

  /** Queues an item (once: one already waiting stays where it is). */
  add(item: JudgeItem): void {
    if (item.queued) return;
    item.queued = true;
    this.waiting.items.push(item);
  }

  /**
   * Runs waiting items, oldest first, while the budget of tick t lasts (it refills when t changes; the first item of a
   * tick always runs, so the queue moves whatever one judgement costs).
   */
  drain(t: number): void {
    if (t !== this.t) { this.t = t; this.left = this.budget; }
    while (this.waiting.length > 0 && this.left > 0) {
      const item = this.waiting.take();
      // Dropped while it waited: skipped.
      if (item.queued) this.runOne(item);
    }
    this.waiting.compact();
  }

  private runOne(item: JudgeItem): void {
    item.queued = false;
    this.left -= item.cost;
    item.run();
  }
}
