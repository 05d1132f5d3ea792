// How the OneTrainer goldens map onto a config file (goldens.test.ts COVERAGE `prepare`). The generator called
// create_lr_scheduler with an `approximate_epoch_length` (what MGDS measures: batches per epoch) and recorded the image
// count it stands for; neither is a config key. The config file is the rest, written as OneTrainer saves it (JSON), and
// the epoch length reaches the plan as a dataset size (`.trainlint.yml` datasets) through the dialect's own formula
// floor(samples / batch_size), so samples = approximate_epoch_length x batch_size. (The image count is not used: case
// constant_warmup_200_grad_accum_4 records 125 images with batch 2 but an epoch length of 63 = ceil(125 / 2), where
// mgds's AspectBatchSorting drops the partial batch and measures 62; the LR values follow the 63 the scheduler got.)
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

/** `derived.code_version` of the goldens -> `.trainlint.yml` `frameworks: { onetrainer: ... }`. */
const VERSIONS: Record<string, string> = { before_fix: 'pre-fix', after_fix: 'post-fix' };

export function onetrainerCase(c: GoldenCase): PreparedCase & { frameworkVersion?: string } {
  const { approximate_epoch_length: epochLength, dataset_images: _images, ...config } = c.config;
  const codeVersion = c.derived?.code_version;
  const version = typeof codeVersion === 'string' ? VERSIONS[codeVersion] : undefined;
  return {
    config,
    datasetSize: (epochLength as number) * (config.batch_size as number),
    serialize: (cfg) => ({ text: `${JSON.stringify(cfg, null, 4)}\n`, extension: 'json' }),
    ...(version ? { frameworkVersion: version } : {}),
  };
}

/**
 * tensorboard logs get_last_lr() at global_step g right after the scheduler step that follows update k, where
 * g + 1 = (k + 1) x gradient_accumulation_steps (GenericTrainer): the value is lambda(k + 1), the LR of update k + 1.
 */
export function onetrainerLoggedUpdate(step: number, c: GoldenCase): number {
  return (step + 1) / (c.config.gradient_accumulation_steps as number);
}
