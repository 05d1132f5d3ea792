// Older alignment-handbook recipes (issue 13): `dataset_mixer: {name: fraction}` with `dataset_splits`, as mix_datasets
// read them before 19f0345 (huggingface/alignment-handbook src/alignment/data.py @c8f5bdf): the one split whose name
// contains "train", its first int(fraction x len) rows, concatenated; an upper bound (the scripts filter and pack).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingPlan } from '../src/core/plan.ts';
import type { HubSizes } from '../src/resolve/types.ts';
import { assertTraced, reviewedPlan } from './support/reviewed-plan.ts';

const RECIPE = (data: string) => `model_name_or_path: org/base-7b
torch_dtype: bfloat16
${data}
preprocessing_num_workers: 12
bf16: true
gradient_accumulation_steps: 2
learning_rate: 2.0e-05
lr_scheduler_type: cosine
max_seq_length: 2048
num_train_epochs: 1
output_dir: data/out
per_device_train_batch_size: 8
warmup_ratio: 0.1
`;

const HUB: HubSizes = {
  rows: (dataset, _config, split) => {
    const sizes: Record<string, Record<string, number>> = { 'org/chat': { train_sft: 207865, test_sft: 23110 }, 'org/extra': { train_sft: 1001, test_sft: 10 } };
    const n = sizes[dataset]?.[split];
    return n === undefined ? { ok: false, why: `no split ${split} of ${dataset}` } : { ok: true, rows: n };
  },
};

const planOf = (text: string, files: Record<string, string> = {}, hub?: HubSizes): TrainingPlan =>
  reviewedPlan('recipes/model/sft/config_full.yaml', text, { files, ...(hub ? { hub } : {}) });
const noted = assertTraced;

test('Hub datasets of dataset_mixer: the train_sft split of each, int(fraction x rows) kept, summed as an upper bound', () => {
  const plan = planOf(RECIPE('dataset_mixer:\n  org/chat: 1.0\n  org/extra: 0.5\ndataset_splits:\n- train_sft\n- test_sft'), {}, HUB);
  assert.ok(plan.assumedLength, 'an upper bound does not become the run length');
  // 207865 + int(0.5 x 1001) = 500 -> 208365.
  noted(plan, /at most 208365 training samples \(208365 samples from 2 datasets concatenated \(Hub org\/chat train_sft split: 207865 rows; Hub org\/extra train_sft split: 1001 rows, fraction 0\.5 -> int\(0\.5 x 1001\) = 500\)\)/);
});

test('without --hub the Hub names are only named; dataset_splits defaults to [train, test]', () => {
  const plan = planOf(RECIPE('dataset_mixer:\n  org/chat: 1.0'));
  noted(plan, /dataset_mixer org\/chat: the Hub dataset org\/chat: its size is looked up only with --hub/);
});

test('a local dataset folder in dataset_mixer: its train file, fraction truncated', () => {
  const files = { 'data/mine/train.jsonl': '{"text": "x"}\n'.repeat(333), 'data/mine/test.jsonl': '{"text": "x"}\n'.repeat(9) };
  const plan = planOf(RECIPE('dataset_mixer:\n  data/mine: 0.3'), files);
  // int(0.3 x 333) = int(99.89...) = 99.
  noted(plan, /at most 99 training samples .*fraction 0\.3 -> int\(0\.3 x 333\) = 99/);
});

test('dataset_mixer shapes the handbook rejects or trainlint does not count give a note and no size', () => {
  noted(planOf(RECIPE('dataset_mixer:\n  org/chat: -0.5'), {}, HUB), /negative fraction/);
  noted(planOf(RECIPE('dataset_mixer:\n  org/chat: 1.0\ndataset_splits: [train_sft, validation]'), {}, HUB), /validation names neither train nor test/);
  noted(planOf(RECIPE('dataset_mixer:\n  org/chat: 1.0\ndataset_splits: [train_sft, train_gen]'), {}, HUB), /2 training splits/);
  noted(planOf(RECIPE('dataset_mixer:\n  org/extra: 1.5\ndataset_splits: [train_sft]'), {}, HUB), /more than there are/);
  noted(planOf(RECIPE('dataset_mixer:\n  org/chat: 1.0\n  org/extra: 1.0\ndataset_configs: [default]'), {}, HUB), /differ in length/);
});
