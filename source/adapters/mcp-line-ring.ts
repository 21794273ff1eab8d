// A bounded ring of text lines fed by raw chunks (a launched server's stderr): memory stays flat however much it writes.
import { StringDecoder } from 'node:string_decoder';

const MAX_LINE_CHARS = 2000;

export class LineRing {
  private readonly ring: string[] = [];
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly capacity: number) {}

  push(chunk: Buffer): void {
    const text = this.partial + this.decoder.write(chunk);
    const parts = text.split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(-MAX_LINE_CHARS);
    // Only the last `capacity` lines of a big chunk can survive; skip the rest without copying them.
    for (const line of parts.slice(-this.capacity)) this.add(line);
  }

  private add(line: string): void {
    if (line.length === 0) return;
    this.ring.push(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
  }

  /** Complete lines, oldest first, plus the unterminated tail if any. */
  lines(): readonly string[] {
    return this.partial.length > 0 ? [...this.ring, this.partial] : [...this.ring];
  }
}
