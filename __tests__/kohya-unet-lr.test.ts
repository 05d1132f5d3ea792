// sd-scripts' LoRA trainers (train_network.py and its sdxl/flux/sd3 variants) give the U-Net's LoRA parameters unet_lr
// when it is set (LoRANetwork.prepare_optimizer_params falls back to learning_rate only when unet_lr is None), so the
// curve's peak is unet_lr; learning_rate (default 2e-6) is not what the U-Net trains at.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { memoryRepo } from './support/memory-repo.ts';

const planOf = (path: string, text: string) => {
  const a = analyse(path, text, DEFAULT_SETTINGS, { repo: memoryRepo({ [path]: text }) });
  assert.equal(a.context.dialectId, 'kohya');
  assert.ok(a.context.head, a.context.planProblem?.message);
  return a.context.head!.plan;
};

const toml = (lines: string[]) => ['[model_arguments]', 'pretrained_model_name_or_path = "base.safetensors"', '[network_arguments]', 'network_module = "networks.lora"', 'output_name = "toy"', '[optimizer_arguments]', ...lines, '[training_arguments]', 'max_train_steps = 400', ''].join('\n');

describe('kohya: the LR the U-Net LoRA trains at', () => {
  test('unet_lr set and learning_rate unset: the peak is unet_lr, not the 2e-6 default', () => {
    const plan = planOf('cfg/lora.toml', toml(['unet_lr = 3e-4', 'text_encoder_lr = 5e-5', 'lr_scheduler = "cosine"', 'lr_warmup_steps = 40']));
    assert.equal(plan.optimizer.lr.value, 3e-4);
    assert.match(plan.optimizer.lr.how, /unet_lr/);
    assert.equal(plan.schedule.lrAt(40), 3e-4);
  });

  test('unet_lr set beside learning_rate: unet_lr still decides the U-Net', () => {
    const plan = planOf('cfg/lora.toml', toml(['learning_rate = 1e-5', 'unet_lr = 2e-4', 'lr_scheduler = "constant"']));
    assert.equal(plan.optimizer.lr.value, 2e-4);
  });

  test('without unet_lr the peak stays learning_rate', () => {
    const plan = planOf('cfg/lora.toml', toml(['learning_rate = 1e-4', 'lr_scheduler = "constant"']));
    assert.equal(plan.optimizer.lr.value, 1e-4);
  });

  test('a full fine-tune (no network_module) has no unet_lr: learning_rate stays the peak', () => {
    const text = ['pretrained_model_name_or_path = "base.safetensors"', 'train_data_dir = "img"', 'output_name = "ft"', 'learning_rate = 1e-6', 'unet_lr = 5e-4', 'max_train_steps = 100', ''].join('\n');
    const a = analyse('ft.toml', text, DEFAULT_SETTINGS, { repo: memoryRepo({ 'ft.toml': text }) });
    if (a.context.dialectId === 'kohya' && a.context.head) assert.equal(a.context.head.plan.optimizer.lr.value, 1e-6);
  });
});
