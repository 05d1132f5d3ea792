// torchtune (pytorch/torchtune) recipe configs: `optimizer`, `lr_scheduler._component_`, `epochs`,
// `max_steps_per_epoch`, `gradient_accumulation_steps`, `batch_size`. Semantics @bd2a0fc7:
// torchtune/training/lr_schedulers.py get_cosine_schedule_with_warmup (the only scheduler torchtune ships;
// last changed b3c964f3), the loop of recipes/full_finetune_single_device.py (the same in the lora and
// distributed recipes): steps_per_epoch = len(dataloader) // gradient_accumulation_steps, replaced by
// max_steps_per_epoch when that is set and smaller (it counts optimizer steps: the epoch loop stops once
// inner_step_count, or (idx + 1) // gradient_accumulation_steps in the lora recipes, reaches it); the scheduler is
// built for epochs x steps_per_epoch and stepped after every optimizer step; the dataloader drops the last partial
// batch (drop_last=True) over a DistributedSampler (ceil(samples / world size) per rank).
// recipes/dev/grpo_full_finetune_distributed.py for GRPO; recipes/ppo_full_finetune_single_device.py for PPO (a fixed
// number of updates from num_steps, batch_size, ppo_batch_size and ppo_epochs); the async GRPO trainer
// (torchtune/dev/rl/workers/trainers/training.py) for configs with `orchestration.num_steps`. Configs are read with
// OmegaConf.load (torchtune/config/_parse.py), their `${...}` interpolations resolved when read (core/interpolate.ts),
// and passed to the components as is. A config without an optimizer (generation, evaluation, quantization) trains
// nothing: recipes/generate.py, eleuther_eval.py and quantize.py never build one.
// Without a dataset size: with max_steps_per_epoch the run is at most epochs x max_steps_per_epoch updates and is
// drawn at that bound (so a warmup longer than it is certain); without it, the run is drawn over its epochs at
// an assumed length (plan.assumedLength) and the checks against the run's length are skipped.
import schema from '../../../schemas/torchtune.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import { assumeEpochs, type AssumedLength, type Dialect, type PlanContext, type PlanResult, type TrainingPlan } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { isObject } from '../shared.ts';
import { asyncGrpoPlan, dataloaderLength, grpoLength, needs, ppoLength, type Length } from './torchtune-rl.ts';

const VERSION = 'torchtune@bd2a0fc7';
const COSINE = /(^|\.)get_cosine_schedule_with_warmup$/;

/** get_cosine_schedule_with_warmup's lr_lambda (LambdaLR multiplies the optimizer's lr by it). */
export function torchtuneFactor(warmup: number, total: number, numCycles: number, k: number): number {
  if (k < warmup) return k / Math.max(1, warmup);
  const progress = (k - warmup) / Math.max(1, total - warmup);
  const cosine = 0.5 * (1.0 + Math.cos(Math.PI * numCycles * 2.0 * progress));
  return Math.max(0.0, cosine);
}

function componentOf(value: unknown): string | undefined {
  return isObject(value) && typeof value._component_ === 'string' ? value._component_ : undefined;
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  const components = Object.values(d).map(componentOf).filter((c): c is string => c !== undefined);
  if (components.some((c) => c.startsWith('torchtune.'))) return 1;
  if (componentOf(d.optimizer) && ('epochs' in d || 'max_steps_per_epoch' in d)) return 0.7;
  return 0;
}

function finetuneLength(r: DocReader, context: PlanContext, epochs: Resolved, batch: Resolved): Length | PlanResult {
  const accum = r.number(['gradient_accumulation_steps']) ?? defaulted(1, 'gradient_accumulation_steps unset: 1');
  const cap = r.number(['max_steps_per_epoch']);
  const assumptions = ['one device: with more, each rank reads ceil(samples / world size) samples, so there are fewer steps per epoch (the world size is given to `tune run`, not in the config)'];
  if (r.raw(['dataset', 'packed']) === true) assumptions.push('dataset.packed is true: the dataset size counts packed sequences, not samples');
  let perEpoch: Resolved;
  if (context.datasetSize !== undefined) {
    const len = dataloaderLength(context.datasetSize, batch);
    const raw = Math.floor(len.value / accum.value);
    const capped = cap !== undefined && cap.value < raw;
    perEpoch = {
      value: capped ? cap.value : raw,
      how: `steps_per_epoch = ${len.how.replace(/^len\(dataloader\) = /, '')} // gradient_accumulation_steps ${accum.value} = ${raw}${capped ? `, capped by max_steps_per_epoch ${cap.value}` : ''}`,
      from: [...len.from, ...accum.from, ...(capped ? cap.from : [])],
    };
  } else if (cap !== undefined) {
    perEpoch = { value: cap.value, how: `max_steps_per_epoch: ${cap.value} (the dataset size is not known: assumed to give at least that many steps)`, from: cap.from };
    assumptions.push(`the dataset is assumed to give at least max_steps_per_epoch (${cap.value}) steps per epoch; give its size in .trainlint.yml (datasets) to check`);
  } else {
    const why =
      `the run length comes from epochs ${epochs.value} and the dataset: epochs ${epochs.value} x (len(dataloader) // gradient_accumulation_steps ${accum.value}) updates, ` +
      `with len(dataloader) = floor(N samples / batch_size ${batch.value}) on one device (drop_last=True); ` +
      `the config does not give N (nor max_steps_per_epoch): set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`;
    const { total, assumed, note } = assumeEpochs(epochs, why, { path: context.path });
    return { total, source: 'derived', assumptions: [...assumptions, note], assumed };
  }
  const value = epochs.value * perEpoch.value;
  return {
    total: { value, how: `epochs x steps_per_epoch = ${epochs.value} x ${perEpoch.value} = ${value}; ${perEpoch.how}`, from: [...epochs.from, ...perEpoch.from] },
    source: 'derived',
    assumptions,
  };
}

/** Keys only a recipe with an optimizer update loop reads. */
const TRAINING_KEYS = ['epochs', 'max_steps_per_epoch', 'lr_scheduler', 'gradient_accumulation_steps', 'optimizer_in_bwd', 'num_steps', 'ppo_epochs'];

/** A config with no optimizer: a generation, evaluation or quantization config, or one whose optimizer is given elsewhere. */
function withoutOptimizer(r: DocReader): PlanResult | undefined {
  if (r.has(['optimizer']) || isObject(r.raw(['training'])) && r.has(['training', 'optimizer'])) return undefined;
  const trainingKeys = TRAINING_KEYS.filter((k) => r.has([k]));
  if (trainingKeys.length === 0) {
    return { ok: false, problem: { message: 'no optimizer: a generation/evaluation/quantization config (torchtune\'s generate, eleuther_eval and quantize recipes build no optimizer), so it trains nothing', kind: 'not-training' } };
  }
  return {
    ok: false,
    problem: {
      at: r.origin([trainingKeys[0]!]),
      message: `no optimizer although ${trainingKeys.join(', ')} ${trainingKeys.length === 1 ? 'is' : 'are'} set: torchtune's training recipes build their optimizer from cfg.optimizer, so its LR is not in this file (a partial config, or one completed on the \`tune run\` command line) and the schedule is not simulated`,
      kind: 'not-simulated',
    },
  };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const noOptimizer = withoutOptimizer(r);
  if (noOptimizer) return noOptimizer;
  if (isObject(r.raw(['orchestration'])) && r.has(['orchestration', 'num_steps'])) return asyncGrpoPlan(r);
  const lr = r.number(['optimizer', 'lr']) ?? defaulted(1e-3, 'optimizer.lr unset: 1e-3 (torch.optim.AdamW default)');
  const optimizerName = r.string(['optimizer', '_component_']) ?? defaulted('torch.optim.AdamW', 'optimizer._component_ unset');
  const rl = r.has(['ppo_epochs']);
  const ppo = rl && !r.has(['grpo_samples']);
  const batch = r.number(['batch_size']);
  if (!batch || !Number.isInteger(batch.value) || batch.value < 1) return { ok: false, problem: { at: r.origin(['batch_size']), message: 'batch_size is missing or not a positive whole number; the recipe builds its dataloader with it', kind: 'invalid' } };
  let length: Length | PlanResult;
  if (ppo) length = ppoLength(r, batch);
  else {
    const epochs = r.number(['epochs']);
    if (!epochs || !Number.isInteger(epochs.value) || epochs.value < 1) return { ok: false, problem: { at: r.origin(['epochs']), message: 'epochs is missing or not a positive whole number; the recipe reads cfg.epochs', kind: 'invalid' } };
    length = rl ? grpoLength(r, context, epochs, batch) : finetuneLength(r, context, epochs, batch);
  }
  if ('ok' in length) return length;
  const total = length.total;
  const horizon = length.horizon ?? total;

  const component = r.string(['lr_scheduler', '_component_']);
  const assumptions = [...length.assumptions];
  let lrAt: (k: number) => number;
  let phases: Phase[];
  let warmup: TrainingPlan['warmup'];
  let decay: TrainingPlan['decay'];
  // No totalStepsTo: the scheduler is built for the run's own length, so changing it moves the schedule too.
  const fixes: TrainingPlan['fixes'] = {};
  if (!r.has(['lr_scheduler']) || r.raw(['lr_scheduler']) === null) {
    lrAt = () => lr.value;
    phases = [{ kind: 'constant', start: 0, end: Infinity, style: 'constant' }];
    assumptions.push('no lr_scheduler: the LR stays at optimizer.lr');
  } else if (component && COSINE.test(component.value)) {
    const w = r.number(['lr_scheduler', 'num_warmup_steps']);
    if (!w) return { ok: false, problem: { at: r.origin(['lr_scheduler']), message: 'lr_scheduler.num_warmup_steps is missing: get_cosine_schedule_with_warmup requires it (TypeError at instantiation)', kind: 'invalid' } };
    const cycles = r.number(['lr_scheduler', 'num_cycles']) ?? defaulted(0.5, 'num_cycles unset: 0.5 (half a cosine, to 0)');
    const n = horizon.value;
    lrAt = (k) => lr.value * torchtuneFactor(w.value, n, cycles.value, k);
    const decayEnd = w.value + Math.max(1, n - w.value) / (2 * cycles.value);
    phases = [
      { kind: 'warmup', start: 0, end: w.value, style: 'linear' },
      { kind: 'decay', start: w.value, end: Math.ceil(Math.min(decayEnd, Number.MAX_SAFE_INTEGER)), style: 'cosine' },
    ];
    if (cycles.value !== 0.5) phases.push({ kind: 'cycle', start: Math.ceil(decayEnd), end: Infinity, style: `cosine, num_cycles ${formatNumber(cycles.value)}` });
    warmup = { steps: w, style: 'linear', startLr: defaulted(0, 'warmup starts at 0 (k / num_warmup_steps)') };
    decay = {
      style: 'cosine',
      start: { value: w.value, how: `decay starts when warmup ends (num_warmup_steps ${w.value})`, from: w.from },
      steps: { value: n - w.value, how: `num_training_steps - num_warmup_steps = ${n} - ${w.value} = ${n - w.value}${length.assumed ? ' (num_training_steps assumed: the dataset size is unknown)' : ''}`, from: [...horizon.from, ...w.from] },
      minLr: defaulted(0, 'cosine to 0'),
    };
    fixes.warmupTo = (steps) => ({ at: r.origin(['lr_scheduler', 'num_warmup_steps']), value: steps });
  } else {
    return needs(r, ['lr_scheduler', '_component_'], `lr_scheduler._component_ ${component ? `"${component.value}"` : 'unset'} is not torchtune's get_cosine_schedule_with_warmup, the scheduler trainlint simulates`);
  }

  const planned: TrainingPlan = {
    dialect: 'torchtune',
    semantics: VERSION,
    optimizer: { name: optimizerName, lr },
    totalSteps: total,
    totalStepsSource: length.source,
    schedule: makeSchedule({ totalSteps: total.value, peakLr: lr.value, lrAt, phases, ...(length.horizon ? { horizon: length.horizon.value } : {}) }),
    assumptions,
    fixes,
  };
  if (warmup) planned.warmup = warmup;
  if (decay) planned.decay = decay;
  if (length.horizon) planned.horizon = length.horizon;
  if (length.assumed) planned.assumedLength = length.assumed;
  return { ok: true, plan: planned };
}

export const torchtune: Dialect = {
  id: 'torchtune',
  title: 'torchtune',
  follows: 'pytorch/torchtune @bd2a0fc7 (training/lr_schedulers.py, recipes/full_finetune_single_device.py, recipes/dev/grpo_full_finetune_distributed.py)',
  schema,
  // OmegaConf.load: YAML 1.1 plus floats without a dot (`1e-4` is a float). There is no structured schema:
  // a string stays a string and reaches the component (torch.optim.AdamW(lr="...") raises TypeError).
  loader: { yaml: 'omegaconf', stringForNumber: 'passed-on', interpolation: 'omegaconf', citation: 'OmegaConf.load (no structured config), torchtune @bd2a0fc7' },
  detect,
  plan,
};
