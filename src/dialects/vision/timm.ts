// timm (huggingface/pytorch-image-models) train.py: a `--config` YAML of its argument names (also the args.yaml every
// run writes) and `./distributed_train.sh N --flags` / `train.py --flags` launch lines, merged as train.py merges them
// (timm/args.ts), simulated with the scheduler create_scheduler_v2 builds and stepped as train.py steps it
// (timm/scheduler.ts): update k uses the value at k (`--sched-on-updates`) or at k's epoch (default).
// Sources @aa4b5850: train.py (_parse_args, lr from lr_base, updates_per_epoch, the epoch loop), timm/scheduler/*.
import schema from '../../../schemas/timm.schema.json' with { type: 'json' };
import { defaulted, formatNumber, formatValue, type DocReader } from '../../core/access.ts';
import { assumeEpochs, type Dialect, type PlanContext, type PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { focusTimmLaunch, launchProcesses, timmLaunch, yamlScore } from './timm/launch.ts';
import { buildTimmScheduler, CYCLE_SCHEDS, timmLrAt, timmPhases, type TimmSched } from './timm/scheduler.ts';
import { readTimmArgs, type TimmArgs } from './timm/values.ts';

export const TIMM_VERSION = 'timm@aa4b5850';
const SIMULATED: readonly string[] = ['cosine', 'tanh', 'poly', 'step', 'multistep'];

function detect(doc: ParsedDoc): number {
  if (doc.format === 'shell') return timmLaunch(doc) ? (timmLaunch(doc)!.launch.target.kind === 'command' ? 0.9 : 0.7) : 0;
  return yamlScore(doc.data);
}

function focus(doc: ParsedDoc): ParsedDoc {
  if (doc.format !== 'shell') return doc;
  const launch = timmLaunch(doc);
  return launch ? focusTimmLaunch(doc, launch) : doc;
}

type Stop = Extract<PlanResult, { ok: false }>;
function stop(kind: Stop['problem']['kind'], message: string, at?: Origin): Stop {
  return { ok: false, problem: { kind, message, ...(at ? { at } : {}) } };
}

/** Processes of the run: the launch line, else the project's settings / launch lines found by the resolver, else 1 (stated). */
function worldSize(r: DocReader, context: PlanContext, assumptions: string[]): Resolved {
  const launch = r.doc.format === 'shell' ? r.doc.shellLaunches?.find((l) => l.launch === r.doc.shell) : undefined;
  const fromLaunch = launch ? launchProcesses(launch) : undefined;
  if (fromLaunch && 'value' in fromLaunch) return defaulted(fromLaunch.value, fromLaunch.how);
  if (context.worldSize !== undefined) return defaulted(context.worldSize, context.worldSizeSource?.how ?? `world size ${context.worldSize}`);
  assumptions.push(fromLaunch && 'unknown' in fromLaunch ? `${fromLaunch.unknown}; one process assumed` : 'the number of processes is not given (no launch line, no `world-size` in .trainlint.yml): one process assumed');
  return defaulted(1, 'one process (assumed)');
}

/** train.py: `if not args.lr`, lr = lr_base x global batch / lr_base_size (sqrt of the ratio for adam-family (ada...) and lamb optimizers). */
function peakLr(a: TimmArgs, world: Resolved): Resolved {
  if (a.lr.value) return a.lr;
  const batch = a.batch_size.value;
  const accum = Math.max(1, a.grad_accum_steps.value);
  const global = batch * world.value * accum;
  const ratio = global / a.lr_base_size.value;
  const scale = a.lr_base_scale.value || (/ada|lamb/.test(a.opt.value.toLowerCase()) ? 'sqrt' : 'linear');
  const value = a.lr_base.value * (scale === 'sqrt' ? ratio ** 0.5 : ratio);
  const how =
    `lr unset: lr_base ${formatNumber(a.lr_base.value)} x ${scale === 'sqrt' ? 'sqrt' : ''}(global batch ${global} / lr_base_size ${a.lr_base_size.value}) = ${formatValue(value)} ` +
    `(global batch = batch_size ${batch} x ${world.how} x grad_accum_steps ${accum}; ${scale} scaling${a.lr_base_scale.value ? '' : ` for opt ${a.opt.value}`})`;
  return { value, how, from: [...a.lr_base.from, ...a.batch_size.from] };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const assumptions: string[] = [];
  const read = readTimmArgs(r, context, assumptions);
  if (!read.ok) return stop(read.kind, read.message, read.at);
  const a = read.args;
  const sched = a.sched.value;
  if (sched === 'plateau') return stop('not-simulated', `sched plateau (${a.sched.how}) lowers the LR when the eval metric stops improving, which no config can tell in advance: the curve is not simulated`, a.sched.from[0]);
  const world = worldSize(r, context, assumptions);
  const lr = peakLr(a, world);
  if (!SIMULATED.includes(sched)) {
    assumptions.push(`create_scheduler_v2 builds no scheduler for sched "${sched}" (${a.sched.how}): train.py keeps the LR at ${formatValue(lr.value)} for the whole run`);
  }
  if (a.lr_noise.value !== null) assumptions.push(`lr_noise ${JSON.stringify(a.lr_noise.value)} adds seeded random noise to the LR inside its range; the curve shown excludes the noise`);
  if (a.start_epoch.value) assumptions.push(`start_epoch ${a.start_epoch.value}: a resumed run starts the scheduler at that epoch; the curve shows the whole run from epoch 0`);

  // Loader length (train.py create_loader, drop_last for training; DistributedSampler pads to ceil(N / world)).
  const batch = a.batch_size.value;
  const accum = Math.max(1, a.grad_accum_steps.value);
  const lengthUnmodelled = a.naflex_loader.value ? 'naflex_loader' : a.train_img_sizes.value !== null ? 'train_img_sizes (scheduled resolutions and batch sizes)' : a.epoch_repeats.value > 0 ? `epoch_repeats ${a.epoch_repeats.value}` : undefined;
  let updatesPerEpoch: number | undefined;
  let perEpochHow = '';
  if (context.datasetSize !== undefined && !lengthUnmodelled) {
    const n = context.datasetSize;
    const perProcess = world.value > 1 ? Math.ceil(n / world.value) : n;
    const batches = Math.floor(perProcess / batch);
    updatesPerEpoch = Math.ceil(batches / accum);
    perEpochHow = `len(loader_train) = ${world.value > 1 ? `floor(ceil(${n} samples / ${world.value} processes) / batch_size ${batch})` : `floor(${n} samples / batch_size ${batch})`} = ${batches} (drop_last); updates_per_epoch = ceil(${batches} / grad_accum_steps ${accum}) = ${updatesPerEpoch}`;
    if (updatesPerEpoch === 0) return stop('invalid', `${perEpochHow}: the training loader has no batch, so no epoch makes an update${a.sched_on_updates.value ? ' and create_scheduler_v2 asserts updates_per_epoch > 0' : ''}`, a.batch_size.from[0]);
  } else if (lengthUnmodelled) assumptions.push(`${lengthUnmodelled} changes len(loader_train), which trainlint does not model: the curve is drawn on an epoch axis`);

  const onUpdates = a.sched_on_updates.value;
  const simulated = SIMULATED.includes(sched);
  const upe = updatesPerEpoch ?? 1000;
  const args = {
    sched: (simulated ? sched : 'step') as TimmSched,
    lr: lr.value,
    epochs: a.epochs.value,
    warmupEpochs: simulated ? a.warmup_epochs.value : 0,
    warmupLr: a.warmup_lr.value,
    warmupPrefix: a.warmup_prefix.value,
    minLr: a.min_lr.value,
    cooldownEpochs: a.cooldown_epochs.value,
    decayEpochs: simulated ? a.decay_epochs.value : Infinity,
    decayMilestones: a.decay_milestones.value,
    decayRate: a.decay_rate.value,
    cycleMul: a.lr_cycle_mul.value,
    cycleDecay: a.lr_cycle_decay.value,
    cycleLimit: a.lr_cycle_limit.value,
    kDecay: a.lr_k_decay.value,
    onUpdates,
    updatesPerEpoch: upe,
  };
  // Constructor assertions (cosine_lr.py / tanh_lr.py / poly_lr.py @aa4b5850).
  if (CYCLE_SCHEDS.includes(args.sched) && simulated) {
    if (!(args.epochs > 0)) return stop('invalid', `epochs ${formatNumber(args.epochs)} (${a.epochs.how}): ${sched}'s scheduler asserts t_initial > 0 and train.py stops`, a.epochs.from[0]);
    if (!(args.minLr >= 0)) return stop('invalid', `min_lr ${formatNumber(args.minLr)} is negative: the ${sched} scheduler asserts lr_min >= 0 and train.py stops`, a.min_lr.from[0]);
  }
  if (sched === 'step' && !(args.decayEpochs > 0)) return stop('invalid', `decay_epochs ${formatNumber(args.decayEpochs)}: StepLRScheduler divides by it (t // decay_t) and train.py stops`, a.decay_epochs.from[0]);
  const s = buildTimmScheduler(args);
  const numEpochs = simulated ? s.numEpochs : a.epochs.value + (a.warmup_prefix.value ? a.warmup_epochs.value : 0);
  if (!(numEpochs >= 1)) return stop('invalid', `the run has ${formatNumber(numEpochs)} epochs (num_epochs from create_scheduler_v2): train.py makes no update`, a.epochs.from[0]);

  const plainRun = numEpochs === a.epochs.value && a.lr_cycle_limit.value <= 1 && !a.cooldown_epochs.value && !a.warmup_prefix.value;
  const epochsWhy = !simulated || plainRun
    ? `epochs ${a.epochs.value}`
    : CYCLE_SCHEDS.includes(args.sched)
      ? `num_epochs = ${onUpdates ? '(' : ''}cycle length ${formatNumber(s.cycleLength!)}${a.cooldown_epochs.value ? ` + cooldown ${formatNumber(s.cooldownT)}` : ''}${onUpdates ? `) // ${upe} updates per epoch` : ''} = ${numEpochs} (create_scheduler_v2: ${a.lr_cycle_limit.value > 1 ? `${a.lr_cycle_limit.value} cycles of epochs ${a.epochs.value}${a.lr_cycle_mul.value !== 1 ? ` x lr_cycle_mul ${formatNumber(a.lr_cycle_mul.value)} each` : ''}` : `epochs ${a.epochs.value}`}${a.warmup_prefix.value ? ` + warmup_epochs ${a.warmup_epochs.value} (warmup_prefix)` : ''}${a.cooldown_epochs.value ? ` + cooldown_epochs ${a.cooldown_epochs.value}` : ''})`
      : `num_epochs = epochs ${a.epochs.value}${a.warmup_prefix.value ? ` + warmup_epochs ${a.warmup_epochs.value} (warmup_prefix) = ${numEpochs}` : ''}`;
  if (numEpochs !== a.epochs.value) assumptions.push(`train.py runs ${numEpochs} epochs, not epochs ${a.epochs.value}: ${epochsWhy}`);
  const epochsResolved: Resolved = { value: numEpochs, how: epochsWhy, from: a.epochs.from };

  let total: Resolved;
  let assumed: ReturnType<typeof assumeEpochs> | undefined;
  if (updatesPerEpoch !== undefined) {
    total = { value: numEpochs * updatesPerEpoch, how: `${epochsWhy} x ${updatesPerEpoch} updates per epoch (${perEpochHow}) = ${numEpochs * updatesPerEpoch}`, from: a.epochs.from };
  } else {
    assumed = assumeEpochs(epochsResolved, `train.py makes ${numEpochs} epochs (${epochsWhy}) of updates_per_epoch = ceil(len(loader_train) / grad_accum_steps ${accum}), len(loader_train) = floor(N samples / (batch_size ${batch} x processes ${world.value})); the config does not give N`, {
      path: context.path,
      updatesPerEpoch: upe,
      ...(lengthUnmodelled ? { settle: `the loader length with ${lengthUnmodelled} is not modelled` } : {}),
    });
    total = assumed.total;
    assumptions.push(assumed.note);
  }
  assumptions.push(onUpdates ? `sched_on_updates: the scheduler is stepped after every optimizer update (step_update), its epochs counted as ${upe} updates` : `stepped once per epoch (scheduler.step(epoch + 1)): every update of epoch e uses the LR of epoch e`);

  const totalSteps = total.value;
  const { phases, restarts, warmupEnd, decayEnd } = simulated ? timmPhases(s, totalSteps) : { phases: [{ kind: 'constant' as const, start: 0, end: totalSteps, style: 'constant' }], restarts: [], warmupEnd: 0, decayEnd: null };
  const per = onUpdates ? 1 : upe;
  const warmupUpdates = s.warmupT * per;
  const warmup =
    simulated && s.warmupT > 0
      ? {
          steps: { value: warmupUpdates, how: `${a.warmup_epochs.from.length ? 'warmup_epochs' : 'warmup_epochs unset: train.py default'} ${a.warmup_epochs.value}${onUpdates ? ` x ${upe} updates per epoch` : ` epochs of ${upe} updates`} = ${warmupUpdates} updates${a.warmup_prefix.value ? ' (warmup_prefix: the schedule starts after it)' : ' (inside the schedule: without warmup_prefix the decay clock runs during the warmup)'}`, from: a.warmup_epochs.from },
          style: onUpdates ? 'linear' : 'linear, per epoch',
          startLr: a.warmup_lr,
        }
      : undefined;
  const cooldownUpdates = Math.max(0, totalSteps - (decayEnd ?? totalSteps));
  const decay =
    simulated && CYCLE_SCHEDS.includes(args.sched) && decayEnd !== null
      ? { style: sched, start: { value: warmupUpdates, how: `the end of warmup: update ${warmupUpdates}`, from: a.warmup_epochs.from }, steps: { value: Math.max(0, decayEnd - warmupUpdates), how: `the last cycle ends at update ${decayEnd}`, from: a.epochs.from }, minLr: a.min_lr }
      : undefined;
  return {
    ok: true,
    plan: {
      dialect: 'timm',
      semantics: TIMM_VERSION,
      optimizer: { name: a.opt, lr },
      totalSteps: total,
      totalStepsSource: 'derived',
      batchSize: { value: batch * world.value * accum, how: `batch_size ${batch} x ${world.how} x grad_accum_steps ${accum}`, from: a.batch_size.from },
      ...(warmup ? { warmup } : {}),
      ...(decay ? { decay } : {}),
      // cooldown_epochs: train.py deliberately runs them at min_lr after the last cycle.
      ...(cooldownUpdates > 0 ? { finalTailSteps: cooldownUpdates } : {}),
      schedule: makeSchedule({ totalSteps, peakLr: lr.value, lrAt: (k) => (simulated ? timmLrAt(s, k) : lr.value), phases, declaredRestarts: restarts }),
      assumptions,
      ...(assumed ? { assumedLength: assumed.assumed } : {}),
    },
  };
}

export const timm: Dialect = {
  id: 'timm',
  title: 'timm (pytorch-image-models)',
  follows: 'huggingface/pytorch-image-models @aa4b5850 (train.py, timm/scheduler/scheduler_factory.py, cosine_lr.py, tanh_lr.py, poly_lr.py, step_lr.py, multistep_lr.py)',
  schema,
  loader: { yaml: 'pyyaml', stringForNumber: 'converted', citation: 'yaml.safe_load + parser.set_defaults (argparse converts a string default with the type), timm train.py @aa4b5850' },
  formats: ['yaml', 'shell', 'markdown', 'notebook'],
  versionKeys: ['pytorch-image-models'],
  detect,
  focus,
  plan,
};
