// Split specs as `datasets` reads them (issue 13): `train[:10%]`, `train[100:200]`, `train[:-500]`, `train[10%:20%]`,
// `train+test`, in every reader that passes a split to load_dataset. huggingface/datasets arrow_reader.py @e80b7949:
// percents rounded with int(round(b x n / 100)) (ties to even) unless `(pct1_dropremainder)`, negative bounds from
// the end clamped at 0, bounds capped at the split's length, parts added.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingPlan } from '../src/core/plan.ts';
import { loadDatasetRows } from '../src/resolve/load-dataset.ts';
import { parseSplitSpec, readSplitSpec, rowsOfSplitSpec } from '../src/resolve/split-spec.ts';
import type { HubSizes } from '../src/resolve/types.ts';
import { assertTraced, reviewedPlan, torchtuneLora } from './support/reviewed-plan.ts';

function rowsOf(spec: string, sizes: Record<string, number>): number | string {
  const parsed = parseSplitSpec(spec);
  if (!parsed.ok) return parsed.why;
  const read = rowsOfSplitSpec(spec, parsed.parts, new Map(Object.entries(sizes)));
  return read.ok ? read.rows : read.why;
}

test('row slices: [from:to], open ends, negative bounds from the end, bounds beyond the split capped', () => {
  assert.equal(rowsOf('train[100:200]', { train: 1200 }), 100);
  assert.equal(rowsOf('train[:-500]', { train: 1200 }), 700);
  assert.equal(rowsOf('train[-500:]', { train: 1200 }), 500);
  assert.equal(rowsOf('train[10:]', { train: 1200 }), 1190);
  assert.equal(rowsOf('train[100:5000]', { train: 1200 }), 1100);
  assert.equal(rowsOf('train[-5000:100]', { train: 1200 }), 100);
  assert.equal(rowsOf('train[:]', { train: 1200 }), 1200);
  assert.match(String(rowsOf('train[:-5000]', { train: 1200 })), /reads no row .*corresponds to no data/);
  assert.match(String(rowsOf('train[200:100]', { train: 1200 })), /starts after it ends/);
});

test('percent slices round to the closest row with Python round (ties to even), per bound', () => {
  assert.equal(rowsOf('train[:10%]', { train: 1000 }), 100);
  // 15% of 10 = 1.5 -> 2; 25% of 10 = 2.5 -> 2 (even); 35% of 3 = 1.05 -> 1; 33% of 50 = 16.5 -> 16.
  assert.equal(rowsOf('train[:15%]', { train: 10 }), 2);
  assert.equal(rowsOf('train[:25%]', { train: 10 }), 2);
  assert.equal(rowsOf('train[25%:]', { train: 10 }), 8);
  assert.equal(rowsOf('train[:35%]', { train: 3 }), 1);
  assert.equal(rowsOf('train[:33%]', { train: 50 }), 16);
  // 10% of 1005 = 100.5 -> 100, 20% = 201: rows 100..201.
  assert.equal(rowsOf('train[10%:20%]', { train: 1005 }), 101);
  assert.equal(rowsOf('train[:-10%]', { train: 1005 }), 1005 - 100);
  // 5% of 10 = 0.5 -> 0 rows: load_dataset raises.
  assert.match(String(rowsOf('train[:5%]', { train: 10 })), /reads no row/);
  // One percent sign makes both bounds percents.
  assert.equal(rowsOf('train[10:20%]', { train: 1000 }), 100);
});

test('pct1_dropremainder: b x trunc(n / 100), and raising under 100 rows', () => {
  assert.equal(rowsOf('train[:33%](pct1_dropremainder)', { train: 250 }), 66);
  assert.equal(rowsOf('train[:33%](closest)', { train: 250 }), 82);
  assert.match(String(rowsOf('train[:33%](pct1_dropremainder)', { train: 50 })), /under 100/);
});

test('`+` adds the parts (spaces allowed around it, the same split twice counted twice)', () => {
  assert.equal(rowsOf('train+test', { train: 1200, test: 300 }), 1500);
  assert.equal(rowsOf('train[:50%] + test', { train: 1200, test: 300 }), 900);
  assert.equal(rowsOf('train[:10%]+train[-10%:]', { train: 1000 }), 200);
  assert.equal(rowsOf('train[:10%]+test[:10]', { train: 1000, test: 300 }), 110);
});

test('specs datasets rejects give no count, with the reason', () => {
  assert.match(String(rowsOf('train[:150%]', { train: 10 })), /within -100 and 100/);
  assert.match(String(rowsOf('train[:10](closest)', { train: 10 })), /only on a percent slice/);
  assert.match(String(rowsOf('train[:10%](floor)', { train: 10 })), /closest or pct1_dropremainder/);
  assert.match(String(rowsOf('train[:10%', { train: 10 })), /Unrecognized instruction format/);
  assert.match(String(rowsOf('train[:10%](pct1_dropremainder)+test[:10%]', { train: 1000, test: 1000 })), /different roundings/);
  assert.match(String(rowsOf('train[:10%]+validation', { train: 1000 })), /split validation has no known row count/);
});

test('readSplitSpec passes a plain split name straight to the counter and names every split of a spec once', () => {
  const asked: string[] = [];
  const count = (s: string) => (asked.push(s), { ok: true as const, rows: s === 'train' ? 1000 : 50, how: `${s} counted` });
  assert.deepEqual(readSplitSpec('train', count), { ok: true, rows: 1000, how: 'train counted' });
  const read = readSplitSpec('train[:10%]+test+train[-1:]', count);
  assert.equal(read.ok && read.rows, 100 + 50 + 1);
  assert.deepEqual(asked, ['train', 'train', 'test']);
  assert.ok(read.ok && /split "train\[:10%\]\+test\+train\[-1:\]": train\[:10%\] of 1000 -> rows 0:100 = 100 \+ test 50 \+ train\[-1:\] of 1000 -> rows 999:1000 = 1 = 151/.test(read.how), read.ok ? read.how : '');
});

test('a Hub dataset: each split the spec names is looked up, then sliced', () => {
  const hub: HubSizes = { rows: (_d, _c, split) => (split === 'train' ? { ok: true, rows: 52002 } : split === 'validation' ? { ok: true, rows: 1000 } : { ok: false, why: `no split ${split}` }) };
  const read = loadDatasetRows({ path: 'tatsu-lab/alpaca', split: 'train[:10%]+validation' }, 'cfg.yaml', undefined, hub);
  // round(5200.2) = 5200, + 1000.
  assert.equal(read.ok && read.rows, 6200);
  assert.ok(read.ok && read.how.startsWith('Hub tatsu-lab/alpaca train split: 52002 rows; Hub tatsu-lab/alpaca validation split: 1000 rows; split "train[:10%]+validation"'), read.ok ? read.how : read.why);
  const missing = loadDatasetRows({ path: 'tatsu-lab/alpaca', split: 'train+test' }, 'cfg.yaml', undefined, hub);
  assert.deepEqual(missing, { ok: false, why: 'no split test' });
});

const rows = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ input: `q${i}`, output: `${i}` })));
const lines = (n: number) => '{"text": "x"}\n'.repeat(n);

const planOf = (path: string, text: string, files: Record<string, string>): TrainingPlan => reviewedPlan(path, text, { files });
const traced = assertTraced;

const TT = torchtuneLora;

test('torchtune: split train[:10%] of a json source, and train+validation of a data_files dict', () => {
  const sliced = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: json\n  data_files: data/my.json\n  split: train[:10%]'), { 'data/my.json': rows(1000) });
  traced(sliced, /dataset size 100 samples: data\/my\.json: 1000 records \(JSON array\); split "train\[:10%\]": train\[:10%\] of 1000 -> rows 0:100 = 100/);
  // floor(100 / 4) = 25 batches, // 2 = 12 per epoch, x 2 = 24.
  assert.equal(sliced.totalSteps.value, 24);
  const joined = planOf('configs/lora.yaml', TT('dataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: json\n  data_files: {train: d/a.jsonl, validation: d/b.jsonl}\n  split: train+validation'), { 'd/a.jsonl': lines(90), 'd/b.jsonl': lines(10) });
  traced(joined, /dataset size 100 samples: .*train 90 \+ validation 10 = 100/);
});

test('LLaMA-Factory: a dataset_info.json split slice applies to a local file before max_samples', () => {
  const config = `model_name_or_path: Qwen/Qwen3-0.6B
stage: sft
do_train: true
finetuning_type: lora
dataset: mine
template: qwen3
per_device_train_batch_size: 2
gradient_accumulation_steps: 4
learning_rate: 1.0e-4
num_train_epochs: 3.0
lr_scheduler_type: cosine
max_samples: 150
`;
  const files = { 'data/dataset_info.json': JSON.stringify({ mine: { file_name: 'mine.json', split: 'train[:-800]' } }), 'data/mine.json': rows(1000) };
  const plan = planOf('examples/sft.yaml', config, files);
  traced(plan, /dataset size 150 samples: .*train\[:-800\] of 1000 -> rows 0:200 = 200, max_samples 150 -> 150/);
  const other = planOf('examples/sft.yaml', config, { ...files, 'data/dataset_info.json': JSON.stringify({ mine: { file_name: 'mine.json', split: 'test[:10]' } }) });
  assert.ok(other.assumedLength);
  traced(other, /its files form only a train split/);
});

const AXOLOTL = (extra: string) => `base_model: org/model
sequence_len: 1024
${extra}
micro_batch_size: 2
gradient_accumulation_steps: 4
num_epochs: 3
optimizer: adamw_torch
lr_scheduler: cosine
learning_rate: 0.0002
`;

test('axolotl: a split slice of a local file bounds the samples', () => {
  const plan = planOf('examples/qlora.yml', AXOLOTL('datasets:\n  - path: data/a.jsonl\n    type: alpaca\n    split: train[100:350]'), { 'data/a.jsonl': lines(300) });
  traced(plan, /at most 200 training samples .*train\[100:350\] of 300 -> rows 100:300 = 200/);
});

const TRL = (extra: string) => `model_name_or_path: Qwen/Qwen2.5-0.5B
${extra}
max_length: 1024
learning_rate: 2.0e-05
lr_scheduler_type: cosine
num_train_epochs: 2
per_device_train_batch_size: 4
gradient_accumulation_steps: 2
output_dir: out
`;

test('TRL: a mixture entry split is a load_dataset split spec; dataset_train_split is a DatasetDict key, so a slice there is not counted', () => {
  const mix = 'dataset_mixture:\n  datasets:\n    - path: json\n      data_files: d/a.jsonl\n      split: train[10%:20%]';
  const plan = planOf('recipes/sft.yaml', TRL(mix), { 'd/a.jsonl': lines(1005) });
  traced(plan, /dataset size 101 samples: .*train\[10%:20%\] of 1005 -> rows 100:201 = 101/);
  const keyed = planOf('recipes/sft.yaml', TRL('dataset_name: data/chat\ndataset_train_split: train[:10%]'), { 'data/chat/train.jsonl': lines(100) });
  assert.ok(keyed.assumedLength);
  traced(keyed, /dataset_train_split train\[:10%\]: TRL looks it up as a split name/);
});
