// Turning a plan's fix hooks into a finding's fix, with words that name the key and the value.
import type { Format } from '../core/parse.ts';
import type { FixEdit } from '../core/plan.ts';
import type { RuleHit } from '../core/types.ts';

export function leafKey(key: string): string {
  return key.split('.').pop() ?? key;
}

/** `key: value` as the file's own syntax writes it (YAML/JSON mapping, or a TOML / Python assignment). */
export function assignment(key: string, value: FixEdit['value'], format: Format | undefined): string {
  const leaf = leafKey(key);
  if (format === 'python') return `${leaf} = ${typeof value === 'string' ? JSON.stringify(value) : value === true ? 'True' : value === false ? 'False' : value}`;
  if (format === 'toml') return `${leaf} = ${typeof value === 'string' ? JSON.stringify(value) : value}`;
  if (format === 'json') return `"${leaf}": ${typeof value === 'string' ? JSON.stringify(value) : value}`;
  return `${leaf}: ${value}`;
}

/** A fix from the edits that exist; the first is the one a reviewer should apply, the rest are alternatives. */
export function fixFrom(options: Array<{ edit: FixEdit | undefined; why: string }>, format?: Format): RuleHit['fix'] | undefined {
  const usable = options.filter((o): o is { edit: FixEdit; why: string } => o.edit !== undefined);
  const first = usable[0];
  if (!first) return undefined;
  const words = usable.map((o) => `\`${assignment(o.edit.at.key, o.edit.value, format)}\` ${o.why}`);
  return { description: `Set ${words.join(', or ')}.`, edits: [{ at: first.edit.at, value: first.edit.value }] };
}
