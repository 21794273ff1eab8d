// A short, bounded list of status-line messages; a message repeated back to back is counted, not repeated.

export const NOTICE_CAP = 20;

export class Notices {
  private readonly items: { text: string; count: number }[] = [];

  constructor(private readonly cap = NOTICE_CAP) {}

  add(text: string): void {
    const last = this.items[this.items.length - 1];
    if (last !== undefined && last.text === text) {
      last.count += 1;
      return;
    }
    this.items.push({ text, count: 1 });
    if (this.items.length > this.cap) this.items.shift();
  }

  /** Oldest first; a repeated message reads "text (×3)". */
  list(): string[] {
    return this.items.map((n) => (n.count > 1 ? `${n.text} (×${n.count})` : n.text));
  }
}

/** The message of anything thrown, without a stack. */
export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
