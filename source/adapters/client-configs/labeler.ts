// The Monitor's labeler backed by the disk: node_modules/.bin links are resolved to the package they run.
import { realpathSync } from 'node:fs';
import type { BinResolver } from '../../core/clients/invocation.js';
import { makeLabeler, notRunning, type Labeler } from '../../core/clients/match.js';
import type { ClientConfigResult, ConfiguredServer } from '../../core/clients/types.js';
import type { Snapshot } from '../../core/types.js';
import { loadClientConfigs, type LoadOptions } from './load.js';

/** "/…/node_modules/@scope/pkg/dist/index.js" -> "@scope/pkg". */
export function packageOfPath(path: string): string | undefined {
  const norm = path.replace(/\\/g, '/');
  const idx = norm.lastIndexOf('/node_modules/');
  if (idx < 0) return undefined;
  const parts = norm.slice(idx + '/node_modules/'.length).split('/');
  if (parts[0] === undefined || parts[0] === '' || parts[0] === '.bin') return undefined;
  return parts[0].startsWith('@') ? (parts[1] ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

/**
 * Resolves node_modules/.bin/X (a symlink npm made) to its package, cached per path: `npx -y @playwright/mcp`
 * runs `node …/_npx/…/.bin/mcp-server-playwright`, whose name alone does not say which package it is.
 */
export function diskBinResolver(): BinResolver {
  const cache = new Map<string, string | undefined>();
  return (binPath) => {
    if (cache.has(binPath)) return cache.get(binPath);
    let pkg: string | undefined;
    try { pkg = packageOfPath(realpathSync(binPath)); } catch { pkg = undefined; }
    if (cache.size > 5000) cache.clear();
    cache.set(binPath, pkg);
    return pkg;
  };
}

/** The labeler for a set of configured servers, resolving npx bin links on disk. */
export function createLabeler(servers: readonly ConfiguredServer[]): Labeler {
  return makeLabeler(servers, diskBinResolver());
}

/** Loads every client config and builds what the CLI wires: the labeler, notRunning bound to the configs, the warnings. */
export async function loadLabeler(opts: LoadOptions = {}): Promise<ClientConfigResult & {
  labeler: Labeler; notRunning: (snapshot: Snapshot) => ConfiguredServer[];
}> {
  const result = await loadClientConfigs(opts);
  const resolveBin = diskBinResolver();
  return {
    ...result,
    labeler: makeLabeler(result.servers, resolveBin),
    notRunning: (snapshot) => notRunning(result.servers, snapshot, resolveBin),
  };
}
