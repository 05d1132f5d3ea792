// What every command of the CLI shares: its usage errors (exit 2), its streams and folder, its option parsing and the
// settings file it reads.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../pipeline/settings.ts';
import { parseCommandLine, type OptionSpec } from './args.ts';
import { readCapped } from './files.ts';

export class UsageError extends Error {}

export interface Io {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
  env: Record<string, string | undefined>;
}

export function loadSettings(path: string | undefined, cwd: string): Settings {
  const file = resolve(cwd, path ?? '.trainlint.yml');
  if (!existsSync(file)) {
    if (path) throw new UsageError(`--config ${path}: file not found`);
    return DEFAULT_SETTINGS;
  }
  let text: string;
  try {
    text = readCapped(file);
  } catch (err) {
    throw new UsageError(`${path ? `--config ${path}` : '.trainlint.yml'}: ${err instanceof Error ? err.message.replace(/^[A-Z]+: /, '') : String(err)}`);
  }
  try {
    return settingsFromText(text, path ?? '.trainlint.yml');
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** The command's options (src/cli/args.ts), with its complaints turned into usage errors (exit 2). */
export function parseOptions<T extends Record<string, OptionSpec>>(args: string[], options: T) {
  try {
    return parseCommandLine(args, options);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
