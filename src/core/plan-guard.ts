// The last check before a plan is simulated: every step count it carries is a finite integer a framework can count
// to. A float step counter stops advancing at 2^53 (k + 1 == k), an int64 one would take longer than the universe's
// age at any real speed, and NaN or infinity never compares true against a counter: such a run never ends, or the
// framework fails when it converts the value (`int(float('inf'))` raises OverflowError, `int(nan)` ValueError).
// So a plan with such a value is not simulated: it becomes an `invalid` plan problem (TL002, an error) that names
// the key the value came from, and no NaN or Infinity reaches a chart, a message or the JSON report.
import { formatNumber } from './access.ts';
import { MAX_EXACT_STEP } from './budget.ts';
import type { PlanProblem, TrainingPlan } from './plan.ts';
import type { Resolved } from './types.ts';

function describe(value: number): string {
  if (Number.isNaN(value)) return 'not a number (NaN)';
  if (!Number.isFinite(value)) return value > 0 ? 'infinite' : 'minus infinity';
  return formatNumber(value);
}

function problemOf(what: string, r: Resolved | undefined, value: number | undefined = r?.value): PlanProblem | null {
  if (value === undefined) return null;
  const key = r?.from[0]?.key;
  const named = key ? `\`${key}\`` : 'the config';
  if (!Number.isFinite(value)) {
    return {
      kind: 'invalid',
      ...(r?.from[0] ? { at: r.from[0] } : {}),
      message: `${what} is ${describe(value)} (from ${named}): the framework either fails converting it to a step count (int() of NaN or infinity raises) or compares its step counter with it for ever, so the run never ends. Write a finite number of steps`,
    };
  }
  if (Math.abs(value) > MAX_EXACT_STEP) {
    return {
      kind: 'invalid',
      ...(r?.from[0] ? { at: r.from[0] } : {}),
      message: `${what} is ${describe(value)} (from ${named}), more than 2^53 = ${MAX_EXACT_STEP + 1}: no framework counts optimizer updates that far (a float step counter stops advancing at 2^53, and at a thousand updates a second 2^53 of them take 285,000 years), so the run never ends. Write the number of steps the run is meant to make`,
    };
  }
  return null;
}

/** The first step count of the plan that no framework can count to, as the error that names its key. */
export function unreachableStepCount(plan: TrainingPlan): PlanProblem | null {
  return (
    problemOf('the run length in optimizer updates', plan.totalSteps) ??
    problemOf('the run length in optimizer updates', plan.totalSteps, plan.schedule.totalSteps) ??
    problemOf('the warmup length', plan.warmup?.steps) ??
    problemOf('the step where the decay starts', plan.decay?.start) ??
    problemOf('the decay length', plan.decay?.steps) ??
    problemOf("the scheduler's horizon", plan.horizon)
  );
}
