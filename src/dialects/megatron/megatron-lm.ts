// Megatron-LM (NVIDIA/Megatron-LM): the schedule of a `pretrain_*.py` launch in a shell or SLURM script, read from its
// flags (core/parse-shell.ts) and simulated with megatron.core's sample-counting OptimizerParamScheduler.
// Sources @d98e8a64: megatron/training/arguments.py (flags, validate_args), megatron/training/config/training_config.py
// (SchedulerConfig / TrainingConfig defaults), megatron/training/training.py (get_optimizer_param_scheduler,
// update_train_iters, train_step), megatron/core/optimizer_param_scheduler.py (get_lr).
import schema from '../../../schemas/megatron-lm.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import type { Dialect, PlanContext, PlanResult, UnitCheck } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { LaunchFlags, type FlagRead } from './launch-flags.ts';
import { megatronFixes } from './megatron-fixes.ts';
import { megatronLr, megatronPhases, type MegatronDecayStyle, type MegatronSchedulerArgs, type MegatronWsdStyle } from './megatron-scheduler.ts';

export const MEGATRON_VERSION = 'Megatron-LM@d98e8a64';
const DECAY_STYLES = ['constant', 'linear', 'cosine', 'inverse-square-root', 'WSD'] as const;
const WSD_STYLES = ['exponential', 'linear', 'cosine', 'minus_sqrt'] as const;

/** Flags whose value the schedule depends on: one that cannot be read stops the simulation. */
const SCHEDULE_FLAGS = [
  '--lr', '--min-lr', '--lr-decay-style', '--lr-wsd-decay-style', '--lr-warmup-init', '--lr-warmup-fraction', '--lr-warmup-iters', '--lr-warmup-samples',
  '--lr-decay-iters', '--lr-decay-samples', '--lr-wsd-decay-iters', '--lr-wsd-decay-samples', '--train-iters', '--train-samples', '--global-batch-size',
];

function detect(doc: ParsedDoc): number {
  const launch = doc.shell;
  if (doc.format !== 'shell' || !launch) return 0;
  if (/(?:^|\/)pretrain_\w+\.py$/.test(launch.script)) return 0.95;
  const d = doc.data as Record<string, unknown>;
  const has = (f: string) => f in d || launch.unresolved.has(`/${f}`);
  return (has('--train-iters') || has('--train-samples')) && has('--lr') && (has('--global-batch-size') || has('--micro-batch-size')) ? 0.8 : 0;
}

type Stop = { ok: false; problem: Extract<PlanResult, { ok: false }>['problem'] };

function stop(kind: Stop['problem']['kind'], message: string, at?: Origin): Stop {
  return { ok: false, problem: { kind, message, ...(at ? { at } : {}) } };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const f = new LaunchFlags(r);
  const launch = f.launch;
  const where = `the launch of ${launch.script.split('/').pop()} at line ${launch.line}`;
  const assumptions: string[] = [];
  for (const flag of SCHEDULE_FLAGS) {
    const u = launch.unresolved.get(`/${flag}`);
    if (u) return stop('not-simulated', `${flag} ${u.expression} (line ${u.span.line}) in ${where} cannot be resolved from the script (its value is set outside it, by a command's output, or differently under a condition), so the schedule is not simulated (the other flags were read)`, f.origin(flag));
  }
  const openArgs = launch.open.map((o) => `${o.expression.length > 60 ? `${o.expression.slice(0, 57)}...` : o.expression} (line ${o.line})`);
  const missingMayBeOpen = (flag: string) => (openArgs.length ? stop('not-simulated', `${where} gives no ${flag}, and its arguments include ${openArgs.join(', ')}, which trainlint cannot expand and which may give it: the schedule is not simulated`) : undefined);
  if (openArgs.length) assumptions.push(`${where} passes ${openArgs.join(', ')}, which trainlint cannot expand: flags they may add are taken at Megatron's defaults`);
  if (launch.launches > 1) assumptions.push(`the file launches ${launch.launches} training runs; the first (line ${launch.line}) is reviewed`);
  if (launch.conditional) assumptions.push(`the launch at line ${launch.line} runs under a condition of the script`);

  // Every read either gives a value, nothing (the default), or stops the plan.
  const reads: Array<FlagRead<unknown>> = [];
  const take = <T>(read: FlagRead<T>): Resolved<T> | undefined => {
    reads.push(read as FlagRead<unknown>);
    if (read.state === 'value') {
      if (read.environment) assumptions.push(`${read.value.how.split(':')[0]} takes the default of \${${read.environment}:-...}; the environment may set ${read.environment}`);
      return read.value;
    }
    return undefined;
  };
  const lr = take(f.float('--lr'));
  const minLrRead = take(f.float('--min-lr'));
  const decayStyleRead = take(f.choice('--lr-decay-style', DECAY_STYLES));
  const wsdStyleRead = take(f.choice('--lr-wsd-decay-style', WSD_STYLES));
  const warmupInit = take(f.float('--lr-warmup-init'));
  const fraction = take(f.float('--lr-warmup-fraction'));
  const warmupIters = take(f.int('--lr-warmup-iters'));
  const warmupSamples = take(f.int('--lr-warmup-samples'));
  const decayIters = take(f.int('--lr-decay-iters'));
  const decaySamples = take(f.int('--lr-decay-samples'));
  const wsdIters = take(f.int('--lr-wsd-decay-iters'));
  const wsdSamples = take(f.int('--lr-wsd-decay-samples'));
  const trainIters = take(f.int('--train-iters'));
  const trainSamples = take(f.int('--train-samples'));
  const gbsRead = take(f.int('--global-batch-size'));
  const mbs = take(f.int('--micro-batch-size'));
  const bad = reads.find((x): x is Extract<FlagRead<unknown>, { state: 'invalid' }> => x.state === 'invalid');
  if (bad) return stop('invalid', bad.message, bad.at);

  if (!lr) return missingMayBeOpen('--lr') ?? stop('invalid', `${where} gives no --lr: its default is None and OptimizerParamScheduler cannot start (max_lr=float(args.lr), optimizer_param_scheduler.py @d98e8a64)`, f.origin('--lr'));
  const minLr = minLrRead ?? defaulted(0, `--min-lr unset: 0 (${MEGATRON_VERSION} default)`);
  const decayStyle = (decayStyleRead ?? defaulted<MegatronDecayStyle>('linear', `--lr-decay-style unset: linear (SchedulerConfig default)`)).value;
  const wsdStyle = (wsdStyleRead ?? defaulted<MegatronWsdStyle>('exponential', '')).value;
  const init = warmupInit ?? defaulted(0, `--lr-warmup-init unset: 0 (SchedulerConfig default)`);

  if (f.has('--step-batch-size-schedule')) return stop('not-simulated', `${where} sets --step-batch-size-schedule: the global batch, and with it the samples the scheduler counts per update, changes during the run, which trainlint does not model`, f.origin('--step-batch-size-schedule'));
  if (f.has('--rampup-batch-size')) assumptions.push('--rampup-batch-size is deprecated and ignored since Megatron-LM 532ad926 (2026-04-21: the batch stays --global-batch-size); releases before it ramped the batch, so the scheduler counted fewer samples per early update than this curve assumes');
  if (f.has('--use-checkpoint-opt_param-scheduler') || f.has('--use-checkpoint-opt-param-scheduler')) assumptions.push('--use-checkpoint-opt_param-scheduler: a resumed run takes the scheduler values from the checkpoint, not from these flags');

  // Global batch: --global-batch-size, else micro batch x data-parallel size (validate_args, arguments.py @d98e8a64).
  let gbs: Resolved | undefined = gbsRead;
  if (!gbs && mbs && context.worldSize) {
    const parallel = ['--tensor-model-parallel-size', '--pipeline-model-parallel-size', '--context-parallel-size'].map((fl) => {
      const v = f.int(fl);
      return v.state === 'value' ? v.value.value : 1;
    });
    const dp = Math.floor(context.worldSize / parallel.reduce((a, b) => a * b, 1));
    if (dp >= 1) gbs = { value: mbs.value * dp, how: `--global-batch-size unset: --micro-batch-size ${mbs.value} x data-parallel size ${dp} (world-size ${context.worldSize} / (TP x PP x CP ${parallel.join(' x ')})) = ${mbs.value * dp}`, from: mbs.from };
  }

  const iterations = !!trainIters?.value;
  const samples = !iterations && !!trainSamples?.value;
  if (!iterations && !samples) return missingMayBeOpen('--train-iters') ?? stop('invalid', `${where} gives neither --train-iters nor --train-samples: get_optimizer_param_scheduler raises 'either train-iters or train-samples should be provided' (training.py @d98e8a64)`, f.origin('--train-iters'));
  // validate_args (arguments.py @d98e8a64): a run counts in iterations or in samples, never both.
  const mixed = iterations
    ? [[trainSamples, '--train-samples', 'expected iteration-based training'], [decaySamples, '--lr-decay-samples', 'expected iteration-based learning rate decay'], [warmupSamples?.value ? warmupSamples : undefined, '--lr-warmup-samples', 'expected iteration-based learning rate warmup']] as const
    : [[trainIters, '--train-iters', 'expected sample-based training'], [decayIters, '--lr-decay-iters', 'expected sample-based learning rate decay'], [warmupIters?.value ? warmupIters : undefined, '--lr-warmup-iters', 'expected sample-based learnig rate warmup']] as const;
  for (const [value, flag, words] of mixed) {
    if (value) return stop('invalid', `${flag} is given in a run counted in ${iterations ? 'iterations (--train-iters)' : 'samples (--train-samples)'}: validate_args asserts '${words}' and the launch stops. Give every length in ${iterations ? 'iterations (--lr-decay-iters, --lr-warmup-iters)' : 'samples (--lr-decay-samples, --lr-warmup-samples)'}`, value.from[0] ?? f.origin(flag));
  }
  const warmupOther = iterations ? warmupIters : warmupSamples;
  if (fraction && warmupOther?.value) return stop('invalid', `--lr-warmup-fraction and ${iterations ? '--lr-warmup-iters' : '--lr-warmup-samples'} are both given: validate_args asserts 'can only specify one of lr-warmup-fraction and lr-warmup-${iterations ? 'iters' : 'samples'}'`, fraction.from[0]);

  if (!gbs) {
    if (samples || decayStyle === 'inverse-square-root') return stop('needs-data', `${where} gives no --global-batch-size: it is --micro-batch-size x the data-parallel size, which depends on the number of GPUs (give \`world-size\` in .trainlint.yml)`, f.origin('--global-batch-size'));
    // In iterations every length is a multiple of the global batch, which then cancels out of get_lr.
    gbs = defaulted(1, '--global-batch-size unset: every length is counted in iterations, so the curve per update does not depend on it');
    assumptions.push('--global-batch-size is not given: in an iteration-based run the scheduler counts iterations x global batch everywhere, so the curve per update is the same for any batch');
  }
  const g = gbs.value;
  const unit = iterations ? 'iterations' : 'samples';
  const per = (v: Resolved) => (iterations ? v.value * g : v.value);

  // Run length (update_train_iters: train_samples // global_batch_size in sample-based runs).
  const total: Resolved = iterations
    ? trainIters!
    : { value: Math.floor(trainSamples!.value / g), how: `--train-samples ${trainSamples!.value} // --global-batch-size ${g} = ${Math.floor(trainSamples!.value / g)} (update_train_iters)`, from: [...trainSamples!.from, ...gbs.from] };
  const decayGiven = iterations ? decayIters : decaySamples;
  const horizonFlag = iterations ? '--lr-decay-iters' : '--lr-decay-samples';
  const decayLength: Resolved = decayGiven ?? { value: iterations ? trainIters!.value : trainSamples!.value, how: `${horizonFlag} unset: = ${iterations ? '--train-iters' : '--train-samples'} ${iterations ? trainIters!.value : trainSamples!.value}`, from: (iterations ? trainIters! : trainSamples!).from };
  const decaySamplesTotal = per(decayLength);
  let warmupSamplesTotal = 0;
  let warmupHow = 'no warmup (--lr-warmup-iters / --lr-warmup-samples / --lr-warmup-fraction unset)';
  let warmupFrom: Origin[] = [];
  if (fraction) {
    warmupSamplesTotal = fraction.value * decaySamplesTotal;
    warmupHow = `--lr-warmup-fraction ${formatNumber(fraction.value)} x ${horizonFlag} ${decayLength.value}${decayGiven ? '' : ' (= ' + (iterations ? '--train-iters' : '--train-samples') + ')'} = ${formatNumber(fraction.value * decayLength.value)} ${unit}: a fraction of the decay horizon, not of the run`;
    warmupFrom = [...fraction.from, ...decayLength.from];
  } else if (warmupOther?.value) {
    warmupSamplesTotal = per(warmupOther);
    warmupHow = `${iterations ? '--lr-warmup-iters' : '--lr-warmup-samples'} ${warmupOther.value}${iterations ? '' : ` / --global-batch-size ${g}`}`;
    warmupFrom = warmupOther.from;
  }
  const wsdGiven = iterations ? wsdIters : wsdSamples;

  // OptimizerParamScheduler.__init__ and validate_args assertions (optimizer_param_scheduler.py, arguments.py @d98e8a64).
  const lrAt = lr.from[0];
  if (minLr.value < 0) return stop('invalid', `--min-lr ${formatNumber(minLr.value)} is negative: OptimizerParamScheduler asserts min_lr >= 0.0`, minLr.from[0]);
  if (minLr.value > lr.value) return stop('invalid', `--min-lr ${formatNumber(minLr.value)} is above --lr ${formatNumber(lr.value)}: validate_args asserts args.min_lr <= args.lr`, minLr.from[0] ?? lrAt);
  if (init.value > lr.value) return stop('invalid', `--lr-warmup-init ${formatNumber(init.value)} is above --lr ${formatNumber(lr.value)}: OptimizerParamScheduler asserts init_lr <= max_lr`, init.from[0] ?? lrAt);
  if (!(decaySamplesTotal > 0)) return stop('invalid', `the decay horizon is ${decayLength.value} ${unit}: OptimizerParamScheduler asserts lr_decay_steps > 0`, decayLength.from[0]);
  if (!(warmupSamplesTotal < decaySamplesTotal)) return stop('invalid', `warmup (${warmupHow}) is not shorter than the decay horizon (${decayLength.how}): OptimizerParamScheduler asserts lr_warmup_steps < lr_decay_steps and the launch stops`, warmupFrom[0] ?? decayLength.from[0]);
  if (decayStyle === 'WSD' && !wsdGiven) return stop('invalid', `--lr-decay-style WSD without ${iterations ? '--lr-wsd-decay-iters' : '--lr-wsd-decay-samples'}: OptimizerParamScheduler asserts wsd_decay_steps is not None`, decayStyleRead?.from[0]);

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
    unitChecks.push({ at: v.from[0], name, value: v.value, unit: iterations ? 'steps' : 'samples', steps: iterations ? v.value : v.value / g, unitsPerStep: iterations ? 1 : g, totalSteps: total.value, otherUnit: iterations ? `samples (${name.replace('iters', 'samples')}, in a run counted with --train-samples)` : 'iterations' });
  };
  if (iterations) [[decayIters, '--lr-decay-iters'], [warmupIters, '--lr-warmup-iters'], [wsdIters, '--lr-wsd-decay-iters']].forEach(([v, n]) => check(v as Resolved | undefined, n as string));
  else [[decaySamples, '--lr-decay-samples'], [warmupSamples, '--lr-warmup-samples'], [wsdSamples, '--lr-wsd-decay-samples']].forEach(([v, n]) => check(v as Resolved | undefined, n as string));

  const decay =
    decayEnd === null
      ? undefined
      : {
          style: decayStyle === 'WSD' ? `WSD ${wsdStyle}` : decayStyle,
          start: {
            value: decayStart,
            how: decayStyle === 'WSD' ? `${horizonFlag} - ${iterations ? '--lr-wsd-decay-iters' : '--lr-wsd-decay-samples'} = ${updates(decaySamplesTotal - (args.wsdDecaySamples ?? 0))}: update ${decayStart}` : `the end of warmup: update ${decayStart}`,
            from: decayStyle === 'WSD' ? [...(wsdGiven?.from ?? []), ...decayLength.from] : warmupFrom,
          },
          steps: { value: decayEnd - decayStart, how: `${decayLength.how}: the LR reaches --min-lr at update ${decayEnd}${iterations ? '' : ` (${formatNumber(decaySamplesTotal)} samples / ${g} per update)`}`, from: decayLength.from },
          minLr,
        };
  return {
    ok: true,
    plan: {
      dialect: 'megatron-lm',
      semantics: MEGATRON_VERSION,
      optimizer: { name: defaulted('adam', `--optimizer: ${String(r.raw(['--optimizer']) ?? 'adam (default)')}`), lr },
      totalSteps: total,
      totalStepsSource: iterations ? 'explicit' : 'derived',
      batchSize: gbs,
      warmup: { steps: warmup, style: 'linear', startLr: init },
      ...(decay ? { decay } : {}),
      schedule: makeSchedule({ totalSteps: total.value, peakLr: lr.value, lrAt: (k) => megatronLr(args, k), phases }),
      unitChecks,
      assumptions,
      fixes: megatronFixes({ iterations, g, total, decayLength, decayGiven, fraction, warmupGiven: warmupOther?.value ? warmupOther : undefined, wsdGiven, trainLength: iterations ? trainIters! : trainSamples! }),
    },
  };
}

export const megatronLm: Dialect = {
  id: 'megatron-lm',
  title: 'Megatron-LM',
  follows: 'NVIDIA/Megatron-LM @d98e8a64 (megatron/core/optimizer_param_scheduler.py, megatron/training/training.py, arguments.py)',
  schema,
  // argparse converts each flag with its type (arguments.py / argument_utils.py @d98e8a64): `--train-iters 5e5` stops the launch.
  loader: { yaml: 'yaml12', stringForNumber: 'fails', citation: 'argparse type=int/float conversions, Megatron-LM arguments.py @d98e8a64' },
  formats: ['shell'],
  versionKeys: ['megatron', 'megatron-core'],
  detect,
  plan,
};
