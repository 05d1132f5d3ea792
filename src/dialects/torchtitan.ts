// torchtitan (pytorch/torchtitan): TOML job configs, `[lr_scheduler]` + `[training] steps`.
// Semantics: the warmup-stable-decay lambda of build_lr_schedulers, torchtitan/components/lr_scheduler.py
// @238fa995 (the last TOML-config release; the lambda is unchanged at b5bcd76c, now
// components/optimizer/lr_scheduler.py, which the goldens ran), defaults from torchtitan/config/job_config.py
// @238fa995, TOML read with tomllib into dataclasses (config/manager.py: unknown keys raise ValueError), and
// the loop of torchtitan/train.py (optimizers.step() then lr_schedulers.step(): update k uses lambda(k)).
// The 2024 format (`[training] warmup_steps`, no `[lr_scheduler]`) follows torchtitan/optimizer.py
// linear_warmup_linear_decay @eef8bb2b.
import schema from '../../schemas/torchtitan.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../core/access.ts';
import type { Dialect, PlanContext, PlanResult, TrainingPlan } from '../core/plan.ts';
import type { ParsedDoc } from '../core/parse.ts';
import { makeSchedule } from '../core/schedule.ts';
import type { Phase, Resolved } from '../core/types.ts';
import { isObject } from './shared.ts';

const VERSION = 'torchtitan@238fa995';
const LEGACY = 'torchtitan@eef8bb2b';

export type TitanDecayType = 'linear' | 'sqrt' | 'cosine';

export interface TitanWsd {
  warmup: number;
  stable: number;
  decay: number;
  decayType: TitanDecayType;
  minLrFactor: number;
}

/** Python's round() on a float: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
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

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (doc.format !== 'toml' || !isObject(d)) return 0;
  const training = isObject(d.training) ? d.training : undefined;
  const scheduled = isObject(d.lr_scheduler) || (training !== undefined && ('steps' in training || 'warmup_steps' in training));
  if (!scheduled) return 0;
  if (isObject(d.optimizer) || isObject(d.job) || isObject(d.model)) return 1;
  return 0.6;
}

function plan(r: DocReader, _context: PlanContext): PlanResult {
  const lr = r.number(['optimizer', 'lr']) ?? defaulted(8e-4, `optimizer.lr unset: 8e-4 (${VERSION} default)`);
  const optimizerName = r.string(['optimizer', 'name']) ?? defaulted('AdamW', `optimizer.name unset: AdamW (${VERSION} default)`);
  const steps = r.number(['training', 'steps']) ?? defaulted(10000, `training.steps unset: 10000 (${VERSION} default)`);
  if (!Number.isInteger(steps.value) || steps.value < 1) {
    return { ok: false, problem: { at: r.origin(['training', 'steps']), message: `training.steps ${formatNumber(steps.value)} is not a positive whole number of steps`, kind: 'invalid' } };
  }
  const legacy = !r.has(['lr_scheduler']) && r.has(['training', 'warmup_steps']);
  return { ok: true, plan: legacy ? legacyPlan(r, lr, optimizerName, steps) : wsdPlan(r, lr, optimizerName, steps) };
}

function wsdPlan(r: DocReader, lr: Resolved, optimizerName: Resolved<string>, steps: Resolved): TrainingPlan {
  const S = ['lr_scheduler'];
  const totalGiven = r.number([...S, 'total_steps']);
  // build(): total_steps = lr_scheduler.total_steps if set, else training.steps.
  const total: Resolved = totalGiven ?? { value: steps.value, how: `lr_scheduler.total_steps unset: = training.steps = ${steps.value}`, from: steps.from };
  const warmupGiven = r.number([...S, 'warmup_steps']) ?? defaulted(200, `warmup_steps unset: 200 (${VERSION} default)`);
  const warmupInt = Math.trunc(warmupGiven.value);
  const warmupValue = Math.min(warmupInt, total.value);
  const warmup: Resolved = {
    value: warmupValue,
    how: warmupInt > total.value ? `warmup_steps ${warmupInt} > ${total.value} scheduler steps: build() clamps it to ${total.value}` : warmupGiven.how,
    from: [...warmupGiven.from, ...(warmupInt > total.value ? total.from : [])],
  };
  const ratio = r.number([...S, 'decay_ratio']);
  // lr_min (before 881f0ca4, 2025-07-31) is read as the same factor.
  const minFactor = r.number([...S, 'min_lr_factor']) ?? r.number([...S, 'lr_min']) ?? defaulted(0, `min_lr_factor unset: 0 (${VERSION} default)`);
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
    semantics: VERSION,
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

function legacyPlan(r: DocReader, lr: Resolved, optimizerName: Resolved<string>, steps: Resolved): TrainingPlan {
  const warmupGiven = r.number(['training', 'warmup_steps']) ?? defaulted(200, `training.warmup_steps unset: 200 (${LEGACY} default)`);
  const warmup = Math.trunc(warmupGiven.value);
  const decaySteps = Math.max(1, steps.value - warmup);
  const run = steps.value;
  return {
    dialect: 'torchtitan',
    semantics: LEGACY,
    optimizer: { name: optimizerName, lr },
    totalSteps: steps,
    totalStepsSource: 'explicit',
    warmup: { steps: { ...warmupGiven, value: warmup }, style: 'linear' },
    decay: {
      style: 'linear',
      start: { value: warmup, how: `decay starts when warmup ends (step ${warmup})`, from: warmupGiven.from },
      steps: { value: decaySteps, how: `max(1, training.steps - warmup_steps) = max(1, ${run} - ${warmup}) = ${decaySteps}`, from: [...steps.from, ...warmupGiven.from] },
      minLr: defaulted(0, 'linear decay to 0 (no floor in the 2024 scheduler)'),
    },
    schedule: makeSchedule({
      totalSteps: run,
      peakLr: lr.value,
      lrAt: (k) => lr.value * titanLegacyFactor(warmup, decaySteps, k),
      phases: [
        { kind: 'warmup', start: 0, end: warmup, style: 'linear' },
        { kind: 'decay', start: warmup, end: warmup + decaySteps, style: 'linear' },
      ],
    }),
    assumptions: ['2024 config format (`[training] warmup_steps`): warmup (k+1)/(warmup+1), then linear decay to 0 over the remaining steps'],
    fixes: {
      totalStepsTo: (n) => ({ at: r.origin(['training', 'steps']), value: n }),
      warmupTo: (n) => ({ at: r.origin(['training', 'warmup_steps']), value: n }),
    },
  };
}

export const torchtitan: Dialect = {
  id: 'torchtitan',
  title: 'torchtitan',
  follows: 'pytorch/torchtitan @238fa995 (components/lr_scheduler.py, config/job_config.py, train.py; lambda unchanged at b5bcd76c); 2024 format @eef8bb2b',
  schema,
  // tomllib reads the file; values go into the dataclasses as they are (no conversion), so a string where a
  // number belongs is passed on and fails where it is used.
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'tomllib + dataclasses, torchtitan @238fa995' },
  formats: ['toml'],
  detect,
  plan,
};
