// Zero-config discovery rules: which command lines are MCP servers, which processes are MCP hosts, wrappers, stdin peers.
//
// A process is an MCP server (when no target is given) when one of these holds (shared/CLI.md, readme "Zero-config"):
// 1. it runs a server defined in a client config mcptop reads (the labeler matches it);
// 2. the word that names what it runs - argv[0], or the package/script/module/image after a launcher (npx, npm exec,
//    pnpm dlx, bunx, uvx, uv run/tool run, pipx run, node, python -m, deno run, docker/podman run, sh -c CMD) - is
//    recognisably a server: `@modelcontextprotocol/*` (not the inspector or the SDK), a scoped `@x/mcp`,
//    `mcp-server-*`, `mcp_server_*`, `*-mcp`, `*_mcp`, `*-mcp-server`, `mcp_*`, or a Docker image `mcp/*`;
// 3. its parent is a known MCP host (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Codex, Gemini CLI, Goose,
//    Zed, MetaMCP, mcp-proxy, supergateway) and its stdin is a pipe or socket (the stdio transport), and it is not a
//    process of the host itself.
// A host is never a server row; mcptop, its ancestors and its own children are excluded by discovery itself.

const basename = (p: string): string => {
  const s = p.replace(/[/\\]+$/, '');
  return s.slice(Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\')) + 1);
};

/** Flags of launchers and interpreters whose value is the next word (so the value is not taken for the subject). */
const VALUE_FLAGS = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '-X', '-W', '--with',
  '--from', '--directory', '--python', '-p', '--package', '-e', '--env', '-v', '--volume', '--name', '--network',
  '--user', '-u', '-w', '--workdir', '--entrypoint', '--mount', '--label', '-l', '--platform', '--pull', '--cpus',
  '--memory', '-m', '--spec', '--index-url', '--config', '-c',
]);
/** Programs that run what their first non-flag word names. */
const LAUNCHERS = new Set([
  'npx', 'bunx', 'uvx', 'pipx', 'npm', 'pnpm', 'yarn', 'bun', 'uv', 'node', 'nodejs', 'deno', 'tsx', 'ts-node',
  'python', 'python3', 'docker', 'podman', 'env',
]);
/** Subcommands that say "run the next word" (`npm exec X`, `uv tool run X`, `docker run IMAGE`). */
const RUN_WORDS = new Set(['exec', 'x', 'dlx', 'run', 'tool', 'start']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh']);
/** Wrappers: launchers that stay alive as the parent of the real server (npx -> node), and shells. */
const WRAPPERS = new Set(['npx', 'npm', 'pnpm', 'yarn', 'bunx', 'uvx', 'uv', 'pipx', 'sh', 'bash', 'dash', 'zsh', 'env', 'node', 'tsx']);

/** "@scope/pkg@1.2.3" -> "@scope/pkg"; "pkg@latest" -> "pkg"; "mcp/github:latest" -> "mcp/github". */
function stripVersion(word: string): string {
  const at = word.lastIndexOf('@');
  const noVer = at > 0 && at > word.lastIndexOf('/') ? word.slice(0, at) : word;
  return noVer.replace(/:[\w.-]+$/, '');
}

/** The name a word stands for: a package inside node_modules, a scoped package, a module, or a path's file stem. */
export function nameOfWord(word: string): string {
  const w = stripVersion(word.trim());
  const nm = w.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = w.slice(nm + 'node_modules/'.length).split('/');
    if (parts[0] === '.bin') return parts[1] ?? '';
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0] ?? '';
  }
  if (/^@[^/]+\/[^/]+$/.test(w)) return w;
  if (/^[^/.~][^/]*\/[^/]+$/.test(w) && !/\.\w+$/.test(w)) return w; // an image such as mcp/github
  const base = basename(w);
  const stem = base.replace(/\.(m?[jt]s|c[jt]s|py|sh|rb|exe)$/i, '');
  // A script called index/main/server/cli is named by its folder (…/weather-mcp/dist/index.js -> weather-mcp).
  if (/^(index|main|server|cli|app|__main__)$/i.test(stem)) {
    const dirs = w.split(/[/\\]/).slice(0, -1).filter((d) => !/^(dist|build|src|lib|bin|out|\.|)$/i.test(d));
    return dirs.at(-1) ?? stem;
  }
  return stem;
}

/** Servers' own names that look like a server but are tools or clients. */
const NOT_SERVERS = new Set(['@modelcontextprotocol/inspector', '@modelcontextprotocol/sdk', 'mcp-inspector', 'mcptop', 'mcp-proxy', 'supergateway', 'metamcp']);

/** Whether a name is recognisably an MCP server's (rule 2 above). */
export function isMcpServerName(name: string): boolean {
  const n = name.toLowerCase();
  if (n === '' || NOT_SERVERS.has(n)) return false;
  if (n.startsWith('@modelcontextprotocol/')) return true;
  if (n.startsWith('mcp/')) return true; // Docker's mcp/* catalogue images
  const scoped = /^@[^/]+\/(.+)$/.exec(n);
  const bare = basename(scoped?.[1] ?? n);
  if (bare === 'mcp' && scoped) return true;
  return /^mcp[-_]server([-_]|$)/.test(bare) || /[-_]mcp$/.test(bare) || /[-_]mcp[-_]server$/.test(bare) || /^mcp_/.test(bare);
}

/** The words of a command line that name what it runs: argv[0]'s name, then each launcher's subject, recursively. */
export function subjectWords(argv: readonly string[], depth = 0): string[] {
  const first = argv[0];
  if (first === undefined || first === '' || depth > 4) return [];
  const head = basename(first).toLowerCase().replace(/\.(exe|cmd)$/, '');
  const words = [first];
  const rest = argv.slice(1);
  if (SHELLS.has(head)) {
    const ci = rest.indexOf('-c');
    const cmd = ci >= 0 ? rest[ci + 1] : undefined;
    const simple = cmd?.split(/;|&&|\|\||[|&]/)[0]?.replace(/["']/g, '').trim().split(/\s+/).filter((w) => w !== '') ?? [];
    if (simple[0] === 'exec') simple.shift();
    return simple.length > 0 ? [...words, ...subjectWords(simple, depth + 1)] : words;
  }
  if (!LAUNCHERS.has(head) && !/^python\d/.test(head)) return words;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a === '-m' && (head.startsWith('python') || head === 'uv') && rest[i + 1] !== undefined) return [...words, rest[i + 1] ?? ''];
    if (a === '--' || a === '-y' || a === '--yes' || a === '-i' || a === '--rm' || a === '-it' || a === '-t') continue;
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i += 1;
      continue;
    }
    if (head === 'env' && a.includes('=')) continue;
    if (RUN_WORDS.has(a) && i < rest.length - 1) continue;
    return [...words, ...subjectWords(rest.slice(i), depth + 1)];
  }
  return words;
}

/** The word that makes a command line an MCP server's (rule 2), or undefined. */
export function mcpServerWord(argv: readonly string[] | undefined): string | undefined {
  if (argv === undefined) return undefined;
  return subjectWords(argv).find((w) => isMcpServerName(nameOfWord(w)));
}

export const HOST_NAMES = [
  'claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'gemini', 'goose', 'zed', 'metamcp',
  'mcp-proxy', 'supergateway',
] as const;
export type HostName = (typeof HOST_NAMES)[number];

/** Known hosts by the name of what a process runs (lower case) or a fragment of its program's path. */
const HOST_BY_NAME: ReadonlyMap<string, HostName> = new Map<string, HostName>([
  ['claude-desktop', 'claude-desktop'], ['@anthropic-ai/claude-code', 'claude-code'], ['claude', 'claude-code'],
  ['cursor', 'cursor'], ['code', 'vscode'], ['code-insiders', 'vscode'], ['codium', 'vscode'], ['code-oss', 'vscode'],
  ['windsurf', 'windsurf'], ['codex', 'codex'], ['@openai/codex', 'codex'], ['gemini', 'gemini'], ['@google/gemini-cli', 'gemini'],
  ['goose', 'goose'], ['zed', 'zed'], ['zed-editor', 'zed'], ['metamcp', 'metamcp'], ['@metamcp/mcp-server-metamcp', 'metamcp'],
  ['mcp-proxy', 'mcp-proxy'], ['supergateway', 'supergateway'],
]);
const HOST_PATHS: readonly (readonly [RegExp, HostName])[] = [
  [/\/claude\.app\/|\/claude-desktop\//i, 'claude-desktop'], [/\/cursor(\.app)?\/|\.mount_cursor/i, 'cursor'],
  [/\/visual studio code\.app\/|\/\.vscode-server\/|\/vscode\/|\/code\/code$/i, 'vscode'], [/\/windsurf(\.app)?\//i, 'windsurf'],
];

/** The MCP host a process is part of (its main process or one of its helpers), or undefined. */
export function knownHost(argv: readonly string[] | undefined, comm: string): HostName | undefined {
  const words = argv !== undefined && argv.length > 0 ? subjectWords(argv) : [comm];
  for (const w of words) {
    const byName = HOST_BY_NAME.get(nameOfWord(w).toLowerCase());
    if (byName) return byName;
  }
  const a0 = argv?.[0] ?? '';
  for (const [re, host] of HOST_PATHS) if (re.test(a0)) return host;
  return undefined;
}

/** Whether a process is a launcher that stays as its server's parent (npx, uvx, sh -c, ...). */
export function isWrapper(argv: readonly string[] | undefined, comm: string): boolean {
  const a0 = argv?.[0];
  const head = (a0 === undefined || a0 === '' ? comm : basename(a0)).toLowerCase();
  return WRAPPERS.has(head) || comm === 'npm exec' || comm === 'npx';
}

/** What a server's stdin is, from readlink of /proc/PID/fd/0. */
export type StdinKind = 'pipe' | 'socket' | 'tty' | 'null' | 'file' | 'other' | 'unknown';

export interface StdinLink {
  readonly kind: StdinKind;
  /** Inode of a pipe or socket. */
  readonly inode?: number;
}

/** "pipe:[12]" -> {pipe, 12}; "/dev/pts/3" -> tty; "/dev/null" -> null; a read that failed -> unknown. */
export function parseStdinLink(link: string | undefined): StdinLink {
  if (link === undefined) return { kind: 'unknown' };
  const m = /^(pipe|socket):\[(\d+)\]$/.exec(link);
  if (m?.[1] !== undefined) return { kind: m[1] === 'pipe' ? 'pipe' : 'socket', inode: Number(m[2]) };
  if (/^\/dev\/(pts\/\d+|tty\w*|console)$/.test(link)) return { kind: 'tty' };
  if (link === '/dev/null') return { kind: 'null' };
  return link.startsWith('/') ? { kind: 'file' } : { kind: 'other' };
}

/** Rule 3's stdin condition: the stdio transport is a pipe or a socket. */
export const isStdioLink = (l: StdinLink): boolean => l.kind === 'pipe' || l.kind === 'socket';

/** A process that holds the other end of a stdin, as the peer search found it. */
export interface PeerHolder {
  readonly pid: number;
  readonly name: string;
  readonly wrapper: boolean;
}

/**
 * The facts of one server's stdin, as the peer search found them. `peer`: 'live' when a process that is not a wrapper
 * holds the other end (directly, or through wrappers whose own stdin is live); 'unknown' when an FD table could not be
 * read; 'gone' when nothing above holds it; a wrapper when the end is held by a wrapper whose own stdin nothing holds.
 */
export interface StdinFacts {
  readonly rootPid: number;
  readonly rootName: string;
  readonly rootIsWrapper: boolean;
  readonly stdin: StdinLink;
  readonly peer: 'live' | 'unknown' | 'gone' | PeerHolder;
  /** When the root is a wrapper with a dead stdin: a child whose stdin's other end only the root holds. */
  readonly fedByRoot?: { readonly pid: number; readonly name: string };
}

/**
 * Why a server's stdin is a dead end, or undefined when it is not (or cannot be told). A pipe's peer is its write end
 * with the same inode; a socketpair's is the adjacent inode (the kernel allocates the pair back to back).
 */
export function stdinPeerReason(f: StdinFacts): string | undefined {
  if (!isStdioLink(f.stdin) || f.peer === 'live' || f.peer === 'unknown') return undefined;
  if (f.peer !== 'gone') return `stdin held only by wrapper ${f.peer.name} (pid ${f.peer.pid}), whose host is gone`;
  if (f.rootIsWrapper && f.fedByRoot !== undefined) {
    return `stdin of ${f.fedByRoot.name} (pid ${f.fedByRoot.pid}) held only by wrapper ${f.rootName} (pid ${f.rootPid}), whose host is gone`;
  }
  return `stdin peer gone (${f.stdin.kind}:[${f.stdin.inode ?? '?'}] has no other end)`;
}

/** What the "nothing found" screen and --help say discovery looks for. */
export const LOOKED_FOR: readonly string[] = [
  'processes running a server from your MCP client configs',
  'command lines like @modelcontextprotocol/*, mcp-server-*, *-mcp, mcp_*, @x/mcp, docker mcp/* (via npx, uvx, pipx, docker run -i...)',
  'stdio children of MCP hosts: Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Codex, Gemini, Goose, Zed, MetaMCP, mcp-proxy, supergateway',
];
