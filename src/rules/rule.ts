// What a rule is: metadata plus a pure check over everything the pipeline learned about one file.
import type { LoaderDifference, LoaderModel } from '../core/loaders.ts';
import type { ParseProblem, ParsedDoc } from '../core/parse.ts';
import type { PlanProblem, RefusedPath, TrainingPlan } from '../core/plan.ts';
import type { CurveStats } from '../core/schedule.ts';
import type { RuleHit, Severity } from '../core/types.ts';
import type { SchemaProblem } from '../core/validate.ts';

export interface ReviewedVersion {
  plan: TrainingPlan;
  curve: CurveStats;
}

export interface FileContext {
  path: string;
  /** The config's name when the file holds several (Dialect.configsOf). */
  config?: string;
  dialectId: string | null;
  doc?: ParsedDoc;
  parseProblem?: ParseProblem;
  loader?: LoaderModel;
  loaderDifferences: LoaderDifference[];
  schemaProblems: SchemaProblem[];
  planProblem?: PlanProblem;
  head?: ReviewedVersion;
  /**
   * The head planned at the upper bound of its dataset size, when only a bound is known and the warmup does not depend on
   * the run's length (plan.lengthBound). Rules with `holdsAtUpperBound` judge it in place of an assumed-length head.
   */
  headAtBound?: ReviewedVersion;
  /** The same file at the base ref, when comparing (absent for a new file). */
  base?: ReviewedVersion;
  /** Files this config named beside it that were not read because they lead outside the repository (TL006). */
  refusedPaths?: RefusedPath[];
}

export interface Rule {
  id: string;
  name: string;
  defaultSeverity: Severity;
  /** One line: what it catches. */
  summary: string;
  /**
   * The rule compares step counts with the run's length: it sees only versions whose length is known (a version planned
   * over an assumed epoch length, `plan.assumedLength`, is withheld from it).
   */
  judgesRunLength?: boolean;
  /**
   * A verdict of this rule on a run at the upper bound of its length also holds for every shorter run (a warmup of fixed
   * length that outlasts the longest possible run outlasts the real one): shown `headAtBound` when the length is unknown.
   */
  holdsAtUpperBound?: boolean;
  /**
   * The rule's cause can be the repository rather than the file (no framework version pinned): findings on several files
   * with the same `data.cause` become one finding that names every file.
   */
  groupsAcrossFiles?: boolean;
  check(context: FileContext): RuleHit[];
}

/** What a rule is shown of one file: with `judgesRunLength`, versions of an assumed length are withheld. */
export function contextFor(rule: Rule, context: FileContext): FileContext {
  if (!rule.judgesRunLength) return context;
  const known = (v: ReviewedVersion | undefined) => (v && !v.plan.assumedLength ? v : undefined);
  const { head, base, headAtBound: _bound, ...rest } = context;
  const out: FileContext = rest;
  const h = known(head) ?? (rule.holdsAtUpperBound && head?.plan.assumedLength ? context.headAtBound : undefined);
  const b = known(base);
  if (h) out.head = h;
  if (b) out.base = b;
  return out;
}

export const DOCS_BASE = 'https://github.com/trainlint/trainlint/blob/main/docs/rules';

export function docsUrl(rule: Pick<Rule, 'id' | 'name'>): string {
  return `${DOCS_BASE}/${rule.id}-${rule.name}.md`;
}

/**
 * An LR difference a run cannot feel: under 1 % of the peak LR. Rules that judge where a curve goes wrong report such a
 * difference at info level, with the numbers, instead of failing a run whose maintainers would not call it broken (litgpt's
 * own fine-tuning configs build the cosine for 948 of 950 updates: the LR climbs back to 5.6e-10 of a 3e-4 peak).
 */
export const NEGLIGIBLE_SHARE_OF_PEAK = 0.01;

export function negligibleLr(lr: number, peak: number): boolean {
  return peak > 0 && Number.isFinite(lr) && Math.abs(lr) < NEGLIGIBLE_SHARE_OF_PEAK * peak;
}

/** Percent with at most one decimal (50, 12.5), never rounded to 0 or 100 when it is neither (<0.1, >99.9). */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '0';
  const value = (100 * part) / whole;
  const rounded = Number(value.toFixed(1));
  if (rounded === 0 && part > 0) return '<0.1';
  if (rounded === 100 && part < whole) return '>99.9';
  return String(rounded);
}
