// The bundled demo MCP server, built with the v2 SDK server package: echo, add and two resources, served in either era.
import { McpServer, createMcpHandler } from '@modelcontextprotocol/server';
import { StdioServerTransport, serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
import { serveHttp } from './http-serve.js';

/** Which eras a demo server speaks: modern only (2026-07-28), legacy only (2025 initialize), or both. */
export type DemoEra = 'modern' | 'legacy' | 'dual';

export interface DemoServerOptions {
  readonly name: string;
  /** Runs on every tool call (the leaky server keeps something here). */
  readonly onCall?: () => void;
}

export function createDemoServer(opts: DemoServerOptions): McpServer {
  const server = new McpServer({ name: opts.name, version: '0.1.0' });
  server.registerTool('echo', {
    description: 'Echoes the message back',
    inputSchema: z.object({ message: z.string() }),
  }, ({ message }) => {
    opts.onCall?.();
    return { content: [{ type: 'text', text: message }] };
  });
  server.registerTool('add', {
    description: 'Adds two numbers',
    inputSchema: z.object({ a: z.number(), b: z.number() }),
  }, ({ a, b }) => {
    opts.onCall?.();
    return { content: [{ type: 'text', text: String(a + b) }] };
  });
  for (const [name, text] of [['readme', `${opts.name}: a demo server bundled with mcptop`], ['status', 'all good']] as const) {
    server.registerResource(name, `demo://${name}`, { mimeType: 'text/plain', description: `demo ${name}` }, (uri) => ({
      contents: [{ uri: uri.href, mimeType: 'text/plain', text }],
    }));
  }
  return server;
}

/**
 * Serve over stdio in the given era; exit when stdin closes (the protocol's shutdown), as a well-behaved stdio server
 * does. Legacy = one hand-wired instance (it answers server/discover with "method not found", as v1 servers do);
 * modern/dual = the SDK's serveStdio, which lets the opening exchange pick the era (dual) or refuses initialize (modern).
 */
export async function serveDemoStdio(opts: DemoServerOptions, era: DemoEra): Promise<void> {
  const close: Array<() => Promise<void>> = [];
  process.stdin.on('end', () => {
    void Promise.all(close.map((c) => c().catch(() => undefined))).finally(() => process.exit(0));
  });
  if (era === 'legacy') {
    const server = createDemoServer(opts);
    close.push(() => server.close());
    await server.connect(new StdioServerTransport());
    return;
  }
  const handle = serveStdio(() => createDemoServer(opts), { legacy: era === 'modern' ? 'reject' : 'serve' });
  close.push(() => handle.close());
}

/** Serve over Streamable HTTP on 127.0.0.1:port (0 = any): modern only, or both eras (legacy served statelessly). */
export async function serveDemoHttp(opts: DemoServerOptions, era: Exclude<DemoEra, 'legacy'>, port: number): Promise<number> {
  const handler = createMcpHandler(() => createDemoServer(opts), { legacy: era === 'modern' ? 'reject' : 'stateless' });
  return serveHttp((req) => handler.fetch(req), port);
}
