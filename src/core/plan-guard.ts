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
  if (Number.isNaN(value)) return 'nan (not a number)';
  if (!Number.isFinite(value)) return value > 0 ? 'inf (infinite)' : '-inf (minus infinite)';
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
      message: `${what} is ${describe(value)} (from ${named}): the framework either fails converting it to a step count (int() of nan or inf raises) or compares its step counter with it for ever, so the run never ends. Write a finite number of steps`,
    };
  }
  if (Math.abs(value) > MAX_EXACT_STEP) {
    // A count derived from several keys (NeoX's warmup: a fraction of lr_decay_iters) says how, so the key that is too
    // large is named even when the finding sits on another one.
    const derivation = r && r.from.length > 1 && r.how ? `: ${r.how}` : '';
    return {
      kind: 'invalid',
      ...(r?.from[0] ? { at: r.from[0] } : {}),
      message: `${what} is ${describe(value)} (from ${named}${derivation}), more than 2^53 = ${MAX_EXACT_STEP + 1}: no framework counts optimizer updates that far (a float step counter stops advancing at 2^53, and at a thousand updates a second 2^53 of them take 285,000 years), so the run never ends. Write the number of steps the run is meant to make`,
    };
  }
  return null;
}

/** An LR that is not a finite number: every update would write nan (or inf) into the weights. */
function lrProblem(what: string, r: Resolved | undefined, reportedBy?: 'TL106'): PlanProblem | null {
  if (!r || Number.isFinite(r.value)) return null;
  const key = r.from[0]?.key;
  return {
    kind: 'invalid',
    ...(reportedBy ? { reportedBy } : {}),
    ...(r.from[0] ? { at: r.from[0] } : {}),
    message: `${what} is ${describe(r.value)} (from ${key ? `\`${key}\`` : 'the config'}): the framework takes it as a float, and the first update that uses it turns every weight into nan, so the run trains nothing. Write a positive finite learning rate, or no update changes the weights usefully`,
  };
}

/** A run of no optimizer update at all: the framework's loop never steps the optimizer, so nothing is trained. */
function noUpdates(plan: TrainingPlan): PlanProblem | null {
  const total = plan.totalSteps.value;
  if (!(total < 1) || Number.isNaN(total)) return null;
  const key = plan.totalSteps.from[0]?.key;
  return {
    kind: 'invalid',
    ...(plan.totalSteps.from[0] ? { at: plan.totalSteps.from[0] } : {}),
    message: `the run makes ${formatNumber(total)} optimizer updates (${plan.totalSteps.how}${key ? `, from \`${key}\`` : ''}): the training loop never steps the optimizer, so the run trains nothing. Set the run's length to the number of updates it should make`,
  };
}

/** The first step count no framework can count to, or LR no update can use, as the error that names its key. */
export function unreachableStepCount(plan: TrainingPlan): PlanProblem | null {
  return (
    noUpdates(plan) ??
    epochsProblem(plan) ??
    problemOf('the run length in optimizer updates', plan.totalSteps) ??
    problemOf('the run length in optimizer updates', plan.totalSteps, plan.schedule.totalSteps) ??
    problemOf('the warmup length', plan.warmup?.steps) ??
    problemOf('the step where the decay starts', plan.decay?.start) ??
    problemOf('the decay length', plan.decay?.steps) ??
    problemOf("the scheduler's horizon", plan.horizon) ??
    lrProblem('the peak LR', plan.optimizer.lr, 'TL106') ??
    lrProblem('the LR the decay ends at', plan.decay?.minLr) ??
    lrProblem('the LR the warmup starts from', plan.warmup?.startLr) ??
    (Number.isFinite(plan.schedule.peakLr) ? null : lrProblem('the peak LR', { ...plan.optimizer.lr, value: plan.schedule.peakLr }, 'TL106'))
  );
}

/**
 * A run drawn over its epochs at an assumed epoch length (`plan.assumedLength`) clamps its drawn length to one update, so
 * an epoch count that is not a positive finite number would otherwise reach the report as `-inf epochs`.
 */
function epochsProblem(plan: TrainingPlan): PlanProblem | null {
  const epochs = plan.assumedLength?.epochs;
  if (epochs === undefined) return null;
  const r = { value: epochs, how: '', from: plan.totalSteps.from };
  if (!Number.isFinite(epochs)) return problemOf('the number of epochs', r);
  if (epochs > 0) return null;
  const at = r.from[0];
  return {
    kind: 'invalid',
    ...(at ? { at } : {}),
    message: `the number of epochs is ${formatNumber(epochs)}${at ? ` (from \`${at.key}\`)` : ''}: the training loop runs no epoch, so no optimizer update happens. Write a positive number of epochs`,
  };
}

/**
 * The first update whose LR the schedule's formula does not give as a finite number, with finite inputs: Python raises
 * ZeroDivisionError where the formula divides by zero, or applies nan / inf where it overflows. Either way the run is
 * broken at that update; the error is placed on the peak LR's key, the input every LR is a multiple of.
 */
export function nonFiniteCurve(plan: TrainingPlan, samples: ReadonlyArray<readonly [number, number]>): PlanProblem | null {
  // Up to 10,000 samples per curve, every curve: an indexed loop, not a callback per sample.
  let bad: readonly [number, number] | undefined;
  for (let i = 0; i < samples.length && !bad; i++) if (!Number.isFinite(samples[i]![1])) bad = samples[i];
  if (!bad) return null;
  const [step, lr] = bad;
  const at = plan.optimizer.lr.from[0];
  return {
    kind: 'invalid',
    ...(at ? { at } : {}),
    message: `the ${plan.semantics} scheduler gives no finite LR at update ${formatNumber(step)} (${describe(lr)}) with these values (peak LR ${formatNumber(plan.optimizer.lr.value)}, ${formatNumber(plan.totalSteps.value)} updates${plan.warmup ? `, warmup ${formatNumber(plan.warmup.steps.value)}` : ''}${plan.decay ? `, decay ${formatNumber(plan.decay.start.value)} + ${formatNumber(plan.decay.steps.value)} to ${formatNumber(plan.decay.minLr.value)}` : ''}): its formula divides by zero there (Python raises ZeroDivisionError) or overflows, so the run fails or trains on nan. Check the values the schedule is built from`,
  };
}

/**
 * A number a message interpolates as JavaScript prints it (`NaN`, `Infinity`) is written as Python and the framework
 * print it (`nan`, `inf`): the findings speak the config's language, never the engine's.
 */
export function pythonSpelling(text: string): string {
  return text.replace(/-Infinity/g, '-inf').replace(/Infinity/g, 'inf').replace(/\bNaN(?![a-z])/g, 'nan');
}

/** The plan's words (derivations, assumptions) in Python's spelling of non-finite numbers; the numbers are finite by now. */
export function spellPlanText(plan: TrainingPlan): TrainingPlan {
  const fix = (r: Resolved<unknown> | undefined) => {
    if (r) r.how = pythonSpelling(r.how);
  };
  for (const r of [plan.optimizer.lr, plan.optimizer.name, plan.optimizer.defaultLr, plan.totalSteps, plan.batchSize, plan.warmup?.steps, plan.warmup?.startLr, plan.decay?.start, plan.decay?.steps, plan.decay?.minLr, plan.horizon]) fix(r);
  plan.assumptions = plan.assumptions.map(pythonSpelling);
  if (plan.assumedLength) plan.assumedLength.why = pythonSpelling(plan.assumedLength.why);
  if (plan.decay) plan.decay.style = pythonSpelling(plan.decay.style);
  if (plan.warmup) plan.warmup.style = pythonSpelling(plan.warmup.style);
  return plan;
}
