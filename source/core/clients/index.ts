// The pure client-config API in one import: types, argv normalization, matching, --server resolution.
export * from './types.js';
export { normalizeArgv, shellSplit, stripVersion, type Invocation, type BinResolver } from './invocation.js';
export { makeLabeler, notRunning, notRunningAmong, matchInvocation, bestMatches, type Labeler, type MatchStrength } from './match.js';
export { resolveServer, launchSpec, type ServerPick } from './resolve.js';
