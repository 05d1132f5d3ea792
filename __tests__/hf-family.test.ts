// The transformers family: hf-trainer (TrainingArguments YAML/JSON), axolotl and LLaMA-Factory dialects, the
// transformers / axolotl schedulers, and the step arithmetic and version semantics they share.
// (The goldens in ../shared/goldens check the LR values; these tests check the derivations and the decisions.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../src/pipeline/settings.ts';
import type { Resolved } from '../src/core/types.ts';
import { erasBetween } from '../src/dialects/hf/hf-plan.ts';
import { parseVersion, ratioSteps, schedulerKwargs, trainerSteps, trainerWarmup, transformersSemantics, WORLD_SIZE_ONE } from '../src/dialects/hf/hf-steps.ts';
import { jaggedScale, rexLrAtStep } from '../src/schedules/axolotl.ts';
import { buildHfSchedule, type HfScheduleInput } from '../src/schedules/transformers.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const r = (value: number, how = `x: ${value}`): Resolved => ({ value, how, from: [] });

/** The rule ids a review finds, with settings read from a `.trainlint.yml` text (as the CLI and the action read it). */
function idsWith(text: string, path: string, settingsText?: string): string[] {
  const settings = settingsText === undefined ? DEFAULT_SETTINGS : settingsFromText(settingsText, '.trainlint.yml');
  return review([{ path, text, explicit: true }], { settings }).findings.map((f) => f.ruleId).sort();
}

function check(text: string, options: { path?: string; datasets?: number; frameworks?: Record<string, string> } = {}) {
  const path = options.path ?? 'config.yaml';
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    datasets: options.datasets === undefined ? {} : { [path]: options.datasets },
    frameworks: options.frameworks ?? {},
  };
  const report = review([{ path, text, explicit: true }], { settings });
  const file = report.files[0]!;
  return { file, plan: file.head?.plan, findings: report.findings, ids: report.findings.map((f) => f.ruleId).sort() };
}

describe('transformers schedulers (optimization.py)', () => {
  const base: HfScheduleInput = { type: 'linear', lr: 1e-4, warmup: 10, total: 100, kwargs: {} };
  test('LambdaLR semantics: update 0 runs at 0 with warmup, the linear decay reaches 0 at num_training_steps', () => {
    const built = buildHfSchedule(base);
    assert.ok(built.ok);
    assert.equal(built.schedule.lrAt(0), 0);
    assert.equal(built.schedule.lrAt(10), 1e-4);
    assert.equal(built.schedule.lrAt(100), 0);
    assert.equal(built.schedule.lrAt(99), (1e-4 * 1) / 90);
  });
  test('an lr_scheduler_kwargs key the schedule does not take is the TypeError get_scheduler raises', () => {
    const built = buildHfSchedule({ ...base, kwargs: { num_cycles: 2 } });
    assert.ok(!built.ok && built.kind === 'invalid');
    assert.match(built.message, /num_cycles.*TypeError/);
    // constant and constant_with_warmup are built without the kwargs at all
    assert.ok(buildHfSchedule({ ...base, type: 'constant_with_warmup', kwargs: { anything: 1 } }).ok);
  });
  test('cosine_with_restarts declares a restart where each cycle starts; a fractional num_cycles leaves the last cycle unfinished', () => {
    const built = buildHfSchedule({ ...base, type: 'cosine_with_restarts', warmup: 50, total: 600, kwargs: { num_cycles: 3 } });
    assert.ok(built.ok);
    assert.deepEqual(built.schedule.declaredRestarts, [234, 417]);
    for (const k of built.schedule.declaredRestarts) assert.ok(built.schedule.lrAt(k) > built.schedule.lrAt(k - 1));
    const cut = buildHfSchedule({ ...base, type: 'cosine_with_restarts', warmup: 100, total: 2000, kwargs: { num_cycles: 2.5 } });
    assert.ok(cut.ok);
    const lastDecay = cut.schedule.phases.filter((p) => p.kind === 'decay').pop()!;
    assert.equal(lastDecay.end, 2380, 'the third wave would end at 100 + 1900 x 3 / 2.5');
  });
  test('polynomial refuses lr_end >= lr; cosine_with_min_lr needs one of min_lr / min_lr_rate', () => {
    assert.ok(!buildHfSchedule({ ...base, type: 'polynomial', kwargs: { lr_end: 1e-3 } }).ok);
    const noMin = buildHfSchedule({ ...base, type: 'cosine_with_min_lr' });
    assert.ok(!noMin.ok && /min_lr or min_lr_rate/.test(noMin.message));
    const both = buildHfSchedule({ ...base, type: 'cosine_with_min_lr', kwargs: { min_lr: 1e-6, min_lr_rate: 0.1 } });
    assert.ok(!both.ok && /Only one/.test(both.message));
  });
  test('cosine_warmup_with_min_lr counts from step + 1: warmup starts at lr / W and the minimum is reached at the last update', () => {
    const built = buildHfSchedule({ ...base, type: 'cosine_warmup_with_min_lr', kwargs: { min_lr: 1e-6 } });
    assert.ok(built.ok);
    assert.equal(built.schedule.lrAt(0), 1e-4 / 10);
    assert.ok(Math.abs(built.schedule.lrAt(99) - 1e-6) < 1e-18);
  });
  test('inverse_sqrt: timescale defaults to num_warmup_steps, or 10000 without warmup', () => {
    const built = buildHfSchedule({ ...base, type: 'inverse_sqrt', warmup: 0 });
    assert.ok(built.ok);
    assert.equal(built.schedule.lrAt(30000), 1e-4 * (1.0 / Math.sqrt((30000 + 10000) / 10000)));
  });
  test('reduce_lr_on_plateau and greedy follow eval metrics: not simulated', () => {
    for (const type of ['reduce_lr_on_plateau', 'greedy'] as const) {
      const built = buildHfSchedule({ ...base, type });
      assert.ok(!built.ok && built.kind === 'metric-driven');
    }
  });
});

describe('Trainer step arithmetic (hf-steps.ts)', () => {
  const names = { epochs: 'num_train_epochs', batch: 'per_device_train_batch_size', maxSteps: 'max_steps', gradAccum: 'gradient_accumulation_steps' };
  const inputs = { epochs: r(3, 'num_train_epochs: 3'), batch: r(8), gradAccum: r(4), worldSize: WORLD_SIZE_ONE, dropLast: false, datasetSize: 1000, names, path: 'configs/sft.yaml' };
  test('4.52 and later round the updates per epoch up; earlier releases down', () => {
    const ceil = trainerSteps({ ...inputs, rounding: 'ceil' });
    const floor = trainerSteps({ ...inputs, rounding: 'floor' });
    assert.ok(ceil.ok && floor.ok);
    assert.equal(ceil.total.value, 96);
    assert.equal(floor.total.value, 93);
    assert.match(ceil.total.how, /ceil\(num_train_epochs 3 x 32 updates per epoch\) = 96; 32 = max\(ceil\(125 batches \/ gradient_accumulation_steps 4\), 1\); 125 = ceil\(1000 samples/);
  });
  test('dataloader_drop_last floors the batches; max_steps > 0 overrides the epochs; no dataset size draws epochs of an assumed length', () => {
    const dropped = trainerSteps({ ...inputs, dropLast: true, datasetSize: 1007, rounding: 'ceil' });
    assert.ok(dropped.ok && dropped.total.value === 3 * 32);
    const fixed = trainerSteps({ ...inputs, maxSteps: r(500, 'max_steps: 500'), rounding: 'ceil' });
    assert.ok(fixed.ok && fixed.total.value === 500 && fixed.source === 'explicit');
    const { datasetSize: _drop, ...noData } = inputs;
    const unknown = trainerSteps({ ...noData, rounding: 'ceil' });
    assert.ok(unknown.ok && unknown.assumed);
    assert.deepEqual([unknown.assumed.epochs, unknown.assumed.updatesPerEpoch, unknown.total.value], [3, 1000, 3000]);
    assert.match(unknown.assumed.why, /ceil\(3 x max\(ceil\(len_dataloader \/ gradient_accumulation_steps 4\), 1\)\).*datasets: \{ "configs\/sft.yaml": N \}/);
    assert.match(unknown.total.how, /ceil\(3 epochs x 1000 updates per epoch\) = 3000 \(assumed/);
  });
  test('warmup per release: 4.x warmup_steps wins, 5.0-5.13 warmup_ratio wins, 5.14+ refuses warmup_ratio', () => {
    const total = r(1000);
    const steps = r(100, 'warmup_steps: 100');
    const ratio = r(0.03, 'warmup_ratio: 0.03');
    const v4 = trainerWarmup(transformersSemantics([4, 57, 6], true), total, steps, ratio);
    const v5 = trainerWarmup(transformersSemantics([5, 8, 0], true), total, steps, ratio);
    const v514 = trainerWarmup(transformersSemantics([5, 18, 0], true), total, steps, ratio);
    assert.ok(v4.ok && v4.steps.value === 100);
    assert.ok(v5.ok && v5.steps.value === 30);
    assert.ok(!v514.ok && /removed/.test(v514.message));
    const fraction = r(0.1, 'warmup_steps: 0.1');
    assert.ok(!trainerWarmup(transformersSemantics([4, 57, 6], true), total, fraction).ok, '4.x refuses a float warmup_steps');
    const v5fraction = trainerWarmup(transformersSemantics([5, 18, 0], true), total, fraction);
    assert.ok(v5fraction.ok && v5fraction.steps.value === 100);
  });
  test('a ratio rounds up and says so with its numbers (the LLMs-from-scratch case: 0.2 x 135 = 27)', () => {
    const w = ratioSteps('warmup_ratio', r(0.2), r(135));
    assert.equal(w.value, 27);
    assert.equal(w.how, 'warmup_ratio 0.2 x 135 steps = 27 -> ceil = 27');
    assert.equal(ratioSteps('warmup_ratio', r(0.1), r(96)).how, 'warmup_ratio 0.1 x 96 steps = 9.6 -> ceil = 10');
  });
  test('versions, eras and lr_scheduler_kwargs strings', () => {
    assert.deepEqual(parseVersion('transformers==4.46'), [4, 46, 0]);
    assert.deepEqual(parseVersion('v5.2.1'), [5, 2, 1]);
    assert.equal(parseVersion('latest'), null);
    assert.deepEqual(
      erasBetween([4, 0, 0], [5, 18, 0]).map((e) => e.label),
      ['4.0 to 4.51', '4.52 to 4.x', '5.0 to 5.3', '5.4 to 5.13', '5.14 to 5.18'],
    );
    assert.deepEqual(erasBetween([4, 55, 0], [5, 8, 0]).map((e) => e.label), ['4.55 to 4.x', '5.0 to 5.3', '5.4 to 5.8']);
    const kw = schedulerKwargs('{"num_cycles": "3", "min_lr_rate": "0.1"}');
    assert.ok(kw.ok);
    assert.deepEqual(kw.kwargs, { num_cycles: 3, min_lr_rate: 0.1 });
  });
});

describe('hf-trainer dialect', () => {
  test('detects TrainingArguments files, not other frameworks or the other family dialects', () => {
    assert.equal(check('learning_rate: 2.0e-5\nlr_scheduler_type: cosine\nnum_train_epochs: 1\n').file.dialect, 'hf-trainer');
    assert.equal(check('{"learning_rate": 2e-5, "per_device_train_batch_size": 4, "num_train_epochs": 1}', { path: 'args.json' }).file.dialect, 'hf-trainer');
    assert.equal(check('stage: sft\nfinetuning_type: lora\nlearning_rate: 1.0e-4\nlr_scheduler_type: cosine\n').file.dialect, 'llama-factory');
    assert.equal(check('lr_scheduler: cosine\nwarmup_ratio: 0.1\nlearning_rate: 1.0e-4\nmax_steps: 10\n').file.dialect, 'axolotl');
    assert.notEqual(check('optimizer:\n  _component_: torch.optim.AdamW\n  lr: 3e-4\nlr_scheduler:\n  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup\n  num_warmup_steps: 100\nepochs: 1\ngradient_accumulation_steps: 8\n').file.dialect, 'hf-trainer');
  });
  test('epochs and a dataset size from .trainlint.yml give the run with its arithmetic', () => {
    const text = 'learning_rate: 2.0e-5\nlr_scheduler_type: cosine\nwarmup_steps: 10\nnum_train_epochs: 3\nper_device_train_batch_size: 8\ngradient_accumulation_steps: 4\n';
    const { plan, ids } = check(text, { datasets: 1000 });
    assert.ok(plan);
    assert.equal(plan.totalSteps.value, 96);
    assert.equal(plan.totalStepsSource, 'derived');
    assert.ok(plan.assumptions.some((a) => /world size 1/.test(a)));
    // TL005: releases before 4.52 round 125 / 4 down (93 steps); TL109: 10 warmup steps are 10.4 % of 96.
    assert.deepEqual(ids, ['TL005', 'TL109']);
  });
  test('a pinned version is followed without TL005; unpinned warmup_ratio follows the newest release that accepts it', () => {
    const text = 'learning_rate: 2.0e-5\nlr_scheduler_type: cosine\nwarmup_ratio: 0.1\nmax_steps: 1000\nper_device_train_batch_size: 8\n';
    const unpinned = check(text);
    assert.match(unpinned.file.semantics ?? '', /5\.4 to 5\.13/);
    assert.deepEqual(unpinned.ids, ['TL005']);
    const pinned = check(text, { frameworks: { 'hf-trainer': '4.57' } });
    assert.deepEqual(pinned.ids, []);
    assert.equal(pinned.plan?.warmup?.steps.value, 100);
    const refused = check(text, { frameworks: { 'hf-trainer': '5.18' } });
    assert.equal(refused.file.head, undefined);
    assert.ok(refused.findings.some((f) => f.ruleId === 'TL002' && /removed in transformers 5\.14/.test(f.message)));
  });
  test('schedule bugs reach the rules: cut restart cycle (TL102), rising cosine (TL108), warmup longer than the run (TL103)', () => {
    const head = 'learning_rate: 1.0e-4\nper_device_train_batch_size: 8\n';
    assert.ok(check(`${head}lr_scheduler_type: cosine_with_restarts\nlr_scheduler_kwargs: {num_cycles: 2.5}\nwarmup_steps: 100\nmax_steps: 2000\n`).ids.includes('TL102'));
    assert.ok(check(`${head}lr_scheduler_type: cosine\nlr_scheduler_kwargs: {num_cycles: 0.75}\nwarmup_steps: 40\nmax_steps: 400\n`).ids.includes('TL108'));
    assert.deepEqual(check(`${head}lr_scheduler_type: cosine_with_restarts\nlr_scheduler_kwargs: {num_cycles: 3}\nwarmup_steps: 50\nmax_steps: 600\n`).ids, []);
    assert.ok(check(`${head}lr_scheduler_type: linear\nwarmup_steps: 200\nmax_steps: 100\n`).ids.includes('TL103'));
  });
  test('constant ignores the warmup, and the plan says so', () => {
    const { plan } = check('learning_rate: 1.0e-4\nlr_scheduler_type: constant\nwarmup_steps: 100\nmax_steps: 1000\nper_device_train_batch_size: 8\n');
    assert.ok(plan);
    assert.equal(plan.warmup, undefined);
    assert.equal(plan.schedule.lrAt(0), 1e-4);
    assert.ok(plan.assumptions.some((a) => /ignores the 100 warmup steps/.test(a)));
  });
});

describe('axolotl dialect', () => {
  const head = 'base_model: x\nlearning_rate: 1.0e-4\n';
  test('warmup: int(ratio x steps), the default min(int(0.03 x steps), 100), and 1 becomes 2', () => {
    assert.equal(check(`${head}warmup_ratio: 0.05\nmax_steps: 300\n`).plan?.warmup?.steps.value, 15);
    assert.equal(check(`${head}max_steps: 1000\n`).plan?.warmup?.steps.value, 30);
    assert.equal(check(`${head}max_steps: 12000\n`).plan?.warmup?.steps.value, 100);
    const one = check(`${head}warmup_steps: 1\nmax_steps: 120\n`).plan?.warmup?.steps;
    assert.equal(one?.value, 2);
    assert.match(one?.how ?? '', /1 into 2/);
  });
  test('the run: ceil(N x num_epochs / batch_size); warmup_ratio applies to min(that, max_steps), the scheduler to max_steps', () => {
    const epochs = check(`${head}micro_batch_size: 2\ngradient_accumulation_steps: 4\nnum_epochs: 3\nwarmup_ratio: 0.1\n`, { datasets: 1000 }).plan;
    assert.equal(epochs?.totalSteps.value, 375);
    assert.equal(epochs?.warmup?.steps.value, 37);
    const longer = check(`${head}warmup_ratio: 0.1\nmax_steps: 300\ncosine_min_lr_ratio: 0.05\n`, { datasets: 100 }).plan;
    assert.equal(longer?.totalSteps.value, 300);
    assert.equal(longer?.warmup?.steps.value, 10);
  });
  test('validation failures: both warmup keys, a fractional warmup_steps, no learning_rate', () => {
    for (const text of [`${head}warmup_steps: 20\nwarmup_ratio: 0.1\nmax_steps: 100\n`, `${head}warmup_steps: 0.1\nmax_steps: 100\n`, 'base_model: x\nmicro_batch_size: 2\nmax_steps: 100\n']) {
      const { ids, file } = check(text);
      assert.equal(file.head, undefined, text);
      assert.deepEqual(ids, ['TL002'], text);
    }
  });
  test('dispatch: cosine_min_lr_ratio 0 falls through to transformers cosine; quadratic warmup wins over min lr', () => {
    const zero = check(`${head}cosine_min_lr_ratio: 0.0\nwarmup_steps: 10\nmax_steps: 100\n`).plan!;
    assert.equal(zero.schedule.lrAt(99), 1e-4 * 0.5 * (1 + Math.cos((Math.PI * 89) / 90)));
    const quad = check(`${head}lr_quadratic_warmup: true\ncosine_min_lr_ratio: 0.1\nwarmup_steps: 10\nmax_steps: 100\n`).plan!;
    assert.equal(quad.schedule.lrAt(5), 1e-4 * 0.25);
    assert.equal(quad.decay?.minLr.value, 0);
  });
  test('RexLR: update k reads step k + 1 (0.8.x: step k, a jump at update 0); TL005 says so when unpinned', () => {
    const text = `${head}lr_scheduler: rex\nwarmup_steps: 25\nmax_steps: 400\ncosine_min_lr_ratio: 0.05\n`;
    const now = check(text);
    assert.equal(now.plan?.schedule.lrAt(0), 1e-4 / 25);
    assert.deepEqual(now.ids, ['TL005']);
    const old = check(text, { frameworks: { axolotl: '0.8.2' } });
    assert.deepEqual(old.ids, []);
    const args = { maxLr: 1e-4, minLr: 5e-6, totalSteps: 400, warmup: 25 };
    assert.equal(old.plan?.schedule.lrAt(0), rexLrAtStep(args, 0));
    assert.ok(rexLrAtStep(args, 0) > 4e-5, 'Python modulo: step_after -25 % 375 = 350');
  });
  test('jagged restarts: the inner schedule is read one step ahead, and each re-warmup is a declared rise', () => {
    const { plan, ids } = check(`${head}warmup_steps: 20\nmax_steps: 1000\njagged_restart_steps: 200\n`);
    assert.deepEqual(ids, []);
    assert.ok(plan);
    const j = { restartSteps: 200, warmupSteps: 10, annealSteps: 1, minLrScale: 0.001 };
    assert.equal(plan.schedule.lrAt(0), 1e-4 * (1 / 20) * jaggedScale(j, 1));
    assert.ok(plan.schedule.lrAt(199) < plan.schedule.lrAt(198) * 0.01);
    assert.ok(plan.schedule.declaredRestarts.includes(200));
  });
  test('one_cycle: torch OneCycleLR with pct_start = warmup / steps, lr_scheduler_kwargs passed on', () => {
    const plan = check(`${head}lr_scheduler: one_cycle\nlr_scheduler_kwargs: {div_factor: 10}\nwarmup_ratio: 0.1\nmax_steps: 250\n`).plan!;
    assert.ok(Math.abs(plan.schedule.lrAt(0) / (1e-4 / 10) - 1) < 1e-12);
    assert.ok(Math.abs(plan.schedule.lrAt(24) / 1e-4 - 1) < 1e-12);
    const bad = check(`${head}lr_scheduler: one_cycle\nlr_scheduler_kwargs: {max_lr: 0.1}\nmax_steps: 250\n`);
    assert.ok(bad.findings.some((f) => f.ruleId === 'TL002' && /TypeError/.test(f.message)));
  });
  const epochRun = `${head}micro_batch_size: 2\ngradient_accumulation_steps: 4\nnum_epochs: 3\n`;
  test('no dataset size: num_epochs drawn at the assumed length, the warmup computed from it as axolotl would, TL006 gives the formula', () => {
    const { plan, findings, ids } = check(`${epochRun}warmup_ratio: 0.05\n`, { path: 'sft/qwen.yaml' });
    assert.deepEqual(plan?.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [3, 1000]);
    assert.deepEqual([plan?.totalSteps.value, plan?.totalStepsSource], [3000, 'derived']);
    assert.equal(plan?.warmup?.steps.value, 150);
    assert.match(plan?.warmup?.steps.how ?? '', /int\(warmup_ratio 0\.05 x 3000 assumed steps\) = int\(150\) = 150/);
    assert.equal(check(`${head}num_epochs: 2\n`).plan?.warmup?.steps.value, 60, 'default min(int(0.03 x 2000), 100)');
    const tl006 = findings.find((f) => f.ruleId === 'TL006');
    assert.match(tl006?.message ?? '', /ceil\(N samples x num_epochs 3 \/ batch_size 8\).*datasets: \{ "sft\/qwen.yaml": N \}.*drawn over 3 epochs at an assumed 1000 updates per epoch/);
    assert.equal(tl006?.line, 5, 'on num_epochs');
    assert.deepEqual(ids, ['TL006']);
  });
  test('length rules judge the warmup only at a known length: TL109 (30 %) and TL103 (warmup_steps past the run)', () => {
    const path = 'sft/qwen.yaml';
    const sized = `datasets:\n  ${path}: 800\n`; // ceil(800 x 3 / 8) = 300 steps
    const share = `${epochRun}warmup_ratio: 0.3\n`;
    assert.deepEqual(idsWith(share, path), ['TL006']);
    assert.ok(idsWith(share, path, sized).includes('TL109'));
    const long = `${epochRun}warmup_steps: 3000\n`;
    assert.deepEqual(idsWith(long, path), ['TL006'], 'warmup 3000 = the assumed 3000 steps: not judged');
    const known = idsWith(long, path, sized);
    assert.ok(known.includes('TL103') && !known.includes('TL006'), known.join(', '));
  });
  test('sample_packing: drawn at the assumed length whatever the dataset size, TL006 and the note point at max_steps; streaming without max_steps stays an error', () => {
    const packed = `${epochRun}sample_packing: true\nwarmup_ratio: 0.05\n`;
    for (const datasets of [undefined, 1000]) {
      const { plan, findings } = check(packed, datasets === undefined ? {} : { datasets });
      assert.deepEqual([plan?.assumedLength?.epochs, plan?.totalSteps.value, plan?.warmup?.steps.value], [3, 3000, 150]);
      assert.match(findings.find((f) => f.ruleId === 'TL006')?.message ?? '', /token lengths of the packed dataset.*floor\(packed batches per epoch x num_epochs 3\).*set max_steps\. The curve is drawn over 3 epochs/);
      assert.ok(plan?.assumptions.some((a) => /drawn over 3 epochs.*skipped until the length is known: set max_steps/.test(a) && !/datasets:/.test(a)));
    }
    const streaming = check(`${epochRun}streaming: true\n`);
    assert.equal(streaming.file.head, undefined);
    assert.ok(streaming.findings.some((f) => f.ruleId === 'TL002' && /streaming dataset without max_steps/.test(f.message)));
  });
});

describe('llama-factory dialect', () => {
  const head = 'model_name_or_path: m\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: qwen3\nper_device_train_batch_size: 1\ngradient_accumulation_steps: 8\n';
  test('LLaMA-Factory fills warmup_stable_decay: a third stable, two thirds decay', () => {
    const plan = check(`${head}learning_rate: 1.0e-4\nlr_scheduler_type: warmup_stable_decay\nwarmup_steps: 100\nmax_steps: 1000\n`).plan!;
    assert.equal(plan.decay?.start.value, 100 + 300);
    assert.equal(plan.decay?.steps.value, 600);
    assert.ok(plan.assumptions.some((a) => /num_stable_steps = \(1000 - 100\) \/\/ 3 = 300/.test(a)));
  });
  test('`2e-5`: a float since 0.9.4 (OmegaConf), a string before: a TL004 warning unpinned (a loader reading, spec/rules.md), refused when pinned to 0.9.3', () => {
    const text = `${head}learning_rate: 2e-5\nlr_scheduler_type: cosine\nmax_steps: 100\n`;
    const unpinned = check(text);
    assert.equal(unpinned.plan?.optimizer.lr.value, 2e-5);
    assert.deepEqual(unpinned.ids, ['TL004']);
    assert.equal(unpinned.findings[0]?.severity, 'warning');
    assert.equal(unpinned.findings[0]?.fix?.edits[0]?.value, '2.0e-5');
    const old = check(text, { frameworks: { 'llama-factory': '0.9.3' } });
    assert.equal(old.file.head, undefined);
    assert.ok(old.findings.some((f) => f.ruleId === 'TL002' && /issue #4014/.test(f.message)));
  });
  test('LLaMA-Factory 0.9.2 pairs with transformers <= 4.49: the updates per epoch round down', () => {
    const text = `${head}learning_rate: 1.0e-4\nlr_scheduler_type: cosine\nwarmup_ratio: 0.1\nnum_train_epochs: 1\n`;
    const plan = check(text, { datasets: 1003, frameworks: { 'llama-factory': '0.9.2' } }).plan!;
    assert.equal(plan.totalSteps.value, 125);
    assert.equal(check(text, { datasets: 1003 }).plan?.totalSteps.value, 126);
  });
  test('v1 configs: constant LR for max_steps updates without lr_scheduler_config', () => {
    const { file, plan, ids } = check('model: Qwen/Qwen3-0.6B\nmodel_class: llm\ntrain_dataset: data/x.yaml\nmicro_batch_size: 1\nlearning_rate: 1.0e-4\nmax_steps: 10\n');
    assert.equal(file.dialect, 'llama-factory');
    assert.equal(plan?.totalSteps.value, 10);
    assert.equal(plan?.schedule.lrAt(9), 1e-4);
    assert.deepEqual(ids, []);
  });
  const v1 = 'model: Qwen/Qwen3-0.6B\nmodel_class: llm\ntrain_dataset: data/x.yaml\nmicro_batch_size: 2\nglobal_batch_size: 8\nlearning_rate: 1.0e-4\nnum_train_epochs: 2\n';
  test('v1 configs without max_steps or a dataset size: num_train_epochs drawn at the assumed length, TL006 gives base_trainer\'s formula', () => {
    const { plan, findings, ids } = check(v1, { path: 'v1/sft.yaml' });
    assert.deepEqual(plan?.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [2, 1000]);
    assert.deepEqual([plan?.totalSteps.value, plan?.totalStepsSource, plan?.schedule.lrAt(1999)], [2000, 'derived', 1e-4]);
    const tl006 = findings.find((f) => f.ruleId === 'TL006');
    assert.match(tl006?.message ?? '', /num_train_epochs 2 x len\(train_batch_generator\).*floor\(floor\(N samples \/ world size 1 \(assumed\)\) \/ \(global_batch_size 8 \/ dp 1\)\).*datasets: \{ "v1\/sft.yaml": N \}.*drawn over 2 epochs/);
    assert.equal(tl006?.line, 7, 'on num_train_epochs');
    assert.deepEqual(ids, ['TL006']);
    assert.equal(check(v1.replace('num_train_epochs: 2\n', '')).plan?.assumedLength?.epochs, 3, 'num_train_epochs defaults to 3');
  });
  test('v1 configs with a dataset size and world size: num_train_epochs x floor(floor(N / dp) / (global_batch_size / dp)) updates', () => {
    const path = 'v1/sft.yaml';
    const settings = settingsFromText(`datasets:\n  ${path}: 1003\nworld-size:\n  ${path}: 2\n`, '.trainlint.yml');
    const report = review([{ path, text: v1, explicit: true }], { settings });
    const plan = report.files[0]?.head?.plan;
    // floor(1003 / 2) = 501 samples per replica, batches of 8 / 2 = 4: 125 per epoch.
    assert.equal(plan?.totalSteps.value, 250);
    assert.equal(plan?.assumedLength, undefined);
    assert.match(plan?.totalSteps.how ?? '', /num_train_epochs 2 x 125 batches = 250/);
    assert.deepEqual(report.findings.map((f) => f.ruleId), []);
  });
});

describe('examples', () => {
  const dir = (d: string) => join(REPO_ROOT, 'examples', d);
  const cases: Array<[string, string, string[]]> = [
    ['hf-trainer', 'sft-cosine-good.yaml', []],
    ['hf-trainer', 'sft-restarts-last-cycle-cut.yaml', ['TL102']],
    ['hf-trainer', 'sft-epochs-size-unknown.yaml', ['TL006']],
    ['axolotl', 'qwen-lora-good.yaml', []],
    ['axolotl', 'qwen-lora-warmup-steps-fraction.yaml', ['TL002']],
    ['llama-factory', 'qwen3-lora-sft-good.yaml', []],
    ['llama-factory', 'qwen3-lora-sft-debug-warmup-longer.yaml', ['TL103']],
  ];
  for (const [dialect, name, expected] of cases) {
    test(`${dialect}/${name}`, () => {
      const { file, ids } = check(readFileSync(join(dir(dialect), name), 'utf8'), { path: `examples/${dialect}/${name}` });
      assert.equal(file.dialect, dialect);
      for (const id of expected) assert.ok(ids.includes(id), `${name}: expected ${id}, got ${ids.join(', ') || 'nothing'}`);
      if (expected.length === 0) assert.deepEqual(ids, []);
    });
  }
});
