// How the transformers and axolotl goldens map onto config files (goldens.test.ts COVERAGE `prepare`).
// The generators computed the run length from inputs that are not config keys: transformers' `num_examples` (the
// dataset size) and axolotl's `total_num_steps` (derived.total_num_steps_axolotl, what calculate_total_num_steps
// returned). Both become the dataset size a project gives in `.trainlint.yml` `datasets`.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

/** transformers: TrainingArguments keys as written, `num_examples` as the dataset size. */
export function transformersCase(c: GoldenCase): PreparedCase {
  const { num_examples: size, ...config } = c.config;
  return { config, ...(typeof size === 'number' ? { datasetSize: size } : {}) };
}

/**
 * axolotl: total_num_steps = ceil(N x num_epochs / (micro_batch_size x gradient_accumulation_steps)); none of the
 * golden configs sets those three keys (defaults 1, 1, 1), so N = the golden's total_num_steps. A config that set
 * them would need N solved from the formula instead: such a case is left to fail loudly, not guessed.
 * The RexLR case of axolotl 0.8.x (source_commit 0134093a) called RexLR(min_lr=...) directly; an axolotl config says
 * that as cosine_min_lr_ratio = min_lr / learning_rate, and the version as `frameworks: { axolotl: "0.8.0" }`.
 */
export function axolotlCase(c: GoldenCase): PreparedCase & { frameworkVersion?: string } {
  const config: Record<string, unknown> = { ...c.config };
  const steps = c.derived?.total_num_steps_axolotl;
  const setsBatch = ['micro_batch_size', 'gradient_accumulation_steps', 'num_epochs', 'batch_size'].some((k) => k in config);
  const prepared: PreparedCase & { frameworkVersion?: string } = { config };
  if (typeof steps === 'number' && !setsBatch) prepared.datasetSize = steps;
  if (typeof config.min_lr === 'number' && typeof config.learning_rate === 'number') {
    config.cosine_min_lr_ratio = config.min_lr / config.learning_rate;
    delete config.min_lr;
  }
  if (typeof c.source_commit === 'string' && c.source_commit.startsWith('0134093a')) prepared.frameworkVersion = '0.8.0';
  return prepared;
}
