// The flag table: every flag mcptop takes, by its camelCase name, with its type, repeatability and default.
import { kebab } from './options-values.js';

/** One flag: a string value (kept as typed; options.ts reads numbers) or a boolean, optionally repeatable or with a short form. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly isMultiple?: boolean;
  readonly default?: boolean;
  readonly shortFlag?: string;
}

export const FLAGS = {
  name: { type: 'string', isMultiple: true },
  match: { type: 'string', isMultiple: true },
  pid: { type: 'string', isMultiple: true },
  children: { type: 'boolean', default: true },
  demo: { type: 'boolean', default: false },
  url: { type: 'string' },
  sse: { type: 'boolean', default: false },
  era: { type: 'string' },
  server: { type: 'string' },
  interval: { type: 'string' },
  fdWarn: { type: 'string' },
  fdCrit: { type: 'string' },
  rssWarn: { type: 'string' },
  rssCrit: { type: 'string' },
  cpuWarn: { type: 'string' },
  cpuCrit: { type: 'string' },
  procsWarn: { type: 'string' },
  procsCrit: { type: 'string' },
  config: { type: 'string' },
  backend: { type: 'string' },
  stress: { type: 'string' },
  users: { type: 'string' },
  calls: { type: 'string' },
  rounds: { type: 'string' },
  delay: { type: 'string' },
  tool: { type: 'string' },
  args: { type: 'string' },
  toolArgs: { type: 'string' },
  heap: { type: 'string' },
  timeout: { type: 'string' },
  sessionPerCall: { type: 'boolean', default: false },
  delete: { type: 'boolean', default: true },
  cycles: { type: 'string' },
  mode: { type: 'string' },
  npx: { type: 'boolean', default: false },
  churnCall: { type: 'boolean', default: false },
  eofDeadline: { type: 'string' },
  headless: { type: 'boolean', default: false },
  duration: { type: 'string' },
  failOn: { type: 'string' },
  csv: { type: 'string' },
  json: { type: 'string' },
  record: { type: 'string' },
  plot: { type: 'string' },
  junit: { type: 'string' },
  dryRun: { type: 'boolean', default: false },
  yes: { type: 'boolean', default: false },
  prometheus: { type: 'string' },
  clients: { type: 'boolean', default: false },
  clientsConfig: { type: 'string' },
  minAge: { type: 'string' },
  allowOtherUsers: { type: 'boolean', default: false },
  cleanupLog: { type: 'string' },
  help: { type: 'boolean', shortFlag: 'h', default: false },
  version: { type: 'boolean', shortFlag: 'v', default: false },
} as const satisfies Record<string, FlagSpec>;

/** Keys a --config file may hold: every flag by its camelCase name, except the ones that only make sense typed. */
export const CONFIG_KEYS: readonly string[] = Object.keys(FLAGS).filter((k) => !['config', 'help', 'version', 'clients'].includes(k));

/** The table entry of a camelCase key, or undefined. */
export const flagSpec = (key: string): FlagSpec | undefined => (Object.hasOwn(FLAGS, key) ? (FLAGS as Record<string, FlagSpec>)[key] : undefined);

/** "eofDeadline" → "eof-deadline": a table key as the user types it. */
export const kebabOf = kebab;
