// DeepSpeed configs naming torch.optim.lr_scheduler classes: every class a JSON scheduler block can express is
// simulated as scheduler.step() computes it (values printed by torch 1.13.1, data/torch-1.13.1-lr.json), the ones that
// need Python objects or a metric are explained instead of refused, and a DeepSpeed config without a scheduler
// invents no curve. Also: the global batch size of a DeepSpeed plan.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../src/pipeline/settings.ts';
import { toleranceRatio } from './support/shared-data.ts';

interface TorchCase {
  scheduler: string;
  params: Record<string, unknown>;
  lr: number;
  values: number[];
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'data', 'torch-1.13.1-lr.json'), 'utf8')) as { cases: Record<string, TorchCase> };

function check(text: string, settings: Settings = DEFAULT_SETTINGS) {
  const report = review([{ path: 'ds_config.json', text }], { settings });
  return { file: report.files[0]!, findings: report.findings };
}

const config = (scheduler: object, extra: object = {}, optimizer: object | null = { type: 'Adam', params: { lr: 0.01 } }) =>
  JSON.stringify({ train_batch_size: 8, ...(optimizer ? { optimizer } : {}), scheduler, ...extra }, null, 2);

describe('torch schedulers in a DeepSpeed config, against torch 1.13.1', () => {
  for (const [name, c] of Object.entries(fixture.cases)) {
    test(`${name}: ${c.scheduler} ${JSON.stringify(c.params)}`, () => {
      // CyclicLR cycles momentum by default: its cases ran on SGD with momentum (Adam only with cycle_momentum false).
      const optimizer = c.scheduler === 'CyclicLR' && c.params.cycle_momentum !== false ? { type: 'SGD', params: { lr: c.lr, momentum: 0.9 } } : { type: 'Adam', params: { lr: c.lr } };
      const { file, findings } = check(config({ type: c.scheduler, params: c.params }, {}, optimizer));
      assert.equal(file.status, 'reviewed', `${file.status}: ${file.note ?? ''} ${JSON.stringify(findings)}`);
      const lrAt = file.head!.plan.schedule.lrAt;
      c.values.forEach((want, k) => assert.ok(toleranceRatio(lrAt(k), want) <= 1, `${name} update ${k}: trainlint ${lrAt(k)}, torch ${want}`));
    });
  }
});

describe('what torch refuses is an error; edge cases torch accepts are drawn as torch steps them', () => {
  const invalid: Array<[string, object, RegExp]> = [
    ['StepLR step_size 0', { type: 'StepLR', params: { step_size: 0 } }, /divides by zero/],
    ['ConstantLR factor 0', { type: 'ConstantLR', params: { factor: 0, total_iters: 3 } }, /factor 0 divides by zero .* 3/],
    ['ConstantLR factor 2', { type: 'ConstantLR', params: { factor: 2 } }, /outside \[0, 1\]/],
    ['LinearLR start_factor 0', { type: 'LinearLR', params: { start_factor: 0 } }, /outside \(0, 1\]/],
    ['CosineAnnealingLR T_max 0', { type: 'CosineAnnealingLR', params: { T_max: 0 } }, /T_max 0 divides by zero/],
    ['CosineAnnealingWarmRestarts T_0 3.0', { type: 'CosineAnnealingWarmRestarts', params: { T_0: 3.0 } }, /positive integer/],
    ['OneCycleLR pct_start 1 (an int)', { type: 'OneCycleLR', params: { max_lr: 0.02, total_steps: 40, pct_start: 1 } }, /decimal point/],
    ['OneCycleLR anneal_strategy cosine', { type: 'OneCycleLR', params: { max_lr: 0.02, total_steps: 40, anneal_strategy: 'cosine' } }, /"cos" or "linear"/],
    ['CyclicLR mode unknown', { type: 'CyclicLR', params: { base_lr: 1e-4, max_lr: 1e-3, mode: 'triangle' } }, /mode "triangle"/],
  ];
  for (const [name, scheduler, message] of invalid) {
    test(name, () => {
      // Written by hand so that `3.0` stays a float literal, as json.load reads it.
      const text = config(scheduler).replace('"T_0": 3', '"T_0": 3.0');
      const { findings } = check(text);
      const tl002 = findings.find((f) => f.ruleId === 'TL002');
      assert.ok(tl002 && tl002.severity === 'error' && message.test(tl002.message), JSON.stringify(findings));
    });
  }

  test('ConstantLR and LinearLR with total_iters 0 stay at factor x lr (the closed form would say lr), and say so', () => {
    const { file } = check(config({ type: 'ConstantLR', params: { factor: 0.5, total_iters: 0 } }));
    assert.equal(file.head!.plan.schedule.lrAt(500), 0.005);
    assert.ok(file.head!.plan.assumptions.some((a) => /stays at factor x lr = 0.5 x lr/.test(a)));
  });

  test('CyclicLR with Adam: torch 2.x cycles beta1 (noted); torch 1.13 (frameworks.torch) refuses it unless cycle_momentum is false', () => {
    const scheduler = { type: 'CyclicLR', params: { base_lr: 1e-4, max_lr: 1e-3, step_size_up: 4 } };
    const latest = check(config(scheduler));
    assert.equal(latest.file.status, 'reviewed');
    assert.ok(latest.file.head!.plan.assumptions.some((a) => /beta1 between 0.9 and 0.8/.test(a)));
    assert.equal(latest.file.head!.plan.optimizer.lr.value, 1e-3);
    const pinned = settingsFromText('frameworks:\n  torch: "1.13.1"\n', '.trainlint.yml');
    const old = check(config(scheduler), pinned);
    assert.ok(old.findings.some((f) => f.ruleId === 'TL002' && /torch 1.13 raises ValueError/.test(f.message) && /cycle_momentum to false/.test(f.message)), JSON.stringify(old.findings));
    const off = check(config({ ...scheduler, params: { ...scheduler.params, cycle_momentum: false } }), pinned);
    assert.equal(off.file.status, 'reviewed');
  });

  test('PolynomialLR does not exist before torch 1.13 (frameworks.torch 1.12)', () => {
    const pinned = settingsFromText('frameworks:\n  torch: "1.12"\n', '.trainlint.yml');
    const { findings } = check(config({ type: 'PolynomialLR', params: { total_iters: 10 } }), pinned);
    assert.ok(findings.some((f) => f.ruleId === 'TL002' && /before torch 1.13/.test(f.message)), JSON.stringify(findings));
  });

  test('a name neither DeepSpeed nor torch has is TL002 with a did-you-mean', () => {
    const { findings } = check(config({ type: 'PolynomialLr', params: {} }));
    assert.ok(findings.some((f) => f.ruleId === 'TL002' && /did you mean "PolynomialLR"/.test(f.message)), JSON.stringify(findings));
  });

  test('with ZeRO or fp16 the config scheduler gets a wrapper torch refuses: said at info level, no error', () => {
    const { file, findings } = check(config({ type: 'StepLR', params: { step_size: 10 } }, { zero_optimization: { stage: 2 } }));
    assert.equal(findings.filter((f) => f.severity === 'error').length, 0);
    assert.ok(file.head!.plan.assumptions.some((a) => /zero_optimization.stage 2/.test(a) && /is not an Optimizer/.test(a)));
  });
});

describe('schedulers a JSON file cannot express, and metric-driven ones', () => {
  for (const type of ['LambdaLR', 'MultiplicativeLR', 'SequentialLR', 'ChainedScheduler']) {
    test(`${type}: not simulated, no error`, () => {
      const { file, findings } = check(config({ type, params: {} }));
      assert.equal(file.status, 'not-simulated');
      assert.match(file.note ?? '', new RegExp(`${type} takes .*(Python function|scheduler objects)`));
      assert.equal(findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length, 0, JSON.stringify(findings));
    });
  }

  test('ReduceLROnPlateau: constant at the optimizer lr, with why (the LR drops only when the metric plateaus)', () => {
    const { file, findings } = check(config({ type: 'ReduceLROnPlateau', params: { factor: 0.5, patience: 2 } }));
    assert.equal(file.status, 'reviewed');
    assert.equal(findings.filter((f) => f.severity !== 'info').length, 0, JSON.stringify(findings));
    const plan = file.head!.plan;
    assert.equal(plan.schedule.lrAt(0), 0.01);
    assert.equal(plan.schedule.lrAt(500), 0.01);
    assert.ok(plan.assumptions.some((a) => /constant/.test(a) && /only drops/.test(a) && /metric/.test(a)));
  });
});

describe('no invented numbers', () => {
  test('no scheduler block: not simulated, the schedule is set by the training script', () => {
    const { file, findings } = check(JSON.stringify({ train_batch_size: 8, optimizer: { type: 'Adam', params: { lr: 3e-4 } } }));
    assert.equal(file.status, 'not-simulated');
    assert.match(file.note ?? '', /no scheduler block: the learning-rate schedule is set by the training script/);
    assert.equal(findings.filter((f) => f.severity === 'error').length, 0);
  });

  test('no scheduler and no optimizer block: the note says the LR too is set by the script, and 1e-3 appears nowhere', () => {
    const { file } = check(JSON.stringify({ train_batch_size: 8, zero_optimization: { stage: 2 }, fp16: { enabled: true } }));
    assert.equal(file.status, 'not-simulated');
    assert.match(file.note ?? '', /LR too is set by the script/);
    assert.doesNotMatch(file.note ?? '', /1e-3|0\.001/);
  });

  test('a scheduler scaling the client optimizer\'s lr is not simulated; one that fixes every LR itself is', () => {
    const step = check(config({ type: 'StepLR', params: { step_size: 10 } }, {}, null));
    assert.equal(step.file.status, 'not-simulated');
    assert.match(step.file.note ?? '', /StepLR scales the optimizer's lr, and there is no optimizer block/);
    const cosine = check(config({ type: 'WarmupCosineLR', params: { total_num_steps: 100 } }, {}, null));
    assert.equal(cosine.file.status, 'not-simulated');
    const warmup = check(config({ type: 'WarmupLR', params: { warmup_max_lr: 1e-3, warmup_num_steps: 10 } }, {}, null));
    assert.equal(warmup.file.status, 'reviewed');
    const cyclic = check(config({ type: 'CyclicLR', params: { base_lr: 1e-4, max_lr: 1e-3, step_size_up: 5 } }, {}, null));
    assert.equal(cyclic.file.status, 'reviewed');
    assert.ok(cyclic.file.head!.plan.assumptions.some((a) => /client optimizer/.test(a)));
  });
});

describe('global batch size', () => {
  test('train_batch_size, or micro x accumulation x world size from the settings', () => {
    const scheduler = { type: 'WarmupLR', params: { warmup_max_lr: 1e-3 } };
    assert.equal(check(config(scheduler)).file.head!.plan.batchSize?.value, 8);
    const micro = JSON.stringify({ train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 2, optimizer: { type: 'Adam', params: { lr: 0.01 } }, scheduler });
    assert.equal(check(micro).file.head!.plan.batchSize, undefined);
    const withWorld = check(micro, settingsFromText('world-size:\n  "ds_config.json": 8\n', '.trainlint.yml')).file.head!.plan.batchSize;
    assert.equal(withWorld?.value, 64);
    assert.match(withWorld?.how ?? '', /4 x 2 x 8 = 64/);
  });
});

describe("DeepSpeed's unit-test scheduler configs (tests/unit/runtime/test_lr_schedulers.py @38327e07) are accepted and simulated", () => {
  const sets: Array<[string, Record<string, unknown>]> = [
    ['WarmupLR', {}],
    ['WarmupDecayLR', { warmup_num_steps: 10, total_num_steps: 20 }],
    ['WarmupCosineLR', { warmup_num_steps: 10, total_num_steps: 20 }],
    ['OneCycle', { cycle_min_lr: 0, cycle_max_lr: 0.1 }],
    ['LRRangeTest', {}],
    ['WarmupDecayLR', { warmup_num_steps: 5, total_num_steps: 10 }],
    ['OneCycle', { cycle_min_lr: 0, cycle_max_lr: 0.1, cycle_first_step_size: 5, decay_step_size: 5 }],
    ['LRRangeTest', { lr_range_test_min_lr: 1e-4, lr_range_test_step_size: 1 }],
    ...[10, 15, 19, 33].flatMap((w) => ['log', 'linear'].map((t): [string, Record<string, unknown>] => ['WarmupLR', { warmup_min_lr: 0, warmup_max_lr: 0.1, warmup_num_steps: w, warmup_type: t }])),
    ...[[1e-4, 1e-5, 1, true], [1e-3, 1e-3, 10, false], [1e-2, 1e-2, 19, true]].map(([min, rate, size, stairs]): [string, Record<string, unknown>] => ['LRRangeTest', { lr_range_test_min_lr: min, lr_range_test_step_rate: rate, lr_range_test_step_size: size, lr_range_test_staircase: stairs }]),
    ...[[1e-5, 1e-2, 1e-3, 10, 10], [1e-3, 1e-1, 0, 21, 21], [1e-5, 1e-1, 0, 10, 0]].map(([min, max, rate, cycle, decay]): [string, Record<string, unknown>] => ['OneCycle', { cycle_min_lr: min, cycle_max_lr: max, decay_lr_rate: rate, cycle_first_step_size: cycle, decay_step_size: decay }]),
    ['OneCycle', { cycle_min_lr: 1e-3, cycle_max_lr: 1e-2, cycle_min_mom: 0.08, cycle_max_mom: 0.09, decay_mom_rate: 1e-3, cycle_first_step_size: 10, decay_step_size: 10 }],
    ...[[100, 10, 0.1, 0.2], [600, 300, 0.1, 0], [600, 550, 0, 0]].map(([total, warmup, cos, min]): [string, Record<string, unknown>] => ['WarmupCosineLR', { total_num_steps: total, warmup_num_steps: warmup, cos_min_ratio: cos, warmup_min_ratio: min }]),
  ];
  for (const [type, params] of sets) {
    test(`${type} ${JSON.stringify(params)}`, () => {
      const { file, findings } = check(JSON.stringify({ train_batch_size: 2, steps_per_print: 1, optimizer: { type: 'Adam', params: { lr: 0.00015 } }, scheduler: { type, params }, gradient_clipping: 1.0 }));
      assert.equal(file.status, 'reviewed', file.note);
      assert.equal(findings.filter((f) => f.ruleId === 'TL002').length, 0, JSON.stringify(findings));
      const lrAt = file.head!.plan.schedule.lrAt;
      for (const k of [0, 1, 5, 20, 50]) assert.ok(Number.isFinite(lrAt(k)), `${type} update ${k}: ${lrAt(k)}`);
    });
  }
});
