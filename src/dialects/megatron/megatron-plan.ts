// The plan of a Megatron run from its scheduler arguments, whichever file gave them: the flags of a Megatron-LM launch
// (megatron-lm.ts) or the sections of a Megatron-Bridge config (megatron-bridge.ts). Names in messages are the ones the
// file uses (`--lr-decay-iters`, `scheduler.lr_decay_iters`). Sources @d98e8a64: megatron/training/arguments.py
// (validate_args), megatron/training/training.py (get_optimizer_param_scheduler, update_train_iters),
// megatron/core/optimizer_param_scheduler.py.
import { defaulted, formatNumber } from '../../core/access.ts';
import type { PlanProblem, PlanResult, UnitCheck } from '../../core/plan.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { megatronFixes } from './megatron-fixes.ts';
import { megatronLr, megatronPhases, type MegatronDecayStyle, type MegatronSchedulerArgs, type MegatronWsdStyle } from '../../schedules/megatron.ts';

export const MEGATRON_VERSION = 'Megatron-LM@d98e8a64';

/** How the file names each scheduler argument. */
export interface MegatronNames {
  lr: string;
  minLr: string;
  decayStyle: string;
  warmupInit: string;
  fraction: string;
  warmupIters: string;
  warmupSamples: string;
  decayIters: string;
  decaySamples: string;
  wsdIters: string;
  wsdSamples: string;
  trainIters: string;
  trainSamples: string;
  gbs: string;
}

export const LAUNCH_FLAG_NAMES: MegatronNames = {
  lr: '--lr',
  minLr: '--min-lr',
  decayStyle: '--lr-decay-style',
  warmupInit: '--lr-warmup-init',
  fraction: '--lr-warmup-fraction',
  warmupIters: '--lr-warmup-iters',
  warmupSamples: '--lr-warmup-samples',
  decayIters: '--lr-decay-iters',
  decaySamples: '--lr-decay-samples',
  wsdIters: '--lr-wsd-decay-iters',
  wsdSamples: '--lr-wsd-decay-samples',
  trainIters: '--train-iters',
  trainSamples: '--train-samples',
  gbs: '--global-batch-size',
};

/** The values read, each with where it was written; undefined: not given (the default applies). */
export interface MegatronInputs {
  lr?: Resolved | undefined;
  minLr?: Resolved | undefined;
  decayStyle?: Resolved<MegatronDecayStyle> | undefined;
  wsdStyle?: Resolved<MegatronWsdStyle> | undefined;
  warmupInit?: Resolved | undefined;
  fraction?: Resolved | undefined;
  warmupIters?: Resolved | undefined;
  warmupSamples?: Resolved | undefined;
  decayIters?: Resolved | undefined;
  decaySamples?: Resolved | undefined;
  wsdIters?: Resolved | undefined;
  wsdSamples?: Resolved | undefined;
  trainIters?: Resolved | undefined;
  trainSamples?: Resolved | undefined;
  gbs?: Resolved | undefined;
}

/** What differs between the files that give the arguments. */
export interface MegatronVariant {
  dialect: string;
  semantics: string;
  /** `the launch of pretrain_gpt.py at line 12`, `the config`. */
  where: string;
  names: MegatronNames;
  /** Who refuses a contradictory run: `validate_args`. */
  assertsIn: string;
  optimizerName: Resolved<string>;
  origin(name: string): Origin | undefined;
  /** A stop when a required value is missing but may come from somewhere trainlint cannot read. */
  missing(name: string): Stop | undefined;
  /** Assumptions made so far; the plan adds its own. */
  assumptions: string[];
  /**
   * Megatron-Bridge's own derivation of the scheduler steps (ConfigContainer._calculate_scheduler_steps): it replaces
   * the horizon with `scheduler.max_steps`, defaults the WSD anneal to the horizon and caps the warmup below it.
   */
  bridge?: { maxSteps?: Resolved | undefined; maxStepsName: string };
}

export type Stop = { ok: false; problem: PlanProblem };

export function stop(kind: PlanProblem['kind'], message: string, at?: Origin): Stop {
  return { ok: false, problem: { kind, message, ...(at ? { at } : {}) } };
}

/** The plan from the arguments: validated as Megatron validates them, then simulated sample by sample. */
export function planMegatron(inputs: MegatronInputs, v: MegatronVariant): PlanResult {
  const n = v.names;
  const { where, assumptions } = v;
  const { lr, fraction, warmupIters, warmupSamples, decayIters, decaySamples, wsdIters, wsdSamples, trainIters, trainSamples } = inputs;
  const minLrRead = inputs.minLr;
  const decayStyleRead = inputs.decayStyle;
  const wsdStyleRead = inputs.wsdStyle;
  const warmupInit = inputs.warmupInit;
  let gbs = inputs.gbs;
  if (!lr) return v.missing(n.lr) ?? stop('invalid', `${where} gives no ${n.lr}: its default is None and OptimizerParamScheduler cannot start (max_lr=float(args.lr), optimizer_param_scheduler.py @d98e8a64)`, v.origin(n.lr));
  const minLr = minLrRead ?? defaulted(0, `${n.minLr} unset: 0 (${MEGATRON_VERSION} default)`);
  const decayStyle = (decayStyleRead ?? defaulted<MegatronDecayStyle>('linear', `${n.decayStyle} unset: linear (SchedulerConfig default)`)).value;
  const wsdStyle = (wsdStyleRead ?? defaulted<MegatronWsdStyle>('exponential', '')).value;
  const init = warmupInit ?? defaulted(0, `${n.warmupInit} unset: 0 (SchedulerConfig default)`);

  const iterations = !!trainIters?.value;
  const samples = !iterations && !!trainSamples?.value;
  if (!iterations && !samples) return v.missing(n.trainIters) ?? stop('invalid', `${where} gives neither ${n.trainIters} nor ${n.trainSamples}: get_optimizer_param_scheduler raises 'either train-iters or train-samples should be provided' (training.py @d98e8a64)`, v.origin(n.trainIters));
  // validate_args (arguments.py @d98e8a64): a run counts in iterations or in samples, never both.
  const mixed = iterations
    ? [[trainSamples, n.trainSamples, 'expected iteration-based training'], [decaySamples, n.decaySamples, 'expected iteration-based learning rate decay'], [warmupSamples?.value ? warmupSamples : undefined, n.warmupSamples, 'expected iteration-based learning rate warmup']] as const
    : [[trainIters, n.trainIters, 'expected sample-based training'], [decayIters, n.decayIters, 'expected sample-based learning rate decay'], [warmupIters?.value ? warmupIters : undefined, n.warmupIters, 'expected sample-based learnig rate warmup']] as const;
  for (const [value, flag, words] of mixed) {
    if (value) return stop('invalid', `${flag} is given in a run counted in ${iterations ? `iterations (${n.trainIters})` : `samples (${n.trainSamples})`}: ${v.assertsIn} asserts '${words}' and the launch stops. Give every length in ${iterations ? `iterations (${n.decayIters}, ${n.warmupIters})` : `samples (${n.decaySamples}, ${n.warmupSamples})`}`, value.from[0] ?? v.origin(flag));
  }
  const warmupOther = iterations ? warmupIters : warmupSamples;
  if (fraction && warmupOther?.value) return stop('invalid', `${n.fraction} and ${iterations ? n.warmupIters : n.warmupSamples} are both given: ${v.assertsIn} asserts 'can only specify one of lr-warmup-fraction and lr-warmup-${iterations ? 'iters' : 'samples'}'`, fraction.from[0]);

  if (!gbs) {
    if (samples || decayStyle === 'inverse-square-root') return stop('needs-data', `${where} gives no ${n.gbs}: it is the micro batch size x the data-parallel size, which depends on the number of GPUs (give \`world-size\` in .trainlint.yml)`, v.origin(n.gbs));
    // In iterations every length is a multiple of the global batch, which then cancels out of get_lr.
    gbs = defaulted(1, `${n.gbs} unset: every length is counted in iterations, so the curve per update does not depend on it`);
    assumptions.push(`${n.gbs} is not given: in an iteration-based run the scheduler counts iterations x global batch everywhere, so the curve per update is the same for any batch`);
  }
  const g = gbs.value;
  const unit = iterations ? 'iterations' : 'samples';
  const per = (v: Resolved) => (iterations ? v.value * g : v.value);

  // Run length (update_train_iters: train_samples // global_batch_size in sample-based runs).
  const total: Resolved = iterations
    ? trainIters!
    : { value: Math.floor(trainSamples!.value / g), how: `${n.trainSamples} ${trainSamples!.value} // ${n.gbs} ${g} = ${Math.floor(trainSamples!.value / g)} (update_train_iters)`, from: [...trainSamples!.from, ...gbs.from] };
  const bridge = v.bridge;
  let maxSteps: Resolved | undefined;
  if (bridge?.maxSteps) {
    // Megatron-Bridge @067f987d config.py: SchedulerConfig.finalize refuses max_steps <= 0; _validate_training_scheduler_
    // compatibility refuses it in a sample-based run; _calculate_scheduler_steps refuses one below train_iters and
    // otherwise makes it the decay horizon in place of lr_decay_iters.
    const m = bridge.maxSteps;
    if (!(m.value > 0)) return stop('invalid', `${bridge.maxStepsName} ${formatNumber(m.value)} is not positive: SchedulerConfig.finalize raises ValueError and the run does not start`, m.from[0]);
    if (!iterations) return stop('invalid', `${bridge.maxStepsName} is given in a run counted in samples (${n.trainSamples}): Megatron-Bridge asserts 'scheduler.max_steps is only supported for iteration-based training' and the run does not start`, m.from[0]);
    if (m.value < trainIters!.value) return stop('invalid', `${bridge.maxStepsName} ${m.value} is below ${n.trainIters} ${trainIters!.value}: Megatron-Bridge raises 'scheduler.max_steps must be greater than or equal to train.train_iters' and the run does not start`, m.from[0]);
    maxSteps = { value: m.value, how: `${bridge.maxStepsName} ${m.value}, which replaces ${n.decayIters} (Megatron-Bridge _calculate_scheduler_steps)`, from: m.from };
  }
  const decayGiven = maxSteps ?? (iterations ? decayIters : decaySamples);
  const horizonFlag = iterations ? n.decayIters : n.decaySamples;
  const decayLength: Resolved = decayGiven ?? { value: iterations ? trainIters!.value : trainSamples!.value, how: `${horizonFlag} unset: = ${iterations ? n.trainIters : n.trainSamples} ${iterations ? trainIters!.value : trainSamples!.value}`, from: (iterations ? trainIters! : trainSamples!).from };
  const decaySamplesTotal = per(decayLength);
  let warmupSamplesTotal = 0;
  let warmupHow = 'no warmup (--lr-warmup-iters / --lr-warmup-samples / --lr-warmup-fraction unset)';
  let warmupFrom: Origin[] = [];
  if (fraction) {
    warmupSamplesTotal = fraction.value * decaySamplesTotal;
    warmupHow = `${n.fraction} ${formatNumber(fraction.value)} x ${decayGiven?.how.startsWith(horizonFlag) === false ? decayGiven.how.split(':')[0] : horizonFlag} ${decayLength.value}${decayGiven ? '' : ' (= ' + (iterations ? n.trainIters : n.trainSamples) + ')'} = ${formatNumber(fraction.value * decayLength.value)} ${unit}: a fraction of the decay horizon, not of the run`;
    warmupFrom = [...fraction.from, ...decayLength.from];
  } else if (warmupOther?.value) {
    warmupSamplesTotal = per(warmupOther);
    warmupHow = `${iterations ? n.warmupIters : n.warmupSamples} ${warmupOther.value}${iterations ? '' : ` / ${n.gbs} ${g}`}`;
    warmupFrom = warmupOther.from;
  }
  // Megatron-Bridge defaults the WSD anneal of an iteration-based run to the whole decay horizon.
  const wsdGiven = (iterations ? wsdIters : wsdSamples) ?? (bridge && iterations && decayStyle === 'WSD' ? { value: decayLength.value, how: `${n.wsdIters} unset: = the decay horizon ${decayLength.value} (Megatron-Bridge _calculate_scheduler_steps)`, from: decayLength.from } : undefined);

  // OptimizerParamScheduler.__init__ and validate_args assertions (optimizer_param_scheduler.py, arguments.py @d98e8a64).
  const lrAt = lr.from[0];
  if (minLr.value < 0) return stop('invalid', `${n.minLr} ${formatNumber(minLr.value)} is negative: OptimizerParamScheduler asserts min_lr >= 0.0`, minLr.from[0]);
  if (minLr.value > lr.value) return stop('invalid', `${n.minLr} ${formatNumber(minLr.value)} is above ${n.lr} ${formatNumber(lr.value)}: ${v.assertsIn} asserts args.min_lr <= args.lr`, minLr.from[0] ?? lrAt);
  if (init.value > lr.value) return stop('invalid', `${n.warmupInit} ${formatNumber(init.value)} is above ${n.lr} ${formatNumber(lr.value)}: OptimizerParamScheduler asserts init_lr <= max_lr`, init.from[0] ?? lrAt);
  if (!(decaySamplesTotal > 0)) return stop('invalid', `the decay horizon is ${decayLength.value} ${unit}: OptimizerParamScheduler asserts lr_decay_steps > 0`, decayLength.from[0]);
  let clampedBy: string | undefined;
  if (bridge && decaySamplesTotal > 0 && warmupSamplesTotal >= decaySamplesTotal) {
    // Megatron-Bridge (PR #2858, @067f987d) does not stop: it caps the warmup one sample below the horizon and warns.
    const capped = decaySamplesTotal - 1;
    assumptions.push(`warmup (${warmupHow}) is not shorter than the decay horizon (${decayLength.how}): Megatron-Bridge caps lr_warmup_steps to lr_decay_steps - 1 = ${formatNumber(capped)} samples with only a UserWarning, so the LR climbs until the horizon and then drops to ${n.minLr} at once`);
    warmupHow = `${warmupHow}, capped by Megatron-Bridge to lr_decay_steps - 1 = ${formatNumber(capped)} samples`;
    warmupSamplesTotal = capped;
    clampedBy = 'Megatron-Bridge caps the warmup one sample below the decay horizon and starts the run with a UserWarning (_calculate_scheduler_steps, PR #2858, meant for smoke runs cut from a full-length config)';
  }
  if (!(warmupSamplesTotal < decaySamplesTotal)) return stop('invalid', `warmup (${warmupHow}) is not shorter than the decay horizon (${decayLength.how}): OptimizerParamScheduler asserts lr_warmup_steps < lr_decay_steps and the launch stops`, warmupFrom[0] ?? decayLength.from[0]);
  if (decayStyle === 'WSD' && !wsdGiven) return stop('invalid', `${n.decayStyle} WSD without ${iterations ? n.wsdIters : n.wsdSamples}: OptimizerParamScheduler asserts wsd_decay_steps is not None`, decayStyleRead?.from[0]);

  const args: MegatronSchedulerArgs = {
    initLr: init.value,
    maxLr: lr.value,
    minLr: minLr.value,
    warmupSamples: warmupSamplesTotal,
    decaySamples: decaySamplesTotal,
    decayStyle,
    wsdDecaySamples: wsdGiven ? per(wsdGiven) : null,
    wsdStyle,
    samplesPerUpdate: g,
  };
  const { phases, warmupEnd, decayStart, decayEnd } = megatronPhases(args);
  const updates = (s: number) => (iterations ? `${formatNumber(s / g)} iterations` : `${formatNumber(s)} samples / ${g} per update`);
  const warmup: Resolved = {
    value: warmupEnd,
    how: warmupSamplesTotal > 0 ? `${warmupHow}; the LR peaks at the first update whose sample count reaches it: update ${warmupEnd}` : warmupHow,
    from: warmupFrom,
  };
  const unitChecks: UnitCheck[] = [];
  const check = (v: Resolved | undefined, name: string) => {
    if (!v?.from[0]) return;
    unitChecks.push({ at: v.from[0], name, value: v.value, unit: iterations ? 'steps' : 'samples', steps: iterations ? v.value : v.value / g, unitsPerStep: iterations ? 1 : g, totalSteps: total.value, otherUnit: iterations ? `samples (${name.replace('iters', 'samples')}, in a run counted with ${n.trainSamples})` : 'iterations' });
  };
  if (iterations) [[decayIters, n.decayIters], [warmupIters, n.warmupIters], [wsdIters, n.wsdIters]].forEach(([value, name]) => check(value as Resolved | undefined, name as string));
  else [[decaySamples, n.decaySamples], [warmupSamples, n.warmupSamples], [wsdSamples, n.wsdSamples]].forEach(([value, name]) => check(value as Resolved | undefined, name as string));

  const decay =
    decayEnd === null
      ? undefined
      : {
          style: decayStyle === 'WSD' ? `WSD ${wsdStyle}` : decayStyle,
          start: {
            value: decayStart,
            how: decayStyle === 'WSD' ? `${horizonFlag} - ${iterations ? n.wsdIters : n.wsdSamples} = ${updates(decaySamplesTotal - (args.wsdDecaySamples ?? 0))}: update ${decayStart}` : `the end of warmup: update ${decayStart}`,
            from: decayStyle === 'WSD' ? [...(wsdGiven?.from ?? []), ...decayLength.from] : warmupFrom,
          },
          steps: { value: decayEnd - decayStart, how: `${decayLength.how}: the LR reaches ${n.minLr} at update ${decayEnd}${iterations ? '' : ` (${formatNumber(decaySamplesTotal)} samples / ${g} per update)`}`, from: decayLength.from },
          minLr,
        };
  return {
    ok: true,
    plan: {
      dialect: v.dialect,
      semantics: v.semantics,
      optimizer: { name: v.optimizerName, lr },
      totalSteps: total,
      totalStepsSource: iterations ? 'explicit' : 'derived',
      batchSize: gbs,
      warmup: { steps: warmup, style: 'linear', startLr: init, ...(clampedBy ? { clampedBy } : {}) },
      ...(decay ? { decay } : {}),
      schedule: makeSchedule({ totalSteps: total.value, peakLr: lr.value, lrAt: (k) => megatronLr(args, k), phases }),
      unitChecks,
      assumptions,
      fixes: megatronFixes({ iterations, g, total, decayLength, decayGiven, fraction, warmupGiven: warmupOther?.value ? warmupOther : undefined, wsdGiven, trainLength: iterations ? trainIters! : trainSamples! }),
    },
  };
}
