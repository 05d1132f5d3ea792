// `--ignore-unknown` (prettier's name for the same habit): files named on the command line are taken as discovery
// takes them. For hooks that pass every staged YAML/JSON/TOML/Python file (pre-commit, lint-staged): a file that is
// not a training config, or that cannot be parsed and names no schedule key (a Helm template), is skipped silently
// instead of being reported, and the settings' `ignore` globs apply to named files too.
import { matchesAny } from '../core/glob.ts';
import type { Settings } from '../pipeline/settings.ts';

export const IGNORE_UNKNOWN_OPTION = { 'ignore-unknown': { type: 'boolean', short: 'u', default: false } } as const;

export function asDiscovered<T extends { path: string; explicit: boolean }>(targets: T[], settings: Settings, on: boolean | undefined): T[] {
  if (!on) return targets;
  return targets.filter((t) => !matchesAny(t.path, settings.ignore)).map((t) => ({ ...t, explicit: false }));
}
