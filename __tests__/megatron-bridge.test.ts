// Megatron-Bridge ConfigContainer YAML (dialects/megatron/megatron-bridge.ts): configs written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';

const check = (text: string, path = 'conf/run.yaml') => {
  const report = review([{ path, text, explicit: true }], { settings: DEFAULT_SETTINGS });
  return { file: report.files[0]!, findings: report.findings };
};

const full = (scheduler: string, train = 'train_iters: 1000\n  global_batch_size: 256') => `train:\n  ${train}\noptimizer:\n  lr: 1.0e-3\n  min_lr: 1.0e-4\nscheduler:\n${scheduler}\n`;

test('a config that writes every schedule value is simulated: the horizon defaults to train_iters, the scheduler counts samples', () => {
  const { file, findings } = check(full('  lr_decay_style: linear\n  lr_warmup_iters: 100\n  lr_decay_iters: null'));
  assert.equal(file.status, 'reviewed');
  const plan = file.head!.plan;
  assert.equal(plan.totalSteps.value, 1000);
  assert.equal(plan.warmup?.steps.value, 100);
  assert.equal(plan.decay?.start.value, 100);
  // Linear from 1e-3 at update 100 to 1e-4 at update 1000: update 550 is half way.
  assert.ok(Math.abs(plan.schedule.lrAt(550) - 5.5e-4) < 1e-15, String(plan.schedule.lrAt(550)));
  assert.deepEqual(findings.filter((f) => f.severity !== 'info'), []);
});

test('a file merged onto a recipe that leaves schedule values to it is not simulated, and says which', () => {
  const { file } = check('train:\n  train_iters: 100\n  global_batch_size: 8\noptimizer:\n  lr: 3.0e-4\nscheduler:\n  lr_warmup_iters: 20\n');
  assert.equal(file.status, 'not-simulated');
  assert.match(file.note ?? '', /recipe .* sets optimizer\.min_lr, scheduler\.lr_decay_style, scheduler\.lr_decay_iters, which this file leaves to it/);
});

test('scheduler.max_steps replaces the horizon; below train_iters the run does not start', () => {
  const { file } = check(full('  lr_decay_style: cosine\n  lr_warmup_iters: 10\n  lr_decay_iters: null\n  max_steps: 4000'));
  assert.equal(file.head?.plan.decay?.steps.value, 4000 - 10);
  assert.match(file.head?.plan.decay?.steps.how ?? '', /scheduler\.max_steps 4000, which replaces scheduler\.lr_decay_iters/);
  const short = check(full('  lr_decay_style: cosine\n  lr_warmup_iters: 10\n  lr_decay_iters: null\n  max_steps: 500'));
  const hit = short.findings.find((f) => f.ruleId === 'TL002');
  assert.ok(hit);
  assert.equal(hit.severity, 'error');
  assert.match(hit.message, /scheduler\.max_steps 500 is below train\.train_iters 1000/);
  assert.equal(hit.line, 11);
});

test('a warmup longer than the horizon is capped one sample below it (PR #2858), and the run is all warmup: TL103 as a warning', () => {
  const { file, findings } = check(full('  lr_decay_style: cosine\n  lr_warmup_iters: 2000\n  lr_decay_iters: null'));
  assert.equal(file.status, 'reviewed');
  assert.ok(file.head!.plan.assumptions.some((a) => /caps lr_warmup_steps to lr_decay_steps - 1 = 255999 samples/.test(a)));
  const hit = findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, JSON.stringify(findings.map((f) => f.ruleId)));
  assert.match(hit.message, /warmup lasts 1000 steps .* but training runs only 1000/);
  // Megatron-Bridge starts such a run on purpose (smoke runs): a warning that says so, not an error.
  assert.equal(hit.severity, 'warning');
  assert.match(hit.message, /Megatron-Bridge caps the warmup one sample below the decay horizon/);
});

test('WSD without lr_wsd_decay_iters anneals over the whole horizon in Megatron-Bridge', () => {
  const { file } = check(full('  lr_decay_style: WSD\n  lr_wsd_decay_style: linear\n  lr_warmup_iters: 0\n  lr_decay_iters: null'));
  assert.equal(file.status, 'reviewed');
  assert.equal(file.head?.plan.decay?.style, 'WSD linear');
  assert.ok(Math.abs(file.head!.plan.schedule.lrAt(500) - 5.5e-4) < 1e-15);
});

test('epoch-based runs need the dataset size; more than one run length is refused', () => {
  const epochs = check(full('  lr_decay_style: cosine\n  lr_warmup_iters: 10\n  lr_decay_iters: null', 'num_epochs: 2\n  global_batch_size: 32'));
  assert.notEqual(epochs.file.status, 'reviewed');
  assert.ok(epochs.findings.some((f) => f.ruleId === 'TL006' && /num_epochs 2/.test(f.message)));
  const both = check(full('  lr_decay_style: cosine\n  lr_warmup_iters: 10\n  lr_decay_iters: null', 'train_iters: 100\n  train_samples: 3200\n  global_batch_size: 32'));
  assert.ok(both.findings.some((f) => f.ruleId === 'TL002' && /Cannot specify more than one/.test(f.message)));
});

test('OLMo, torchtune and NeMo 1 configs with optimizer/scheduler sections are not Megatron-Bridge configs', () => {
  const olmo = check('optimizer:\n  name: adamw\n  learning_rate: 4.0e-4\nscheduler:\n  name: cosine_with_warmup\n  t_warmup: 2000\nmax_duration: 10000\nglobal_train_batch_size: 512\n');
  assert.notEqual(olmo.file.dialect, 'megatron-bridge');
  const tune = check('optimizer:\n  _component_: torch.optim.AdamW\n  lr: 2e-5\nlr_scheduler:\n  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup\n  num_warmup_steps: 100\nepochs: 1\n');
  assert.notEqual(tune.file.dialect, 'megatron-bridge');
  const nemo = check('trainer:\n  max_steps: 1000\nmodel:\n  optim:\n    name: fused_adam\n    lr: 2e-4\n    sched:\n      name: CosineAnnealing\n      warmup_steps: 500\n');
  assert.notEqual(nemo.file.dialect, 'megatron-bridge');
});
