// torchtune configs that are not fine-tuning runs: generation / evaluation / quantization configs (no optimizer), PPO
// (a fixed update count from num_steps) and the async GRPO trainer (orchestration.num_steps, no scheduler). Configs are
// written for these tests; semantics in src/dialects/torchtune-rl.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../src/pipeline/review.ts';

function check(path: string, text: string, explicit = true) {
  const report = review([{ path, text, explicit }]);
  return { report, file: report.files[0], findings: report.findings, errors: report.findings.filter((f) => f.severity === 'error') };
}

const MODEL = ['model:', '  _component_: torchtune.models.llama3_2.llama3_2_1b'];

describe('torchtune configs without an optimizer train nothing', () => {
  const generation = [...MODEL, 'checkpointer:', '  _component_: torchtune.training.FullModelHFCheckpointer', '  checkpoint_dir: /tmp/model', 'device: cuda', 'dtype: bf16', 'prompt:', '  user: Tell me a joke.', 'max_new_tokens: 300', 'batch_size: 4', ''].join('\n');

  test('a generation or evaluation config is not-a-training-config with the reason, not a missing `epochs` error', () => {
    const { file, errors } = check('recipes/configs/generation.yaml', generation);
    assert.deepEqual(errors, []);
    assert.equal(file?.status, 'not-a-training-config');
    assert.match(file?.note ?? '', /no optimizer: a generation\/evaluation\/quantization config/);
  });

  test('discovery skips it', () => {
    const { report } = check('recipes/configs/generation.yaml', generation, false);
    assert.equal(report.files.length, 0);
  });

  test('a component file with no training keys (a test asset) is not a training config either', () => {
    const { file, errors } = check('tests/assets/dummy.yaml', ['test:', '  _component_: torchtune.training.get_dtype', '  dtype: fp32', ''].join('\n'));
    assert.deepEqual(errors, []);
    assert.equal(file?.status, 'not-a-training-config');
  });

  test('training keys without an optimizer: not simulated (the optimizer may come from the command line), not an error', () => {
    const { file, errors } = check('recipes/configs/partial.yaml', [...MODEL, 'epochs: 1', 'batch_size: 2', ''].join('\n'));
    assert.deepEqual(errors, []);
    assert.equal(file?.status, 'not-simulated');
    assert.match(file?.note ?? '', /no optimizer although epochs is set/);
  });
});

describe('PPO: the update count follows from num_steps, batch_size, ppo_batch_size and ppo_epochs', () => {
  const ppo = (...lines: string[]) =>
    [...MODEL, 'optimizer:', '  _component_: torch.optim.AdamW', '  lr: 3.0e-6', 'batch_size: 64', 'forward_batch_size: 32', 'ppo_batch_size: 16', 'gradient_accumulation_steps: 1', ...lines, ''].join('\n');

  test('(num_steps // batch_size) x ppo_epochs x (batch_size // ppo_batch_size) updates, constant without a scheduler', () => {
    const { file, errors } = check('ppo.yaml', ppo('num_steps: 1000', 'ppo_epochs: 2'));
    assert.deepEqual(errors, []);
    assert.equal(file?.status, 'reviewed');
    assert.equal(file?.head?.plan.totalSteps.value, 15 * 2 * 4);
    assert.match(file?.head?.plan.totalSteps.how ?? '', /\(num_steps 1000 \/\/ batch_size 64\) x ppo_epochs 2 x \(batch_size 64 \/\/ ppo_batch_size 16\) = 15 x 8 = 120/);
  });

  test('the cosine scheduler is built for the same count: a warmup longer than it is TL103', () => {
    const { findings } = check('ppo-warmup.yaml', ppo('num_steps: 1000', 'ppo_epochs: 1', 'lr_scheduler:', '  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup', '  num_warmup_steps: 100'));
    assert.ok(findings.some((f) => f.ruleId === 'TL103' && f.severity === 'error'), JSON.stringify(findings));
  });

  test('the recipe\'s own refusals are errors: batch_size not divisible by ppo_batch_size, num_steps below batch_size', () => {
    const indivisible = check('ppo-bad.yaml', ppo('num_steps: 1000', 'ppo_epochs: 1').replace('ppo_batch_size: 16', 'ppo_batch_size: 24'));
    assert.ok(indivisible.errors.some((e) => /not divisible by ppo_batch_size 24/.test(e.message)), JSON.stringify(indivisible.findings));
    const short = check('ppo-short.yaml', ppo('num_steps: 10', 'ppo_epochs: 1'));
    assert.ok(short.errors.some((e) => /num_steps 10 is smaller than batch_size 64/.test(e.message)), JSON.stringify(short.findings));
  });
});

describe('async GRPO: orchestration.num_steps x training.ppo_epochs updates, no scheduler', () => {
  test('drawn at a constant training.optimizer.lr', () => {
    const text = [
      ...MODEL,
      'orchestration:',
      '  num_inference_workers: 4',
      '  replay_buffer_size: ${inference.batch_size}',
      '  num_steps: 300',
      'inference:',
      '  batch_size: 2',
      '  queue_maxsize: ${eval:\'${orchestration.num_inference_workers} * 2\'}',
      'training:',
      '  batch_size: 16',
      '  ppo_epochs: 2',
      '  optimizer:',
      '    _component_: torch.optim.AdamW',
      '    lr: 2.0e-5',
      '',
    ].join('\n');
    const { file, errors } = check('async_grpo.yaml', text);
    assert.deepEqual(errors, []);
    assert.equal(file?.status, 'reviewed');
    assert.equal(file?.head?.plan.totalSteps.value, 600);
    assert.equal(file?.head?.plan.schedule.lrAt(599), 2e-5);
  });
});
