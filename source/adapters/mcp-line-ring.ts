// A bounded ring of text lines fed by raw chunks (a launched server's stderr): memory stays flat however much it writes.
import { StringDecoder } from 'node:string_decoder';

const MAX_LINE_CHARS = 2000;
/** Kept past the cut until `clean` has run, so a secret straddling the cut is still whole (or long enough) to match. */
const CLEAN_MARGIN = 2000;
const KEEP = MAX_LINE_CHARS + CLEAN_MARGIN;

export class LineRing {
  private readonly ring: string[] = [];
  /** Lines at the end of the ring not yet passed through `clean`. */
  private pending = 0;
  private partial = '';
  private partialClean: { raw: string; text: string } | undefined;
  private readonly decoder = new StringDecoder('utf8');

  /**
   * `clean` (redaction) runs once per line, when lines() is first asked for it, never on a line the ring dropped
   * unread: a chatty server costs at most `capacity` cleanings per read.
   */
  constructor(private readonly capacity: number, private readonly clean: (line: string) => string = (l) => l) {}

  push(chunk: Buffer): void {
    const text = this.partial + this.decoder.write(chunk);
    const parts = text.split(/\r?\n/);
    const rest = parts.pop() ?? '';
    // Cut from the left inside a word: that word may be the end of a secret whose start is gone, so it goes too.
    const cutInWord = rest.length > KEEP && /\S/.test(rest[rest.length - KEEP - 1] ?? '');
    this.partial = rest.length > KEEP ? `…${cutInWord ? rest.slice(-KEEP).replace(/^\S*/, '') : rest.slice(-KEEP)}` : rest;
    // Only the last `capacity` lines of a big chunk can survive; skip the rest without copying them.
    for (const line of parts.slice(-this.capacity)) this.add(line);
  }

  private add(line: string): void {
    if (line.length === 0) return;
    this.ring.push(line.length > KEEP ? line.slice(0, KEEP + 1) : line);
    this.pending += 1;
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    this.pending = Math.min(this.pending, this.ring.length);
  }

  /** Cleaned, then cut to MAX_LINE_CHARS (a cut line ends with "…"). */
  private finish(raw: string): string {
    const text = this.clean(raw.slice(0, KEEP));
    return text.length > MAX_LINE_CHARS || raw.length > KEEP ? `${text.slice(0, MAX_LINE_CHARS)}…` : text;
  }

  /** Complete lines, oldest first, plus the unterminated tail if any; every one passed through `clean`. */
  lines(): readonly string[] {
    for (let i = this.ring.length - this.pending; i < this.ring.length; i++) this.ring[i] = this.finish(this.ring[i] ?? '');
    this.pending = 0;
    if (this.partial.length === 0) return [...this.ring];
    if (this.partialClean?.raw !== this.partial) this.partialClean = { raw: this.partial, text: this.finish(this.partial) };
    return [...this.ring, this.partialClean.text];
  }
}
