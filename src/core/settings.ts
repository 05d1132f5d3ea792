// Project settings (.trainlint.yml), already parsed and validated by the edge; the core only reads them.
import { matchesAny } from './glob.ts';
import type { Severity, SeverityOrOff } from './types.ts';

export interface Settings {
  failOn: Severity | 'never';
  /** Globs to review (discovery still applies its dialect detection). Empty = everything. */
  paths: string[];
  ignore: string[];
  rules: Record<string, SeverityOrOff>;
  overrides: Array<{ files: string[]; rules: Record<string, SeverityOrOff> }>;
  /** Dataset sizes (training samples) by config path or glob, for runs whose length depends on the data. */
  datasets: Record<string, number>;
  /** Framework versions whose semantics to follow, by dialect id. */
  frameworks: Record<string, string>;
}

export const DEFAULT_SETTINGS: Settings = {
  failOn: 'error',
  paths: [],
  ignore: [],
  rules: {},
  overrides: [],
  datasets: {},
  frameworks: {},
};

/** The severity the settings give a rule for a file (last matching override wins), or undefined when they are silent. */
export function configuredSeverity(settings: Settings, rule: { id: string; name: string }, path: string): SeverityOrOff | undefined {
  const pick = (table: Record<string, SeverityOrOff>) => table[rule.id] ?? table[rule.name];
  let result = pick(settings.rules);
  for (const o of settings.overrides) if (matchesAny(path, o.files)) result = pick(o.rules) ?? result;
  return result;
}

export function datasetSizeFor(settings: Settings, path: string): number | undefined {
  if (settings.datasets[path] !== undefined) return settings.datasets[path];
  for (const [glob, size] of Object.entries(settings.datasets)) if (matchesAny(path, [glob])) return size;
  return undefined;
}

/** Settings from the parsed `.trainlint.yml` data (already schema-validated by the caller). */
export function settingsFromData(data: Record<string, unknown>): Settings {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  const table = (v: unknown) => (v && typeof v === 'object' ? { ...(v as Record<string, SeverityOrOff>) } : {});
  return {
    failOn: (data['fail-on'] as Settings['failOn'] | undefined) ?? DEFAULT_SETTINGS.failOn,
    paths: list(data.paths),
    ignore: list(data.ignore),
    rules: table(data.rules),
    overrides: Array.isArray(data.overrides)
      ? data.overrides.map((o: { files?: unknown; rules?: unknown }) => ({ files: list(o.files), rules: table(o.rules) }))
      : [],
    datasets: { ...((data.datasets as Record<string, number> | undefined) ?? {}) },
    frameworks: { ...((data.frameworks as Record<string, string> | undefined) ?? {}) },
  };
}
