// A fetch-shaped handler mounted on node:http for the demo servers (the SDK's own Node adapter is a separate package).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** The web Request for a node request; the body is read whole (MCP POST bodies are small JSON). */
async function toRequest(req: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
    else if (Array.isArray(v)) for (const x of v) headers.append(k, x);
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' || chunks.length === 0 ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', base), { method, headers, ...(body === undefined ? {} : { body }) });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((v, k) => res.setHeader(k, v));
  if (!response.body) { res.end(); return; }
  if (response.headers.get('content-type')?.startsWith('text/event-stream') !== true) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  // Streams (SSE) are piped as they come; a client that goes away ends the pipe.
  await new Promise<void>((resolve) => {
    const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    body.on('error', () => { res.destroy(); resolve(); });
    res.on('close', () => { body.destroy(); resolve(); });
    body.pipe(res);
  });
}

/** Listen on 127.0.0.1:port; resolves with the port bound. Prints `listening <url>` on stderr for whoever launched it. */
export function serveHttp(handle: (req: Request) => Promise<Response>, port: number): Promise<number> {
  const server = createServer((req, res) => {
    const base = `http://${req.headers.host ?? '127.0.0.1'}`;
    toRequest(req, base).then(handle).then((r) => send(res, r)).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
      process.stderr.write(`listening http://127.0.0.1:${bound}/mcp\n`);
      const stop = (): void => { server.close(); process.exit(0); };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      resolve(bound);
    });
  });
}
