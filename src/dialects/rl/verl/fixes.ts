// Fix edits for a verl run. A warmup is counted in trainer steps (the scheduler steps once per trainer step) while the
// findings count optimizer updates, `u` of them per trainer step: a warmup of n updates is written back as floor(n / u)
// trainer steps (at least one), in the key that decides the warmup now, where the reviewed file writes it (a `key=value`
// override of the launch, or the YAML key). A value the file does not write as itself (set in the composed config, a
// verl default, inside an expanded variable, a `${...}`) gets no edit. The pipeline reviews each fix again before showing it.
import type { FixEdit, PlanFixes } from '../../../core/plan.ts';
import type { WarmupSetting } from './role.ts';

/**
 * A ratio r that verl turns into exactly `steps` trainer steps: int(r x base) (Python's int() of a float product, the
 * same IEEE product as here), written as short as that allows.
 */
export function ratioFor(steps: number, base: number): number | undefined {
  if (!(base > 0) || steps >= base) return undefined;
  const exact = steps / base;
  const candidates = [3, 4, 6, 10].map((digits) => Number(exact.toPrecision(digits)));
  candidates.push(exact, (steps + 0.5) / base);
  return candidates.find((r) => r > 0 && r < 1 && Math.floor(r * base) === steps);
}

export function verlFixes(updatesPerTrainerStep: number, warmup: WarmupSetting): PlanFixes {
  const at = warmup.value.source === 'file' && !warmup.value.indirect && warmup.value.from.length === 1 ? warmup.value.from[0] : undefined;
  return {
    warmupTo: (n): FixEdit | undefined => {
      if (!at || !(n > 0)) return undefined;
      const steps = Math.max(1, Math.floor(n / updatesPerTrainerStep));
      if (warmup.kind === 'steps') return { at, value: steps };
      const ratio = ratioFor(steps, warmup.base);
      return ratio === undefined ? undefined : { at, value: ratio };
    },
  };
}
