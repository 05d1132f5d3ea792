// axolotl (axolotl-ai-cloud/axolotl @067b021c, 0.18.0+, pinning transformers 5.14.1). The YAML is read with
// yaml.safe_load (cli/config.py load_cfg) and validated by pydantic (utils/schemas): numeric strings such as
// `2e-5` are converted (learning_rate by its own validator), fractional ints are refused, unknown keys are dropped.
// Run length (utils/data/sft.py, utils/trainer.py calculate_total_num_steps, utils/config normalize_config):
//   total_num_steps = ceil(N x num_epochs / batch_size), batch_size = micro_batch_size x gradient_accumulation_steps
//   (x world size under DDP / FSDP), then min(that, max_steps); the Trainer's max_steps = max_steps or that.
// Warmup (core/builders/base.py _configure_warmup_and_logging): warmup_steps; else int(warmup_ratio x total_num_steps);
// else min(int(0.03 x total_num_steps), 100); a result of 1 becomes 2. Scheduler dispatch:
// core/trainers/mixins/scheduler.py; the schedulers themselves: src/schedules/axolotl.ts and transformers.ts.
import schema from '../../../schemas/axolotl.schema.json' with { type: 'json' };
import { defaulted, formatNumber, type DocReader } from '../../core/access.ts';
import { assumeEpochs, type AssumedLength, type Dialect, type PlanContext, type PlanProblem, type PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import type { Origin, Resolved } from '../../core/types.ts';
import { HF_SCHEDULER_TYPES, type HfSchedulerType } from '../../schedules/transformers.ts';
import { buildAxolotlSchedule, type AxolotlSchedulerInput } from './axolotl-schedules.ts';
import { assemblePlan } from '../../schedules/transformers-plan.ts';
import { atLeast, parseVersion, schedulerKwargs, versionText, WORLD_SIZE_ONE, worldSize, type Triple } from './hf-steps.ts';
import { isObject } from '../shared.ts';
import { attachVersionNotes, type VersionNote } from '../version-notes.ts';

const HEAD = 'axolotl @067b021c';
/** RexLR's warmup fix (b882dfb6, 2025-04-21) first shipped in 0.9.0; 0.8.x has the older class. */
const REX_FIX_FROM: Triple = [0, 9, 0];

/** Keys no other framework uses at the top level. */
const AXOLOTL_KEYS = ['cosine_min_lr_ratio', 'cosine_constant_lr_ratio', 'lr_quadratic_warmup', 'num_epochs', 'sequence_len', 'sample_packing', 'jagged_restart_steps', 'lr_div_factor', 'relora', 'adapter', 'load_in_8bit', 'load_in_4bit'];

/** Keys of kohya sd-scripts' arguments (library/train_util.py) that axolotl does not have. */
const KOHYA_KEYS = ['train_batch_size', 'lr_warmup', 'lr_warmup_steps', 'max_train_epochs', 'max_train_steps', 'train_data_dir', 'pretrained_model_name_or_path', 'network_dim', 'network_module', 'save_every_n_epochs', 'caption_extension'];

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  if (typeof d.model === 'string' && ('model_class' in d || 'train_dataset' in d)) return 0; // LLaMA-Factory v1
  // kohya's scripts and the kohya_ss GUI presets also write `lr_scheduler` and `learning_rate`, in their own vocabulary.
  if (KOHYA_KEYS.filter((k) => k in d).length >= 2) return 0;
  const marks = AXOLOTL_KEYS.filter((k) => k in d).length + (typeof d.lr_scheduler === 'string' ? 1 : 0);
  if (typeof d.base_model === 'string' && (marks > 0 || 'micro_batch_size' in d || 'learning_rate' in d || 'datasets' in d)) return 1;
  if (marks > 0 && ('learning_rate' in d || 'micro_batch_size' in d)) return 0.9;
  if ('micro_batch_size' in d && 'learning_rate' in d && 'gradient_accumulation_steps' in d) return 0.6;
  return 0;
}

const problem = (kind: 'invalid' | 'needs-data', message: string, at: Origin | undefined, notes: VersionNote[] = []): PlanResult => ({
  ok: false,
  problem: attachVersionNotes<PlanProblem>({ ...(at ? { at } : {}), message, kind }, notes),
});

/** A key as pydantic leaves it: absent and explicit null are both None. */
function num(r: DocReader, key: string): Resolved | undefined {
  return r.raw([key]) === null ? undefined : r.number([key]);
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const pin = context.frameworkVersion ? (parseVersion(context.frameworkVersion) ?? undefined) : undefined;
  const preFixRex = pin !== undefined && !atLeast(pin, REX_FIX_FROM);
  const version = pin ? `axolotl ${versionText(pin)}` : HEAD;
  const lr = num(r, 'learning_rate');
  if (!lr && r.has(['learning_rate']) && r.raw(['learning_rate']) !== null) return problem('needs-data', `learning_rate ${JSON.stringify(r.raw(['learning_rate']))} is not a number (TL002), so there is no schedule to simulate`, r.origin(['learning_rate']));
  if (!lr) return problem('invalid', 'learning_rate is required: axolotl\'s config model has no default for it', r.origin(['learning_rate']));
  const schedRaw = r.raw(['lr_scheduler']);
  const scheduler = typeof schedRaw === 'string' && schedRaw !== '' ? schedRaw : 'cosine';
  const hfType = (scheduler === 'one_cycle' || scheduler === 'rex' ? 'cosine' : scheduler) as HfSchedulerType;
  if (!HF_SCHEDULER_TYPES.includes(hfType)) {
    // The schema reports the value (with a did-you-mean, TL002); the plan only says why there is no curve.
    return problem('needs-data', `lr_scheduler ${JSON.stringify(schedRaw)} is neither one_cycle, rex nor a transformers SchedulerType (TrainingArguments raises ValueError), so there is no schedule to simulate`, r.origin(['lr_scheduler']));
  }
  const kwargsRead = schedulerKwargs(r.raw(['lr_scheduler_kwargs']));
  if (!kwargsRead.ok) return problem('invalid', kwargsRead.invalid, r.origin(['lr_scheduler_kwargs']));

  const warmupSteps = num(r, 'warmup_steps');
  const warmupRatio = num(r, 'warmup_ratio');
  if (warmupSteps && !Number.isInteger(warmupSteps.value)) {
    return problem('invalid', `warmup_steps ${formatNumber(warmupSteps.value)}: axolotl declares warmup_steps an int (utils/schemas/config.py), so validation refuses a number with a fractional part${warmupSteps.value > 0 && warmupSteps.value < 1 ? `; for a ${formatNumber(warmupSteps.value * 100)} % warmup write \`warmup_ratio: ${formatNumber(warmupSteps.value)}\`` : ''}`, warmupSteps.from[0]);
  }
  if (warmupSteps?.value && warmupRatio?.value) {
    return problem('invalid', `warmup_steps ${formatNumber(warmupSteps.value)} and warmup_ratio ${formatNumber(warmupRatio.value)} are both set: axolotl's validation raises "warmup_steps and warmup_ratio are mutually exclusive"`, warmupRatio.from[0]);
  }
  if (r.raw(['relora']) === true && !num(r, 'jagged_restart_steps')) return problem('invalid', 'relora needs jagged_restart_steps: axolotl\'s validation raises "jagged_restart_steps must be set to use ReLoRA"', r.origin(['relora']));

  // Batch and run length.
  const mbs = num(r, 'micro_batch_size') ?? defaulted(1, 'micro_batch_size unset: 1');
  const batchSize = num(r, 'batch_size');
  const ga = num(r, 'gradient_accumulation_steps') ?? (batchSize ? { value: Math.floor(batchSize.value / mbs.value), how: `batch_size ${batchSize.value} // micro_batch_size ${mbs.value}`, from: batchSize.from } : defaulted(1, 'gradient_accumulation_steps unset: 1'));
  const processes = worldSize(context);
  // axolotl's batch_size = micro_batch_size x gradient_accumulation_steps x world size (utils/config normalize_config).
  const perStep = batchSize ? batchSize.value : mbs.value * ga.value * processes.value;
  for (const [key, v] of [['micro_batch_size', mbs], ['gradient_accumulation_steps', ga]] as const) {
    if (!(v.value >= 1)) return problem('needs-data', `${key} ${formatNumber(v.value)} is below 1 (TL002), so there is no schedule to simulate`, r.origin([key]));
  }
  const epochs = num(r, 'num_epochs') ?? defaulted(1, 'num_epochs unset: 1.0');
  const maxSteps = num(r, 'max_steps');
  const maxSet = maxSteps && maxSteps.value !== 0 ? maxSteps : undefined;
  const streaming = r.has(['pretraining_dataset']) && r.raw(['pretraining_dataset']) !== null || r.raw(['streaming']) === true;
  const packing = r.raw(['sample_packing']) === true;
  const assumptions: string[] = [];
  let dataSteps: Resolved | undefined;
  let dataUnknown: string | undefined;
  if (streaming) dataUnknown = 'a streaming dataset has no length: axolotl uses max_steps as total_num_steps (utils/data/sft.py)';
  else if (packing) dataUnknown = 'with sample_packing the step count comes from the token lengths of the packed dataset (calculate_total_num_steps), not from a sample count';
  else if (!(epochs.value > 0) && !maxSet) return problem('invalid', `num_epochs ${formatNumber(epochs.value)} with no max_steps: axolotl computes ceil(N x ${formatNumber(epochs.value)} / batch_size) = 0 or fewer steps`, r.origin(['num_epochs']));
  else if (context.datasetSize === undefined) dataUnknown = `the step count is ceil(N samples x num_epochs ${formatNumber(epochs.value)} / batch_size ${perStep}) for a dataset of N samples, which the config does not give: set it in .trainlint.yml (\`datasets: { "${context.path}": N }\`)`;
  else {
    const n = context.datasetSize;
    const value = Math.ceil((n * epochs.value) / perStep);
    dataSteps = { value, how: `ceil(${n} samples x num_epochs ${formatNumber(epochs.value)} / batch_size ${perStep}) = ${value}${batchSize ? '' : ` (batch_size = micro_batch_size ${mbs.value} x gradient_accumulation_steps ${ga.value} x world size ${processes.value})`}`, from: [...epochs.from, ...mbs.from, ...ga.from] };
    if (context.worldSize === undefined) assumptions.push(`${WORLD_SIZE_ONE.how}; under DDP / FSDP axolotl multiplies batch_size by the world size (set \`world-size\` in .trainlint.yml)`);
  }
  // Without a dataset size (or, with sample_packing, without the packed token lengths) the run is drawn over its epochs
  // at an assumed length; the warmup below is then computed from that assumed total, as axolotl would from the real one.
  let assumedRun: { length: AssumedLength; note: string } | undefined;
  if (!maxSet && !dataSteps) {
    if (streaming) return problem('invalid', 'a streaming dataset without max_steps: the Trainer gets max_steps -1 for a dataset with no length and raises ValueError', r.origin(['max_steps']));
    if (!(epochs.value > 0)) return problem('invalid', `num_epochs ${formatNumber(epochs.value)} with no max_steps: axolotl computes floor(packed batches x ${formatNumber(epochs.value)}) = 0 or fewer steps`, r.origin(['num_epochs']));
    // Packed: total_num_steps = floor(packed batches per epoch x num_epochs), from the token lengths: a sample count does not give it.
    const why = packing
      ? `${dataUnknown}: floor(packed batches per epoch x num_epochs ${formatNumber(epochs.value)}) steps, which a dataset size in .trainlint.yml does not give: set max_steps`
      : dataUnknown!;
    const settle = 'set max_steps (with sample_packing the step count comes from the token lengths of the packed dataset, which a sample count in .trainlint.yml does not give)';
    const { total, assumed, note } = assumeEpochs(epochs, why, { path: context.path, ...(packing ? { settle } : {}) });
    dataSteps = total;
    assumedRun = { length: assumed, note };
    assumptions.push(assumedRun.note);
  }
  let totalNumSteps: Resolved;
  if (maxSet && dataSteps) {
    const value = Math.min(dataSteps.value, maxSet.value);
    totalNumSteps = value === maxSet.value ? { value, how: `min(${dataSteps.value} from the data, max_steps ${maxSet.value}) = ${value}`, from: [...maxSet.from, ...dataSteps.from] } : { value, how: `min(${dataSteps.how}, max_steps ${maxSet.value}) = ${value}`, from: [...dataSteps.from, ...maxSet.from] };
  } else if (maxSet) {
    totalNumSteps = maxSet;
    if (!streaming) assumptions.push(`${dataUnknown}; axolotl derives the warmup from min(data steps, max_steps ${maxSet.value}): the dataset is assumed to give at least ${maxSet.value} steps`);
  } else totalNumSteps = dataSteps!;
  const run: Resolved = maxSet ? { value: maxSet.value, how: `max_steps: ${maxSet.value}${r.has(['num_epochs']) ? ` (overrides num_epochs ${formatNumber(epochs.value)})` : ''}`, from: maxSet.from } : totalNumSteps;

  // Warmup as axolotl sets TrainingArguments.warmup_steps, then get_warmup_steps (int(w) for w >= 1).
  let warmup: Resolved;
  const n = totalNumSteps.value;
  const nText = assumedRun ? `${n} assumed steps` : `${n} steps`;
  if (warmupSteps) warmup = warmupSteps;
  else if (warmupRatio) {
    const value = Math.max(Math.trunc(warmupRatio.value * n), 0);
    warmup = { value, how: `int(warmup_ratio ${formatNumber(warmupRatio.value)} x ${nText}) = int(${formatNumber(Number((warmupRatio.value * n).toPrecision(12)))}) = ${value}`, from: [...warmupRatio.from, ...totalNumSteps.from] };
  } else {
    const value = Math.min(Math.trunc(0.03 * n), 100);
    warmup = { value, how: `no warmup_steps / warmup_ratio: min(int(0.03 x ${assumedRun ? nText : n}), 100) = ${value} (axolotl default)`, from: totalNumSteps.from };
  }
  if (warmup.value === 1) warmup = { value: 2, how: `${warmup.how}; axolotl turns a warmup of 1 into 2`, from: warmup.from };

  const input: AxolotlSchedulerInput = {
    scheduler,
    hfType,
    lr: lr.value,
    warmup: warmup.value,
    total: run.value,
    kwargs: kwargsRead.kwargs,
    minLrRatio: num(r, 'cosine_min_lr_ratio')?.value ?? null,
    constantLrRatio: num(r, 'cosine_constant_lr_ratio')?.value ?? null,
    quadraticWarmup: r.raw(['lr_quadratic_warmup']) === true,
    jagged: !r.has(['rl']) || r.raw(['rl']) === null ? jaggedArgs(r) : null,
    preFixRex,
  };
  const built = buildAxolotlSchedule(input);
  if (!built.ok) return problem(built.kind === 'invalid' ? 'invalid' : 'needs-data', built.message, r.origin([built.key ?? 'lr_scheduler']));
  const notes: VersionNote[] = [];
  if (scheduler === 'rex' && !pin) notes.push(rexNote(r, input));
  if (r.has(['lr_div_factor']) && r.raw(['lr_div_factor']) !== null) assumptions.push(`lr_div_factor has no effect at ${HEAD} (declared in the config model, never read); OneCycleLR takes div_factor from lr_scheduler_kwargs`);
  if (r.has(['deepspeed'])) assumptions.push('a DeepSpeed config whose JSON has a scheduler block replaces this schedule (not read)');
  assumptions.push(...built.schedule.notes);
  const plan = assemblePlan({
    dialect: 'axolotl',
    semantics: `${version}${preFixRex ? ' (RexLR before b882dfb6)' : ''}, transformers ${pin && !atLeast(pin, [0, 14, 0]) ? '4.x' : '5.14.1'}`,
    lr,
    optimizer: r.string(['optimizer']) ?? defaulted('adamw_torch_fused', 'optimizer unset: adamw_torch_fused (axolotl default)'),
    total: run,
    totalSource: maxSet ? 'explicit' : 'derived',
    warmup,
    built: built.schedule,
    kwargsOrigin: r.has(['lr_scheduler_kwargs']) ? r.origin(['lr_scheduler_kwargs']) : undefined,
    assumptions,
    ...(built.finalTailSteps ? { finalTailSteps: built.finalTailSteps } : {}),
    fixes: {
      totalStepsTo: (steps) => (maxSet?.from[0] ? { at: maxSet.from[0], value: steps } : undefined),
      warmupTo: (steps) => (warmupSteps?.from[0] ? { at: warmupSteps.from[0], value: steps } : warmupRatio?.from[0] && n > 0 ? { at: warmupRatio.from[0], value: Number((steps / n).toPrecision(3)) } : undefined),
    },
  });
  if (assumedRun) plan.assumedLength = assumedRun.length;
  return { ok: true, plan: attachVersionNotes(plan, notes) };
}

function jaggedArgs(r: DocReader): AxolotlSchedulerInput['jagged'] {
  const steps = num(r, 'jagged_restart_steps');
  if (!steps?.value) return null;
  const minRatio = num(r, 'cosine_min_lr_ratio')?.value;
  return {
    restartSteps: steps.value,
    warmupSteps: num(r, 'jagged_restart_warmup_steps')?.value || 10,
    annealSteps: num(r, 'jagged_restart_anneal_steps')?.value || 1,
    minLrScale: minRatio || 0.001,
  };
}

/** axolotl 0.8.x's RexLR started its counter one step earlier: what that does to this config. */
function rexNote(r: DocReader, input: AxolotlSchedulerInput): VersionNote {
  const old = buildAxolotlSchedule({ ...input, preFixRex: true });
  const now = buildAxolotlSchedule({ ...input, preFixRex: false });
  const at = r.origin(['lr_scheduler']);
  const last = input.total - 1;
  const fmt = (x: number) => formatNumber(Number(x.toPrecision(4)));
  const detail =
    old.ok && now.ok
      ? `update 0 runs at ${fmt(old.schedule.lrAt(0))} instead of ${fmt(now.schedule.lrAt(0))}${input.warmup > 0 ? ' (a jump before the warmup)' : ''} and the last update at ${fmt(old.schedule.lrAt(last))} instead of ${fmt(now.schedule.lrAt(last))}`
      : 'its step counter is one behind';
  return {
    at,
    message: `lr_scheduler rex: axolotl 0.8.x built RexLR with its counter at -1 (fixed in b882dfb6, 0.9.0), so ${detail}. The plan follows ${HEAD}.`,
    assumed: HEAD,
    data: { scheduler: 'rex' },
    fix: { description: 'Pin the axolotl version the run uses (`frameworks: { axolotl: "<version>" }` in .trainlint.yml); on 0.8.x upgrade to 0.9 or later.', edits: [] },
  };
}

export const axolotl: Dialect = {
  id: 'axolotl',
  title: 'axolotl',
  follows: `${HEAD} (core/builders/base.py, core/trainers/mixins/scheduler.py, utils/schedulers.py, utils/trainer.py) with transformers 5.14.1; RexLR of 0.8.x by version pin`,
  schema,
  loader: { yaml: 'pyyaml', stringForNumber: 'converted', typedBy: 'pydantic', citation: 'yaml.safe_load + pydantic validation, axolotl @067b021c' },
  detect,
  plan,
};
