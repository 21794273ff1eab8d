// Short human names for servers: the interpreter or binary plus the first argument that says what it runs.

export const LABEL_MAX = 48;

/** Flags whose value is the next argument, so that value is not mistaken for the script (node, python, uv, docker). */
const VALUE_FLAGS = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '--inspect-port',
  '-X', '-W', '--with', '--from', '--directory', '--python', '-p', '--package',
  '-e', '--env', '-v', '--volume', '--name', '--network', '--user', '-u', '-w', '--workdir', '--entrypoint',
]);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh']);
const SETUP_CMDS = new Set(['export', 'cd', 'set', 'unset', 'source', '.', 'umask', 'ulimit', 'trap']);
const INTERPRETER_CMDS = new Set(['run', 'exec', 'x', 'dlx', 'tool']);

const basename = (p: string): string => {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
};

/** Build folders that say nothing about which script of a package runs. */
const BUILD_DIRS = new Set(['dist', 'build', 'lib', 'src', 'bin', 'out', 'esm', 'cjs']);

/**
 * The script's place inside its package, so two scripts of one package never share a label: "" for the package's
 * entry (index/main/cli under build folders), else "/demo/healthy-server" (build folders and the extension dropped).
 */
function scriptInPackage(rest: readonly string[]): string {
  const parts = rest.filter((p) => p !== '');
  while (parts.length > 1 && BUILD_DIRS.has(parts[0] ?? '')) parts.shift();
  const last = parts.length - 1;
  if (last < 0) return '';
  parts[last] = (parts[last] ?? '').replace(/\.(c|m)?[jt]s$/, '');
  if (parts.length === 1 && /^(index|main|cli)$/.test(parts[0] ?? '')) return '';
  return `/${parts.join('/')}`;
}

/** A path argument shortened to what names it: a package inside node_modules, else the file name. */
function shortArg(arg: string): string {
  // Only file paths are shortened: "mcp/github" (an image) and "@scope/pkg" are names already.
  const isPath = /^[/.~]/.test(arg) || /\.[a-z]\w*$/i.test(basename(arg)) || arg.includes('node_modules/');
  if (!arg.includes('/') || !isPath) return arg;
  const nm = arg.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = arg.slice(nm + 'node_modules/'.length).split('/');
    const scoped = parts[0]?.startsWith('@') === true;
    const pkg = scoped ? `${parts[0]}/${parts[1] ?? ''}` : parts[0] ?? '';
    // node_modules/.bin/NAME: the bin name is what the user typed.
    if (pkg === '.bin') return parts[1] ?? arg;
    if (pkg !== '') return pkg + scriptInPackage(parts.slice(scoped ? 2 : 1));
  }
  return basename(arg);
}

const truncate = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * "node index.js", "npx @modelcontextprotocol/server-everything", "python -m mcp_server_git", "uvx mcp-server-git".
 * Flags are skipped (with their values for the flags known to take one); python's -m keeps its module; `sh -c CMD`
 * is named after CMD. An empty argv (kernel thread, unreadable) gives comm.
 */
export function shortLabel(argv: readonly string[] | undefined, comm: string, max = LABEL_MAX): string {
  const first = argv?.[0];
  if (argv === undefined || first === undefined || first === '') return truncate(comm, max);
  const head = basename(first);
  const rest = argv.slice(1);
  if (SHELLS.has(head)) {
    const ci = rest.indexOf('-c');
    const cmd = ci >= 0 ? rest[ci + 1] : undefined;
    // The first simple command that runs something names it: cut at separators, drop quotes, leading NAME=value
    // assignments and `exec`/`env`, and skip commands that only set things up (export, cd, set).
    for (const part of cmd?.split(/;|&&|\|\||[|&\n]/) ?? []) {
      const words = part.replace(/["']/g, '').trim().split(/\s+/).filter((w) => w !== '');
      while (words[0] !== undefined && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]) || words[0] === 'exec' || words[0] === 'env')) words.shift();
      if (words.length === 0 || SETUP_CMDS.has(words[0] ?? '')) continue;
      return shortLabel(words, comm, max);
    }
  }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a === '-m' && rest[i + 1] !== undefined) return truncate(`${head} -m ${rest[i + 1]}`, max);
    if (a === '--') continue;
    if (a.startsWith('-')) {
      if (VALUE_FLAGS.has(a)) i += 1;
      continue;
    }
    // `npm exec pkg`, `uv run server.py`, `pnpm dlx pkg`: the subcommand alone names nothing.
    if (i === 0 && INTERPRETER_CMDS.has(a) && rest.length > 1) continue;
    return truncate(`${head} ${shortArg(a)}`, max);
  }
  return truncate(head, max);
}

/** The last two segments of a path ("/a/b/server.js" -> "b/server.js"); other words as they are. */
const tail2 = (word: string): string => (word.includes('/') ? word.replace(/\/+$/, '').split('/').slice(-2).join('/') : word);

/**
 * Labels that never name two different command lines alike: where servers running different commands share a label
 * ("node server.js" from /a and from /b), each gets the word that tells them apart ("node server.js [a/server.js]").
 * Servers running the same command (duplicates) keep sharing theirs. Returns the input array when nothing collides.
 */
export function distinctLabels<T extends { readonly label: string; readonly command: string }>(items: readonly T[]): readonly T[] {
  const commands = new Map<string, Set<string>>();
  for (const it of items) {
    const set = commands.get(it.label);
    if (set) set.add(it.command); else commands.set(it.label, new Set([it.command]));
  }
  if ([...commands.values()].every((s) => s.size < 2)) return items;
  return items.map((it) => {
    const cmds = [...(commands.get(it.label) ?? [])];
    if (cmds.length < 2) return it;
    const words = cmds.map((c) => c.split(' '));
    const own = it.command.split(' ');
    const at = own.findIndex((w, i) => words.some((ws) => ws[i] !== w));
    const hint = at < 0 ? it.command : tail2(own[at] ?? '');
    return { ...it, label: `${it.label} [${truncate(hint, 32)}]` };
  });
}
