// litgpt's built-in data modules that load a Hub dataset (Lightning-AI/litgpt litgpt/data/*.py @26857050), counted
// through the Hub lookup (a stand-in HubSizes here: nothing reaches the network) with each module's own hold-out:
// Alpaca2k datasets' train_test_split (ceil(f x n) test), LIMA torch random_split([1 - f, f]), Deita its train_sft split.
// Modules downloading a URL and pretraining modules are not counted. finetune/lora.py: len(train_dataloader) =
// ceil(N / micro_batch_size) on one device; updates = floor(epochs x len / gradient_accumulation_iters).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TrainingPlan } from '../src/core/plan.ts';
import type { HubSizes } from '../src/resolve/types.ts';
import { assertTraced, reviewedPlan } from './support/reviewed-plan.ts';

const CONFIG = (data: string) => `checkpoint_dir: checkpoints/org/model
out_dir: out/finetune/lora
precision: bf16-true
devices: 1
num_nodes: 1
lora_r: 8
${data}
train:
  global_batch_size: 4
  micro_batch_size: 2
  lr_warmup_steps: 10
  epochs: 2
  max_seq_length: 512
  min_lr: 6.0e-05
optimizer:
  class_path: torch.optim.AdamW
  init_args:
    lr: 0.0002
`;

/** A stand-in for the Hub lookup: the rows of each `dataset|config|split`, recording what was asked. */
function standInHub(rows: Record<string, number>): HubSizes & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    rows(dataset, config, split) {
      const key = `${dataset}|${config ?? ''}|${split}`;
      asked.push(key);
      const n = rows[key];
      return n === undefined ? { ok: false, why: `the stand-in has no ${key}` } : { ok: true, rows: n };
    },
  };
}

const planOf = (data: string, hub?: HubSizes, files: Record<string, string> = {}): TrainingPlan =>
  reviewedPlan('config_hub/finetune/run.yaml', CONFIG(data), { files, ...(hub ? { hub } : {}) });

const traced = assertTraced;
/** floor(epochs 2 x ceil(n / micro 2) / ga 2). */
const updates = (n: number) => Math.floor((2 * Math.ceil(n / 2)) / 2);

test('Alpaca2k: the default repo_id train split, minus ceil(val_split_fraction x n) rows held out by datasets train_test_split', () => {
  const hub = standInHub({ 'mhenrichsen/alpaca_2k_test||train': 2001, 'org/mine||train': 999 });
  const plan = planOf('data:\n  class_path: litgpt.data.Alpaca2k\n  init_args:\n    val_split_fraction: 0.03847\n    seed: 42', hub);
  assert.equal(plan.assumedLength, undefined, plan.assumptions.join('\n'));
  // ceil(0.03847 x 2001) = ceil(76.97847) = 77 test rows -> 1924 train.
  traced(plan, /dataset size 1924 samples: Hub mhenrichsen\/alpaca_2k_test train split: 2001 rows \(the default repo_id of Alpaca2k/);
  traced(plan, /ceil\(0\.03847 x 2001\) = 77 rows/);
  assert.equal(plan.totalSteps.value, updates(1924));
  // The bare class name, the default fraction 0.05 (ceil(49.95) = 50 -> 949), and a repo_id of the config's own.
  const mine = planOf('data:\n  class_path: Alpaca2k\n  init_args:\n    repo_id: org/mine', hub);
  traced(mine, /dataset size 949 samples: Hub org\/mine train split: 999 rows; val_split_fraction unset: 0\.05/);
  assert.deepEqual(hub.asked.filter((a, i, all) => all.indexOf(a) === i), ['mhenrichsen/alpaca_2k_test||train', 'org/mine||train']);
  // A fraction outside (0, 1) makes train_test_split raise: not counted.
  const zero = planOf('data:\n  class_path: litgpt.data.Alpaca2k\n  init_args:\n    val_split_fraction: 0.0', hub);
  assert.ok(zero.assumedLength);
  traced(zero, /val_split_fraction 0 is not inside \(0, 1\): datasets' train_test_split raises/);
});

test('Alpaca2k without --hub: the run keeps its assumed length and says the Hub dataset is looked up only with --hub', () => {
  const plan = planOf('data: Alpaca2k');
  assert.ok(plan.assumedLength);
  traced(plan, /data Alpaca2k loads mhenrichsen\/alpaca_2k_test: the Hub dataset mhenrichsen\/alpaca_2k_test: its size is looked up only with --hub/);
});

test('LIMA: one sample per conversation, torch random_split with val_split_fraction 0.1 by default; multi-turn conversations are not counted', () => {
  const hub = standInHub({ 'GAIR/lima||train': 1030 });
  const plan = planOf('data:\n  class_path: litgpt.data.LIMA\n  init_args:\n    include_multiturn_conversations: false', hub);
  // random_split(1030, [0.9, 0.1]): floor(927.0000000000001) = 927 and floor(103) = 103, no remainder -> 927 train.
  traced(plan, /dataset size 927 samples: Hub GAIR\/lima train split: 1030 rows \(the default repo_id of LIMA.*val_split_fraction unset: 0\.1 \(LIMA's default\) -> 927 train/);
  assert.equal(plan.totalSteps.value, updates(927));
  const quarter = planOf('data:\n  class_path: litgpt.data.LIMA\n  init_args:\n    val_split_fraction: 0.25', standInHub({ 'GAIR/lima||train': 1030 }));
  // floor(772.5) = 772, floor(257.5) = 257, remainder 1 to the first part -> 773.
  traced(quarter, /dataset size 773 samples/);
  const multi = planOf('data:\n  class_path: litgpt.data.LIMA\n  init_args:\n    include_multiturn_conversations: true', hub);
  assert.ok(multi.assumedLength);
  traced(multi, /include_multiturn_conversations: true makes one sample of every user\/assistant pair/);
});

test('Deita: the whole train_sft split, no fraction held out; a failed lookup is said', () => {
  const hub = standInHub({ 'HuggingFaceH4/deita-10k-v0-sft||train_sft': 9500 });
  const plan = planOf('data:\n  class_path: litgpt.data.Deita', hub);
  traced(plan, /dataset size 9500 samples: Hub HuggingFaceH4\/deita-10k-v0-sft train_sft split: 9500 rows .*Deita trains on the whole train_sft split/);
  assert.equal(plan.totalSteps.value, updates(9500));
  const missing = planOf('data:\n  class_path: litgpt.data.Deita\n  init_args:\n    repo_id: org/other', hub);
  assert.ok(missing.assumedLength);
  traced(missing, /data litgpt\.data\.Deita loads org\/other: the stand-in has no org\/other\|\|train_sft/);
});

test('Alpaca, AlpacaGPT4, LongForm and FLAN download a URL: not counted, the URL named; pretraining modules keep their note', () => {
  const hub = standInHub({});
  const alpaca = planOf('data:\n  class_path: litgpt.data.Alpaca', hub);
  assert.ok(alpaca.assumedLength);
  traced(alpaca, /downloads its data from https:\/\/raw\.githubusercontent\.com\/tloen\/alpaca-lora\/main\/alpaca_data_cleaned_archive\.json .*not a Hub dataset/);
  const own = planOf('data:\n  class_path: litgpt.data.AlpacaGPT4\n  init_args:\n    file_url: https://example.org/mine.json', hub);
  traced(own, /downloads its data from https:\/\/example\.org\/mine\.json \(file_url\)/);
  traced(planOf('data: LongForm', hub), /akoksal\/LongForm\/main\/dataset\/train\.json/);
  traced(planOf('data:\n  class_path: litgpt.data.FLAN', hub), /Muennighoff\/flan/);
  traced(planOf('data:\n  class_path: litgpt.data.TinyStories', hub), /pretraining data module/);
  traced(planOf('data:\n  class_path: my_pkg.data.Custom', hub), /not one of litgpt's data modules/);
  assert.deepEqual(hub.asked, []);
});

test('a repo_id naming a folder in the repository is counted from its files (load_dataset opens a local folder)', () => {
  const files = { 'data/lima/train.jsonl': '{"conversations": ["q", "a"]}\n'.repeat(50) };
  const plan = planOf('data:\n  class_path: litgpt.data.LIMA\n  init_args:\n    repo_id: data/lima\n    val_split_fraction: 0.2', undefined, files);
  // random_split(50, [0.8, 0.2]) -> 40 train.
  traced(plan, /dataset size 40 samples/);
});
