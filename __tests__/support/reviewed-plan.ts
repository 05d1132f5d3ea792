// The plan a review of one config makes against an in-memory repository, for the dataset-reader tests: the review must
// draw a curve (the assertion prints the file's report when it does not), and what the plan says it assumed.
import assert from 'node:assert/strict';
import type { TrainingPlan } from '../../src/core/plan.ts';
import { review } from '../../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../src/pipeline/settings.ts';
import type { HubSizes } from '../../src/resolve/types.ts';
import { memoryRepo } from './memory-repo.ts';

export function reviewedPlan(path: string, text: string, options: { files?: Record<string, string | Uint8Array>; settings?: Settings; hub?: HubSizes } = {}): TrainingPlan {
  const report = review([{ path, text, explicit: true }], { settings: options.settings ?? DEFAULT_SETTINGS, repo: memoryRepo(options.files ?? {}), ...(options.hub ? { hub: options.hub } : {}) });
  const plan = report.files[0]!.head?.plan;
  assert.ok(plan, JSON.stringify(report.files[0], null, 1).slice(0, 2000));
  return plan!;
}

/** Some assumption of the plan matches `re` (all of them are printed when none does). */
export function assertTraced(plan: TrainingPlan, re: RegExp): void {
  assert.ok(plan.assumptions.some((a) => re.test(a)), plan.assumptions.join('\n'));
}

/** A torchtune LoRA recipe (batch 4, 2 epochs, accumulation 2) with `dataset` as its dataset section. */
export const torchtuneLora = (dataset: string) => `model:
  _component_: torchtune.models.llama3_2.lora_llama3_2_1b
tokenizer:
  _component_: torchtune.models.llama3.llama3_tokenizer
  path: /tmp/tokenizer.model
${dataset}
seed: null
shuffle: True
batch_size: 4
optimizer:
  _component_: torch.optim.AdamW
  lr: 3e-4
lr_scheduler:
  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup
  num_warmup_steps: 10
loss:
  _component_: torchtune.modules.loss.CEWithChunkedOutputLoss
epochs: 2
gradient_accumulation_steps: 2
`;
