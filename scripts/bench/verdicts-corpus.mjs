// The verdict corpus: which server of test/fixtures/corpus/ is a leak (on which metric, within how much work) and which
// is healthy, and the plans `npm run bench -- verdicts` runs (full, and --quick).

/** The ladder of sizes (calls, or sessions over HTTP) tried until a leak is named. */
export const LADDER = [100, 250, 500, 1500, 5000, 20000];
/** Healthy servers are run at each of these sizes; none may be called a leak. */
export const HEALTHY_SIZES = [100, 250, 1000];
/** Speeds: as fast as mcptop calls, and throttled server-side to ~100 calls/s (`--rate 100`). */
export const SPEEDS = { fast: [], slow: ['--rate', '100'] };
export const INTERVALS = [250, 1000];

/**
 * Leaks: `metrics` are the summary metrics that name it (any one of them at `leak`; zombies may be reported as their
 * own metric or inside procs), `bound` the work within which the issue wants it named (the staircase, 40 KB per call,
 * has no bound in the issue: it gets the one of the rates just under it, 25 KB per call within 5,000; every
 * memory bound of the issue allows 125-160 MB of growth, and 40 KB per call passes a 72 MB baseline's worth, the
 * growth a heap may hold uncollected, at ~1,800 calls), `cap` the largest size tried
 * (the bound for memory and sessions, to keep the full run within ~40 min; a little past it for the
 * cheap count leaks, and children and zombies are real processes: their ladder stops at 500).
 */
export const LEAKS = [
  { id: 'fd-files', file: 'fd-files.js', metrics: ['fds'], bound: 100, cap: 1500, what: 'one regular-file FD per call' },
  { id: 'fd-sockets', file: 'fd-sockets.js', metrics: ['fds'], bound: 100, cap: 1500, what: 'two TCP socket FDs per call' },
  { id: 'offheap-100k', file: 'offheap.js', args: ['100'], metrics: ['rssBytes'], bound: 1500, cap: 1500, what: '100 KB per call outside the V8 heap' },
  { id: 'offheap-25k', file: 'offheap.js', args: ['25'], metrics: ['rssBytes'], bound: 5000, cap: 5000, what: '25 KB per call outside the V8 heap' },
  { id: 'heap-64k', file: 'heap-leak.js', args: ['64'], metrics: ['rssBytes'], bound: 1500, cap: 1500, what: '~64 KB per call of JS objects on the V8 heap' },
  { id: 'slow-8k', file: 'slow-leak.js', metrics: ['rssBytes'], bound: 20000, cap: 20000, what: '~8 KB per call (heap and buffer)' },
  { id: 'step', file: 'step-leak.js', metrics: ['rssBytes'], bound: 5000, cap: 5000, what: 'a 2 MB slab every 50 calls (a staircase)' },
  { id: 'http-sessions-kept', file: 'http-sessions.js', args: ['kept'], http: true, metrics: ['rssBytes'], bound: 500, cap: 500, what: 'DELETEd sessions never dropped (~64 KB each)' },
  { id: 'http-sessions-state', file: 'http-sessions.js', args: ['state'], http: true, metrics: ['rssBytes'], bound: 500, cap: 500, what: "sessions dropped, their state never freed (~64 KB each)" },
  { id: 'child-leak', file: 'child-leak.js', metrics: ['procs'], bound: 100, cap: 500, what: 'one `sleep 3600` child per call' },
  { id: 'zombie-leak', file: 'zombie-leak.js', metrics: ['zombies', 'procs'], bound: 100, cap: 500, what: 'one unreaped child per call' },
];

export const HEALTHY = [
  { id: 'warmup', file: 'warmup.js', what: '30 MB and 30 FDs over the first 30 calls, then flat' },
  { id: 'bounded-cache', file: 'bounded-cache.js', what: 'an LRU of 64 x 32 KB that fills, then evicts' },
  { id: 'sawtooth', file: 'sawtooth.js', what: '200 KB and one FD per call, all freed every 40 calls' },
  { id: 'shell-out', file: 'shell-out.js', what: 'sh + sleep per call, with a brief zombie' },
  { id: 'idle', file: 'idle.js', what: 'a tool that does nothing' },
  { id: 'startup', file: 'startup.js', what: '30 MB, 15 FDs and a thread over 1.5 s of start-up, then nothing' },
  { id: 'http-sessions-clean', file: 'http-sessions.js', args: ['clean'], http: true, what: 'sessions and their state freed on DELETE' },
];

/** Sessions, not calls, are the unit of the HTTP servers (one session per call). */
export const unitOf = (server) => (server.http ? 'sessions' : 'calls');

/** The full plan, or the --quick subset (fast speed, 250 ms, a few servers, small sizes). */
export function plan(quick) {
  if (!quick) return { leaks: LEAKS, healthy: HEALTHY, speeds: Object.keys(SPEEDS), intervals: INTERVALS, healthySizes: HEALTHY_SIZES };
  const pick = (list, ids) => list.filter((s) => ids.includes(s.id)).map((s) => ({ ...s, cap: Math.min(s.cap ?? Infinity, 1500) }));
  return {
    leaks: pick(LEAKS, ['fd-files', 'child-leak', 'zombie-leak', 'offheap-100k', 'http-sessions-state']),
    healthy: pick(HEALTHY, ['warmup', 'idle', 'shell-out', 'http-sessions-clean']),
    speeds: ['fast'],
    intervals: [250],
    healthySizes: [100, 250],
  };
}
