// How the Megatron-LM and GPT-NeoX goldens are written as the files those frameworks read: a Megatron case becomes a
// launch script (flags in a bash array, the batch in a variable, `torchrun ... pretrain_gpt.py "${GPT_ARGS[@]}"`), a
// NeoX case a YAML config; NeoX's `len_train_dataloader` (not a config key) becomes the dataset size the project gives
// in .trainlint.yml, and a case run on the code before 19f294d5 pins that version as `frameworks` would.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

/** Megatron-LM: the case's flags as a SLURM-style launch script. */
export function megatronCase(c: GoldenCase): PreparedCase {
  return {
    config: c.config,
    serialize: (config) => {
      const { '--global-batch-size': gbs, ...flags } = config;
      const lines = Object.entries(flags).map(([flag, value]) => `    ${flag} ${String(value)}`);
      return {
        extension: 'sh',
        text: [
          '#!/bin/bash',
          '#SBATCH --nodes=1',
          `GLOBAL_BATCH_SIZE=${String(gbs)}`,
          'GPT_ARGS=(',
          ...lines,
          '    --global-batch-size $GLOBAL_BATCH_SIZE',
          ')',
          'torchrun --nproc_per_node 8 pretrain_gpt.py \\',
          '    "${GPT_ARGS[@]}" \\',
          '    --micro-batch-size 1',
          '',
        ].join('\n'),
      };
    },
  };
}

/** GPT-NeoX: the case's keys as a NeoX YAML (with the parallelism keys every NeoX config starts with). */
export function neoxCase(c: GoldenCase): PreparedCase & { frameworkVersion?: string } {
  const { len_train_dataloader: length, ...config } = c.config;
  const before = c.derived?.code_version === 'before_fix';
  return {
    config: { pipe_parallel_size: 1, model_parallel_size: 1, ...config },
    ...(typeof length === 'number' ? { datasetSize: length } : {}),
    ...(before ? { frameworkVersion: typeof c.source_commit === 'string' ? c.source_commit : '6203ac67' } : {}),
  };
}
