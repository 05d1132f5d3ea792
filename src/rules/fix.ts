// Turning a plan's fix hooks into a finding's fix, with words that name the key and the value.
import { formatNumber } from '../core/access.ts';
import type { Format, ParsedDoc } from '../core/parse.ts';
import type { FixEdit, TrainingPlan } from '../core/plan.ts';
import type { Resolved, RuleHit } from '../core/types.ts';
import type { FileContext, Rule } from './rule.ts';

export function leafKey(key: string): string {
  return key.split('.').pop() ?? key;
}

/** A value as a person writes it in a config: `3e-5`, never `2.9999999999999997e-5` (step counts stay exact). */
function shown(value: FixEdit['value']): string {
  return typeof value === 'number' ? formatNumber(value) : String(value);
}

/** `key: value` as the file's own syntax writes it (YAML/JSON mapping, or a TOML / Python assignment). */
export function assignment(key: string, value: FixEdit['value'], format: Format | undefined): string {
  const leaf = leafKey(key);
  const text = typeof value === 'string' ? JSON.stringify(value) : shown(value);
  if (format === 'python') return `${leaf} = ${value === true ? 'True' : value === false ? 'False' : text}`;
  if (format === 'toml') return `${leaf} = ${text}`;
  // A launch script: a flag (`--lr-decay-iters 500000`) or the variable that holds its value (`TRAIN_ITERS=500000`).
  // A dotted Hydra override (`actor_rollout_ref.actor.optim.lr=1e-6`) is named in full: its leaf is shared by several roles.
  if (format === 'shell') return leaf.startsWith('-') ? `${leaf} ${shown(value)}` : `${key.includes('.') ? key : leaf}=${shown(value)}`;
  if (format === 'json') return `"${leaf}": ${text}`;
  return `${leaf}: ${shown(value)}`;
}

/** The value the file gives at an edit's place, or undefined when the key is absent (the edit then adds it). */
function currentValue(doc: ParsedDoc | undefined, pointer: string): unknown {
  if (!doc || pointer === '') return undefined;
  let node: unknown = doc.data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * An edit that changes nothing (the key already has that value) or writes a value no config can mean (NaN, an
 * infinity, a negative count) is not a fix.
 */
function usableEdit(edit: FixEdit, doc: ParsedDoc | undefined): boolean {
  if (typeof edit.value === 'number' && !Number.isFinite(edit.value)) return false;
  const now = currentValue(doc, edit.at.pointer);
  return now !== edit.value && !(typeof now === 'number' && typeof edit.value === 'string' && Number(edit.value) === now && /^[\d.]+$/.test(edit.value));
}

export interface FixOption {
  /** One edit, or several that belong together (restoring two base values). */
  edit: FixEdit | FixEdit[] | undefined;
  why: string;
}

/**
 * A fix from the edits that exist; the first is the one a reviewer should apply (the first of the options with a single
 * edit, when there is one), the rest are alternatives.
 * `doc` (the reviewed file) drops edits that would leave the file as it is and gives the file's syntax.
 */
export function fixFrom(options: Array<FixOption | undefined>, doc?: ParsedDoc): RuleHit['fix'] | undefined {
  const usable: Array<{ edits: FixEdit[]; why: string }> = [];
  for (const o of options) {
    if (!o) continue;
    const edits = o.edit === undefined ? [] : Array.isArray(o.edit) ? o.edit : [o.edit];
    if (edits.length === 0 || !edits.every((e) => usableEdit(e, doc))) continue;
    // The same edit offered twice (a restored base value that is also the computed one) is said once.
    if (usable.some((u) => sameEdits(u.edits, edits))) continue;
    usable.push({ edits, why: o.why });
  }
  // The smallest fix first: an option of one edit before one of several (stable otherwise).
  usable.sort((a, b) => Math.min(a.edits.length, 2) - Math.min(b.edits.length, 2));
  const first = usable[0];
  if (!first) return undefined;
  const words = usable.map((o) => `${o.edits.map((e) => `\`${assignment(e.at.key, e.value, doc?.format)}\``).join(' and ')} ${o.why}`);
  return { description: `Set ${words.join(', or ')}.`, edits: first.edits.map((e) => ({ at: e.at, value: e.value })) };
}

function sameEdits(a: FixEdit[], b: FixEdit[]): boolean {
  return a.length === b.length && a.every((e, i) => e.at.pointer === b[i]!.at.pointer && e.value === b[i]!.value);
}

// ---------------------------------------------------------------------------------------------------------------
// Restoring the base version's values

/** The plan's numbers a person writes directly in the config, by name. */
function planValues(plan: TrainingPlan): Record<string, Resolved | undefined> {
  return {
    lr: plan.optimizer.lr,
    total: plan.totalSteps,
    warmup: plan.warmup?.steps,
    warmupStart: plan.warmup?.startLr,
    decayStart: plan.decay?.start,
    decaySteps: plan.decay?.steps,
    minLr: plan.decay?.minLr,
    horizon: plan.horizon,
  };
}

/** The key a value was read from as written (`warmup_steps: 100`), or undefined when it was computed or defaulted. */
function readAsWritten(v: Resolved | undefined): string | undefined {
  const at = v?.from.length === 1 ? v.from[0] : undefined;
  if (!at || !v || v.how !== `${leafKey(at.key)}: ${formatNumber(v.value)}`) return undefined;
  return at.pointer;
}

/**
 * When a pull request changed keys that a base version without this rule's finding had otherwise the same, the
 * smallest fix is putting the base values back: that edit, offered first. Only values the config writes as they are
 * read are restored, and only when every other number of the two plans agrees (so the restored file plans as the base).
 */
export function restoreBase(rule: Rule, context: FileContext): FixOption | undefined {
  const { head, base, doc } = context;
  if (!head || !base || head.plan.dialect !== base.plan.dialect) return undefined;
  if (head.plan.warmup?.style !== base.plan.warmup?.style || head.plan.decay?.style !== base.plan.decay?.style) return undefined;
  if (rule.check({ ...context, head: base, base: undefined }).length > 0) return undefined;
  const now = planValues(head.plan);
  const then = planValues(base.plan);
  const edits: FixEdit[] = [];
  for (const name of Object.keys(now)) {
    const h = now[name];
    const b = then[name];
    if (h?.value === b?.value) continue;
    const pointer = readAsWritten(h);
    // A value the pull request changed but that is not written as it is read cannot be put back by one edit.
    if (!h || !b || pointer === undefined || readAsWritten(b) !== pointer || currentValue(doc, pointer) !== h.value) return undefined;
    if (!edits.some((e) => e.at.pointer === pointer)) edits.push({ at: h.from[0]!, value: b.value });
  }
  if (edits.length === 0 || edits.length > 3) return undefined;
  return { edit: edits, why: `(the base version's ${edits.length === 1 ? 'value' : 'values'}, which had no such problem)` };
}
