// Client configs in one import: the loader, the location table, the disk-backed labeler, the --clients listing.
export { loadClientConfigs, type LoadOptions } from './load.js';
export { CLIENT_LOCATIONS, resolveLocation, guessFromPath, type ClientLocation, type ConfigFormat, type Platform } from './locations.js';
export { parseConfigText, parseDocument, detectFormat } from './parse.js';
export { parseJsonc } from './jsonc.js';
export { createLabeler, loadLabeler, diskBinResolver, packageOfPath } from './labeler.js';
export { formatClients, describeTarget, runClients } from './list.js';
export { makeLabeler, notRunning, notRunningAmong, resolveServer, launchSpec } from '../../core/clients/index.js';
export type { ConfiguredServer, ClientConfigResult, ClientId } from '../../core/clients/index.js';
