// The Node inspector of a server mcptop launched: the launch flag, the ws:// URL it prints, and a small DevTools-protocol
// client (over `ws`) that streams a heap snapshot to a file. Loopback only.
import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import WebSocket from 'ws';

/** The flag that opens the inspector on a free loopback port. */
export const INSPECT_FLAG = '--inspect=127.0.0.1:0';

/**
 * How to launch argv with its inspector open: a `node` command gets the flag after the executable; anything else
 * (npx, a shell script) gets it through NODE_OPTIONS, which the node it starts reads.
 */
export function inspectLaunch(argv: readonly string[], nodeOptions: string | undefined): { argv: readonly string[]; env?: Record<string, string> } {
  const [exe, ...rest] = argv;
  if (exe !== undefined && /^node(js)?(\.exe)?$/.test(basename(exe))) return { argv: [exe, INSPECT_FLAG, ...rest] };
  return { argv, env: { NODE_OPTIONS: [nodeOptions, INSPECT_FLAG].filter(Boolean).join(' ') } };
}

/** The last "Debugger listening on ws://..." URL in stderr lines, when its host is loopback; else undefined. */
export function parseInspectorUrl(lines: readonly string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /Debugger listening on (ws:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+\/[\w-]+)/.exec(lines[i] ?? '');
    if (m) return m[1];
  }
  return undefined;
}

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }

/** One DevTools-protocol connection to a Node inspector. */
export class InspectorClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private chunkSink: ((chunk: string) => void) | undefined;
  private closedWith: Error | undefined;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('close', () => this.failAll(new Error('the inspector connection closed')));
    ws.on('error', (err) => this.failAll(err));
  }

  /** Connects to a loopback ws:// URL; rejects after timeoutMs. */
  static connect(url: string, timeoutMs: number): Promise<InspectorClient> {
    if (!/^ws:\/\/(127\.0\.0\.1|\[::1\]|localhost):\d+\//.test(url)) return Promise.reject(new Error(`not a loopback inspector URL: ${url}`));
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
      const timer = setTimeout(() => { ws.terminate(); reject(new Error(`no answer from ${url} in ${timeoutMs} ms`)); }, timeoutMs);
      ws.on('open', () => { clearTimeout(timer); resolve(new InspectorClient(ws)); });
      ws.on('error', (err) => { clearTimeout(timer); reject(err); });
    });
  }

  send(method: string, params: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method}: no answer in ${timeoutMs} ms`)); }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Takes a heap snapshot (after a full GC, which V8 does first) and streams it to `file`. */
  async heapSnapshot(file: string, timeoutMs = 120_000): Promise<void> {
    const fd = openSync(file, 'w', 0o600);
    try {
      this.chunkSink = (chunk) => { writeSync(fd, chunk); };
      await this.send('HeapProfiler.enable');
      await this.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false }, timeoutMs);
    } finally {
      this.chunkSink = undefined;
      closeSync(fd);
    }
  }

  close(): void {
    this.failAll(new Error('closed'));
    this.ws.close();
  }

  private onMessage(text: string): void {
    let m: { id?: number; method?: string; params?: { chunk?: unknown }; result?: unknown; error?: { message?: string } };
    try {
      m = JSON.parse(text) as typeof m;
    } catch {
      return;
    }
    if (m.method === 'HeapProfiler.addHeapSnapshotChunk' && typeof m.params?.chunk === 'string') { this.chunkSink?.(m.params.chunk); return; }
    if (m.id === undefined) return;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.error) p.reject(new Error(m.error.message ?? 'inspector error'));
    else p.resolve(m.result);
  }

  private failAll(err: Error): void {
    this.closedWith ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
