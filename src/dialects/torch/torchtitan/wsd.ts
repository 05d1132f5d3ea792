// The warmup-stable-decay schedule torchtitan builds from `[lr_scheduler]` / `LRSchedulersContainer.Config`:
// the lambda linear_warmup_stable_decay and the step arithmetic of build (torchtitan/components/lr_scheduler.py
// @238fa995, build_lr_schedulers; components/optimizer/lr_scheduler.py @b5bcd76c, LRSchedulersContainer.Config.build:
// the lambda and the arithmetic are the same, only the layout changed), stepped by the loop of train.py / trainer.py
// (optimizers.step() then lr_schedulers.step(): update k uses lambda(k)).
import { defaulted, formatNumber, type DocReader } from '../../../core/access.ts';
import type { TrainingPlan } from '../../../core/plan.ts';
import { roundHalfEven } from '../../../core/python-numbers.ts';
import { makeSchedule } from '../../../core/schedule.ts';
import type { Phase, Resolved } from '../../../core/types.ts';

export type TitanDecayType = 'linear' | 'sqrt' | 'cosine';

export interface TitanWsd {
  warmup: number;
  stable: number;
  decay: number;
  decayType: TitanDecayType;
  minLrFactor: number;
}

/** linear_warmup_stable_decay(k): the factor LambdaLR multiplies the LR by at scheduler step k. */
export function titanFactor(a: TitanWsd, k: number): number {
  const warmupStable = a.warmup + a.stable;
  if (k < a.warmup) return (k + 1) / a.warmup;
  if (k < warmupStable) return 1.0;
  // decay_steps 0 here trips `assert decay_steps != 0` (AssertionError): the LR is undefined.
  if (a.decay === 0) return NaN;
  const progress = (k + 1 - warmupStable) / a.decay;
  let adjustment: number;
  if (a.decayType === 'linear') adjustment = 1 - progress;
  else if (a.decayType === 'sqrt') adjustment = 1 - Math.sqrt(progress);
  else adjustment = 0.5 * (1.0 + Math.cos(Math.PI * progress));
  return a.minLrFactor + (1 - a.minLrFactor) * adjustment;
}

/** torchtitan/optimizer.py linear_warmup_linear_decay @eef8bb2b (decay_steps is a float there). */
export function titanLegacyFactor(warmup: number, decaySteps: number, k: number): number {
  if (k < warmup) return (k + 1) / (warmup + 1);
  const normalized = decaySteps - (k - warmup);
  return 1 - (decaySteps - normalized) / decaySteps;
}

/**
 * The plan of LRSchedulersContainer.Config.build (the same arithmetic at 238fa995 and b5bcd76c) over `training.steps`
 * updates, from keys `optimizer.lr`, `lr_scheduler.*` and `training.steps` of `r` (a TOML file, or one registered config
 * of a registry read into the same keys). `version` names the commit whose defaults apply.
 */
export function wsdPlan(r: DocReader, lr: Resolved, optimizerName: Resolved<string>, steps: Resolved, version: string): TrainingPlan {
  const S = ['lr_scheduler'];
  const totalGiven = r.number([...S, 'total_steps']);
  // build(): total_steps = lr_scheduler.total_steps if set, else training.steps.
  const total: Resolved = totalGiven ?? { value: steps.value, how: `lr_scheduler.total_steps unset: = training.steps = ${steps.value}`, from: steps.from };
  const warmupGiven = r.number([...S, 'warmup_steps']) ?? defaulted(200, `warmup_steps unset: 200 (${version} default)`);
  const warmupInt = Math.trunc(warmupGiven.value);
  const warmupValue = Math.min(warmupInt, total.value);
  const warmup: Resolved = {
    value: warmupValue,
    how: warmupInt > total.value ? `warmup_steps ${warmupInt} > ${total.value} scheduler steps: build() clamps it to ${total.value}` : warmupGiven.how,
    from: [...warmupGiven.from, ...(warmupInt > total.value ? total.from : [])],
  };
  const ratio = r.number([...S, 'decay_ratio']);
  // lr_min (before 881f0ca4, 2025-07-31) is read as the same factor.
  const minFactor = r.number([...S, 'min_lr_factor']) ?? r.number([...S, 'lr_min']) ?? defaulted(0, `min_lr_factor unset: 0 (${version} default)`);
  const decayType = (r.string([...S, 'decay_type'])?.value ?? 'linear') as TitanDecayType;
  let decay: Resolved;
  if (ratio) {
    const raw = roundHalfEven(total.value * ratio.value);
    const clamped = warmupValue + raw > total.value;
    const value = clamped ? total.value - warmupValue : raw;
    decay = {
      value,
      how: `round(${total.value} x ${formatNumber(ratio.value)}) = ${raw} (Python rounds halves to even)${clamped ? `; warmup ${warmupValue} + ${raw} > ${total.value}: clamped to ${value}` : ''}`,
      from: [...ratio.from, ...total.from],
    };
  } else {
    decay = { value: total.value - warmupValue, how: `decay_ratio unset: decay right after warmup, ${total.value} - ${warmupValue} = ${total.value - warmupValue} steps`, from: [...total.from, ...warmup.from] };
  }
  // One virtual step past the end keeps the LR above the floor at the last update.
  const stable = total.value + 1 - warmupValue - decay.value;
  const args: TitanWsd = { warmup: warmupValue, stable, decay: decay.value, decayType, minLrFactor: minFactor.value };
  const decayStart = warmupValue + stable;
  const run = steps.value;
  const phases: Phase[] = [
    { kind: 'warmup', start: 0, end: warmupValue, style: 'linear' },
    { kind: 'constant', start: warmupValue, end: decayStart, style: 'constant' },
    // The decay reaches min_lr_factor at scheduler step total (the virtual step): it is built to end at the last update.
    { kind: 'decay', start: decayStart, end: Math.max(total.value, decayStart), style: decayType },
  ];
  if (run > total.value) phases.push({ kind: 'decay', start: total.value, end: Infinity, style: `${decayType} past lr_scheduler.total_steps` });
  const minLr = lr.value * minFactor.value;
  const planned: TrainingPlan = {
    dialect: 'torchtitan',
    semantics: version,
    optimizer: { name: optimizerName, lr },
    totalSteps: steps,
    totalStepsSource: 'explicit',
    warmup: { steps: warmup, style: 'linear' },
    schedule: makeSchedule({
      totalSteps: run,
      peakLr: lr.value,
      lrAt: (k) => lr.value * titanFactor(args, k),
      phases,
      ...(totalGiven ? { horizon: total.value } : {}),
    }),
    assumptions: [],
    fixes: {
      totalStepsTo: (n) => ({ at: r.origin(['training', 'steps']), value: n }),
      warmupTo: (n) => ({ at: r.origin([...S, 'warmup_steps']), value: n }),
      decayEndAt: (n) => (totalGiven?.from[0] ? { at: totalGiven.from[0], value: n } : undefined),
    },
  };
  if (decay.value > 0) {
    planned.decay = {
      style: decayType,
      start: { value: decayStart, how: `warmup ${warmupValue} + stable ${stable} (total + 1 - warmup - decay: one virtual step)`, from: [...warmup.from, ...decay.from] },
      steps: decay,
      minLr: { value: minLr, how: `min_lr_factor x lr = ${formatNumber(minFactor.value)} x ${formatNumber(lr.value)} = ${formatNumber(minLr)}`, from: [...minFactor.from, ...lr.from] },
    };
  }
  if (totalGiven) {
    planned.horizon = { value: total.value, how: `lr_scheduler.total_steps: ${total.value}`, from: totalGiven.from };
    if (run > total.value && decay.value === 0) {
      planned.assumptions.push(`past lr_scheduler.total_steps + 1 the decay branch asserts decay_steps != 0: the run stops with AssertionError after update ${total.value + 1}`);
    }
  }
  if (!r.has([...S, 'min_lr_factor']) && r.has([...S, 'lr_min'])) planned.assumptions.push('lr_scheduler.lr_min (torchtitan before 881f0ca4) is read as min_lr_factor');
  return planned;
}
