// Runs whose length is only bounded (packing: the unpacked record count is an upper bound): a warmup of fixed length
// that outlasts the longest possible run is reported with the bound; nothing is said where the verdict could change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { memoryRepo } from './support/memory-repo.ts';

const records = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ instruction: `q${i}`, output: 'a' })));

const config = (warmup: string) => `### model
model_name_or_path: Qwen/Qwen3-0.6B
stage: sft
do_train: true
finetuning_type: lora
dataset: chat_a
template: qwen3
cutoff_len: 1024
packing: true
per_device_train_batch_size: 2
gradient_accumulation_steps: 4
learning_rate: 1.0e-4
num_train_epochs: 3.0
lr_scheduler_type: cosine
${warmup}
`;

function reviewed(warmup: string) {
  const repo = memoryRepo({ 'data/dataset_info.json': JSON.stringify({ chat_a: { file_name: 'a.json' } }), 'data/a.json': records(999) });
  const report = review([{ path: 'examples/train/sft.yaml', text: config(warmup), explicit: true }], { settings: DEFAULT_SETTINGS, repo });
  return { ...report.files[0]!, findings: report.findings };
}

test('a fixed warmup longer than the longest possible packed run is TL103, with the bound and where it comes from', () => {
  const file = reviewed('warmup_steps: 2000');
  assert.ok(file.head?.plan.assumedLength, 'the curve stays at its assumed length');
  const hit = file.findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, JSON.stringify(file.findings.map((f) => f.ruleId)));
  // 999 records, 2 x 4 per update: ceil(999 / 8) = 125 updates per epoch, 3 epochs: at most 375 updates.
  assert.match(hit.message, /warmup lasts 2000 steps .* but training runs at most 375 \(.*999.*packing or filtering only shortens it\)/);
  assert.equal(hit.line, 15);
  assert.equal(hit.fix, undefined, 'no warmup count is offered: the real run length is not known');
});

test('a warmup shorter than the bound, or given as a share of the run, gets no verdict from the bound', () => {
  assert.equal(reviewed('warmup_steps: 100').findings.find((f) => f.ruleId === 'TL103'), undefined);
  assert.equal(reviewed('warmup_ratio: 1.5').findings.find((f) => f.ruleId === 'TL103'), undefined);
});
