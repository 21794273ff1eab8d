// A Transport (the v2 SDK's shape) over a launched server's own stdin/stdout: newline JSON-RPC, non-JSON lines counted.
import { StringDecoder } from 'node:string_decoder';
import type { Writable } from 'node:stream';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';

/** A JSON-RPC message as mcptop's own clients write it (the SDK's JSONRPCMessage is a subset of this). */
export type JsonRpcMessage = { readonly jsonrpc: '2.0' } & Readonly<Record<string, unknown>>;

/** What the transport needs of a launched process (NodeLaunchedProcess provides it). */
export interface StdioEndpoint {
  readonly stdin: Writable | null;
  onStdout(listener: (chunk: Buffer) => void): () => void;
  readonly exited: Promise<unknown>;
  alive(): boolean;
}

/** Longest line kept while waiting for its newline (a server streaming garbage must not grow our memory). */
const MAX_PENDING_CHARS = 64 * 1024 * 1024;

export class PipeTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T) => void;
  /** Lines on stdout that were not JSON-RPC messages. */
  garbageLines = 0;
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  /** Set while stdin is full: the one promise every blocked send waits on. */
  private drained: Promise<void> | undefined;

  constructor(private readonly endpoint: StdioEndpoint) {}

  start(): Promise<void> {
    this.unsubscribe = this.endpoint.onStdout((chunk) => this.onChunk(chunk));
    void this.endpoint.exited.then(() => this.close());
    if (!this.endpoint.alive()) void this.close();
    return Promise.resolve();
  }

  private onChunk(chunk: Buffer): void {
    const text = this.pending + this.decoder.write(chunk);
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl >= 0 && !this.closed) {
      this.onLine(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    let rest = text.slice(start);
    if (rest.length > MAX_PENDING_CHARS) {
      this.garbageLines++;
      rest = '';
    }
    this.pending = rest;
  }

  private onLine(raw: string): void {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim().length === 0) return;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.garbageLines++;
      return;
    }
    if (typeof msg !== 'object' || msg === null || (msg as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      this.garbageLines++;
      return;
    }
    this.onmessage?.(msg as JSONRPCMessage);
  }

  send(message: JSONRPCMessage | JsonRpcMessage): Promise<void> {
    const stdin = this.endpoint.stdin;
    if (this.closed || !stdin || stdin.destroyed || stdin.writableEnded) return Promise.reject(new Error('Not connected'));
    const ok = stdin.write(`${JSON.stringify(message)}\n`);
    if (ok && this.drained === undefined) return Promise.resolve();
    return this.whenDrained(stdin);
  }

  /**
   * One wait for the pipe to drain, shared by every send made while it is full: one 'drain' and one 'close' listener
   * whatever the number of callers (a listener per send under backpressure piled up past Node's warning limit).
   */
  private whenDrained(stdin: Writable): Promise<void> {
    this.drained ??= new Promise((resolve) => {
      // Resolve on drain, or when the pipe dies (the pending request then fails as 'closed').
      const done = (): void => {
        stdin.off('drain', done);
        stdin.off('close', done);
        this.drained = undefined;
        resolve();
      };
      stdin.once('drain', done);
      stdin.once('close', done);
    });
    return this.drained;
  }

  /** Detaches from the pipes; never ends stdin or the process (they belong to the launcher). */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.pending = '';
    this.onclose?.();
    return Promise.resolve();
  }
}
