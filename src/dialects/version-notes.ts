// Version notes: where a key means different things in different releases of a framework, the dialect that knows
// it attaches a note to its plan (or to the plan problem, when the run length is unknown) and TL005 reports it.
// The notes travel as an extra property because TrainingPlan / PlanProblem (core/plan.ts) have no field for them
// yet; `versionNotes?: VersionNote[]` on both would make this typed end to end.
import type { Origin, RuleHit } from '../core/types.ts';

export interface VersionNote {
  at?: Origin;
  /** Complete sentences with the numbers: what each version does with the key, and what the plan assumed. */
  message: string;
  /** The version whose meaning the plan follows, e.g. `transformers 5.13`. */
  assumed: string;
  fix?: RuleHit['fix'];
  data?: Record<string, number | string | boolean | null>;
}

const KEY = 'versionNotes';

export function attachVersionNotes<T extends object>(target: T, notes: readonly VersionNote[]): T {
  if (notes.length > 0) Object.defineProperty(target, KEY, { value: [...notes], enumerable: false, configurable: true });
  return target;
}

export function versionNotesOf(source: unknown): VersionNote[] {
  if (source === null || typeof source !== 'object') return [];
  const notes = (source as Record<string, unknown>)[KEY];
  return Array.isArray(notes) ? (notes as VersionNote[]) : [];
}
