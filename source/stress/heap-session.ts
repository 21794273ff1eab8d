// --heap: heap snapshots of a launched Node server at the start and end of a load, written to the user's folder, and
// the classes that grew per call. Only servers mcptop launched (its own user's), only over a loopback inspector.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { heapGrowth, type HeapReport } from '../core/attribution/heap.js';
import { errorText } from '../core/notices.js';
import { parseHeapSnapshot } from '../adapters/heap-snapshot.js';
import { InspectorClient, parseInspectorUrl } from '../adapters/inspector.js';
import type { NodeLaunchedProcess } from '../adapters/launcher.js';

export interface HeapMonitor {
  setHeap(report: HeapReport): void;
  notice(message: string): void;
}

/** How long a launched server has to print its inspector URL, ms. */
const URL_WAIT_MS = 5000;

export class HeapSession {
  private readonly runs = new Map<number, { client: InspectorClient; start: string }>();
  private seq = 0;

  constructor(private readonly dir: string, private readonly monitor: HeapMonitor) {}

  /** The start snapshot; on failure the reason is reported and the load goes on without heap attribution. */
  async start(proc: NodeLaunchedProcess): Promise<void> {
    const fail = (error: string): void => this.monitor.setHeap({ pid: proc.pid, snapshots: [], calls: 0, grew: [], error });
    const url = await waitForUrl(proc);
    if (url === undefined) {
      return fail('no inspector: the server printed no "Debugger listening on ws://127.0.0.1:..." line (not a Node server, '
        + 'or one that ignores --inspect / NODE_OPTIONS)');
    }
    let client: InspectorClient;
    try {
      client = await InspectorClient.connect(url, 5000);
    } catch (err) {
      return fail(`the inspector could not be opened: ${errorText(err)}`);
    }
    const file = join(this.dir, `mcptop-heap-${proc.pid}-${++this.seq}-start.heapsnapshot`);
    try {
      await client.heapSnapshot(file);
    } catch (err) {
      client.close();
      return fail(`the start snapshot failed: ${errorText(err)}`);
    }
    this.runs.set(proc.pid, { client, start: file });
    this.monitor.notice(`heap: start snapshot written to ${file}`);
  }

  /** The end snapshot and the diff against the start, after `calls` calls. */
  async end(proc: NodeLaunchedProcess, calls: number): Promise<void> {
    const run = this.runs.get(proc.pid);
    if (!run) return;
    this.runs.delete(proc.pid);
    const file = run.start.replace(/-start\.heapsnapshot$/, '-end.heapsnapshot');
    try {
      await run.client.heapSnapshot(file);
      const before = parseHeapSnapshot(readFileSync(run.start, 'utf8'));
      const after = parseHeapSnapshot(readFileSync(file, 'utf8'));
      this.monitor.setHeap({ pid: proc.pid, snapshots: [run.start, file], calls, grew: heapGrowth(before, after, calls) });
    } catch (err) {
      this.monitor.setHeap({ pid: proc.pid, snapshots: [run.start], calls, grew: [], error: `the end snapshot failed: ${errorText(err)}` });
    } finally {
      run.client.close();
    }
  }

  /** Closes inspector connections left open (a load aborted between start and end). */
  dispose(): void {
    for (const r of this.runs.values()) r.client.close();
    this.runs.clear();
  }
}

async function waitForUrl(proc: NodeLaunchedProcess): Promise<string | undefined> {
  const deadline = Date.now() + URL_WAIT_MS;
  for (;;) {
    const url = parseInspectorUrl(proc.stderrTail());
    if (url !== undefined || !proc.alive() || Date.now() > deadline) return url;
    await new Promise((r) => setTimeout(r, 50));
  }
}
