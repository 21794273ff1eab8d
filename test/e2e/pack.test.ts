// The npm package: built from the current sources, packed, installed into an empty folder, run with npx.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HELP_TEXT } from '../../source/help.js';

const ROOT = process.cwd();
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

interface Ran { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }

/** Runs a command in its own process group; past the deadline the whole group is killed. */
function run(cmd: string, args: readonly string[], cwd: string, timeoutMs: number): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { try { process.kill(-(child.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Processes whose command line mentions `dir` (what a run left behind). */
function leftovers(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => l.includes(dir) && !/^\s*\d+\s+Z/.test(l) && !l.includes('ps -eo'));
}

describe('help text', () => {
  test('lists every flag of shared/CLI.md and the extras', () => {
    const flags = ['--name', '--match', '--pid', '--url', '--demo', '--no-children', '--interval', '--fd-warn', '--fd-crit', '--rss-warn', '--rss-crit',
      '--cpu-warn', '--cpu-crit', '--procs-warn', '--procs-crit', '--config', '--stress', '--users', '--calls', '--rounds', '--delay', '--tool', '--args',
      '--cycles', '--headless', '--duration', '--csv', '--json', '--min-age', '--dry-run', '--yes', '--backend', '--record', '--plot', '--sse',
      '--session-per-call', '--no-delete', '--timeout', '--mode', '--npx', '--eof-deadline', '--allow-other-users', '--cleanup-log', '--clients',
      '--clients-config', '--server', '--prometheus', '--junit', '--version', '--help', '--churn-call'];
    for (const f of flags) assert.match(HELP_TEXT, new RegExp(`(^|[\\s,])${f}([\\s=<]|$)`, 'm'), f);
    for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'TARGETS', 'SAMPLING AND THRESHOLDS', 'STRESS', 'OUTPUT', 'CLEANUP', 'CLIENT CONFIGS', 'EXIT CODES', 'EXAMPLES', 'KEYS']) {
      assert.match(HELP_TEXT, new RegExp(`^${section}\\b`, 'm'), section);
    }
  });
  test('value flags state their default', () => {
    const lines = HELP_TEXT.split('\n');
    for (const f of ['--interval', '--fd-warn', '--users', '--calls', '--rounds', '--delay', '--timeout', '--cycles', '--mode', '--eof-deadline', '--min-age', '--backend', '--cleanup-log', '--prometheus']) {
      const i = lines.findIndex((l) => new RegExp(`^\\s+${f}\\s`).test(l));
      assert.ok(i >= 0, f);
      assert.match(`${lines[i] ?? ''} ${lines[i + 1] ?? ''}`, /\(default/, f);
    }
  });
  test('no line is wider than 120 columns', () => {
    for (const l of HELP_TEXT.split('\n')) assert.ok(l.length <= 120, l);
  });
});

describe('npm pack -> npm install -> npx mcptop', { timeout: 600_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'mcptop-pack-'));
  after(() => {
    for (const l of leftovers(tmp)) { try { process.kill(Number(l.trim().split(/\s+/)[0]), 'SIGKILL'); } catch { /* gone */ } }
    rmSync(tmp, { recursive: true, force: true });
  });
  const pkgDir = join(tmp, 'pkg');
  const outDir = join(tmp, 'out');
  const appDir = join(tmp, 'app');
  let tarball = '';

  test('packs a fresh copy of the sources with no dist/: prepack builds it', { timeout: 240_000 }, async () => {
    mkdirSync(pkgDir);
    mkdirSync(outDir);
    // What a fresh clone has (no dist/), with the shared node_modules linked in: the shared dist/ is never touched.
    for (const f of readdirSync(ROOT)) if (f === 'package.json' || /^(readme|license|licence|changelog)(\.|$)/i.test(f) || /^tsconfig.*\.json$/.test(f)) copyFileSync(join(ROOT, f), join(pkgDir, f));
    cpSync(join(ROOT, 'source'), join(pkgDir, 'source'), { recursive: true });
    mkdirSync(join(pkgDir, 'scripts'));
    for (const f of ['postbuild.mjs', 'bundle-tui.mjs', 'build-if-stale.mjs']) copyFileSync(join(ROOT, 'scripts', f), join(pkgDir, 'scripts', f));
    symlinkSync(join(ROOT, 'node_modules'), join(pkgDir, 'node_modules'));
    assert.ok(!existsSync(join(pkgDir, 'dist')), 'no dist/ before packing');
    const meta = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const k of ['repository', 'homepage', 'bugs', 'license']) assert.ok(meta[k] !== undefined, `package.json has ${k}`);
    assert.match(String((meta['scripts'] as Record<string, string>)['prepack']), /build/);
    const pack = await run('npm', ['pack', '--pack-destination', outDir, '--json'], pkgDir, 120_000);
    assert.equal(pack.code, 0, pack.stderr);
    const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string; mode: number }[] }[];
    const entry = info[0];
    assert.ok(entry);
    tarball = join(outDir, entry.filename);
    assert.ok(existsSync(tarball));
    const paths = entry.files.map((f) => f.path);
    assert.ok(existsSync(join(pkgDir, PKG.bin['mcptop'] ?? 'dist/cli.js')), 'prepack built the bin');
    assert.ok(paths.includes('dist/cli.js'));
    assert.ok(paths.includes('LICENSE'), 'the licence ships');
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.ok(paths.includes('dist/help.js'));
    assert.ok(paths.some((p) => p.startsWith('dist/demo/')), 'the demo servers ship');
    assert.ok(!paths.some((p) => /^(source|test|scripts)\//.test(p)), 'no sources or tests in the package');
    assert.equal((entry.files.find((f) => f.path === 'dist/cli.js')?.mode ?? 0) & 0o111, 0o111, 'the bin is executable');
  });

  test('installs into an empty folder from the npm cache', { timeout: 300_000 }, async () => {
    assert.ok(tarball, 'packed');
    mkdirSync(appDir);
    writeFileSync(join(appDir, 'package.json'), '{ "name": "mcptop-pack-check", "private": true }\n');
    const inst = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], appDir, 280_000);
    assert.equal(inst.code, 0, `npm install failed:\n${inst.stderr.slice(-3000)}`);
    assert.ok(existsSync(join(appDir, 'node_modules/.bin/mcptop')));
  });

  test('npx mcptop --help and --version', { timeout: 120_000 }, async () => {
    const help = await run('npx', ['mcptop', '--help'], appDir, 60_000);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^\nNAME\n/); // meow prints it, with a blank line around
    assert.match(help.stdout, /--prometheus <host:port>/);
    const version = await run('npx', ['mcptop', '--version'], appDir, 60_000);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), PKG.version);
  });

  test('npx mcptop --demo --headless --duration 5 runs, summarises, exits 0, 1 or 5 (too short to decide), leaves nothing behind', { timeout: 120_000 }, async () => {
    const demo = await run('npx', ['mcptop', '--demo', '--headless', '--duration', '5', '--json', '-'], appDir, 90_000);
    const json = JSON.parse(demo.stdout) as { servers: { label: string }[] };
    const labels = json.servers.map((s) => s.label);
    assert.equal(new Set(labels).size, labels.length, `two different scripts, two labels: ${labels.join(', ')}`);
    assert.ok(labels.every((l) => /^node mcptop\/.+-server$/.test(l)), `named after the package and the script: ${labels.join(', ')}`);
    assert.ok(demo.code === 0 || demo.code === 1 || demo.code === 5, `exit ${String(demo.code)} ${String(demo.signal)}\n${demo.stderr.slice(-2000)}`);
    assert.ok(demo.ms >= 4_000, `ran ${demo.ms} ms`);
    assert.match(demo.stdout + demo.stderr, /FDs/);
    assert.ok(!(demo.stdout + demo.stderr).includes(`${String.fromCharCode(27)}[`), 'NO_COLOR: no escape sequences');
    const deadline = Date.now() + 10_000;
    while (leftovers(tmp).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(leftovers(tmp), []);
  });
});
