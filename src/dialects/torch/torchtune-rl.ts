// torchtune's RL recipes, whose update counts do not come from epochs x steps_per_epoch (semantics @bd2a0fc7):
// - GRPO (recipes/dev/grpo_full_finetune_distributed.py): the scheduler is built for epochs x len(dataloader); the loop
//   stops after num_steps batches, each making ppo_epochs optimizer updates.
// - PPO (recipes/ppo_full_finetune_single_device.py): _setup_training_hyperparameters runs num_steps // batch_size
//   batches (over as many epochs as that takes), each making ppo_epochs x (batch_size // ppo_batch_size) optimizer
//   updates; the scheduler is built for exactly that many (lr_steps in setup), stepped once per update.
// - async GRPO (recipes/dev/async_grpo_full_finetune_distributed.py, torchtune/dev/rl/workers/trainers/training.py): the
//   trainer runs orchestration.num_steps steps of training.ppo_epochs updates with training.optimizer and never builds
//   a scheduler (its _lr_scheduler is None), so the LR is constant.
import { defaulted, type DocReader } from '../../core/access.ts';
import type { AssumedLength, PlanContext, PlanResult, TrainingPlan } from '../../core/plan.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Resolved } from '../../core/types.ts';

export interface Length {
  total: Resolved;
  /** The scheduler's num_training_steps, when it differs from the updates made (GRPO). */
  horizon?: Resolved;
  source: TrainingPlan['totalStepsSource'];
  assumptions: string[];
  /** Set when the dataset size is unknown and nothing caps the epochs: the run is drawn at an assumed length. */
  assumed?: AssumedLength;
}

export function needs(r: DocReader, at: readonly string[], message: string): PlanResult {
  return { ok: false, problem: { at: r.origin(at), message, kind: 'needs-data' } };
}

/** len(dataloader) on one rank: DistributedSampler gives ceil(samples / world) samples, drop_last drops the partial batch. */
export function dataloaderLength(samples: number, batch: Resolved): Resolved {
  const value = Math.floor(samples / batch.value);
  return { value, how: `len(dataloader) = floor(${samples} samples / batch_size ${batch.value}) = ${value} (drop_last=True, one rank)`, from: batch.from };
}

/** GRPO: the scheduler is built for epochs x len(dataloader); the loop stops after num_steps batches, each making ppo_epochs updates. */
export function grpoLength(r: DocReader, context: PlanContext, epochs: Resolved, batch: Resolved): Length | PlanResult {
  if (context.datasetSize === undefined) {
    return needs(r, ['epochs'], 'GRPO recipe: the scheduler is built for epochs x len(dataloader) steps, which depends on the dataset\'s size in samples; give it in .trainlint.yml (datasets) to review the schedule');
  }
  const len = dataloaderLength(context.datasetSize, batch);
  const horizonValue = epochs.value * len.value;
  const numSteps = r.number(['num_steps']);
  const ppoEpochs = r.number(['ppo_epochs']) ?? defaulted(1, 'ppo_epochs unset: 1');
  const batches = numSteps ? Math.min(numSteps.value, horizonValue) : horizonValue;
  const value = batches * ppoEpochs.value;
  return {
    total: { value, how: `min(num_steps ${numSteps?.value ?? 'unset'}, ${horizonValue} batches) x ppo_epochs ${ppoEpochs.value} = ${value} optimizer updates`, from: [...(numSteps?.from ?? []), ...ppoEpochs.from] },
    horizon: { value: horizonValue, how: `epochs x len(dataloader) = ${epochs.value} x ${len.value} = ${horizonValue} (${len.how})`, from: [...epochs.from, ...len.from] },
    source: 'derived',
    assumptions: ['one device (the world size is given to `tune run`, not in the config)'],
  };
}

function invalid(r: DocReader, at: readonly string[], message: string): PlanResult {
  return { ok: false, problem: { at: r.origin(at), message, kind: 'invalid' } };
}

function positiveInt(r: DocReader, key: string): Resolved | undefined {
  const v = r.number([key]);
  return v && Number.isInteger(v.value) && v.value >= 1 ? v : undefined;
}

/** PPO: (num_steps // batch_size) batches x ppo_epochs x (batch_size // ppo_batch_size) updates, the scheduler's horizon too. */
export function ppoLength(r: DocReader, batch: Resolved): Length | PlanResult {
  const numSteps = positiveInt(r, 'num_steps');
  const ppoBatch = positiveInt(r, 'ppo_batch_size');
  const ppoEpochs = positiveInt(r, 'ppo_epochs');
  for (const [key, v] of [['num_steps', numSteps], ['ppo_batch_size', ppoBatch], ['ppo_epochs', ppoEpochs]] as const) {
    if (!v) return invalid(r, [key], `${key} is missing or not a positive whole number; the PPO recipe reads cfg.${key}`);
  }
  const accum = r.number(['gradient_accumulation_steps']) ?? defaulted(1, 'gradient_accumulation_steps unset: 1');
  const forward = r.number(['forward_batch_size']);
  // The recipe's own checks (_setup_batch_sizes, _setup_training_hyperparameters), in its order.
  if (forward && batch.value % forward.value !== 0) return invalid(r, ['forward_batch_size'], `batch_size ${batch.value} is not divisible by forward_batch_size ${forward.value}: the PPO recipe raises ValueError`);
  if (batch.value % ppoBatch!.value !== 0) return invalid(r, ['ppo_batch_size'], `batch_size ${batch.value} is not divisible by ppo_batch_size ${ppoBatch!.value}: the PPO recipe raises ValueError`);
  if (ppoBatch!.value % accum.value !== 0) return invalid(r, ['gradient_accumulation_steps'], `ppo_batch_size ${ppoBatch!.value} is not divisible by gradient_accumulation_steps ${accum.value}: the PPO recipe raises ValueError`);
  if (accum.value > 1 && r.raw(['optimizer_in_bwd']) === true) return invalid(r, ['gradient_accumulation_steps'], `gradient_accumulation_steps ${accum.value} with optimizer_in_bwd: the PPO recipe raises RuntimeError (optimizer in backward needs gradient_accumulation_steps 1)`);
  const batches = Math.floor(numSteps!.value / batch.value);
  if (batches === 0) return invalid(r, ['num_steps'], `num_steps ${numSteps!.value} is smaller than batch_size ${batch.value}: the PPO recipe raises ValueError (num_steps // batch_size = 0 steps)`);
  const perBatch = ppoEpochs!.value * (batch.value / ppoBatch!.value);
  const value = batches * perBatch;
  return {
    total: {
      value,
      how: `(num_steps ${numSteps!.value} // batch_size ${batch.value}) x ppo_epochs ${ppoEpochs!.value} x (batch_size ${batch.value} // ppo_batch_size ${ppoBatch!.value}) = ${batches} x ${perBatch} = ${value} optimizer updates`,
      from: [...numSteps!.from, ...batch.from, ...ppoEpochs!.from, ...ppoBatch!.from],
    },
    source: 'derived',
    assumptions: [
      `the dataset gives at least one batch of ${batch.value} samples (drop_last=True): the recipe then cycles through it until ${batches} batches are done`,
      ...(r.raw(['optimizer_in_bwd']) === true && r.has(['lr_scheduler'])
        ? ['optimizer_in_bwd: the scheduler is built on one parameter\'s optimizer and copies its LR to the others at each scheduler step (training/memory.py set_lr_scheduler), so their first update runs at optimizer.lr; the curve shows the scheduler\'s LR']
        : []),
    ],
  };
}

/** Async GRPO: orchestration.num_steps x training.ppo_epochs updates at training.optimizer.lr (no scheduler). */
export function asyncGrpoPlan(r: DocReader): PlanResult {
  const numSteps = r.number(['orchestration', 'num_steps']);
  if (!numSteps || !Number.isInteger(numSteps.value) || numSteps.value < 1) return invalid(r, ['orchestration', 'num_steps'], 'orchestration.num_steps is not a positive whole number; the async GRPO trainer runs that many steps');
  const ppoEpochs = r.number(['training', 'ppo_epochs']);
  if (!ppoEpochs || !Number.isInteger(ppoEpochs.value) || ppoEpochs.value < 1) return invalid(r, ['training', 'ppo_epochs'], 'training.ppo_epochs is missing or not a positive whole number; the async GRPO trainer reads cfg.training.ppo_epochs');
  const lr = r.number(['training', 'optimizer', 'lr']) ?? defaulted(1e-3, 'training.optimizer.lr unset: 1e-3 (torch.optim.AdamW default)');
  const name = r.string(['training', 'optimizer', '_component_']) ?? defaulted('torch.optim.AdamW', 'training.optimizer._component_ unset');
  const value = numSteps.value * ppoEpochs.value;
  const assumptions = ['async GRPO trainer: no LR scheduler is built (training.py sets _lr_scheduler to None), so the LR stays at training.optimizer.lr'];
  for (const key of [['lr_scheduler'], ['training', 'lr_scheduler']]) {
    if (r.has(key)) assumptions.push(`${key.join('.')} is set but the async GRPO trainer never reads it`);
  }
  const plan: TrainingPlan = {
    dialect: 'torchtune',
    semantics: 'torchtune@bd2a0fc7 (async GRPO trainer)',
    optimizer: { name, lr },
    totalSteps: { value, how: `orchestration.num_steps ${numSteps.value} x training.ppo_epochs ${ppoEpochs.value} = ${value} optimizer updates`, from: [...numSteps.from, ...ppoEpochs.from] },
    totalStepsSource: 'derived',
    schedule: makeSchedule({ totalSteps: value, peakLr: lr.value, lrAt: () => lr.value, phases: [{ kind: 'constant', start: 0, end: Infinity, style: 'constant' }] }),
    assumptions,
    fixes: {},
  };
  return { ok: true, plan };
}
