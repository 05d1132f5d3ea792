// Project settings that change a plan: dataset size, world size and version pins by framework name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../src/pipeline/settings.ts';
import { chartFor } from '../src/render/file-chart.ts';
import { toJsonReport } from '../src/core/report.ts';
import { assumeEpochs } from '../src/core/plan.ts';
import { RULES } from '../src/rules/index.ts';

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

test('without a dataset size the curve is drawn over the epochs at a stated, assumed length (TL006 says which setting gives the real one)', () => {
  const report = review([{ path: PATH, text: RECIPE, explicit: true }], { settings: DEFAULT_SETTINGS });
  const plan = report.files[0]?.head?.plan;
  assert.deepEqual(plan?.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [2, 1000]);
  assert.ok(plan?.assumptions.some((a) => /drawn over 2 epochs of an assumed 1000 updates each/.test(a) && a.includes(`"${PATH}": N`)));
  const tl006 = report.findings.find((f) => f.ruleId === 'TL006');
  assert.match(tl006?.message ?? '', /ceil\(2 x max\(ceil\(len_dataloader \/ gradient_accumulation_steps 4\), 1\)\).*datasets.*drawn over 2 epochs at an assumed 1000 updates per epoch/);
  assert.equal(tl006?.line, 5, 'on num_train_epochs');
  assert.deepEqual(report.findings.map((f) => f.ruleId).filter((id) => id !== 'TL005' && id !== 'TL006'), []);
});

test('checks against the run length speak only once the length is known: a 30 % warmup is TL109 with a dataset size, silent without', () => {
  const long = RECIPE.replace('warmup_ratio: 0.1', 'warmup_ratio: 0.3');
  const ids = (settings: Settings) => review([{ path: PATH, text: long, explicit: true }], { settings }).findings.map((f) => f.ruleId);
  assert.ok(!ids(DEFAULT_SETTINGS).includes('TL109'));
  assert.ok(ids(settingsFromText(`datasets:\n  ${PATH}: 10000\n`, '.trainlint.yml')).includes('TL109'));
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

test('the chart reads in epochs when the length is assumed on both sides, in steps once the dataset size is known', () => {
  const input = { path: PATH, text: RECIPE, baseText: RECIPE.replace('num_train_epochs: 2', 'num_train_epochs: 3'), explicit: true };
  const assumed = review([input], { settings: DEFAULT_SETTINGS }).files[0]!;
  const epochChart = chartFor(assumed, { head: 'this PR', base: 'base' })!;
  assert.match(epochChart, /\n\s+0\s+1\.5\s+3 epochs\n/, 'x axis up to the longer (base) run, in epochs');
  assert.match(epochChart, /\| end of training \(2 epochs\)/);
  const known = review([input], { settings: settingsFromText(`datasets:\n  ${PATH}: 10000\n`, '.trainlint.yml') }).files[0]!;
  const stepChart = chartFor(known, { head: 'this PR', base: 'base' })!;
  assert.doesNotMatch(stepChart, /epoch/);
  assert.match(stepChart, /\| end of training \(626\)/);
});

test('the JSON report says when the run length was assumed, and why', () => {
  const json = toJsonReport(review([{ path: PATH, text: RECIPE, explicit: true }], { settings: DEFAULT_SETTINGS })) as { files: Array<{ plan: Record<string, unknown> }> };
  const plan = json.files[0]!.plan;
  assert.equal(plan.totalSteps, 2000);
  assert.equal(plan.totalStepsSource, 'derived');
  const assumed = plan.assumedLength as { epochs: number; updatesPerEpoch: number; why: string };
  assert.deepEqual([assumed.epochs, assumed.updatesPerEpoch], [2, 1000]);
  assert.match(assumed.why, /the config does not give N/);
  const known = toJsonReport(review([{ path: PATH, text: RECIPE, explicit: true }], { settings: settingsFromText(`datasets:\n  ${PATH}: 10000\n`, '.trainlint.yml') })) as { files: Array<{ plan: Record<string, unknown> }> };
  assert.equal(known.files[0]!.plan.assumedLength, undefined);
});

test('the assumed-length note names exactly the rules that judge the run length', () => {
  const { note } = assumeEpochs({ value: 2, how: 'epochs: 2', from: [] }, 'why', { path: PATH });
  const listed = /\((TL[^)]*)\) are skipped/.exec(note)![1]!.split(', ').flatMap((part) => {
    const [from, to] = part.split('-').map((id) => Number(id.replace('TL', '')));
    return Array.from({ length: (to ?? from!) - from! + 1 }, (_, i) => `TL${from! + i}`);
  });
  assert.deepEqual(listed, RULES.filter((r) => r.judgesRunLength).map((r) => r.id));
});
