// The pull requests `npm run preview-comment` renders, built from examples/ (base and head text per path).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReviewInput } from '../src/pipeline/review.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const example = (p: string) => readFileSync(join(root, 'examples', p), 'utf8');

function changed(path: string, base: string, head: string): ReviewInput {
  return { path, text: head, baseText: base, explicit: true };
}

/** A replace that must hit: a scenario built on an example that moved would silently show nothing. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`scenario: ${JSON.stringify(from)} not in the example`);
  return text.replace(from, to);
}

export const SCENARIOS: Record<string, { title: string; inputs: () => ReviewInput[] }> = {
  smollm: {
    title: 'The SmolLM PR: examples/nanotron good (base) -> decay-too-early (this PR)',
    inputs: () => [changed('config_smollm1_135M.yaml', example('nanotron/pretrain-135m-good.yaml'), example('nanotron/pretrain-135m-decay-too-early.yaml'))],
  },
  eight: {
    title: 'Eight configs of different frameworks; the DeepSpeed JSON no longer parses',
    inputs: () => {
      const same = (path: string, ex: string) => changed(path, example(ex), example(ex));
      const ds = example('deepspeed/warmup-decay-good.json');
      const olmo = example('olmo/olmo-1b-good.yaml');
      const tune = example('torchtune/lora-single-device-good.yaml');
      return [
        same('configs/axolotl/qwen-lora.yaml', 'axolotl/qwen-lora-good.yaml'),
        // A trailing comma after the last key: Python's json refuses it.
        changed('configs/deepspeed/ds_config.json', ds, edit(ds, '"zero_optimization": { "stage": 2 }', '"zero_optimization": { "stage": 2 },')),
        same('configs/hf/sft-cosine.yaml', 'hf-trainer/sft-cosine-good.yaml'),
        same('configs/litgpt/pretrain-tinystories.yaml', 'litgpt/pretrain-tinystories-good.yaml'),
        same('configs/llama-factory/qwen3-lora-sft.yaml', 'llama-factory/qwen3-lora-sft-good.yaml'),
        changed('configs/olmo/olmo-1b.yaml', olmo, edit(olmo, 't_warmup: 2000', 't_warmup: 2500')),
        same('configs/torchtitan/llama3-8b.toml', 'torchtitan/llama3-8b-good.toml'),
        changed('configs/torchtune/lora.yaml', tune, edit(tune, 'lr: 3e-4', 'lr: 2e-4')),
      ];
    },
  },
  shortened: {
    title: 'A run shortened from 1,500 to 40 steps (torchtune: 3 epochs of 500 -> 1 epoch of 40)',
    inputs: () => {
      const tune = example('torchtune/lora-single-device-good.yaml');
      return [changed('recipes/lora.yaml', tune, edit(edit(tune, 'epochs: 3', 'epochs: 1'), 'max_steps_per_epoch: 500', 'max_steps_per_epoch: 40'))];
    },
  },
  torchtitan: {
    title: 'A torchtitan horizon overrun: the run is longer than the scheduler, the LR goes below zero',
    inputs: () => [changed('train_configs/llama3_8b.toml', example('torchtitan/llama3-8b-good.toml'), example('torchtitan/llama3-8b-schedule-shorter-than-run.toml'))],
  },
  'rl-and-images': {
    title: 'New frameworks in one PR: a verl GRPO launch whose warmup ratio now covers 95 % of the run, a diffusers LoRA launch with a stretched schedule',
    inputs: () => [
      changed('examples/grpo_trainer/run_qwen_gsm8k.sh', example('verl/grpo-good.sh'), example('verl/grpo-broken.sh')),
      changed('scripts/train_lora_sdxl.sh', example('diffusers/train-text-to-image-good.sh'), example('diffusers/train-lora-sdxl-stretched-schedule.sh')),
    ],
  },
  sweep: {
    title: 'A 1,000-config sweep: generated nanotron configs, four learning rates, all with the decay ending early',
    inputs: () => sweep(1000),
  },
};

/** `n` new generated configs (a sweep over four LRs and many seeds), each with the SmolLM slip. */
export function sweep(n: number): ReviewInput[] {
  const bad = example('nanotron/pretrain-135m-decay-too-early.yaml');
  const lrs = ['3.0e-3', '1.0e-3', '6.0e-4', '3.0e-4'];
  return Array.from({ length: n }, (_, i) => {
    const lr = lrs[i % lrs.length]!;
    const text = edit(edit(bad, 'learning_rate: 0.003', `learning_rate: ${lr}`), 'run: pretrain-135m-bad', `run: sweep-${i}\n  seed: ${i}`);
    return { path: `configs/sweep/lr_${lr}_seed_${String(i).padStart(4, '0')}.yaml`, text, baseText: null, explicit: true };
  });
}
