// How the verl goldens are written as the files verl reads: each case's dotted Hydra keys become the `key=value`
// overrides of a `python3 -m verl.trainer.main_ppo` launch (the Megatron cases through `--config-name
// ppo_megatron_trainer`); `train_dataset_len` (rows of the train set, not a config key) becomes the dataset size
// .trainlint.yml gives, and a legacy case pins `frameworks: { verl: legacy }`.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

export function verlCase(c: GoldenCase): PreparedCase & { frameworkVersion?: string } {
  const { train_dataset_len: rows, ...config } = c.config;
  const megatron = c.derived?.backend === 'megatron';
  const legacy = c.derived?.code_version === 'legacy';
  return {
    config: nest(config),
    ...(typeof rows === 'number' ? { datasetSize: rows } : {}),
    ...(legacy ? { frameworkVersion: 'legacy' } : {}),
    serialize: (flat) => ({
      extension: 'sh',
      text: [
        '#!/bin/bash',
        'set -x',
        'python3 -m verl.trainer.main_ppo \\',
        ...(megatron ? ['    --config-name ppo_megatron_trainer \\'] : []),
        '    data.train_files=$HOME/data/gsm8k/train.parquet \\',
        ...flatten(flat).map(([k, v]) => `    ${k}=${String(v)} \\`),
        '    trainer.logger=console',
        '',
      ].join('\n'),
    }),
  };
}

function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = out;
    for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}

function flatten(tree: Record<string, unknown>, prefix = ''): Array<[string, unknown]> {
  return Object.entries(tree).flatMap(([k, v]) => (v !== null && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}
