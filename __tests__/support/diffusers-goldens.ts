// How the diffusers goldens are written as the file a user has: a shell script whose `accelerate launch
// --num_processes N <script> --flag value ...` line carries the case's flags (a store_true flag as a bare word), the
// script named as the case's `script` (not in the repository, so the dialect follows diffusers' example of that name),
// and `dataset_size` given as .trainlint.yml `datasets:` would.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

export function diffusersCase(c: GoldenCase): PreparedCase {
  const config = c.config as { script: string; flags: Record<string, unknown>; num_processes: number; dataset_size?: number; step_rules?: string };
  const flags = Object.fromEntries(Object.entries(config.flags).map(([k, v]) => [`--${k}`, v]));
  return {
    config: { ...flags, ...(config.step_rules !== undefined ? { step_rules: config.step_rules } : {}) },
    ...(config.dataset_size !== undefined ? { datasetSize: config.dataset_size } : {}),
    serialize: (stripped) => {
      const lines = Object.entries(stripped).flatMap(([flag, value]) => (value === true ? [`  ${flag} \\`] : value === false ? [] : [`  ${flag}=${String(value)} \\`]));
      return {
        extension: 'sh',
        text: ['#!/bin/bash', `accelerate launch --num_processes ${config.num_processes} ${config.script.split('/').pop()} \\`, '  --pretrained_model_name_or_path=runwayml/stable-diffusion-v1-5 \\', ...lines, '  --output_dir=out', ''].join('\n'),
      };
    },
  };
}
