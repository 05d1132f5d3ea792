// transformers goldens written as OpenRLHF launches. OpenRLHF builds transformers' get_scheduler itself with
// num_training_steps = ceil(max_epochs x (len(train_dataset) // train_batch_size)) and
// num_warmup_steps = ceil(that x --lr_warmup_ratio) (openrlhf/cli/train_sft.py @c1ba971c, utils/deepspeed/deepspeed.py
// @3c3be623), so a case of `total` updates with `warmup` warmup updates is: --train_batch_size 1, --max_epochs 1, a
// dataset of `total` samples (given as .trainlint.yml `datasets`), --lr_warmup_ratio warmup / total. Only the scheduler
// kwargs OpenRLHF passes can be expressed: none, min_lr_rate (dotted flags: --min_lr_ratio), or min_lr (flat-flag
// train_dpo: --learning_rate x --min_lr_ratio); other cases are skipped with the reason.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

export type OpenrlhfCase = { ok: true; text: string; datasetSize: number } | { ok: false; reason: string };

export function openrlhfLaunchOf(c: GoldenCase): OpenrlhfCase {
  const cfg = c.config;
  const total = c.derived?.total_steps;
  const warmup = c.derived?.warmup_steps;
  const type = cfg.lr_scheduler_type;
  const lr = cfg.learning_rate;
  if (typeof total !== 'number' || typeof warmup !== 'number' || typeof type !== 'string' || typeof lr !== 'number') return { ok: false, reason: 'the case gives no total_steps / warmup_steps / lr_scheduler_type / learning_rate' };
  if (total <= 0) return { ok: false, reason: 'an OpenRLHF run of 0 updates stops before training' };
  const ratio = warmup / total;
  // Python's math.ceil(max_steps * ratio) on the same doubles.
  if (Math.ceil(total * ratio) !== warmup) return { ok: false, reason: `no --lr_warmup_ratio gives ceil(${total} x ratio) = ${warmup} in doubles` };
  const kwargs = (cfg.lr_scheduler_kwargs ?? {}) as Record<string, unknown>;
  const keys = Object.keys(kwargs);
  const minLrTypes = ['cosine_with_min_lr', 'cosine_warmup_with_min_lr'];
  const lines: string[] = [];
  let module: string;
  if (keys.length === 0 && !minLrTypes.includes(type)) {
    // Dotted flags (OpenRLHF @3c3be623): no kwargs for the other schedules.
    module = 'openrlhf.cli.train_sft';
    lines.push(`   --adam.lr ${lr}`, '   --train.batch_size 1', '   --train.micro_batch_size 1', '   --train.max_epochs 1', `   --lr_scheduler ${type}`, `   --lr_warmup_ratio ${ratio}`, '   --data.dataset local/data.jsonl');
  } else if (minLrTypes.includes(type) && keys.length === 1 && typeof kwargs.min_lr_rate === 'number') {
    module = 'openrlhf.cli.train_rm';
    lines.push(`   --adam.lr ${lr}`, '   --train.batch_size 1', '   --train.max_epochs 1', `   --lr_scheduler ${type}`, `   --lr_warmup_ratio ${ratio}`, `   --min_lr_ratio ${kwargs.min_lr_rate}`);
  } else if (minLrTypes.includes(type) && keys.length === 1 && typeof kwargs.min_lr === 'number') {
    // Flat flags, train_dpo: min_lr = learning_rate x --min_lr_ratio.
    module = 'openrlhf.cli.train_dpo';
    lines.push(`   --learning_rate ${lr}`, '   --train_batch_size 1', '   --micro_train_batch_size 1', '   --max_epochs 1', `   --lr_scheduler ${type}`, `   --lr_warmup_ratio ${ratio}`, `   --min_lr_ratio ${kwargs.min_lr / lr}`);
  } else {
    return { ok: false, reason: `OpenRLHF passes no scheduler kwargs but min_lr / min_lr_rate; the case sets ${keys.join(', ') || 'none'} for ${type}` };
  }
  const text = ['set -x', '', "read -r -d '' training_commands <<EOF", `${module} \\`, ...lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l)), 'EOF', '', 'deepspeed --module $training_commands', ''].join('\n');
  return { ok: true, text, datasetSize: total };
}

/**
 * An OpenRLHF golden (goldens.test.ts COVERAGE): its config keys are the launch's flags (`learning_rate` or
 * `--learning_rate`, `train.batch_size` or `--train.batch_size`; `true` is a flag without a value), `num_examples` /
 * `dataset_size` the dataset size the project gives in .trainlint.yml, `script` / `module` the script launched
 * (default openrlhf.cli.train_sft), written as the `read -r -d '' ... <<EOF` + `deepspeed --module` script OpenRLHF ships.
 */
export function openrlhfCase(c: GoldenCase): PreparedCase {
  const { num_examples: examples, dataset_size: sized, script, module, ...rest } = c.config;
  const size = [examples, sized].find((n): n is number => typeof n === 'number');
  const config = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k.startsWith('--') ? k : `--${k}`, v]));
  const target = typeof module === 'string' ? module : `openrlhf.cli.${typeof script === 'string' ? script.replace(/\.py$/, '') : 'train_sft'}`;
  return {
    config,
    ...(size === undefined ? {} : { datasetSize: size }),
    serialize: (flags) => {
      const lines = Object.entries(flags).map(([k, v]) => (v === true ? `   ${k}` : `   ${k} ${String(v)}`));
      return { extension: 'sh', text: ["read -r -d '' training_commands <<EOF", `${target} \\`, ...lines.map((l, i) => (i < lines.length - 1 ? `${l} \\` : l)), 'EOF', '', 'deepspeed --module $training_commands', ''].join('\n') };
    },
  };
}
