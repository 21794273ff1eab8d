// The bundled demo MCP server, built with the official SDK: echo, add and a few flat resources; an optional per-call hook.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

export interface DemoServerOptions {
  readonly name: string;
  /** Runs on every tool call (the leaky server keeps something here). */
  readonly onCall?: () => void;
}

export function createDemoServer(opts: DemoServerOptions): McpServer {
  const server = new McpServer({ name: opts.name, version: '0.1.0' });
  server.registerTool('echo', {
    description: 'Echoes the message back',
    inputSchema: { message: z.string() },
  }, ({ message }) => {
    opts.onCall?.();
    return { content: [{ type: 'text', text: message }] };
  });
  server.registerTool('add', {
    description: 'Adds two numbers',
    inputSchema: { a: z.number(), b: z.number() },
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

/** Serve over stdio; exit when stdin closes (the protocol's shutdown), as a well-behaved stdio server does. */
export async function serveStdio(server: McpServer): Promise<void> {
  process.stdin.on('end', () => {
    void server.close().finally(() => process.exit(0));
  });
  await server.connect(new StdioServerTransport());
}
