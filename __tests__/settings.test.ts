// Project settings that change a plan: dataset size, world size and version pins by framework name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { review } from '../src/core/review.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../src/core/settings.ts';

const PATH = 'recipes/sft.yaml';
// An epoch-based TrainingArguments recipe: its length depends on the dataset and the number of processes.
const RECIPE = `model_name_or_path: Qwen/Qwen2.5-0.5B
learning_rate: 2.0e-5
lr_scheduler_type: cosine
warmup_ratio: 0.1
num_train_epochs: 2
per_device_train_batch_size: 8
gradient_accumulation_steps: 4
`;

function totalSteps(settings: Settings): number | undefined {
  const report = review([{ path: PATH, text: RECIPE, explicit: true }], { settings });
  return report.files[0]?.head?.plan.totalSteps.value;
}

test('without a dataset size the epoch-based run length is not guessed (TL006 says which setting settles it)', () => {
  const report = review([{ path: PATH, text: RECIPE, explicit: true }], { settings: DEFAULT_SETTINGS });
  assert.equal(report.files[0]?.head, undefined);
  assert.ok(report.findings.some((f) => f.ruleId === 'TL006' && /datasets/.test(f.message)));
});

test('datasets and world-size from .trainlint.yml give the optimizer steps the Trainer would make', () => {
  const one = totalSteps(settingsFromText(`datasets:\n  ${PATH}: 10000\n`, '.trainlint.yml'));
  const eight = totalSteps(settingsFromText(`datasets:\n  ${PATH}: 10000\nworld-size:\n  "recipes/**": 8\n`, '.trainlint.yml'));
  // 10000 samples / (8 per device x 1 process) = 1250 batches; ceil(1250 / 4) = 313 updates per epoch, x 2 epochs.
  assert.equal(one, 626);
  // With 8 processes: ceil(10000 / 64) = 157 batches; ceil(157 / 4) = 40 per epoch, x 2.
  assert.equal(eight, 80);
});

test('a version pin may name the framework (transformers) as well as the dialect id (hf-trainer)', () => {
  const byFramework = settingsFromText(`datasets:\n  ${PATH}: 10000\nframeworks:\n  transformers: "4.46"\n`, '.trainlint.yml');
  const byDialect = settingsFromText(`datasets:\n  ${PATH}: 10000\nframeworks:\n  hf-trainer: "4.46"\n`, '.trainlint.yml');
  const a = review([{ path: PATH, text: RECIPE, explicit: true }], { settings: byFramework });
  const b = review([{ path: PATH, text: RECIPE, explicit: true }], { settings: byDialect });
  assert.deepEqual(a.files[0]?.head?.plan.totalSteps, b.files[0]?.head?.plan.totalSteps);
  // transformers 4.46 rounded updates per epoch down: floor(1250 / 4) = 312 per epoch.
  assert.equal(a.files[0]?.head?.plan.totalSteps.value, 624);
});
