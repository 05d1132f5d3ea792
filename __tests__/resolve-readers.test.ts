// Dataset readers of torchtune, litgpt, TRL / alignment-handbook, axolotl and OLMo (issue 13): the local data a config
// names, counted as each framework's loader does, with its own rounding, and the bounds that hold where only a bound does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText } from '../src/pipeline/settings.ts';
import type { TrainingPlan } from '../src/core/plan.ts';
import { memoryRepo } from './support/memory-repo.ts';
import { assertTraced, reviewedPlan, torchtuneLora } from './support/reviewed-plan.ts';

const rows = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ input: `q${i} [a], {b}`, output: `"${i}"` })));
const lines = (n: number) => '{"text": "x"}\n'.repeat(n);

const planOf = (path: string, text: string, files: Record<string, string | Uint8Array>, settingsText?: string): TrainingPlan =>
  reviewedPlan(path, text, { files, ...(settingsText ? { settings: settingsFromText(settingsText, '.trainlint.yml') } : {}) });
const traced = assertTraced;

// torchtune @bd2a0fc7: instruct_dataset(source, split="train", packed=False, ...) -> load_dataset(source, data_files=...);
// recipes: steps_per_epoch = len(dataloader) // gradient_accumulation_steps, dataloader drop_last=True.
const TT = torchtuneLora;

test('torchtune: source json + data_files is counted (split train by default); steps = epochs x (floor(N / batch) // accumulation)', () => {
  const plan = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: json\n  data_files: data/my.json\n  column_map: {input: input}'), { 'data/my.json': rows(203) });
  assert.equal(plan.assumedLength, undefined);
  // floor(203 / 4) = 50 batches, // 2 = 25 per epoch, x 2 = 50.
  assert.equal(plan.totalSteps.value, 50);
  traced(plan, /dataset size 203 samples: data\/my\.json: 203 records \(JSON array\)/);
});

test('torchtune: csv, text and parquet sources, a list of data_files, and a dataset list (ConcatDataset) summed', () => {
  const files = { 'd/a.csv': 'a,b\n1,2\n3,4\n5,6\n', 'd/t.txt': 'one\ntwo\n', 'd/p1.jsonl': lines(10), 'd/p2.jsonl': lines(7) };
  const ds = `dataset:
  - _component_: torchtune.datasets.instruct_dataset
    source: csv
    data_files: d/a.csv
  - _component_: torchtune.datasets.text_completion_dataset
    source: text
    data_files: d/t.txt
  - _component_: torchtune.datasets.chat_dataset
    source: json
    data_files: [d/p1.jsonl, d/p2.jsonl]
    conversation_style: openai`;
  const plan = planOf('configs/lora.yaml', TT(ds), files);
  // 3 + 2 + 17 = 22 samples: floor(22 / 4) = 5 batches, // 2 = 2 per epoch, x 2 = 4.
  assert.equal(plan.totalSteps.value, 4);
  traced(plan, /dataset size 22 samples: 22 samples from 3 datasets in a ConcatDataset/);
});

test('torchtune: packed: true and filter_fn give only an upper bound; a split other than train of bare data_files is not counted', () => {
  const packed = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: json\n  data_files: data/my.json\n  packed: true'), { 'data/my.json': rows(203) });
  assert.ok(packed.assumedLength);
  traced(packed, /packed: true packs several samples .* 203 samples .* are an upper bound/);
  const split = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: json\n  data_files: data/my.json\n  split: validation'), { 'data/my.json': rows(203) });
  assert.ok(split.assumedLength);
  traced(split, /split validation of data_files given without split names/);
  const hub = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.alpaca_dataset\n  source: yahma/alpaca-cleaned'), {});
  assert.ok(hub.assumedLength);
  traced(hub, /Hub dataset yahma\/alpaca-cleaned: its size is looked up only with --hub/);
});

test('torchtune: .trainlint.yml datasets still wins over the counted file', () => {
  const plan = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: json\n  data_files: data/my.json'), { 'data/my.json': rows(203) }, 'datasets:\n  "configs/lora.yaml": 80\n');
  assert.equal(plan.totalSteps.value, 2 * Math.floor(Math.floor(80 / 4) / 2));
});

// litgpt @26857050: litgpt.data.JSON; a file is split with torch random_split([1 - f, f]) (f defaults to 0.05), a folder
// gives train.json. finetune/lora.py: len(train_dataloader) = ceil(N / micro_batch_size) on one device, and
// lr_max_steps = epochs x (len // gradient_accumulation_iters).
const LITGPT = (data: string) => `checkpoint_dir: checkpoints/org/model
out_dir: out/finetune/lora
precision: bf16-true
devices: 1
num_nodes: 1
lora_r: 8
${data}
train:
  save_interval: 800
  log_interval: 1
  global_batch_size: 4
  micro_batch_size: 2
  lr_warmup_steps: 10
  epochs: 3
  max_seq_length: 512
  min_lr: 6.0e-05
optimizer:
  class_path: torch.optim.AdamW
  init_args:
    lr: 0.0002
`;

test('litgpt: a JSON file is split by torch random_split with val_split_fraction 0.05 by default, the remainder going to train', () => {
  const data = 'data:\n  class_path: litgpt.data.JSON\n  init_args:\n    json_path: data/mine.json\n    seed: 42';
  const plan = planOf('config_hub/finetune/lora.yaml', LITGPT(data), { 'data/mine.json': rows(1001) });
  assert.equal(plan.assumedLength, undefined);
  // random_split(1001, [0.95, 0.05]): floor 950 + floor 50, the remaining 1 to train: 951. ceil(951 / 2) = 476 batches,
  // // ga 2 = 238 per epoch, x 3 = 714.
  traced(plan, /dataset size 951 samples: data\/mine\.json: 1001 records \(JSON array\); val_split_fraction unset: 0\.05 for a single file -> 951 train/);
  assert.equal(plan.totalSteps.value, 714);
  const tenth = planOf('config_hub/finetune/lora.yaml', LITGPT(data.replace('seed: 42', 'val_split_fraction: 0.1')), { 'data/mine.json': rows(1001) });
  // floor(1001 x 0.9) = 900, floor(100.1) = 100, remainder 1 -> 901 train.
  traced(tenth, /dataset size 901 samples/);
});

test('litgpt: a json_path folder reads train.json (or train.jsonl); a .json file that is not an array is not counted', () => {
  const data = 'data:\n  class_path: litgpt.data.JSON\n  init_args:\n    json_path: data/split';
  const plan = planOf('config_hub/finetune/lora.yaml', LITGPT(data), { 'data/split/train.jsonl': lines(40), 'data/split/val.jsonl': lines(5) });
  traced(plan, /dataset size 40 samples: data\/split\/train\.jsonl: 40 records/);
  assert.equal(plan.totalSteps.value, 3 * Math.floor(20 / 2));
  const bad = planOf('config_hub/finetune/lora.yaml', LITGPT(data.replace('data/split', 'data/lines.json')), { 'data/lines.json': lines(40) });
  assert.ok(bad.assumedLength);
  traced(bad, /not a JSON array: litgpt json\.load-s a \.json file/);
});

// TRL @f2cd5771 trl/scripts/utils.py get_dataset and alignment-handbook @925acdf src/alignment/data.py get_dataset.
// transformers' Trainer: ceil(N / batch) batches, ceil(/ accumulation) updates per epoch (4.52+).
const TRL = (extra: string) => `model_name_or_path: Qwen/Qwen2.5-0.5B
bf16: true
${extra}
max_length: 1024
learning_rate: 2.0e-05
lr_scheduler_type: cosine
warmup_ratio: 0.1
num_train_epochs: 2
per_device_train_batch_size: 4
gradient_accumulation_steps: 2
output_dir: out
`;

test('TRL: a local dataset_name folder loads its train-named files; packing gives only an upper bound', () => {
  const files = { 'data/chat/train.jsonl': lines(100), 'data/chat/test.jsonl': lines(9) };
  const plan = planOf('recipes/sft.yaml', TRL('dataset_name: data/chat'), files);
  assert.equal(plan.assumedLength, undefined);
  traced(plan, /dataset size 100 samples: data\/chat\/train\.jsonl: 100 records .*train split of the folder data\/chat/);
  // ceil(100 / 4) = 25 batches, ceil(25 / 2) = 13 updates per epoch, x 2 = 26.
  assert.equal(plan.totalSteps.value, 26);
  const packed = planOf('recipes/sft.yaml', TRL('dataset_name: data/chat\npacking: true'), files);
  assert.ok(packed.assumedLength);
  traced(packed, /packing: true: .* 100 samples .* upper bound/);
  const file = planOf('recipes/sft.yaml', TRL('dataset_name: data/chat/train.jsonl'), files);
  assert.ok(file.assumedLength);
  traced(file, /a data file given as a dataset path/);
});

test('TRL: dataset_mixture with data_files, fraction weights (largest mixture without oversampling, Python round) and test_split_size (ceil)', () => {
  const files = { 'd/a.jsonl': lines(90), 'd/b.json': rows(30) };
  const mix = `dataset_mixture:
  datasets:
    - path: json
      data_files: d/a.jsonl
      columns: [text]
      fraction: 0.5
    - path: json
      data_files: d/b.json
      fraction: 0.5
  test_split_size: 0.1`;
  const plan = planOf('recipes/sft.yaml', TRL(mix), files);
  // weights 0.5/0.5, total = min(90 / 0.5, 30 / 0.5) = 60, round(30) rows each = 60; test ceil(6) -> 54 train.
  traced(plan, /dataset size 54 samples: 60 samples from 2 datasets concatenated .*test_split_size 0\.1 -> 54 train/);
  // ceil(54 / 4) = 14, ceil(14 / 2) = 7, x 2 = 14.
  assert.equal(plan.totalSteps.value, 14);
});

test('alignment-handbook: a mixture entry weight keeps int(len x weight) rows of a local folder', () => {
  const files = { 'data/a/train-00000.jsonl': lines(51), 'data/b/part.csv': 'text\n' + 'x\n'.repeat(20) };
  const mix = `dataset_mixture:
  datasets:
    - id: data/a
      columns: [text]
      weight: 0.5
    - id: data/b
  seed: 0
dataset_num_proc: 4`;
  const plan = planOf('recipes/sft.yaml', TRL(mix), files);
  // int(51 x 0.5) = 25, + 20 = 45. ceil(45 / 4) = 12, ceil(12 / 2) = 6, x 2 = 12.
  traced(plan, /dataset size 45 samples: .*weight 0\.5 -> int\(51 x 0\.5\) = 25/);
  assert.equal(plan.totalSteps.value, 12);
});

test('hf-trainer: a dataset_name read by another script (run_clm block_size) is not counted', () => {
  const plan = planOf('recipes/clm.yaml', TRL('dataset_name: data/chat\nblock_size: 512'), { 'data/chat/train.jsonl': lines(100) });
  assert.ok(plan.assumedLength);
});

// axolotl @067b021c: a local file loads as its extension's builder, split train; entries concatenated; val_set_size
// splits with train_test_split. Length filtering after tokenising keeps this an upper bound, never an exact size.
const AXOLOTL = (extra: string) => `base_model: org/model
sequence_len: 1024
${extra}
micro_batch_size: 2
gradient_accumulation_steps: 4
num_epochs: 3
optimizer: adamw_torch
lr_scheduler: cosine
learning_rate: 0.0002
warmup_ratio: 0.1
`;

test('axolotl: local datasets give only an upper bound (datasetUpperBound), val_set_size applied with ceil; no exact size is set', () => {
  const files = { 'data/a.jsonl': lines(300), 'data/b/x.json': rows(50) };
  const ds = 'datasets:\n  - path: data/a.jsonl\n    type: alpaca\n  - path: data/b\n    data_files: [data/b/x.json]\n    type: alpaca\nval_set_size: 0.05';
  const plan = planOf('examples/qlora.yml', AXOLOTL(ds), files);
  assert.ok(plan.assumedLength, 'an upper bound must not become the run length');
  // 350 rows, ceil(0.05 x 350) = 18 test -> 332.
  traced(plan, /at most 332 training samples \(350 rows from 2 datasets concatenated .*val_set_size 0\.05 -> 332 train.*longer than sequence_len 1024/);
  const packed = planOf('examples/qlora.yml', AXOLOTL('datasets:\n  - path: data/a.jsonl\n    type: alpaca\nsample_packing: true'), files);
  traced(packed, /at most 300 training samples .*sample_packing packs/);
});

// OLMo @59a53e3f: MemMapDataset._get_file_length = file_size // (itemsize x max_sequence_length), summed over
// data.paths; olmo/train.py max_steps = epochs x (instances // global_train_batch_size).
const OLMO = (data: string) => `run_name: tiny
model:
  d_model: 256
  n_heads: 4
  n_layers: 2
  max_sequence_length: 128
optimizer:
  name: adamw
  learning_rate: 4.0e-4
scheduler:
  name: cosine_with_warmup
  t_warmup: 5
max_duration: 2ep
global_train_batch_size: 8
device_train_microbatch_size: 8
${data}
`;

test('OLMo: instances of each .npy token file are byte size // (itemsize x max_sequence_length), summed over data.paths', () => {
  // uint16: 2 x 128 = 256 bytes per instance. 256 x 40 + 100 bytes -> 40; 256 x 25 -> 25: 65 instances.
  const files = { 'data/a.npy': new Uint8Array(256 * 40 + 100), 'data/b.npy': new Uint8Array(256 * 25) };
  const plan = planOf('configs/tiny.yaml', OLMO('data:\n  paths:\n    - data/a.npy\n    - data/b.npy'), files);
  assert.equal(plan.assumedLength, undefined);
  traced(plan, /dataset size 65 samples: 65 instances of max_sequence_length 128 uint16 tokens \(data\/a\.npy: 10340 bytes \/\/ \(2 x 128\) = 40/);
  // 2 epochs x floor(65 / 8) = 16 steps.
  assert.equal(plan.totalSteps.value, 16);
  const wide = planOf('configs/tiny.yaml', OLMO('data:\n  memmap_dtype: uint32\n  datasets:\n    b: [data/b.npy]\n    a: [data/a.npy]'), files);
  // uint32: 512 bytes per instance: 20 + 12 = 32 -> 2 x 4 = 8 steps.
  traced(wide, /dataset size 32 samples/);
  const remote = planOf('configs/tiny.yaml', OLMO('data:\n  paths:\n    - s3://bucket/a.npy'), files);
  assert.ok(remote.assumedLength);
  traced(remote, /s3:\/\/bucket\/a\.npy is remote/);
});

test("torchtune: alpaca_cleaned_dataset's default source is the Hub dataset yahma/alpaca-cleaned, counted when the Hub sizes are given", () => {
  const asked: string[] = [];
  const hub = { rows: (dataset: string, _config: string | undefined, split: string) => (asked.push(`${dataset}:${split}`), { ok: true as const, rows: 1003 }) };
  const text = TT('dataset:\n  _component_: torchtune.datasets.alpaca_cleaned_dataset\n  packed: False');
  const report = review([{ path: 'configs/lora.yaml', text, explicit: true }], { settings: DEFAULT_SETTINGS, repo: memoryRepo({}), hub });
  const plan = report.files[0]!.head!.plan;
  assert.deepEqual(asked, ['yahma/alpaca-cleaned:train']);
  // floor(1003 / 4) = 250 batches, // 2 = 125 per epoch, x 2 = 250.
  assert.equal(plan.totalSteps.value, 250);
  traced(plan, /Hub yahma\/alpaca-cleaned train split: 1003 rows \(the default source of torchtune\.datasets\.alpaca_cleaned_dataset\)/);
});
