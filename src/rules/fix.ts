// Turning a plan's fix hooks into a finding's fix, with words that name the key and the value.
import type { FixEdit } from '../core/plan.ts';
import type { RuleHit } from '../core/types.ts';

export function leafKey(key: string): string {
  return key.split('.').pop() ?? key;
}

/** A fix from the edits that exist; the first is the one a reviewer should apply, the rest are alternatives. */
export function fixFrom(options: Array<{ edit: FixEdit | undefined; why: string }>): RuleHit['fix'] | undefined {
  const usable = options.filter((o): o is { edit: FixEdit; why: string } => o.edit !== undefined);
  const first = usable[0];
  if (!first) return undefined;
  const words = usable.map((o) => `\`${leafKey(o.edit.at.key)}: ${o.edit.value}\` ${o.why}`);
  return { description: `Set ${words.join(', or ')}.`, edits: [{ at: first.edit.at, value: first.edit.value }] };
}
