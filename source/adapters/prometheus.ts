// Serves /metrics in the Prometheus text format: mcptop's families from each Monitor snapshot, plus prom-client's defaults for itself.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { ConfiguredServer } from '../core/clients/types.js';
import type { MonitorHandle, ServerView, Snapshot } from '../core/types.js';
import { errorText } from '../core/notices.js';
import { groupContext } from './prometheus-groups.js';
import { ExporterState } from './prometheus-state.js';
import { renderFamilies } from './prometheus-text.js';
import { parseHostPort } from './prometheus-address.js';
import { signalsSent } from './signals-sent.js';

export interface PrometheusOptions {
  /** Configured servers: name the client label, and each stdio one gets mcptop_configured_server_running 1 or 0. */
  readonly configured?: readonly ConfiguredServer[];
  /** Overrides how "not running" is decided (the disk-backed one from loadLabeler). */
  readonly notRunning?: (snapshot: Snapshot) => readonly ConfiguredServer[];
  /** Transport label of servers mcptop did not launch ("http" with --url); stdio when absent. */
  readonly transport?: (view: ServerView) => string | undefined;
  /** Era label of a server, when known. */
  readonly era?: (view: ServerView) => string | undefined;
  /** Cap on per-server groups (series stay bounded); default MAX_GROUPS. */
  readonly maxGroups?: number;
  /** Signals mcptop has sent so far, by signal (mcptop_signals_sent_total); default: the process-wide tally. */
  readonly signalsSent?: () => Readonly<Record<string, number>>;
  /** mcptop's version for mcptop_build_info. */
  readonly version?: string;
}

export interface PrometheusEndpoint {
  /** http://host:port/metrics */
  readonly url: string;
  close(): Promise<void>;
}

export { parseHostPort } from './prometheus-address.js';

/** The version in mcptop's package.json (two levels up from both source/adapters and dist/adapters). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Starts the endpoint: gauges follow every snapshot (subscribe); /metrics is served from a private Registry.
 * Rejects when the address cannot be bound. A failing scrape answers 500 and never stops mcptop.
 */
export async function startPrometheus(monitor: MonitorHandle, hostPort: string, opts: PrometheusOptions = {}): Promise<PrometheusEndpoint> {
  const { host, port } = parseHostPort(hostPort);
  // A private registry: mcptop's own process_* and nodejs_* series, never shared with another endpoint or a test.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client types these three as gauges with a _total name, which promtool rejects; nodejs_active_* say the same.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  const state = new ExporterState({
    context: groupContext(opts.configured, { ...(opts.transport ? { transport: opts.transport } : {}), ...(opts.era ? { era: opts.era } : {}) }),
    version: opts.version ?? packageVersion(), nodejs: process.versions.node,
    ...(opts.configured ? { configured: opts.configured } : {}), ...(opts.notRunning ? { notRunning: opts.notRunning } : {}),
    ...(opts.maxGroups === undefined ? {} : { maxGroups: opts.maxGroups }),
    signalsSent: opts.signalsSent ?? signalsSent,
  });
  let lastError: string | undefined;
  const onSnapshot = (snap: Snapshot): void => {
    try { state.update(snap); lastError = undefined; } catch (err) { lastError = errorText(err); }
  };
  onSnapshot(monitor.getSnapshot());

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }).end(); return; }
    if (path === '/metrics') {
      registry.metrics().then(
        (defaults) => {
          let body: string;
          try { body = renderFamilies(state.families()) + defaults; } catch (err) { res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`metrics failed: ${errorText(err)}\n`); return; }
          res.writeHead(200, { 'Content-Type': registry.contentType }).end(req.method === 'HEAD' ? undefined : body);
        },
        (err: unknown) => { res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`metrics failed: ${errorText(err)}\n`); },
      );
      return;
    }
    if (path === '/' || path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end(lastError ? `mcptop: last update failed: ${lastError}\n` : 'mcptop: metrics at /metrics\n');
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found; try /metrics\n');
  };
  const server = createServer((req, res) => {
    try { handle(req, res); } catch { if (!res.headersSent) res.writeHead(500).end(); }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new Error(`--prometheus ${hostPort}: ${err.message}`)));
    server.listen(port, host, () => resolve());
  });
  server.on('error', () => { /* a broken client connection must not end mcptop */ });
  const unsubscribe = monitor.subscribe(onSnapshot);
  const addr = server.address();
  const boundPort = typeof addr === 'object' && addr ? addr.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${boundPort}/metrics`,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        unsubscribe();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
