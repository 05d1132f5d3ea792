// Project settings (.trainlint.yml), already parsed and validated by the edge; the core only reads them.
import settingsSchema from '../../schemas/trainlint-config.schema.json' with { type: 'json' };
import { findRule, RULES } from '../rules/index.ts';
import { matchesAny } from '../core/glob.ts';
import { parseText } from '../core/parse.ts';
import type { Severity, SeverityOrOff } from '../core/types.ts';
import { closest, validate } from '../core/validate.ts';

export interface Settings {
  failOn: Severity | 'never';
  /** Globs to review (discovery still applies its dialect detection). Empty = everything. */
  paths: string[];
  ignore: string[];
  rules: Record<string, SeverityOrOff>;
  overrides: Array<{ files: string[]; rules: Record<string, SeverityOrOff> }>;
  /** Dataset sizes (training samples) by config path or glob, for runs whose length depends on the data. */
  datasets: Record<string, number>;
  /** Training processes (world size) by config path or glob. */
  worldSizes: Record<string, number>;
  /** Framework versions whose semantics to follow, by dialect id or framework name. */
  frameworks: Record<string, string>;
  /** Look up Hub dataset sizes (`hub: true`, or `hub: { token-env: HF_TOKEN }` to send that variable as the token); absent = off. */
  hub?: { tokenEnv?: string };
}

export const DEFAULT_SETTINGS: Settings = {
  failOn: 'error',
  paths: [],
  ignore: [],
  rules: {},
  overrides: [],
  datasets: {},
  worldSizes: {},
  frameworks: {},
};

/** The severity the settings give a rule for a file (last matching override wins), or undefined when they are silent. */
export function configuredSeverity(settings: Settings, rule: { id: string; name: string }, path: string): SeverityOrOff | undefined {
  const pick = (table: Record<string, SeverityOrOff>) => table[rule.id] ?? table[rule.name];
  let result = pick(settings.rules);
  for (const o of settings.overrides) if (matchesAny(path, o.files)) result = pick(o.rules) ?? result;
  return result;
}

/** A per-path setting: the exact path first, then the first glob that matches. */
function forPath(table: Record<string, number>, path: string): number | undefined {
  if (table[path] !== undefined) return table[path];
  for (const [glob, value] of Object.entries(table)) if (matchesAny(path, [glob])) return value;
  return undefined;
}

export function datasetSizeFor(settings: Settings, path: string): number | undefined {
  return forPath(settings.datasets, path);
}

export function worldSizeFor(settings: Settings, path: string): number | undefined {
  return forPath(settings.worldSizes, path);
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
    worldSizes: { ...((data['world-size'] as Record<string, number> | undefined) ?? {}) },
    frameworks: { ...((data.frameworks as Record<string, string> | undefined) ?? {}) },
    ...hubSetting(data.hub),
  };
}

function hubSetting(raw: unknown): Pick<Settings, 'hub'> {
  if (raw === true) return { hub: {} };
  if (raw && typeof raw === 'object') {
    const tokenEnv = (raw as Record<string, unknown>)['token-env'];
    return { hub: typeof tokenEnv === 'string' ? { tokenEnv } : {} };
  }
  return {};
}

/**
 * Settings from the text of a `.trainlint.yml` (for edges that read it without a file system, e.g. the
 * action through the API). Throws with `label:line:col: message` when it is malformed, breaks the
 * schema, or names a rule that does not exist (a misspelled rule would silently never take effect).
 */
export function settingsFromText(text: string, label: string): Settings {
  const parsed = parseText(text, 'yaml');
  if (!parsed.ok) throw new Error(`${label}:${parsed.problem.line}:${parsed.problem.column}: ${parsed.problem.message}`);
  const data = parsed.doc.data ?? {};
  const problems = validate(data, settingsSchema);
  if (problems.length) throw new Error(`${label}: ${problems.map((p) => p.message).join('; ')}`);
  const settings = settingsFromData(data as Record<string, unknown>);
  const named = [...Object.keys(settings.rules), ...settings.overrides.flatMap((o) => Object.keys(o.rules))];
  const unknown = named.filter((n) => !findRule(n));
  if (unknown.length) {
    const known = RULES.flatMap((r) => [r.id, r.name]);
    const hints = unknown.map((n) => {
      const near = closest(n, known);
      return near ? `${n} (did you mean ${near}?)` : n;
    });
    throw new Error(`${label}: unknown rule ${hints.join(', ')}; see \`trainlint explain\` or docs/rules/`);
  }
  return settings;
}
