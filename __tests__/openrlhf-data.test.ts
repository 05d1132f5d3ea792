// OpenRLHF's datasets found in the repository (issue 13): --dataset / --data.dataset local files and folders,
// comma-separated blends concatenated, max_samples per dataset (blending_datasets) and in total (the dialect).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import type { HubSizes } from '../src/resolve/types.ts';
import { memoryRepo } from './support/memory-repo.ts';

const launch = (flags: string) => `deepspeed --module openrlhf.cli.train_sft ${flags}\n`;
const lines = (n: number) => '{"prompt": "p", "response": "r"}\n'.repeat(n);

function planOf(text: string, files: Record<string, string>, hub?: HubSizes) {
  const report = review([{ path: 'scripts/train_sft.sh', text, explicit: true }], { settings: DEFAULT_SETTINGS, repo: memoryRepo(files), ...(hub ? { hub } : {}) });
  return report.files[0]!;
}

test('flat flags: a local jsonl and a Hub dataset concatenated, --max_samples capping each dataset then the total', () => {
  const hub: HubSizes = { rows: (d, _c, s) => (d === 'org/chat' && s === 'train' ? { ok: true, rows: 5000 } : { ok: false, why: 'no such split' }) };
  const file = planOf(launch('--dataset data/sft.jsonl,org/chat --max_samples 3000 --train_batch_size 100 --max_epochs 1 --learning_rate 1e-5 --micro_train_batch_size 1'), { 'data/sft.jsonl': lines(1200) }, hub);
  const plan = file.head?.plan;
  assert.ok(plan && plan.totalStepsSource === 'derived', JSON.stringify(file, null, 1).slice(0, 1500));
  // 1200 + min(3000, 5000) = 4200 -> total cap min(3000, 4200) = 3000 // 100 = 30 updates.
  assert.equal(plan.totalSteps.value, 30);
  assert.ok(plan.assumptions.some((a) => /dataset size 4200 samples: 4200 samples from 2 datasets concatenated \(data\/sft\.jsonl: 1200 records .*max_samples 3000 per dataset -> 3000\)/.test(a)), plan.assumptions.join('\n'));
});

test('dotted flags: --data.dataset read; --data.dataset_probs (interleaved) is not counted', () => {
  const ok = planOf(launch('--data.dataset data/sft.jsonl --train.batch_size 10 --train.max_epochs 2 --adam.lr 1e-5'), { 'data/sft.jsonl': lines(95) });
  assert.equal(ok.head?.plan?.totalSteps.value, 2 * Math.floor(95 / 10));
  const probs = planOf(launch('--data.dataset data/sft.jsonl,data/b.jsonl --data.dataset_probs 0.5,0.5 --train.batch_size 10 --adam.lr 1e-5'), { 'data/sft.jsonl': lines(95), 'data/b.jsonl': lines(5) });
  const notes = probs.head?.plan?.assumptions ?? [];
  assert.ok(!notes.some((a) => /^dataset size/.test(a)) && notes.some((a) => /dataset_probs: the datasets are interleaved/.test(a)), notes.join('\n'));
});
