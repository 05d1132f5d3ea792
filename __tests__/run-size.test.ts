// Dataset sizes and world sizes found where the repository says them (issue 13): records counted as `datasets` loads
// them, LLaMA-Factory's dataset_info.json with its max_samples / val_size, and world sizes from launch lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText } from '../src/pipeline/settings.ts';
import { countRecords } from '../src/resolve/records.ts';
import { hfTrainAfterSplit, torchRandomSplitFirst } from '../src/resolve/splits.ts';
import { memoryRepo } from './support/memory-repo.ts';
import { parquetFile } from './support/parquet-file.ts';

const records = (n: number, extra = '') => JSON.stringify(Array.from({ length: n }, (_, i) => ({ instruction: `q${i}, [x] {y}`, output: `a "${i}"${extra}` })), null, 2);

test('JSON arrays count their elements, brackets and commas inside strings included', () => {
  const repo = memoryRepo({ 'a.json': records(7), 'empty.json': '[ ]', 'nested.json': '[[1,2],[3],{"a":[4,5]}]' });
  assert.deepEqual(countRecords(repo, 'a.json'), { ok: true, count: 7, how: 'a.json: 7 records (JSON array)' });
  assert.equal((countRecords(repo, 'empty.json') as { count: number }).count, 0);
  assert.equal((countRecords(repo, 'nested.json') as { count: number }).count, 3);
});

test('JSON Lines count non-blank lines (pyarrow skips empty lines); a JSON object of columns is not counted', () => {
  const repo = memoryRepo({ 'a.jsonl': '{"a": 1}\n\n{"a": 2}\n{"a": 3}', 'cols.json': '{\n  "a": [1, 2],\n  "b": [3, 4]\n}\n' });
  assert.equal((countRecords(repo, 'a.jsonl') as { count: number }).count, 3);
  assert.equal(countRecords(repo, 'cols.json').ok, false);
});

test('CSV rows as pandas.read_csv counts them: header excluded, blank lines skipped, quoted newlines stay in one row', () => {
  const repo = memoryRepo({ 'a.csv': 'text,label\n"line one\nline two",1\n\nplain,0\r\n"x, y",1\n' });
  assert.equal((countRecords(repo, 'a.csv') as { count: number }).count, 3);
});

test('text files give one row per line, the last line counted without a trailing newline', () => {
  const repo = memoryRepo({ 'a.txt': 'one\n\nthree', 'b.txt': 'one\ntwo\n' });
  assert.equal((countRecords(repo, 'a.txt') as { count: number }).count, 3);
  assert.equal((countRecords(repo, 'b.txt') as { count: number }).count, 2);
});

test('a Parquet file is read from its footer only; a file without the magic bytes is not counted', () => {
  const repo = memoryRepo({ 'bad.parquet': 'not parquet at all' });
  assert.equal(countRecords(repo, 'bad.parquet').ok, false);
  assert.deepEqual(countRecords(memoryRepo({ 'ten.parquet': parquetFile(10) }), 'ten.parquet'), { ok: true, count: 10, how: 'ten.parquet: 10 rows (Parquet footer)' });
});

test('a Parquet footer that states a negative row count, or one past 2^53, is not a size: the file is not counted, and the review says why', () => {
  const why = (rows: bigint) => {
    const c = countRecords(memoryRepo({ 'd.parquet': parquetFile(rows) }), 'd.parquet');
    assert.equal(c.ok, false, `num_rows ${rows} is not counted`);
    return (c as { why: string }).why;
  };
  assert.match(why(-1n), /states num_rows -1, a negative count/);
  assert.match(why(-(2n ** 63n)), /states num_rows -9223372036854775808/);
  assert.match(why(2n ** 63n - 1n), /states num_rows 9223372036854775807, more than 2\^53/);
  assert.match(why(2n ** 53n + 1n), /more than 2\^53/);
  assert.equal((countRecords(memoryRepo({ 'd.parquet': parquetFile(2n ** 53n - 1n) }), 'd.parquet') as { count: number }).count, 2 ** 53 - 1);
  // End to end: LLaMA-Factory's dataset_info.json names the file; no negative sample count reaches the plan.
  const config = 'model_name_or_path: Qwen/Qwen3-0.6B\nstage: sft\ndo_train: true\nfinetuning_type: lora\ndataset: forged\ndataset_dir: data\ntemplate: qwen3\nper_device_train_batch_size: 4\nlearning_rate: 1.0e-4\nnum_train_epochs: 2.0\nlr_scheduler_type: cosine\n';
  const report = review([{ path: 'train.yaml', text: config, explicit: true }], {
    settings: DEFAULT_SETTINGS,
    repo: memoryRepo({ 'data/dataset_info.json': '{"forged": {"file_name": "forged.parquet"}}', 'data/forged.parquet': parquetFile(-1) }),
  });
  const plan = report.files[0]!.head!.plan;
  assert.ok(plan.assumedLength, 'the length stays an assumption');
  const said = [...plan.assumptions, ...report.findings.map((f) => f.message)].join('\n');
  assert.match(said, /data\/forged\.parquet: its Parquet footer states num_rows -1/);
  assert.doesNotMatch(said, /-1 samples/);
});

test("datasets' train_test_split keeps n - ceil(t x n) rows for a float t, n - t for an int; torch's random_split hands the remainder to the first split", () => {
  assert.deepEqual(hfTrainAfterSplit(999, 0.1, false, 'val_size'), { ok: true, train: 899, how: 'val_size 0.1 -> 899 train (999 - ceil(0.1 x 999) = 100 test)' });
  assert.equal((hfTrainAfterSplit(1000, 0.05, false, 'val_size') as { train: number }).train, 950);
  assert.equal((hfTrainAfterSplit(1000, 30, true, 'val_size') as { train: number }).train, 970);
  // random_split(1001, [0.95, 0.05]): floor 950 + floor 50 = 1000, the remaining 1 goes to the first split.
  assert.equal(torchRandomSplitFirst(1001, [0.95, 0.05]), 951);
});

// LLaMA-Factory @ff6d4d12: dataset_info.json file_name under dataset_dir, max_samples per dataset, val_size split.
const LF_CONFIG = (extra: string) => `model_name_or_path: Qwen/Qwen3-0.6B
stage: sft
do_train: true
finetuning_type: lora
dataset: chat_a,chat_b
template: qwen3
cutoff_len: 1024
per_device_train_batch_size: 2
gradient_accumulation_steps: 4
learning_rate: 1.0e-4
num_train_epochs: 3.0
lr_scheduler_type: cosine
warmup_ratio: 0.1
${extra}`;

const LF_REPO = {
  'data/dataset_info.json': JSON.stringify({ chat_a: { file_name: 'a.json' }, chat_b: { file_name: 'b_folder' }, hub_one: { hf_hub_url: 'org/set' } }),
  'data/a.json': records(600),
  'data/b_folder/part1.jsonl': '{"x":1}\n'.repeat(250),
  'data/b_folder/part2.jsonl': '{"x":1}\n'.repeat(149),
};

function lfPlan(extra: string, files: Record<string, string> = {}, settingsText?: string) {
  const settings = settingsText ? settingsFromText(settingsText, '.trainlint.yml') : DEFAULT_SETTINGS;
  const report = review([{ path: 'examples/train/sft.yaml', text: LF_CONFIG(extra), explicit: true }], { settings, repo: memoryRepo({ ...LF_REPO, ...files }) });
  return report.files[0]!.head!.plan;
}

test('LLaMA-Factory: the datasets named in dataset_info.json are counted, max_samples caps each, val_size splits with ceil', () => {
  // chat_a 600 -> max_samples 500; chat_b 250 + 149 = 399; concatenated 899; val_size 0.1 -> ceil(89.9) = 90 test, 809 train.
  const plan = lfPlan('max_samples: 500\nval_size: 0.1\n');
  assert.equal(plan.assumedLength, undefined);
  // transformers 4.52+/5.x: len = ceil(809 / 2) = 405 batches, ceil(405 / 4) = 102 updates per epoch, x 3 = 306.
  assert.equal(plan.totalSteps.value, 306);
  const trace = plan.assumptions.find((a) => a.startsWith('dataset size 809 samples'));
  assert.ok(trace, plan.assumptions.join('\n'));
  assert.match(trace!, /data\/a\.json: 600 records \(JSON array\), max_samples 500 -> 500/);
  assert.match(trace!, /data\/b_folder\/part1\.jsonl: 250 records/);
  assert.match(trace!, /val_size 0\.1 -> 809 train \(899 - ceil\(0\.1 x 899\) = 90 test\)/);
});

test('LLaMA-Factory: an integer val_size takes that many rows; .trainlint.yml datasets still overrides what is found', () => {
  assert.equal(lfPlan('val_size: 99\n').totalSteps.value, 3 * Math.ceil(Math.ceil((999 - 99) / 2) / 4));
  const overridden = lfPlan('', {}, 'datasets:\n  "examples/train/sft.yaml": 80\n');
  assert.equal(overridden.totalSteps.value, 3 * Math.ceil(40 / 4));
  assert.ok(overridden.assumptions.some((a) => a.includes('.trainlint.yml datasets')));
});

test('LLaMA-Factory: packing gives only an upper bound and streaming no size: the run stays at its assumed length and says why', () => {
  const packed = lfPlan('packing: true\n');
  assert.ok(packed.assumedLength);
  assert.ok(packed.assumptions.some((a) => /packing: several samples share one sequence, so the 999 samples .* are an upper bound/.test(a)), packed.assumptions.join('\n'));
  const streamed = lfPlan('streaming: true\nmax_steps: -1\n');
  assert.ok(streamed.assumptions.some((a) => a.startsWith('streaming: true')));
  const hub = lfPlan('', { 'data/dataset_info.json': JSON.stringify({ chat_a: { hf_hub_url: 'org/set' }, chat_b: { file_name: 'a.json' } }) });
  assert.ok(hub.assumptions.some((a) => /Hub dataset org\/set: its size is looked up only with --hub/.test(a)), hub.assumptions.join('\n'));
});

test('world size from a launch line: accelerate --num_processes, an accelerate config file, torchrun, llamafactory-cli env vars', () => {
  const cases: Array<[Record<string, string>, number, RegExp]> = [
    [{ 'scripts/train.sh': 'accelerate launch --num_processes 8 src/train.py examples/train/sft.yaml\n' }, 8, /accelerate --num_processes 8 \(scripts\/train\.sh:1\)/],
    [{ 'examples/train/run.sh': 'accelerate launch --config_file configs/zero3.yaml \\\n  train.py examples/train/sft.yaml\n', 'configs/zero3.yaml': 'distributed_type: DEEPSPEED\nnum_machines: 2\nnum_processes: 16\n' }, 16, /configs\/zero3\.yaml: num_processes 16/],
    [{ 'scripts/a.sh': 'GPUS=4\ntorchrun --nproc_per_node $GPUS --nnodes 2 train.py examples/train/sft.yaml\n' }, 8, /--nproc_per_node 4 x --nnodes 2 = 8/],
    [{ 'README.md': '# x\n```bash\nFORCE_TORCHRUN=1 NPROC_PER_NODE=4 llamafactory-cli train examples/train/sft.yaml\n```\n' }, 4, /NPROC_PER_NODE 4/],
    [{ 'README.md': '```\nCUDA_VISIBLE_DEVICES=0,1 llamafactory-cli train examples/train/sft.yaml\n```\n' }, 2, /CUDA_VISIBLE_DEVICES=0,1/],
  ];
  for (const [files, world, how] of cases) {
    const plan = lfPlan('', files);
    // 999 samples over `world` processes: ceil(999 / (2 x world)) batches, ceil(/ 4) updates, x 3.
    assert.equal(plan.totalSteps.value, 3 * Math.ceil(Math.ceil(999 / (2 * world)) / 4), JSON.stringify(files));
    assert.ok(plan.assumptions.some((a) => how.test(a)), plan.assumptions.join('\n'));
  }
});

test('world size: disagreeing launch lines name the one followed and the others; prose in a README is not a launch; settings win', () => {
  const plan = lfPlan('', {
    'scripts/a.sh': 'torchrun --nproc_per_node 8 train.py examples/train/sft.yaml\n',
    'scripts/b.sh': 'torchrun --nproc_per_node 8 train.py examples/train/sft.yaml\n',
    'scripts/c.sh': 'torchrun --nproc_per_node 2 train.py examples/train/sft.yaml\n',
    'README.md': 'Run torchrun --nproc_per_node 64 train.py examples/train/sft.yaml on a cluster.\n',
  });
  assert.equal(plan.totalSteps.value, 3 * Math.ceil(Math.ceil(999 / 16) / 4));
  assert.ok(plan.assumptions.some((a) => /launch lines disagree on the world size: 8 was followed \(scripts\/a\.sh:1\); scripts\/c\.sh:1 gives 2/.test(a)), plan.assumptions.join('\n'));
  const pinned = lfPlan('', { 'scripts/a.sh': 'torchrun --nproc_per_node 8 train.py examples/train/sft.yaml\n' }, 'world-size:\n  "examples/**": 2\n');
  assert.equal(pinned.totalSteps.value, 3 * Math.ceil(Math.ceil(999 / 4) / 4));
});

test('torchtune builders with a Hub default source are looked up with the dataset config they pass (cnn_dailymail "3.0.0", wikitext its subset)', () => {
  const asked: string[] = [];
  const hub = { rows: (dataset: string, config: string | undefined, split: string) => (asked.push(`${dataset}|${config ?? ''}|${split}`), { ok: true as const, rows: 1000 }) };
  const config = (dataset: string) => `output_dir: /tmp/out\nmodel:\n  _component_: torchtune.models.llama3_2.llama3_2_1b\ntokenizer:\n  _component_: torchtune.models.llama3.llama3_tokenizer\n  path: /tmp/tokenizer.model\ndataset:\n${dataset}\nbatch_size: 4\nepochs: 2\ngradient_accumulation_steps: 1\noptimizer:\n  _component_: torch.optim.AdamW\n  lr: 2e-5\nlr_scheduler:\n  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup\n  num_warmup_steps: 10\nloss:\n  _component_: torchtune.modules.loss.CEWithChunkedOutputLoss\n`;
  const plan = (dataset: string) => review([{ path: 'recipes/configs/run.yaml', text: config(dataset), explicit: true }], { settings: DEFAULT_SETTINGS, hub }).files[0]!.head!.plan;
  const slim = plan('  _component_: torchtune.datasets.slimorca_dataset');
  // 1000 rows in batches of 4, 2 epochs.
  assert.equal(slim.totalSteps.value, 500);
  assert.ok(!slim.assumedLength, slim.assumptions.join('\n'));
  plan('  _component_: torchtune.datasets.cnn_dailymail_articles_dataset');
  plan('  _component_: torchtune.datasets.wikitext_dataset\n  subset: wikitext-2-v1');
  plan('  _component_: torchtune.datasets.wikitext_dataset');
  assert.deepEqual(asked, ['Open-Orca/SlimOrca-Dedup||train', 'ccdv/cnn_dailymail|3.0.0|train', 'EleutherAI/wikitext_document_level|wikitext-2-v1|train', 'EleutherAI/wikitext_document_level|wikitext-103-v1|train']);
});
