// How the timm goldens are written as the files train.py reads: a case is a `--config` YAML of train.py's argument
// names (with `model`, as every such file has), or, when it gives a world size, a `./distributed_train.sh N` launch
// of the same arguments as flags. `batches_per_epoch` (len(loader_train), not a config key) becomes the dataset size
// the project gives in .trainlint.yml: batches x batch_size x world size samples give exactly that many batches.
import type { GoldenCase } from './shared-data.ts';
import type { PreparedCase } from './torch-family-goldens.ts';

/** train.py's default --batch-size @aa4b5850. */
const DEFAULT_BATCH = 128;

function flagsOf(config: Record<string, unknown>): string[] {
  const words: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const flag = `--${key.replace(/_/g, '-')}`;
    if (value === true) words.push(flag);
    else if (value === false || value === null) continue;
    else if (Array.isArray(value)) words.push(flag, ...value.map(String));
    else words.push(flag, String(value));
  }
  return words;
}

export function timmCase(c: GoldenCase): PreparedCase {
  const { batches_per_epoch: batches, world_size: world, ...rest } = c.config as Record<string, unknown>;
  const processes = typeof world === 'number' ? world : 1;
  const batch = typeof rest.batch_size === 'number' ? rest.batch_size : DEFAULT_BATCH;
  const config = { model: 'resnet50', ...rest };
  return {
    config,
    ...(typeof batches === 'number' ? { datasetSize: batches * batch * processes } : {}),
    ...(processes > 1
      ? {
          serialize: (cfg: Record<string, unknown>) => ({
            extension: 'sh',
            text: ['#!/bin/bash', `./distributed_train.sh ${processes} --data-dir /data/imagenet ${flagsOf(cfg).join(' ')}`, ''].join('\n'),
          }),
        }
      : {}),
  };
}
