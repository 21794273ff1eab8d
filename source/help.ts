// The man-style `mcptop --help` text: every flag of shared/CLI.md and the extras, each with its default.

import { CONFIG_KEYS } from './options-flags.js';

/** One line printed after a usage error (exit 2), pointing at the full help. */
export const HELP_HINT = "Run 'mcptop --help' for usage.";

/** The config keys, indented and wrapped for the help text. */
function wrapKeys(keys: readonly string[]): string {
  const lines: string[] = [];
  let line = '     ';
  for (const k of keys) {
    if (line.length + k.length + 2 > 110) { lines.push(line.trimEnd()); line = '     '; }
    line += ` ${k},`;
  }
  lines.push(line.replace(/,$/, ''));
  return lines.join('\n');
}

export const HELP_TEXT = `NAME
    mcptop - a terminal monitor for MCP servers: FDs, memory, process trees, stress, churn, cleanup, leak verdicts

SYNOPSIS
    mcptop [targets] [options]
    mcptop [options] -- <command> [args...]
    mcptop --demo [options]
    mcptop --server <name> [options]
    mcptop report <file.csv|file.ndjson> [--json <file|->] [--plot <file.svg>] [--junit <file.xml>]
    mcptop cleanup [targets] --dry-run | --yes
    mcptop --clients [--clients-config <file>]

DESCRIPTION
    mcptop finds MCP server processes, samples each one's process tree every tick (open FDs against the soft
    RLIMIT_NOFILE, RSS, VMS, CPU, threads, processes), shows an OK/WARN/CRIT status with sparklines and a chart,
    can stress a server (concurrent tool calls, or spawn/initialize/close churn), cleans up orphans, and on exit
    prints a growth summary and a leak verdict per server. The same engine runs headless for CI.

TARGETS (combine freely; none at all = the MCP servers found on this machine, grouped by host)
    (no target)                zero-config discovery: processes running a server from your client configs,
                               command lines like @modelcontextprotocol/*, mcp-server-*, *-mcp, mcp_*, @x/mcp,
                               docker mcp/* (also behind npx, uvx, pipx, docker run -i, sh -c), and stdio children
                               of MCP hosts (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Codex, Gemini,
                               Goose, Zed, MetaMCP, mcp-proxy, supergateway); a server whose stdin peer is gone
                               or held only by a wrapper is flagged "stdin" with the reason
    --name <name>              processes whose name (comm) or argv[0] basename matches; repeatable
    --match <regex>            regular expression on the full command line; repeatable
    --pid <pid>                an exact process; repeatable
    -- <command> [args...]     spawn this stdio MCP server under mcptop and watch it and its tree
    --server <name>            launch a server from a client config (command, args, env, cwd), e.g.
                               "filesystem" or "cursor/filesystem" when several clients define it
    --url <url>                a Streamable HTTP server: stress goes over HTTP (combine with --pid to watch it)
    --sse                      with --url: use the legacy HTTP+SSE transport (default: Streamable HTTP)
    --era <auto|modern|legacy> MCP protocol era: negotiate per server with a server/discover probe that falls
                               back to initialize, or force one (default auto)
    --demo                     the embedded default: bundled demo servers, one healthy, one leaky
    --no-children              watch the matched processes alone, not their descendants (default: with children)
    --backend <linux|portable> where process facts come from (default: linux on Linux, portable elsewhere)

    Each target is watched with its descendants (npx -> node counts as one server). A match inside another
    match's tree belongs to that tree. mcptop never matches itself or its ancestors.

SAMPLING AND THRESHOLDS
    --interval <ms>            sampling period (default 1000)
    --fd-warn <n|p%>           open FDs, absolute or percent of the soft RLIMIT_NOFILE (default 50%)
    --fd-crit <n|p%>           (default 80%)
    --rss-warn <MB>            resident memory of a server's tree (default 512)
    --rss-crit <MB>            (default 1024)
    --cpu-warn <pct>           CPU, percent of one core, sustained for 5 samples (default 80)
    --cpu-crit <pct>           (default 100)
    --procs-warn <n>           processes in one server's tree (default 16)
    --procs-crit <n>           (default 64)
    --config <file>            the same settings from a JSON file; flags override it (default: none)

    A --config file is one JSON object whose keys are the long flags in camelCase, e.g.
    {"interval": 500, "fdWarn": "60%", "name": ["node"], "headless": true}. Valid keys:
${wrapKeys(CONFIG_KEYS)}
    An unknown key or a value of the wrong type is a usage error (exit 2) naming the nearest valid key.

STRESS (keys s and c in the TUI; these flags start one at launch, which headless mode needs)
    --stress <load|churn|profile>
                               run one at start; profile: the load against each tool in turn (default: none)
    --users <n>                load: simulated clients (default 4); at most 256 call at once (fewer when free
                               memory is short): more users take turns, the planned calls stay users x calls
    --calls <n>                load: calls per client per round (default 100)
    --rounds <n>               load: rounds (default 3)
    --delay <ms>               load: pause between rounds (default 2000)
    --tool <name>              the tool to call (default: a cheap tool picked from tools/list)
    --args <json>              its arguments as a JSON object; "{i}" in a string becomes the call index (default {})
    --tool-args <file>         profile: a JSON object of arguments per tool name, for tools with required ones
                               (default: none; tools needing arguments are skipped)
    --heap <dir>               a launched Node server is started with its inspector on 127.0.0.1; heap snapshots
                               at the start and end of a load go to <dir>, and the summary names the classes
                               whose objects grew per call, with a retainer path (default: off)
    --timeout <ms>             per-call timeout (default 10000)
    --session-per-call         HTTP, legacy era: open a new session for every call (default: one session per
                               client; the modern era has no sessions, so it does not apply there)
    --no-delete                HTTP, legacy era: do not DELETE sessions at the end (default: delete them)
    --cycles <n>               churn: spawn -> initialize (modern: discover) -> close cycles (default 50)
    --mode <eof|term|kill>     churn: how each cycle ends: stdin EOF, SIGTERM, or SIGKILL (default eof)
    --npx                      churn: launch the server through npx so the wrapper chain is exercised (default off)
    --eof-deadline <ms>        churn: time a server has to exit after stdin EOF before it needs a signal (default 2000)
    --churn-call               churn: call one tool in each cycle (default: initialize only)

OUTPUT
    --headless                 no TUI: a status line per tick on stderr, the summary at the end. Also the mode
                               when stdout is not a terminal (default: TUI on a terminal)
    --duration <s>             stop after this long (default: until q or a signal; headless with --stress: when
                               the stress is done and every server's verdict is decided, at most 45 s after it)
    --fail-on <verdict>        leak|inconclusive|never: which verdict fails the run; inconclusive exits 5, a leak 1
                               (default: inconclusive)
    --csv <file>               every sample as a CSV row, flushed each tick (default: none)
    --record <file.ndjson>     every sample and stress event as NDJSON, for 'mcptop report' (default: none)
    --json <file|->            the final summary as JSON; - is stdout (default: none)
    --junit <file.xml>         verdicts as a JUnit report, one test case per server and metric (default: none)
    --plot <file.svg>          FDs and RSS per server over time, with stress rounds marked (default: none)
    --prometheus <host:port>   serve /metrics in the Prometheus text format, e.g. 127.0.0.1:9464; use
                               0.0.0.0:9464 to let a remote Prometheus scrape it (default: off)
    -v, --version              print the version and exit
    -h, --help                 print this help and exit

    Colour follows the terminal; NO_COLOR=1 turns it off. Secrets in commands, arguments, env values and URLs
    are redacted everywhere mcptop prints or records them.

CLEANUP (key k in the TUI, with a confirmation view)
    --dry-run                  list what would be signalled and why; signal nothing
    --yes                      end orphaned / duplicate / runaway processes of the targets without asking
    --min-age <s>              an orphan must be at least this old; 0 allowed (default 60)
    --allow-other-users        as root, also end other users' processes (default: refuse them)
    --cleanup-log <file>       where every signal is logged
                               (default $XDG_STATE_HOME/mcptop/cleanup.log, else ~/.local/state/mcptop/cleanup.log)

    Signals go to verified processes only (pid and start time checked again just before): TERM first, KILL after
    a grace period. Never mcptop, its ancestors, its shell, PID 1, or anything outside the watched set.

CLIENT CONFIGS
    --clients                  list the MCP servers found in client configs (client, name, transport, command)
    --clients-config <file>    read this config file (any of the formats below) instead of the usual locations

    Read from Claude Desktop (claude_desktop_config.json), Claude Code (~/.claude.json, project .mcp.json),
    Cursor (~/.cursor/mcp.json, .cursor/mcp.json), VS Code (.vscode/mcp.json, user settings.json "mcp"),
    Windsurf (~/.codeium/windsurf/mcp_config.json) and Codex (~/.codex/config.toml). A running process whose
    command line matches a configured server is labelled "client/name"; a configured server with no process
    shows as "not running". A config that cannot be parsed gives a warning naming the file.

EXIT CODES
    0    finished, no leak and nothing critical
    1    finished, and a leak verdict or a CRIT status was reached (so CI can fail on it)
    2    bad usage: unknown flag, bad or empty value, an output that cannot be written
    3    a target could not be started or reached, or the stress could not run (most calls failed)
    4    internal error (a bug: please report it)
    5    finished, but a verdict could not be decided (inconclusive; --fail-on leak makes it 0)
    129/130/143  interrupted by SIGHUP / SIGINT / SIGTERM, after the summary was printed

EXAMPLES
    mcptop --demo                                  watch the bundled healthy and leaky demo servers
    mcptop --name node --match 'server-\\w+'        watch running servers by name and command line
    mcptop -- npx -y @modelcontextprotocol/server-everything
                                                   launch a stdio server under mcptop and watch it
    mcptop --server filesystem                     launch a server defined in a client config
    mcptop --clients                               list the servers your MCP clients define
    mcptop --headless --stress load --users 8 --calls 200 --json - -- node dist/index.js
                                                   CI: load a server, print the JSON summary, exit 1 on a leak
    mcptop --headless --stress churn --cycles 100 --mode eof --npx -- npx -y my-mcp-server
                                                   check that a server exits on stdin EOF and leaves nothing behind
    mcptop --url http://127.0.0.1:9901/mcp --pid 4321 --stress load
                                                   stress a Streamable HTTP server and watch its process
    mcptop --headless --duration 600 --record run.ndjson --name node
                                                   record ten minutes, then: mcptop report run.ndjson --plot run.svg
    mcptop cleanup --match 'server-\\w+' --min-age 0 --dry-run
                                                   list orphans and duplicates that cleanup would end
    mcptop --headless --prometheus 0.0.0.0:9464 --match mcp
                                                   a Prometheus exporter (rules, dashboard: deploy/)

KEYS (TUI; ? shows them all)
    q, Ctrl+C, F10 quit    up/down, j move    PgUp/PgDn, g/G page, top, bottom    Enter, right/left expand, collapse
    t expand/collapse all    / filter (Esc clears)    o, F6, > / < sort column    O reverse    H hide exited
    m chart metric (FDs/RSS)    l open FDs with targets    e environment (redacted)    p, space pause the view
    s load form    c churn form    x abort stress    k, F9 cleanup    d demo (when nothing found)    ?, F1, h help
    mouse: click selects a row, the wheel moves the selection
`;
