// A fix is verified by reviewing the edited head again; the base is the same text under the same settings, so that
// re-review takes the base as already analysed instead of planning and simulating it once more per fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../src/pipeline/review.ts';
import { SimulationMemo } from '../src/core/simulation-memo.ts';
import type { TrainingPlan } from '../src/core/plan.ts';

const base = [
  'general:',
  '  project: retry-base',
  'optimizer:',
  '  optimizer_factory:',
  '    name: adamW',
  '  learning_rate_scheduler:',
  '    learning_rate: 3.0e-4',
  '    lr_warmup_steps: 100',
  '    lr_decay_style: linear',
  '    lr_decay_starting_step: 800',
  '    lr_decay_steps: 200',
  '    min_decay_lr: 0',
  'tokens:',
  '  train_steps: 1000',
  '',
].join('\n');

class CountingMemo extends SimulationMemo {
  calls = 0;
  override simulate(plan: Pick<TrainingPlan, 'dialect' | 'semantics' | 'schedule'>) {
    this.calls++;
    return super.simulate(plan);
  }
}

test('a fix re-review in a comparison plans the head again, not the base', () => {
  const head = base.replace('lr_decay_starting_step: 800', 'lr_decay_starting_step: 600');
  const memo = new CountingMemo();
  const report = review([{ path: 'run.yaml', text: head, baseText: base, explicit: true }], { memo });
  const fixed = report.findings.filter((f) => f.ruleId === 'TL101');
  assert.equal(fixed.length, 1);
  assert.ok(fixed[0]!.fix, 'the fix is verified and shown');
  // The head, the base, and the head with the fix applied: three schedules simulated, the base once.
  assert.equal(memo.calls, 3);
  assert.equal(report.files[0]!.baseStatus, 'reviewed');
});
