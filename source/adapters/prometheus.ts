// Serves /metrics in the Prometheus text format: per-server gauges set from each Monitor snapshot, on a private Registry.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Gauge, Registry } from 'prom-client';
import type { ConfiguredServer } from '../core/clients/types.js';
import { notRunning } from '../core/clients/match.js';
import { redactText } from '../core/redact.js';
import type { MonitorHandle, Snapshot, StatusLevel, Verdict } from '../core/types.js';
import { errorText } from '../core/notices.js';

export interface PrometheusOptions {
  /** Configured servers: each stdio one gets mcptop_configured_server_running 1 or 0. */
  readonly configured?: readonly ConfiguredServer[];
  /** Overrides how "not running" is decided (the disk-backed one from loadLabeler). */
  readonly notRunning?: (snapshot: Snapshot) => readonly ConfiguredServer[];
}

export interface PrometheusEndpoint {
  /** http://host:port/metrics */
  readonly url: string;
  close(): Promise<void>;
}

/** "host:port", ":port", "port" or "[v6]:port"; the host defaults to loopback so nothing is exposed by accident. */
export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:(?:\[([^\]]+)\]|([^:[\]]*)):)?(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--prometheus: expected host:port (e.g. 127.0.0.1:9464), got "${text}"`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}

export const STATUS_VALUE: Readonly<Record<StatusLevel, number>> = { ok: 0, warn: 1, crit: 2 };
export const VERDICT_VALUE: Readonly<Record<Verdict, number>> = { ok: 0, warn: 1, leak: 2 };

const SERVER_LABELS = ['server', 'pid'] as const;
type ServerLabels = { server: string; pid: string };

/** The gauges, registered on a private registry so two endpoints (or tests) never share series. */
function makeGauges(registry: Registry) {
  const g = <L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  return {
    server: {
      fds: g('mcptop_server_fds', 'Open file descriptors of the server tree', SERVER_LABELS),
      fdLimit: g('mcptop_server_fd_limit', 'Soft RLIMIT_NOFILE of the server root process', SERVER_LABELS),
      fdPct: g('mcptop_server_fd_limit_percent', 'Highest FDs / soft RLIMIT_NOFILE over the tree, percent', SERVER_LABELS),
      rss: g('mcptop_server_rss_bytes', 'Resident memory of the server tree, bytes', SERVER_LABELS),
      vms: g('mcptop_server_vms_bytes', 'Virtual memory of the server tree, bytes', SERVER_LABELS),
      cpu: g('mcptop_server_cpu_percent', 'CPU of the server tree, percent of one core', SERVER_LABELS),
      threads: g('mcptop_server_threads', 'Threads in the server tree', SERVER_LABELS),
      procs: g('mcptop_server_processes', 'Live processes in the server tree', SERVER_LABELS),
      zombies: g('mcptop_server_zombies', 'Zombie processes in the server tree', SERVER_LABELS),
      status: g('mcptop_server_status', 'Status now: 0 ok, 1 warn, 2 crit', SERVER_LABELS),
      verdict: g('mcptop_server_verdict', 'Leak verdict: 0 ok, 1 warn (suspect), 2 leak', SERVER_LABELS),
    },
    servers: g('mcptop_servers', 'Live servers watched'),
    procs: g('mcptop_watched_processes', 'Processes watched over all servers'),
    tick: g('mcptop_tick', 'Sampling ticks so far'),
    verdict: g('mcptop_verdict', 'Run verdict: 0 ok, 1 warn, 2 leak'),
    selfRss: g('mcptop_self_rss_bytes', 'Resident memory of mcptop itself, bytes'),
    selfFds: g('mcptop_self_fds', 'Open file descriptors of mcptop itself'),
    selfCpu: g('mcptop_self_cpu_percent', 'CPU of mcptop itself, percent of one core'),
    stressCalls: g('mcptop_stress_calls', 'Tool calls made by the current or last load run'),
    stressFailed: g('mcptop_stress_failed_calls', 'Failed tool calls of the current or last load run'),
    stressRate: g('mcptop_stress_calls_per_second', 'Call rate of the current or last load run'),
    stressLatency: g('mcptop_stress_latency_ms', 'Call latency percentiles of the load run, ms', ['quantile']),
    churnDone: g('mcptop_churn_cycles', 'Churn cycles done'),
    churnFailed: g('mcptop_churn_failed_cycles', 'Churn cycles that failed'),
    churnSurvivors: g('mcptop_churn_survivors', 'Processes left alive after their churn cycle'),
    configured: g('mcptop_configured_server_running', 'Configured stdio server (client/name) has a live process: 1 or 0', ['server']),
  };
}
type Gauges = ReturnType<typeof makeGauges>;

type Point = readonly [gauge: Gauge<string>, labels: Readonly<Record<string, string>>, value: number | undefined];

/** Every series one snapshot defines, read before any gauge is touched so a broken snapshot changes nothing. */
function pointsOf(gauges: Gauges, snap: Snapshot, opts: PrometheusOptions): Point[] {
  const points: Point[] = [];
  const add = (gauge: Gauge<string>, value: number | undefined, labels: Readonly<Record<string, string>> = {}): void => { points.push([gauge, labels, value]); };
  const live = snap.servers.filter((s) => s.alive);
  for (const s of live) {
    const labels: ServerLabels = { server: redactText(s.label), pid: String(s.pid) };
    const x = s.latest;
    const root = s.processes.find((p) => p.pid === s.pid) ?? s.processes[0];
    const g = gauges.server;
    add(g.fds, x?.fds, labels);
    add(g.fdLimit, root?.fdLimit, labels);
    add(g.fdPct, x?.fdPctOfLimit, labels);
    add(g.rss, x?.rssBytes, labels);
    add(g.vms, x?.vmsBytes, labels);
    add(g.cpu, x?.cpuPct, labels);
    add(g.threads, x?.threads, labels);
    add(g.procs, x?.procs, labels);
    add(g.zombies, x?.zombies, labels);
    add(g.status, STATUS_VALUE[s.status.level], labels);
    add(g.verdict, VERDICT_VALUE[s.verdict], labels);
  }
  add(gauges.servers, live.length);
  add(gauges.procs, snap.watchedProcs);
  add(gauges.tick, snap.tick);
  add(gauges.verdict, VERDICT_VALUE[snap.verdict]);
  add(gauges.selfRss, snap.self?.rssBytes);
  add(gauges.selfFds, snap.self?.fds);
  add(gauges.selfCpu, snap.self?.cpuPct);
  const { stress, churn } = snap;
  if (stress) {
    add(gauges.stressCalls, stress.calls);
    add(gauges.stressFailed, stress.failed);
    add(gauges.stressRate, stress.callsPerSec);
    add(gauges.stressLatency, stress.latencyMs.p50, { quantile: '0.5' });
    add(gauges.stressLatency, stress.latencyMs.p95, { quantile: '0.95' });
    add(gauges.stressLatency, stress.latencyMs.p99, { quantile: '0.99' });
  }
  if (churn) {
    add(gauges.churnDone, churn.done);
    add(gauges.churnFailed, churn.failed);
    add(gauges.churnSurvivors, churn.survivors);
  }
  if (opts.configured) {
    const missing = new Set((opts.notRunning ?? ((sn: Snapshot) => notRunning(opts.configured ?? [], sn)))(snap).map((c) => c.label));
    for (const c of opts.configured) {
      if (c.transport === 'stdio' && c.disabled !== true) add(gauges.configured, missing.has(c.label) ? 0 : 1, { server: c.label });
    }
  }
  return points;
}

/** Rewrites every series from one snapshot; a server that is gone, or a figure that is unknown, has no series. */
function update(gauges: Gauges, snap: Snapshot, opts: PrometheusOptions): void {
  const points = pointsOf(gauges, snap, opts);
  const all: Gauge<string>[] = [...Object.values(gauges.server), ...Object.values(gauges).filter((g): g is Gauge<string> => g instanceof Gauge)];
  // reset() leaves a 0 in an unlabelled gauge; remove({}) takes it out so "unknown" is no series, not 0.
  for (const gauge of all) { gauge.reset(); gauge.remove({}); }
  for (const [gauge, labels, value] of points) if (value !== undefined && Number.isFinite(value)) gauge.set(labels, value);
}

/**
 * Starts the endpoint: gauges follow every snapshot (subscribe); /metrics is served from a private Registry.
 * Rejects when the address cannot be bound. A failing scrape answers 500 and never stops mcptop.
 */
export async function startPrometheus(monitor: MonitorHandle, hostPort: string, opts: PrometheusOptions = {}): Promise<PrometheusEndpoint> {
  const { host, port } = parseHostPort(hostPort);
  const registry = new Registry();
  const gauges = makeGauges(registry);
  let lastError: string | undefined;
  const onSnapshot = (snap: Snapshot): void => {
    try { update(gauges, snap, opts); lastError = undefined; } catch (err) { lastError = errorText(err); }
  };
  onSnapshot(monitor.getSnapshot());

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }).end(); return; }
    if (path === '/metrics') {
      registry.metrics().then(
        (body) => { res.writeHead(200, { 'Content-Type': registry.contentType }).end(req.method === 'HEAD' ? undefined : body); },
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
