// Reduces a command line (configured or live) to what identifies an MCP server: package, script or program, and its arguments.

/** What a command line runs, once wrappers (env, sh -c, npx, npm exec, uvx...) and interpreters are peeled off. */
export interface Invocation {
  /** Basename of the program doing the work ("node", "docker", "mcp-server-memory"), lower case. */
  readonly program: string;
  /** Package launched through a package runner or found in a node_modules path, version stripped ("@scope/pkg"). */
  readonly pkg?: string;
  /** Script or module an interpreter runs, as written ("/srv/build/index.js", "dist/index.js", "mcp_server_time"). */
  readonly script?: string;
  /** An executable's name as a package manager installs it (node_modules/.bin/X, a venv's bin/X, a bare X). */
  readonly bin?: string;
  /** Arguments after the package / script / program. */
  readonly rest: readonly string[];
}

/** Maps a node_modules/.bin path to the package that owns it (realpath in the adapter); optional. */
export type BinResolver = (binPath: string) => string | undefined;

const RUNNERS = new Set(['npx', 'npx-cli.js', 'pnpx', 'bunx', 'uvx', 'pipx']);
const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'fish']);
const INTERPRETER = /^(node|nodejs|bun|deno|tsx|ts-node|python\d*(\.\d+)?|pypy\d*|ruby|perl|php)$/;
/** Runner options that take a value (the value is not the package). */
const RUNNER_VALUE_OPTS = new Set(['-p', '--package', '-c', '--call', '--from', '--with', '--python', '--registry', '--cache', '--prefix', '--spec']);
const NODE_VALUE_OPTS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '--inspect-port', '--conditions', '-C']);

export const basename = (path: string): string => path.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? path;

/** Splits a POSIX shell word list (quotes and backslashes), enough for `sh -c '<cmd>' …` as npm writes it. */
export function shellSplit(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === "'") { if (ch === "'") quote = undefined; else cur += ch; continue; }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) cur += text[++i] ?? '';
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') { quote = ch; inWord = true; continue; }
    if (ch === '\\' && i + 1 < text.length) { cur += text[++i] ?? ''; inWord = true; continue; }
    if (/\s/.test(ch)) { if (inWord) words.push(cur); cur = ''; inWord = false; continue; }
    if (ch === ';' || ch === '&' || ch === '|') { if (inWord) words.push(cur); inWord = false; break; }
    cur += ch;
    inWord = true;
  }
  if (inWord && (quote === undefined || cur.length > 0)) words.push(cur);
  return words;
}

/** "@scope/pkg@1.2.3" -> "@scope/pkg"; "pkg@latest" -> "pkg"; "mcp-server-fetch==1.0" -> "mcp-server-fetch". */
export function stripVersion(spec: string): string {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const noNpm = at > 0 ? spec.slice(0, at) : spec;
  return noNpm.replace(/(==|>=|<=|~=|\[).*$/, '');
}

/** Package and bin of a path inside node_modules ("…/node_modules/@a/b/dist/x.js" -> @a/b; "…/node_modules/.bin/x" -> bin x). */
function fromNodeModules(path: string): { pkg?: string; bin?: string } | undefined {
  const norm = path.replace(/\\/g, '/');
  const idx = norm.lastIndexOf('/node_modules/');
  const tail = idx >= 0 ? norm.slice(idx + '/node_modules/'.length) : norm.startsWith('node_modules/') ? norm.slice(13) : undefined;
  if (tail === undefined) return undefined;
  const parts = tail.split('/');
  if (parts[0] === '.bin') return parts[1] ? { bin: parts[1] } : undefined;
  if (parts[0]?.startsWith('@')) return parts[1] ? { pkg: `${parts[0]}/${parts[1]}` } : undefined;
  return parts[0] ? { pkg: parts[0] } : undefined;
}

function runnerPackage(args: readonly string[]): { pkg?: string; rest: readonly string[] } {
  let pkgFlag: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') { const p = args[i + 1]; return { pkg: pkgFlag ?? (p === undefined ? undefined : stripVersion(p)), rest: args.slice(i + 2) }; }
    const eq = /^(--package|--from|--spec)=(.+)$/.exec(a);
    if (eq) { pkgFlag ??= stripVersion(eq[2] ?? ''); continue; }
    if (RUNNER_VALUE_OPTS.has(a)) {
      if (a === '-p' || a === '--package' || a === '--from' || a === '--spec') pkgFlag ??= stripVersion(args[i + 1] ?? '');
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return { pkg: pkgFlag ?? stripVersion(a), rest: args.slice(i + 1) };
  }
  return { pkg: pkgFlag, rest: [] };
}

function interpreted(program: string, args: readonly string[], resolveBin?: BinResolver): Invocation {
  let i = 0;
  if (program === 'deno' && args[0] === 'run') i = 1;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '-m' && /^python|^pypy/.test(program)) return { program, script: args[i + 1], rest: args.slice(i + 2) };
    if (a === '-e' || a === '--eval' || a === '-c') return { program, rest: args.slice(i) };
    if (NODE_VALUE_OPTS.has(a)) { i++; continue; }
    if (a.startsWith('-') && a !== '-') continue;
    const script = a;
    const nm = fromNodeModules(script);
    const bin = nm?.bin ?? (/[/\\]bin[/\\][^/\\]+$/.test(script) ? basename(script) : undefined);
    const pkg = nm?.pkg ?? (nm?.bin !== undefined ? resolveBin?.(script) : undefined);
    return { program, script, ...(pkg === undefined ? {} : { pkg }), ...(bin === undefined ? {} : { bin }), rest: args.slice(i + 1) };
  }
  return { program, rest: [] };
}

/**
 * Peels wrappers off an argv until the server itself shows. Live argv may be a process title
 * ("npm exec @scope/pkg a b" in one element) or padded with empty strings: both are handled.
 */
export function normalizeArgv(argv: readonly string[], resolveBin?: BinResolver): Invocation | undefined {
  let words = argv.slice();
  while (words.length > 0 && words[words.length - 1] === '') words.pop();
  if (words.length === 1 && /\s/.test(words[0] ?? '') && !/^[/\\]|^[A-Za-z]:\\/.test(words[0] ?? '')) words = (words[0] ?? '').trim().split(/\s+/);
  for (let depth = 0; depth < 8 && words.length > 0; depth++) {
    const first = words[0] ?? '';
    const program = basename(first).toLowerCase().replace(/\.(exe|cmd|bat)$/, '');
    const args = words.slice(1);
    if (program === 'env') {
      let i = 0;
      while (i < args.length && (/^-/.test(args[i] ?? '') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i] ?? ''))) i++;
      words = args.slice(i);
      continue;
    }
    if ((SHELLS.has(program) && args[0] === '-c') || (program === 'cmd' && /^\/c$/i.test(args[0] ?? ''))) {
      words = program === 'cmd' ? args.slice(1) : shellSplit(args[1] ?? '');
      continue;
    }
    if (program === 'node' && /(^|[/\\])npx(-cli\.js)?$/.test(args[0] ?? '')) { words = ['npx', ...args.slice(1)]; continue; }
    const sub = args[0];
    const runner = RUNNERS.has(program)
      || (program === 'npm' && (sub === 'exec' || sub === 'x'))
      || ((program === 'pnpm' || program === 'yarn') && sub === 'dlx')
      || (program === 'bun' && sub === 'x')
      || (program === 'uv' && sub === 'tool' && args[1] === 'run')
      || (program === 'pipx' && sub === 'run');
    if (runner) {
      const skip = RUNNERS.has(program) && program !== 'pipx' ? 0 : program === 'uv' ? 2 : 1;
      const { pkg, rest } = runnerPackage(args.slice(skip));
      return { program: 'runner', ...(pkg ? { pkg } : {}), rest };
    }
    if (INTERPRETER.test(program)) return interpreted(program, args, resolveBin);
    const nm = fromNodeModules(first);
    const pkg = nm?.pkg ?? (nm?.bin !== undefined ? resolveBin?.(first) : undefined);
    return { program, bin: nm?.bin ?? program, ...(pkg === undefined ? {} : { pkg }), rest: args };
  }
  return undefined;
}
