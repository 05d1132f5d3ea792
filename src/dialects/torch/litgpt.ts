// litgpt (Lightning-AI/litgpt) config_hub YAML: `train.*`, `optimizer.init_args.lr`, `devices`, `num_nodes`.
// Pretraining and fine-tuning schedule differently (@26857050):
// - litgpt/pretrain.py: the LR is set before every micro-batch from get_lr(lr, iter_num, warmup_iters, max_iters,
//   min_lr) (nanoGPT-style warmup + cosine to train.min_lr over micro-iterations); max_iters = (max_tokens //
//   world) // (micro_batch_size x max_seq_length); an update every gradient_accumulation_iters micro-batches, so
//   update j uses iter (j+1) x ga - 1; max_iters // ga updates. train.max_steps and train.epochs are not used.
// - litgpt/finetune/{lora,full,adapter,adapter_v2}.py: SequentialLR([LambdaLR(step / lr_warmup_steps),
//   CosineAnnealingLR(T_max = lr_max_steps - lr_warmup_steps)], milestones=[lr_warmup_steps]) stepped after
//   every optimizer step, with lr_max_steps = min(epochs x (len(train_dataloader) // ga), max_steps): eta_min 0,
//   train.min_lr is not used. The micro-batch counter runs across epochs, so the run makes
//   min(floor(epochs x len / ga), max_steps) updates, which can exceed lr_max_steps (CosineAnnealingLR then climbs).
//   Their validate_args refuses train.lr_warmup_fraction (any value but None): the warmup is lr_warmup_steps only.
//   Without a dataset size or max_steps the run is drawn over its epochs at an assumed length (plan.assumedLength).
// litgpt/args.py TrainArgs for the fields and checks; the setup() defaults of each script for unset fields.
// Configs are read by jsonargparse 4.41 (PyYAML SafeLoader with a float resolver that accepts `1e-4`), and
// typed fields re-parse a string with that loader.
import schema from '../../../schemas/litgpt.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import { assumeEpochs, type AssumedLength, type Dialect, type PlanContext, type PlanResult, type TrainingPlan } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { makeSchedule } from '../../core/schedule.ts';
import type { Phase, Resolved } from '../../core/types.ts';
import { torchLr } from '../../schedules/torch.ts';
import { isObject } from '../shared.ts';

const VERSION = 'litgpt@26857050';
const TRAIN_KEYS = ['global_batch_size', 'micro_batch_size', 'lr_warmup_steps', 'lr_warmup_fraction', 'max_tokens', 'save_interval', 'log_interval', 'min_lr'];

/** litgpt/pretrain.py get_lr: warmup lr x it / warmup_iters, then cosine from lr to min_lr over [warmup_iters, max_iters]. */
export function litgptPretrainLr(lr: number, it: number, warmupIters: number, maxIters: number, minLr: number): number {
  if (it < warmupIters) return (lr * it) / warmupIters;
  if (it > maxIters) return minLr;
  const decayRatio = (it - warmupIters) / (maxIters - warmupIters);
  const coeff = 0.5 * (1.0 + Math.cos(Math.PI * decayRatio));
  return minLr + coeff * (lr - minLr);
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d) || !isObject(d.train)) return 0;
  const train = d.train;
  if (!TRAIN_KEYS.some((k) => k in train)) return 0;
  const optimizer = isObject(d.optimizer) && typeof d.optimizer.class_path === 'string';
  if (optimizer || 'checkpoint_dir' in d || 'model_name' in d || 'out_dir' in d) return 1;
  return 0.6;
}

function isPretrain(r: DocReader): boolean {
  if (typeof r.raw(['train', 'max_tokens']) === 'number') return true;
  return r.has(['model_name']) && !r.has(['checkpoint_dir']);
}

interface Common {
  lr: Resolved;
  optimizerName: Resolved<string>;
  world: Resolved;
  ga: Resolved;
  micro: Resolved;
  assumptions: string[];
}

function common(r: DocReader, pretrain: boolean): Common | PlanResult {
  const script = pretrain ? 'pretrain.py' : 'finetune';
  const lr = r.number(['optimizer', 'init_args', 'lr']) ?? defaulted(1e-3, 'optimizer lr unset: 1e-3 (torch.optim.AdamW default)');
  const optimizerName = r.string(['optimizer', 'class_path']) ?? r.string(['optimizer']) ?? defaulted('AdamW', `optimizer unset: AdamW (${VERSION} ${script} default)`);
  const assumptions: string[] = [];
  const devicesRaw = r.raw(['devices']);
  let devices: Resolved;
  if (typeof devicesRaw === 'number') devices = r.number(['devices'])!;
  else {
    // pretrain defaults to "auto" (every GPU), finetune to 1.
    devices = defaulted(1, devicesRaw === 'auto' || (devicesRaw === undefined && pretrain) ? 'devices "auto": assumed 1 (the GPU count of the machine)' : `devices unset: 1 (${VERSION} ${script} default)`);
    if (devicesRaw === 'auto' || (devicesRaw === undefined && pretrain)) assumptions.push('devices is "auto" (every GPU): assumed 1 device; counts round slightly differently with more');
  }
  const nodes = r.number(['num_nodes']) ?? defaulted(1, 'num_nodes unset: 1');
  const worldValue = devices.value * nodes.value;
  const world: Resolved = { value: worldValue, how: `devices x num_nodes = ${devices.value} x ${nodes.value} = ${worldValue}`, from: [...devices.from, ...nodes.from] };
  const global = r.number(['train', 'global_batch_size']) ?? defaulted(pretrain ? 512 : 16, `train.global_batch_size unset: ${pretrain ? 512 : 16} (${VERSION} ${script} default)`);
  const micro = r.number(['train', 'micro_batch_size']) ?? defaulted(pretrain ? 4 : 1, `train.micro_batch_size unset: ${pretrain ? 4 : 1} (${VERSION} ${script} default)`);
  const perRank = Math.floor(global.value / worldValue);
  const gaValue = Math.floor(perRank / micro.value);
  if (perRank <= 0 || gaValue <= 0) {
    return { ok: false, problem: { at: global.from[0] ?? r.origin(['train']), message: `global_batch_size ${global.value} // world size ${worldValue} // micro_batch_size ${micro.value} = ${gaValue}: TrainArgs asserts gradient_accumulation_iters > 0`, kind: 'invalid' } };
  }
  const ga: Resolved = { value: gaValue, how: `gradient_accumulation_iters = (global_batch_size ${global.value} // ${worldValue}) // micro_batch_size ${micro.value} = ${gaValue}`, from: [...global.from, ...world.from, ...micro.from] };
  return { lr, optimizerName, world, ga, micro, assumptions };
}

function pretrainPlan(r: DocReader, context: PlanContext, c: Common): PlanResult {
  const maxTokens = r.number(['train', 'max_tokens']) ?? defaulted(3e12, `train.max_tokens unset: 3e12 (${VERSION} pretrain.py default)`);
  const seq = r.number(['train', 'max_seq_length']);
  if (!seq) return { ok: false, problem: { at: r.origin(['train']), message: "train.max_seq_length is unset: pretrain.py then uses the model's block_size, which the config does not state; set it to review the schedule", kind: 'needs-data' } };
  const minLr = r.number(['train', 'min_lr']) ?? defaulted(4e-5, `train.min_lr unset: 4e-5 (${VERSION} pretrain.py default)`);
  const W = c.world.value;
  const perDevice = Math.floor(maxTokens.value / W);
  const tokensPerIter = c.micro.value * seq.value;
  const maxIters = Math.floor(perDevice / tokensPerIter);
  const ga = c.ga.value;
  const updates = Math.floor(maxIters / ga);
  if (updates < 1) return { ok: false, problem: { at: maxTokens.from[0] ?? r.origin(['train']), message: `max_iters ${maxIters} micro-batches is less than one optimizer step (${ga} micro-batches): no update is made`, kind: 'invalid' } };
  const fraction = r.number(['train', 'lr_warmup_fraction']);
  const steps = r.number(['train', 'lr_warmup_steps']) ?? (fraction ? undefined : defaulted(2000, `train.lr_warmup_steps unset: 2000 (${VERSION} pretrain.py default)`));
  let warmupIters: number;
  let warmupHow: string;
  let warmupFrom = [...(steps?.from ?? []), ...(fraction?.from ?? [])];
  if (fraction && fraction.value) {
    if (context.datasetSize === undefined) {
      return { ok: false, problem: { at: fraction.from[0] ?? r.origin(['train']), message: `lr_warmup_fraction ${formatNumber(fraction.value)} is a fraction of len(train_dataloader), which depends on the dataset's size; give it in .trainlint.yml (datasets) to review the schedule`, kind: 'needs-data' } };
    }
    const len = Math.ceil(Math.ceil(context.datasetSize / W) / c.micro.value);
    warmupIters = Math.min(maxIters, Math.ceil(fraction.value * len));
    warmupHow = `min(max_iters ${maxIters}, ceil(${formatNumber(fraction.value)} x len(train_dataloader) ${len})) = ${warmupIters} micro-batches`;
  } else if (steps && steps.value) {
    warmupIters = Math.min(maxIters, steps.value * ga);
    warmupHow = `min(max_iters ${maxIters}, lr_warmup_steps ${steps.value} x gradient_accumulation_iters ${ga}) = ${warmupIters} micro-batches`;
    warmupFrom = [...warmupFrom, ...c.ga.from];
  } else {
    warmupIters = 0;
    warmupHow = 'no warmup (lr_warmup_steps and lr_warmup_fraction unset or 0)';
  }
  const lr = c.lr.value;
  // Update j runs after the micro-batches (j+1) x ga - 1 ... and the LR set before the last of them.
  const lrAt = (j: number) => litgptPretrainLr(lr, (j + 1) * ga - 1, warmupIters, maxIters, minLr.value);
  const warmupEnd = Math.max(0, Math.ceil((warmupIters + 1) / ga) - 1);
  const warmupSteps: Resolved = { value: Math.ceil(warmupIters / ga), how: `${warmupHow} = ${Math.ceil(warmupIters / ga)} optimizer steps`, from: warmupFrom };
  const phases: Phase[] = [
    { kind: 'warmup', start: 0, end: warmupEnd, style: 'linear' },
    // The cosine is built to end at max_iters, the run's last micro-batch.
    { kind: 'decay', start: warmupEnd, end: updates, style: 'cosine' },
    { kind: 'floor', start: updates, end: Infinity, style: 'constant' },
  ];
  const total: Resolved = {
    value: updates,
    how: `max_iters // gradient_accumulation_iters = ${maxIters} // ${ga} = ${updates}, with max_iters = (max_tokens ${formatNumber(maxTokens.value)} // ${W}) // (micro_batch_size ${c.micro.value} x max_seq_length ${seq.value}) = ${maxIters}`,
    from: [...maxTokens.from, ...seq.from, ...c.ga.from],
  };
  const assumptions = [...c.assumptions, 'pretrain.py sets the LR per micro-batch: update j uses get_lr at micro-batch (j+1) x gradient_accumulation_iters - 1'];
  if (r.number(['train', 'max_steps'])) assumptions.push('train.max_steps is not used by pretrain.py (it only warns); the run length comes from max_tokens');
  const planned: TrainingPlan = {
    dialect: 'litgpt',
    semantics: `${VERSION} pretrain`,
    optimizer: { name: c.optimizerName, lr: c.lr },
    totalSteps: total,
    totalStepsSource: 'derived',
    warmup: { steps: warmupSteps, style: 'linear', startLr: defaulted(0, 'warmup starts at 0 (lr x it / warmup_iters)') },
    decay: {
      style: 'cosine',
      start: { value: warmupSteps.value, how: `decay starts when warmup ends (micro-batch ${warmupIters})`, from: warmupFrom },
      steps: { value: updates - warmupSteps.value, how: `to the end of max_iters (${maxIters} micro-batches)`, from: total.from },
      minLr,
    },
    schedule: makeSchedule({ totalSteps: updates, peakLr: lr, lrAt, phases }),
    assumptions,
    fixes: {
      warmupTo: (n) => (steps?.from[0] ? { at: steps.from[0], value: n } : undefined),
    },
  };
  return { ok: true, plan: planned };
}

function finetunePlan(r: DocReader, context: PlanContext, c: Common): PlanResult {
  // litgpt/finetune/*.py validate_args @26857050 (the first thing main() does, before the scheduler is built): "doesn't support the 'lr_warmup_fraction' argument" (ValueError).
  if (r.has(['train', 'lr_warmup_fraction']) && r.raw(['train', 'lr_warmup_fraction']) !== null) {
    return { ok: false, problem: { at: r.origin(['train', 'lr_warmup_fraction']), message: "train.lr_warmup_fraction is set: the fine-tuning scripts' validate_args refuses it (ValueError, any value but null); their warmup is train.lr_warmup_steps", kind: 'invalid' } };
  }
  const epochs = r.number(['train', 'epochs']) ?? defaulted(5, `train.epochs unset: 5 (${VERSION} finetune default)`);
  const maxSteps = r.number(['train', 'max_steps']);
  const warmup = r.number(['train', 'lr_warmup_steps']) ?? defaulted(100, `train.lr_warmup_steps unset: 100 (${VERSION} finetune default)`);
  if (!(warmup.value > 0)) {
    return { ok: false, problem: { at: warmup.from[0] ?? r.origin(['train']), message: `lr_warmup_steps ${warmup.value}: the fine-tuning scheduler's LambdaLR computes step / lr_warmup_steps, which divides by zero when it is built`, kind: 'invalid' } };
  }
  const ga = c.ga.value;
  const assumptions = [...c.assumptions];
  let updates: Resolved;
  let lrMax: Resolved;
  let assumed: AssumedLength | undefined;
  if (context.datasetSize !== undefined) {
    const W = c.world.value;
    const len = Math.ceil(Math.ceil(context.datasetSize / W) / c.micro.value);
    const lenHow = `len(train_dataloader) = ceil(ceil(${context.datasetSize} / ${W}) / micro_batch_size ${c.micro.value}) = ${len}`;
    const perEpoch = Math.floor(len / ga);
    const byEpochs = epochs.value * perEpoch;
    const lrMaxValue = maxSteps ? Math.min(byEpochs, maxSteps.value) : byEpochs;
    lrMax = {
      value: lrMaxValue,
      how: `lr_max_steps = min(epochs ${epochs.value} x (${len} // ${ga}), max_steps ${maxSteps?.value ?? 'unset'}) = ${lrMaxValue}; ${lenHow}`,
      from: [...epochs.from, ...c.ga.from, ...(maxSteps?.from ?? [])],
    };
    const microTotal = Math.floor((epochs.value * len) / ga);
    const updatesValue = maxSteps ? Math.min(microTotal, maxSteps.value) : microTotal;
    updates = {
      value: updatesValue,
      how: `min(floor(epochs ${epochs.value} x ${len} micro-batches / ${ga}), max_steps ${maxSteps?.value ?? 'unset'}) = ${updatesValue} (the micro-batch counter runs across epochs)`,
      from: [...epochs.from, ...c.ga.from, ...(maxSteps?.from ?? [])],
    };
    assumptions.push('the dataset size counts the training split (after val_split_fraction)');
  } else if (maxSteps) {
    updates = { value: maxSteps.value, how: `max_steps: ${maxSteps.value} (the dataset size is not known: assumed to give at least that many steps in ${epochs.value} epoch(s))`, from: maxSteps.from };
    lrMax = { value: maxSteps.value, how: `lr_max_steps = min(epochs x steps_per_epoch, max_steps) = max_steps ${maxSteps.value} (assumed)`, from: maxSteps.from };
    assumptions.push(`the dataset is assumed to give at least max_steps (${maxSteps.value}) updates in ${epochs.value} epoch(s); give its size in .trainlint.yml (datasets) to check`);
  } else {
    const why =
      `the run length comes from epochs ${epochs.value} and the dataset: floor(epochs ${epochs.value} x len(train_dataloader) / gradient_accumulation_iters ${ga}) updates, ` +
      `with len(train_dataloader) = ceil(ceil(N samples / ${c.world.value}) / micro_batch_size ${c.micro.value}) micro-batches; ` +
      `the config does not give N (nor max_steps): set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`;
    const a = assumeEpochs(epochs, why, { path: context.path });
    // At an assumed len(train_dataloader) of updatesPerEpoch x ga micro-batches, lr_max_steps = epochs x (len // ga) is the run's length too.
    updates = a.total;
    lrMax = {
      value: a.total.value,
      how: `lr_max_steps = epochs ${epochs.value} x steps_per_epoch ${a.assumed.updatesPerEpoch} = ${a.total.value} (steps_per_epoch assumed: the dataset size is unknown)`,
      from: epochs.from,
    };
    assumptions.push(a.note);
    assumed = a.assumed;
  }
  const w = warmup.value;
  const tMax = lrMax.value - w;
  if (tMax === 0 && updates.value > w) {
    return { ok: false, problem: { at: warmup.from[0] ?? r.origin(['train']), message: `lr_max_steps ${lrMax.value} - lr_warmup_steps ${w} = 0: CosineAnnealingLR(T_max=0) divides by zero at update ${w}, when SequentialLR switches to it`, kind: 'invalid' } };
  }
  const lr = c.lr.value;
  const lrAt = torchLr(
    { type: 'SequentialLR', milestones: [w], schedulers: [{ type: 'LambdaLR', factor: (k) => k / w, label: 'linear', kind: 'warmup' }, { type: 'CosineAnnealingLR', tMax, etaMin: 0 }] },
    lr,
  );
  const phases: Phase[] = [
    { kind: 'warmup', start: 0, end: w, style: 'linear' },
    { kind: 'decay', start: w, end: w + Math.abs(tMax), style: 'cosine' },
  ];
  // Past T_max CosineAnnealingLR's recursion climbs back up (period 2 T_max).
  for (let s = w + Math.abs(tMax); tMax !== 0 && s < updates.value && phases.length < 64; s += Math.abs(tMax)) phases.push({ kind: 'cycle', start: s, end: s + Math.abs(tMax), style: 'cosine past T_max' });
  const minLr = r.number(['train', 'min_lr']);
  if (minLr) assumptions.push(`train.min_lr ${formatNumber(minLr.value)} is not used by the fine-tuning scripts: CosineAnnealingLR decays to eta_min 0`);
  const horizon: Resolved = { value: lrMax.value, how: lrMax.how, from: lrMax.from };
  const planned: TrainingPlan = {
    dialect: 'litgpt',
    semantics: `${VERSION} finetune`,
    optimizer: { name: c.optimizerName, lr: c.lr },
    totalSteps: updates,
    totalStepsSource: 'derived',
    warmup: { steps: warmup, style: 'linear', startLr: defaulted(0, 'warmup starts at 0 (step / lr_warmup_steps)') },
    decay: {
      style: 'cosine',
      start: { value: w, how: `SequentialLR milestone: lr_warmup_steps ${w}`, from: warmup.from },
      steps: { value: tMax, how: `T_max = lr_max_steps - lr_warmup_steps = ${lrMax.value} - ${w} = ${tMax}${assumed ? ' (lr_max_steps assumed: the dataset size is unknown)' : ''}`, from: [...lrMax.from, ...warmup.from] },
      minLr: defaulted(0, 'eta_min 0 (CosineAnnealingLR default; train.min_lr is not passed)'),
    },
    horizon,
    schedule: makeSchedule({ totalSteps: updates.value, peakLr: lr, lrAt, phases, horizon: lrMax.value }),
    assumptions,
    fixes: {
      // No totalStepsTo: lr_max_steps follows max_steps, so changing the run's length moves the schedule too.
      warmupTo: (n) => ({ at: r.origin(['train', 'lr_warmup_steps']), value: n }),
    },
  };
  if (assumed) planned.assumedLength = assumed;
  return { ok: true, plan: planned };
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const pretrain = isPretrain(r);
  const c = common(r, pretrain);
  if ('ok' in c) return c;
  return pretrain ? pretrainPlan(r, context, c) : finetunePlan(r, context, c);
}

export const litgpt: Dialect = {
  id: 'litgpt',
  title: 'LitGPT',
  follows: 'Lightning-AI/litgpt @26857050 (pretrain.py, finetune/lora.py and full.py, args.py); torch 1.13 SequentialLR/CosineAnnealingLR',
  schema,
  // jsonargparse 4.41 DefaultLoader: PyYAML SafeLoader with a float resolver that also takes `1e-4` (as
  // OmegaConf's), and typed fields re-parse strings with it, so a quoted number still becomes a number.
  loader: { yaml: 'omegaconf', stringForNumber: 'converted', citation: 'jsonargparse 4.41 (SafeLoader + float resolver), litgpt @26857050' },
  detect,
  plan,
};
