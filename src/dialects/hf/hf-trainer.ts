// Hugging Face Trainer configs: TrainingArguments written as YAML / JSON, as TRL's scripts and the
// alignment-handbook recipes read them (trl/scripts/utils.py TrlParser.parse_args_and_config @f2cd5771: yaml.safe_load,
// then each value becomes an argparse default; argparse converts a string default with the field's type, so
// `learning_rate: 2e-5`, a string to PyYAML, reaches the Trainer as a float, and an unknown key is an error).
// Scheduler lambdas: src/schedules/transformers.ts; step and warmup arithmetic per release: hf-steps.ts.
import schema from '../../../schemas/hf-trainer.schema.json' with { type: 'json' };
import type { DocReader } from '../../core/access.ts';
import type { Dialect, PlanContext, PlanResult } from '../../core/plan.ts';
import type { ParsedDoc } from '../../core/parse.ts';
import { erasBetween, planTrainerConfig } from './hf-plan.ts';
import { parseVersion, TRANSFORMERS_NEWEST, versionText } from './hf-steps.ts';
import { isObject } from '../shared.ts';

/** Keys only TrainingArguments (and the scripts built on it) use at the top level. */
const STRONG_KEYS = ['lr_scheduler_type', 'per_device_train_batch_size', 'num_train_epochs', 'warmup_ratio', 'lr_scheduler_kwargs', 'per_device_eval_batch_size'];
const COMMON_KEYS = [
  'learning_rate', 'gradient_accumulation_steps', 'max_steps', 'warmup_steps', 'output_dir', 'logging_steps', 'save_steps', 'save_strategy',
  'eval_strategy', 'evaluation_strategy', 'bf16', 'fp16', 'gradient_checkpointing', 'weight_decay', 'optim', 'seed', 'report_to',
  'dataloader_drop_last', 'do_train', 'do_eval', 'max_grad_norm', 'push_to_hub', 'hub_model_id', 'logging_strategy', 'save_total_limit',
];
/** Keys that make the file another transformers-family dialect's (LLaMA-Factory, axolotl). */
const OTHER_FAMILY_KEYS = [
  'stage', 'finetuning_type', 'template', 'model_class',
  'base_model', 'micro_batch_size', 'num_epochs', 'cosine_min_lr_ratio', 'cosine_constant_lr_ratio', 'lr_quadratic_warmup', 'sequence_len', 'sample_packing', 'jagged_restart_steps', 'lr_div_factor',
];

export function trainingArgumentsScore(data: Record<string, unknown>): number {
  const scalar = (k: string) => k in data && (data[k] === null || typeof data[k] !== 'object' || k === 'lr_scheduler_kwargs' || k === 'report_to');
  const strong = STRONG_KEYS.filter(scalar).length;
  const common = COMMON_KEYS.filter(scalar).length;
  if (strong >= 2 || (strong >= 1 && strong + common >= 3)) return 0.9;
  return 0;
}

function detect(doc: ParsedDoc): number {
  const d = doc.data;
  if (!isObject(d)) return 0;
  if (OTHER_FAMILY_KEYS.some((k) => k in d) || typeof d.lr_scheduler === 'string') return 0;
  return trainingArgumentsScore(d);
}

function pinned(context: PlanContext): [number, number, number] | undefined {
  return context.frameworkVersion ? (parseVersion(context.frameworkVersion) ?? undefined) : undefined;
}

function plan(r: DocReader, context: PlanContext): PlanResult {
  const pin = pinned(context);
  const eras = pin ? [{ label: versionText(pin).replace(/\.0$/, ''), version: pin }] : erasBetween([4, 0, 0], TRANSFORMERS_NEWEST);
  return planTrainerConfig(r, context, {
    dialect: 'hf-trainer',
    eras,
    pinned: pin !== undefined,
    pinHint: '`frameworks: { hf-trainer: "<transformers version>" }`',
    defaults: { learningRate: 5e-5, epochs: 3, batch: 8, how: 'TrainingArguments default; TRL configs such as SFTConfig and DPOConfig set their own learning_rate' },
    assumptions: context.frameworkVersion && !pin ? [`frameworks.hf-trainer "${context.frameworkVersion}" names no version; the newest semantics were followed`] : [],
  });
}

export const hfTrainer: Dialect = {
  id: 'hf-trainer',
  versionKeys: ['transformers'],
  title: 'Hugging Face Trainer (TrainingArguments YAML/JSON: TRL, alignment-handbook)',
  follows: `transformers 4.x to ${versionText(TRANSFORMERS_NEWEST)} (optimization.py @005edacb; trainer.py and training_args.py of 4.57.6 and ${versionText(TRANSFORMERS_NEWEST)}); TRL @f2cd5771 TrlParser`,
  schema,
  loader: { yaml: 'pyyaml', stringForNumber: 'converted', citation: "PyYAML (YAML 1.1) + argparse type conversion of TRL's TrlParser @f2cd5771" },
  detect,
  plan,
};
