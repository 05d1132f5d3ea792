// OneTrainer (Nerogar/OneTrainer): the training config JSON its UI saves and `scripts/train.py --config-path` reads.
// Semantics follow modules/util/create.py create_lr_scheduler, modules/util/lr_scheduler_util.py,
// modules/util/NamedParameterGroup.py, modules/util/config/TrainConfig.py (defaults) and modules/trainer/GenericTrainer.py
// (one update per gradient_accumulation_steps micro-batches, counted across epochs, then lr_scheduler.step()),
// at 23df3832 (current) and 714d7a48 (before fix 2678f667). The scheduler files live in ./onetrainer/.
import schema from '../../../schemas/onetrainer.schema.json' with { type: 'json' };
import { defaulted, formatNumber, formatValue, type DocReader } from '../../core/access.ts';
import type { LoaderModel } from '../../core/loaders.ts';
import { assumeEpochs, type Dialect, type FixEdit, type PlanContext, type PlanResult, type TrainingPlan } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Resolved } from '../../core/types.ts';
import { resolveDataset } from './onetrainer/dataset.ts';
import { DIVIDES_BY_SCHEDULER_STEPS, factorAt, isSchedulerName, lrAt, scheduleShape, type LambdaScheduler, type SchedulerArgs } from './onetrainer/schedulers.ts';
import { chooseVersion, FIX_COMMIT, FRACTION_WARMUP_COMMIT, writtenBeforeFractionWarmup, type Semantics, type VersionChoice } from './onetrainer/version.ts';
import { isObject } from '../shared.ts';
import { attachVersionNotes, type VersionNote } from '../version-notes.ts';

// json.load, then BaseConfig.from_dict: int()/float() per declared type, and a value it cannot convert is skipped
// (the default stays) with a printed "Could not set"; unknown keys are ignored.
const LOADER: LoaderModel = { yaml: 'yaml12', stringForNumber: 'converted', citation: 'OneTrainer BaseConfig.from_dict @23df3832 (json.load, then int()/float() per declared type)' };

/** Optimizer.is_schedule_free(): create_lr_scheduler forces CONSTANT and skips the warmup for these. */
const SCHEDULE_FREE = ['SCHEDULE_FREE_ADAMW', 'SCHEDULE_FREE_SGD', 'PRODIGY_PLUS_SCHEDULE_FREE'];
/** Model parts with their own learning_rate / stop_training_after (TrainModelPartConfig), and the pre-2024 flat keys. */
const PARTS = ['unet', 'prior', 'transformer', 'text_encoder', 'text_encoder_2', 'text_encoder_3', 'text_encoder_4'];

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  const enumLike = (v: unknown) => typeof v === 'string' && /^[A-Z][A-Z0-9_]*$/.test(v);
  if (enumLike(d.training_method) && enumLike(d.model_type)) return 1;
  if (isSchedulerName(d.learning_rate_scheduler) || 'learning_rate_warmup_steps' in d || 'learning_rate_cycles' in d) return 0.9;
  return 0;
}

/** A config number as from_dict leaves it: the value (int() truncates for int fields), or the default when it cannot be read. */
function read(r: DocReader, path: string[], fallback: number, commit: string, integer = false): Resolved {
  const key = path.join('.');
  const got = r.number(path);
  // float() keeps nan and inf (TL106 reports them); int() raises on them, and from_dict then keeps the default.
  if (got && (!integer || Number.isFinite(got.value))) {
    if (!integer || Number.isInteger(got.value)) return got;
    const value = Math.trunc(got.value);
    return { value, how: `${key} ${formatNumber(got.value)}: int() = ${value}`, from: got.from };
  }
  if (r.has(path)) return defaulted(fallback, `${key} ${JSON.stringify(r.raw(path))} cannot be read as a number: OneTrainer keeps the default ${formatNumber(fallback)}`, [r.origin(path)]);
  return defaulted(fallback, `${key} unset: ${formatNumber(fallback)} (OneTrainer @${commit} default)`);
}

function text(r: DocReader, path: string[]): string | undefined {
  const v = r.raw(path);
  return typeof v === 'string' ? v : undefined;
}

function worldSize(r: DocReader, notes: string[]): number {
  if (r.raw(['multi_gpu']) !== true) return 1;
  const devices = (text(r, ['device_indexes']) ?? '').split(',').filter((s) => s.trim() !== '');
  if (devices.length > 0) return devices.length;
  notes.push('multi_gpu is on without device_indexes: assumed 1 GPU; list the devices in device_indexes to count them');
  return 1;
}

function optimizerName(r: DocReader): Resolved<string> {
  const nested = r.string(['optimizer', 'optimizer']);
  if (nested) return nested;
  const flat = r.string(['optimizer']); // before TrainConfig migration 0 (2024-02): a plain string
  return flat ?? defaulted('ADAMW', 'optimizer unset: ADAMW (OneTrainer default)');
}

function partNotes(r: DocReader, lr: number, perEpoch: number, epochs: number, accum: number, updates: number): string[] {
  const notes: string[] = [];
  for (const part of PARTS) {
    const obj = r.raw([part]);
    const cfg = isObject(obj) ? obj : {};
    const train = isObject(obj) ? cfg.train !== false : r.raw([`train_${part}`]) !== false;
    const partLr = isObject(obj) ? cfg.learning_rate : r.raw([`${part}_learning_rate`]);
    const stop = isObject(obj) ? cfg.stop_training_after : r.raw([`train_${part}_epochs`]);
    const unit = isObject(obj) ? (cfg.stop_training_after_unit ?? 'NEVER') : 'EPOCH';
    if (!train) continue;
    if (typeof partLr === 'number' && partLr !== lr) notes.push(`${part} trains at its own learning_rate ${formatNumber(partLr)} (peak), on the same schedule shape`);
    if (typeof stop === 'number' && unit === 'EPOCH' && stop < epochs) {
      notes.push(`${part} stops training after ${stop} of ${epochs} epochs (at update ${Math.floor((stop * perEpoch) / accum)} of ${updates})`);
    }
  }
  return notes;
}

/** learning_rate_warmup_steps n updates as the config writes it: values > 1 count micro-batches (divided by accumulation). */
function warmupValue(n: number, accum: number): number | undefined {
  if (n <= 0) return 0;
  return n * accum > 1 ? n * accum : undefined; // 1 would read as 100 %
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const version = chooseVersion(context.frameworkVersion, r);
  const sem: Semantics = version.semantics;
  const notes = [...version.notes];
  const c = sem.commit;
  const lr = read(r, ['learning_rate'], 3e-6, c);
  const epochs = read(r, ['epochs'], 100, c, true);
  const batch = read(r, ['batch_size'], 1, c, true);
  const accum = read(r, ['gradient_accumulation_steps'], 1, c, true);
  const warmupRaw = read(r, ['learning_rate_warmup_steps'], 200, c);
  const cycles = read(r, ['learning_rate_cycles'], 1, c);
  const minFactor = sem.hasMinFactor ? read(r, ['learning_rate_min_factor'], 0, c) : null;
  if (!sem.hasMinFactor && r.has(['learning_rate_min_factor'])) notes.push(`learning_rate_min_factor is ignored: OneTrainer @${c} has no min factor (added in dab5fc23)`);
  if (batch.value < 1 || accum.value < 1) {
    const bad = batch.value < 1 ? batch : accum;
    return { ok: false, problem: { at: bad.from[0] ?? r.origin([]), message: `${bad.how}: OneTrainer needs at least 1 (it divides by it)`, kind: 'invalid' } };
  }

  const schedulerRaw = r.raw(['learning_rate_scheduler']);
  let name = isSchedulerName(schedulerRaw) ? schedulerRaw : 'CONSTANT';
  if (schedulerRaw !== undefined && !isSchedulerName(schedulerRaw)) notes.push(`learning_rate_scheduler ${JSON.stringify(schedulerRaw)} is not a LearningRateScheduler: OneTrainer keeps the default CONSTANT`);
  if (name === 'ADAFACTOR' || name === 'CUSTOM') {
    const what = name === 'ADAFACTOR' ? "the Adafactor optimizer's own step size (transformers AdafactorSchedule)" : `the custom class ${text(r, ['custom_learning_rate_scheduler']) ?? '(unset)'}`;
    return { ok: false, problem: { at: r.origin(['learning_rate_scheduler']), message: `learning_rate_scheduler ${name}: the LR comes from ${what}, which trainlint does not simulate`, kind: 'needs-data' } };
  }
  const optimizer = optimizerName(r);
  const scheduleFree = SCHEDULE_FREE.includes(optimizer.value);
  if (scheduleFree && name !== 'CONSTANT') notes.push(`${optimizer.value} is schedule-free: OneTrainer replaces ${name} with CONSTANT and skips the warmup`);
  if (scheduleFree) name = 'CONSTANT';

  // Peak LR of the param groups (NamedParameterGroup.parameters_for_optimizer): lr x sqrt(scale).
  const world = worldSize(r, notes);
  const scalerRaw = text(r, ['learning_rate_scaler']) ?? 'NONE';
  const scaler = sem.scalers.includes(scalerRaw) ? scalerRaw : 'NONE';
  if (scaler !== scalerRaw) notes.push(`learning_rate_scaler ${scalerRaw} is not a LearningRateScaler @${c}: OneTrainer keeps NONE`);
  const B = batch.value;
  const A = accum.value;
  const scale = { NONE: 1, BATCH: B, GLOBAL_BATCH: B * world, GRADIENT_ACCUMULATION: A, BOTH: A * B, GLOBAL_BOTH: A * B * world }[scaler] ?? 1;
  const baseLr = lr.value * Math.sqrt(scale);
  const peak: Resolved =
    scale === 1 ? lr : { value: baseLr, how: `learning_rate ${formatNumber(lr.value)} x sqrt(${scale}) (learning_rate_scaler ${scaler}) = ${formatValue(baseLr)}`, from: [...lr.from, r.origin(['learning_rate_scaler'])] };

  // Epoch length: MGDS.approximate_length() = samples // local batch size (one aspect bucket assumed), per GPU.
  const data = resolveDataset(r, context, sem.imageExtensions);
  notes.push(...data.notes);
  // mgds's LoadingPipeline.approximate_length (@3a6994a) is max(0, ...) of the concepts' summed samples: a negative
  // balancing (floor(files x balancing) < 0) can take the sum below 0, and the epoch is then 0 samples long.
  const samples = Math.max(0, data.samples);
  const perEpoch = Math.floor(samples / (B * world));
  const E = epochs.value;
  const micro = perEpoch * E;
  const updates = Math.floor(micro / A);
  const horizonValue = Math.trunc((perEpoch * E) / A);
  const clamped = data.samples < 0 ? `mgds's epoch length is max(0, ${data.samples}) = 0 (LoadingPipeline.approximate_length: a negative balancing leaves no sample); ` : '';
  const lengthHow = `${clamped}floor(${samples} / batch_size ${B}${world > 1 ? ` / ${world} GPUs` : ''}) = ${perEpoch} batches per epoch`;
  const dataFrom = [...data.from, ...batch.from];
  const totalSteps: Resolved = {
    value: updates,
    how: `${data.how}; ${lengthHow}; ${perEpoch} x ${E} epochs = ${micro} micro-batches, one update per ${A}: floor(${micro} / ${A}) = ${updates}`,
    from: [...dataFrom, ...epochs.from, ...accum.from],
  };
  const horizon: Resolved = {
    value: horizonValue,
    how: `create_lr_scheduler: int(approximate_epoch_length ${perEpoch} x epochs ${E} / gradient_accumulation_steps ${A}) = ${horizonValue}`,
    from: [...dataFrom, ...epochs.from, ...accum.from],
  };
  if (micro % A !== 0) notes.push(`${micro % A} last micro-batch${micro % A === 1 ? "'s" : "es'"} gradients are accumulated but never applied (${micro} is not a multiple of ${A})`);
  if (B * world > 1 && data.source !== 'assumed') {
    notes.push(
      r.raw(['latent_caching']) === false && r.raw(['aspect_ratio_bucketing']) !== false
        ? 'all images are assumed to fall into one aspect-ratio bucket; with latent_caching off OneTrainer measures the epoch before bucketing, so images spread over several buckets make epochs shorter than the scheduler expects'
        : 'all images are assumed to fall into one aspect-ratio bucket; each bucket drops its last partial batch, so several buckets make epochs shorter (OneTrainer measures the epoch after bucketing, so its scheduler follows)'
    );
  }
  if (horizonValue <= 0) {
    return {
      ok: false,
      problem: { at: epochs.from[0] ?? r.origin([]), message: `${totalSteps.how}: the run makes no optimizer update${DIVIDES_BY_SCHEDULER_STEPS.includes(name) ? ` and OneTrainer's ${name} scheduler divides by its 0 steps when it is built (ZeroDivisionError)` : ''}`, kind: 'invalid' },
    };
  }

  // create_lr_scheduler: warmup > 1 counts micro-batches, (0, 1] is a fraction of total_steps (29d73f80), else 0.
  const w = warmupRaw.value;
  const warmup = w > 1 ? Math.trunc(w / A) : w > 0 ? Math.trunc(w * horizonValue) : 0;
  const warmupKey = r.number(['learning_rate_warmup_steps']) ? `learning_rate_warmup_steps ${formatNumber(w)}` : warmupRaw.how;
  let warmupHow =
    w > 1
      ? `${warmupKey} counts micro-batches: int(${formatNumber(w)} / gradient_accumulation_steps ${A}) = ${warmup}`
      : w > 0
        ? `${warmupKey} is a fraction of the run: int(${formatNumber(w)} x ${horizonValue}) = ${warmup}${w === 1 ? ' (100 %)' : ''}`
        : `${warmupKey}: no warmup`;
  const schedulerSteps = horizonValue - warmup;
  const crashes = !scheduleFree && warmup > 0 && schedulerSteps === 0 && DIVIDES_BY_SCHEDULER_STEPS.includes(name);
  // A warmup fraction of 1 takes the whole run at any dataset size: the crash does not wait for the real size.
  if (crashes && data.source === 'assumed' && w <= 1) {
    return { ok: false, problem: { at: warmupRaw.from[0] ?? r.origin([]), message: `learning_rate_warmup_steps ${formatNumber(w)} is a fraction of the run that takes all of it, whatever the dataset size: OneTrainer's ${name} scheduler is left 0 steps, and its step after the last update raises ZeroDivisionError (scripts/train.py then skips the final save)`, kind: 'invalid' } };
  }
  if (crashes) {
    warmupHow += `${w > 1 ? ', the whole run' : ''}; OneTrainer's ${name} scheduler is then left 0 steps, and its step after the last update raises ZeroDivisionError: the run ends in an error (scripts/train.py then skips the final save)`;
  }
  const args: SchedulerArgs = {
    name: name as LambdaScheduler,
    baseLr,
    warmup: scheduleFree ? 0 : warmup,
    schedulerSteps,
    cycles: cycles.value,
    minFactor: minFactor ? minFactor.value : null,
    clampRestarts: sem.clampRestarts,
  };
  const shape = scheduleShape(args);
  const restarts = name === 'COSINE_WITH_RESTARTS' || name === 'COSINE_WITH_HARD_RESTARTS';
  if (name === 'COSINE_WITH_RESTARTS') {
    notes.push(`COSINE_WITH_RESTARTS is a full cosine wave per cycle: the LR falls to ${minFactor && minFactor.value ? `${formatNumber(minFactor.value)} x peak` : '0'} at mid-cycle and climbs back to the peak by the cycle's end`);
  }
  notes.push(...partNotes(r, lr.value, perEpoch, E, A, updates));

  const at = (path: string[]) => r.origin(path);
  const warmupSteps: Resolved = { value: warmup, how: warmupHow, from: warmupRaw.from.length ? warmupRaw.from : [] };
  const planned: TrainingPlan = {
    dialect: 'onetrainer',
    semantics: `onetrainer@${c}${sem.id === 'pre-fix' ? ` (before fix ${FIX_COMMIT})` : ''}`,
    optimizer: { name: optimizer, lr: peak },
    totalSteps,
    totalStepsSource: 'derived',
    horizon,
    schedule: makeSchedule({ totalSteps: updates, peakLr: baseLr, lrAt: (k) => lrAt(args, k), phases: shape.phases, declaredRestarts: shape.restarts, horizon: horizonValue }),
    assumptions: notes,
    fixes: {
      warmupTo: (n) => {
        const value = warmupValue(n, A);
        return value === undefined ? undefined : { at: at(['learning_rate_warmup_steps']), value };
      },
      totalStepsTo: (n) => {
        if (perEpoch <= 0) return undefined;
        const e = Math.ceil((n * A) / perEpoch);
        return Math.floor((perEpoch * e) / A) === n ? { at: at(['epochs']), value: e } : undefined;
      },
      restartAt: (step) => (restarts && step >= horizonValue ? restartFix(args, sem, at(['learning_rate_cycles'])) : undefined),
    },
  };
  if (args.warmup > 0) planned.warmup = { steps: warmupSteps, style: 'linear', startLr: defaulted(0, 'lr_lambda_warmup: k / warmup_steps, 0 at update 0') };
  if (shape.decayStyle) {
    const floor = args.minFactor === null ? 0 : baseLr * args.minFactor;
    planned.decay = {
      style: shape.decayStyle,
      start: { value: args.warmup, how: args.warmup ? `the scheduler starts when warmup ends (${args.warmup})` : 'no warmup: from the first update', from: warmupSteps.from },
      // The scheduler key first: rules that point at the decay's length (TL108) land on the scheduler that has it.
      steps: { value: schedulerSteps, how: `scheduler_steps = total_steps ${horizonValue} - warmup_steps ${warmup} = ${schedulerSteps}`, from: [...(r.has(['learning_rate_scheduler']) ? [at(['learning_rate_scheduler'])] : []), ...horizon.from] },
      minLr: minFactor
        ? { value: floor, how: `learning_rate_min_factor ${formatNumber(minFactor.value)} x ${formatNumber(baseLr)} = ${formatValue(floor)}`, from: [...minFactor.from, ...peak.from] }
        : defaulted(0, `no min factor @${c}: the scheduler ends at 0`),
    };
  }
  if (data.source === 'assumed') {
    const perEpochUpdates = updates / E;
    const assumed = assumeEpochs(epochs, data.unknownWhy!, { path: context.path, updatesPerEpoch: perEpochUpdates, perEpochWhy: `${data.how}: ${lengthHow}, one update per ${A} micro-batch${A === 1 ? '' : 'es'}` });
    planned.assumedLength = assumed.assumed;
    notes.push(assumed.note);
  }
  return { ok: true, plan: attachVersionNotes(planned, versionNotes(r, version, args, { w, warmup, horizon: horizonValue, accum: A })) };
}

/**
 * TL005: where the OneTrainer release changes what this config does and nothing pinned the release. The restart
 * schedules changed in fix 2678f667; a learning_rate_warmup_steps in (0, 1] became a fraction in 29d73f80.
 */
function versionNotes(r: DocReader, version: VersionChoice, args: SchedulerArgs, run: { w: number; warmup: number; horizon: number; accum: number }): VersionNote[] {
  const notes: VersionNote[] = [];
  const assumed = `OneTrainer @${version.semantics.commit}`;
  const fix = { description: 'Pin the release: `frameworks: { onetrainer: pre-fix }` or `post-fix` (or a commit) in .trainlint.yml.', edits: [] };
  const h = run.horizon;
  if (version.source === 'default' && (args.name === 'COSINE_WITH_RESTARTS' || args.name === 'COSINE_WITH_HARD_RESTARTS') && h > 0) {
    const before = { ...args, clampRestarts: false, minFactor: null };
    if (factorAt(before, h) > factorAt(before, h - 1) + 1e-9) {
      notes.push({
        at: r.origin(['learning_rate_scheduler']),
        message:
          `OneTrainer before fix ${FIX_COMMIT} (2024-11-16) starts a new ${args.name} cycle at the scheduler's horizon: the LR it holds after the last update (step ${h}) ` +
          `jumps back to ${formatValue(lrAt(before, h))}, where the current code keeps ${formatValue(lrAt(args, h))}. This review follows ${assumed}.`,
        assumed,
        fix,
        data: { step: h },
      });
    }
  }
  const old = Math.trunc(run.w / run.accum);
  const fraction = run.warmup;
  if (run.w > 0 && run.w <= 1 && old !== fraction && (version.source === 'default' || writtenBeforeFractionWarmup(r))) {
    const written = writtenBeforeFractionWarmup(r) ? ` The config's __version ${String(r.raw(['__version']))} predates that change.` : '';
    const at = r.origin(['learning_rate_warmup_steps']);
    const steps = warmupValue(fraction, run.accum);
    notes.push({
      at,
      message:
        `learning_rate_warmup_steps ${formatNumber(run.w)} is a fraction of the run since OneTrainer ${FRACTION_WARMUP_COMMIT} (2024-11-10): int(${formatNumber(run.w)} x ${h}) = ${fraction} warmup steps; ` +
        `before, it counted micro-batches: int(${formatNumber(run.w)} / ${run.accum}) = ${old}.${written} This review follows ${assumed}.`,
      assumed,
      fix:
        steps === undefined
          ? fix
          : {
              description: `Write the warmup in micro-batches, which every release reads alike: \`learning_rate_warmup_steps: ${steps}\` (${fraction} updates x gradient_accumulation_steps ${run.accum}).`,
              edits: [{ at, value: steps }],
            },
    });
  }
  return notes;
}

/**
 * Before fix 2678f667 the restart schedules evaluate progress = scheduler_steps / scheduler_steps = 1.0 at the horizon, so
 * the cycle position there is frac(learning_rate_cycles): a whole number of cycles restarts at full LR whatever the epochs.
 * A cycle count just below it keeps the horizon at the end of the last cycle.
 */
function restartFix(a: SchedulerArgs, sem: Semantics, cyclesAt: FixEdit['at']): { description: string; edit?: FixEdit } | undefined {
  const upgrade = `upgrade OneTrainer to ${FIX_COMMIT} (2024-11-16) or later, which holds the cycle position at the last step, and set \`frameworks: { onetrainer: post-fix }\` in .trainlint.yml`;
  if (sem.clampRestarts) return undefined;
  const suggestion = Math.round((a.cycles - 0.01) * 1000) / 1000;
  const trial = { ...a, cycles: suggestion };
  const h = a.warmup + a.schedulerSteps;
  const avoids = suggestion > 0 && factorAt(trial, h) <= factorAt(trial, h - 1);
  if (!avoids) return { description: `Either ${upgrade}.` };
  return {
    description:
      `Either ${upgrade}, or set \`learning_rate_cycles: ${suggestion}\` so the horizon falls at the end of the last cycle instead of on a new one ` +
      '(at the horizon the code sees progress 1.0, so with a whole number of cycles no epoch count avoids the restart).',
    edit: { at: cyclesAt, value: suggestion },
  };
}

export const onetrainer: Dialect = {
  id: 'onetrainer',
  title: 'OneTrainer',
  follows: `Nerogar/OneTrainer @23df3832 and @714d7a48 (before fix ${FIX_COMMIT}): modules/util/create.py, modules/util/lr_scheduler_util.py, modules/trainer/GenericTrainer.py; mgds @3a6994a for the epoch length`,
  schema,
  loader: LOADER,
  detect,
  plan,
};
