// The --prometheus address: the one parser of its values, free of I/O so option checking can call it without loading the exporter.

/**
 * The one parser of --prometheus values: "host:port", ":port", "port" or "[v6]:port". The host defaults to loopback
 * so nothing is exposed by accident. Throws an Error whose message is one line for the user.
 */
export function parseHostPort(text: string): { host: string; port: number } {
  const m = /^(?:(?:\[([^\]]+)\]|([^:[\]]*)):)?(\d+)$/.exec(text.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--prometheus: expected host:port (e.g. 127.0.0.1:9464), got "${text}"`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port };
}
