// --tool-args: the JSON file of arguments per tool for --stress profile, read and checked before anything starts.
import { readFileSync } from 'node:fs';
import { EXIT, TargetError } from './exit.js';

export type ToolArgs = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** {"tool": {...args}, ...}: every value an object; anything else is a usage error naming the file. */
export function parseToolArgs(text: string, path: string): ToolArgs {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new TargetError(`--tool-args ${path} is not JSON: ${(error as Error).message}`, EXIT.usage);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TargetError(`--tool-args ${path} must be a JSON object of tool name -> arguments object`, EXIT.usage);
  }
  for (const [name, args] of Object.entries(parsed)) {
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new TargetError(`--tool-args ${path}: the arguments of "${name}" must be a JSON object`, EXIT.usage);
    }
  }
  return parsed as ToolArgs;
}

export function readToolArgs(path: string | undefined): ToolArgs | undefined {
  if (path === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TargetError(`cannot read --tool-args ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, EXIT.usage);
  }
  return parseToolArgs(text, path);
}
