// How the goldens of torchtune, litgpt, DeepSpeed and torchtitan map onto config files (goldens.test.ts
// COVERAGE `prepare`). The golden generators named their inputs after the framework's variables (dotted
// paths such as `optimizer.lr`, the dataloader's length, a run length chosen for the case); these functions
// write the config file a user would have written for the same run, plus the dataset size that gives the
// golden's dataloader length through the framework's own formula.
import type { GoldenCase } from './shared-data.ts';

export interface PreparedCase {
  /** The config file's content. */
  config: Record<string, unknown>;
  /** Training samples, given to the plan as `.trainlint.yml` datasets would. */
  datasetSize?: number;
  /**
   * The `derived` key holding the run's optimizer updates (default `total_steps`), or why the golden's run length
   * is not one the framework derives from the config (then only the LR points are compared).
   */
  runLength?: { key: string } | { notCompared: string };
  /** The file's text and extension when the framework's configs are not YAML (default: YAML). */
  serialize?: (config: Record<string, unknown>) => { text: string; extension: string };
}

/** TOML for a config of `[section]` tables holding scalars (all a torchtitan golden has). */
export function toToml(config: Record<string, unknown>): string {
  const value = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'number' ? v.toExponential() : String(v));
  const lines: string[] = [];
  for (const [section, table] of Object.entries(config)) {
    if (table === null || typeof table !== 'object') {
      lines.unshift(`${section} = ${value(table)}`);
      continue;
    }
    lines.push(`[${section}]`);
    for (const [key, v] of Object.entries(table as Record<string, unknown>)) if (v !== null && v !== undefined) lines.push(`${key} = ${value(v)}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

const get = (c: GoldenCase, key: string): unknown => c.config[key];

/** torchtune: len(dataloader) = samples // batch_size (drop_last=True, one rank), so batch_size 1 and samples = len. */
export function torchtuneCase(c: GoldenCase): PreparedCase {
  const scheduler: Record<string, unknown> = {
    _component_: 'torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup',
    num_warmup_steps: get(c, 'lr_scheduler.num_warmup_steps'),
  };
  if (get(c, 'lr_scheduler.num_cycles') !== undefined) scheduler.num_cycles = get(c, 'lr_scheduler.num_cycles');
  return {
    config: {
      optimizer: { _component_: 'torch.optim.AdamW', lr: get(c, 'optimizer.lr') },
      lr_scheduler: scheduler,
      epochs: get(c, 'epochs'),
      max_steps_per_epoch: get(c, 'max_steps_per_epoch'),
      gradient_accumulation_steps: get(c, 'gradient_accumulation_steps'),
      batch_size: 1,
    },
    datasetSize: get(c, 'len_dataloader') as number,
  };
}

/** litgpt: dotted `train.*` keys into `train:`; finetune's len(train_dataloader) = ceil(ceil(samples / world) / micro_batch_size). */
export function litgptCase(c: GoldenCase): PreparedCase {
  const train: Record<string, unknown> = {};
  const config: Record<string, unknown> = { train };
  for (const [key, value] of Object.entries(c.config)) {
    if (key.startsWith('train.')) train[key.slice('train.'.length)] = value;
    else if (key === 'optimizer.lr') config.optimizer = { class_path: 'torch.optim.AdamW', init_args: { lr: value } };
    else if (key !== 'len_train_dataloader') config[key] = value;
  }
  const pretrain = c.derived?.script === 'litgpt/pretrain.py';
  if (!pretrain) config.checkpoint_dir = 'checkpoints/model';
  else config.model_name = 'model';
  const len = get(c, 'len_train_dataloader');
  if (typeof len !== 'number') return { config };
  const world = (get(c, 'devices') as number) * ((get(c, 'num_nodes') as number | undefined) ?? 1);
  return { config, datasetSize: len * (train.micro_batch_size as number) * world };
}

/** DeepSpeed: the config is a DeepSpeed config already; WarmupLR and OneCycle have no horizon, so the golden's run is the generator's window. */
export function deepspeedCase(c: GoldenCase): PreparedCase {
  const scheduler = c.config.scheduler as { type?: string; params?: Record<string, unknown> } | undefined;
  const horizon = scheduler?.params?.total_num_steps;
  return {
    config: c.config,
    serialize: (config) => ({ text: `${JSON.stringify(config, null, 2)}\n`, extension: 'json' }),
    ...(horizon === undefined
      ? { runLength: { notCompared: `${scheduler?.type ?? 'this scheduler'} has no horizon and a DeepSpeed config states no run length: the golden's total_steps is the length the generator chose` } }
      : {}),
  };
}

/**
 * torchtitan: the run is training.steps (`derived.training_steps`); `derived.total_steps` is the scheduler's
 * total, which differs from it when lr_scheduler.total_steps is set (case edge_total_steps_shorter_than_training).
 */
export function torchtitanCase(c: GoldenCase): PreparedCase {
  return { config: c.config, runLength: { key: 'training_steps' }, serialize: (config) => ({ text: toToml(config), extension: 'toml' }) };
}
