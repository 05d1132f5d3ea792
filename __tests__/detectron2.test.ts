// Detectron2 yacs configs (dialects/vision/detectron2.ts): `_BASE_` chains merged through the repository, SOLVER values
// coerced as yacs does, auto-scaling, and the LR curve as detectron2 + fvcore compute it. Configs written for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { detectron2Lr, type Detectron2Multiplier } from '../src/schedules/detectron2.ts';
import { literalEval } from '../src/dialects/vision/detectron2/yacs.ts';
import { pyRound } from '../src/dialects/vision/detectron2/solver.ts';
import { memoryRepo } from './support/memory-repo.ts';
import { workTreeView } from '../src/cli/repo-view.ts';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = ['MODEL:', '  META_ARCHITECTURE: "GeneralizedRCNN"', 'SOLVER:', '  IMS_PER_BATCH: 16', '  BASE_LR: 0.02', '  STEPS: (60000, 80000)', '  MAX_ITER: 90000', 'VERSION: 2', ''].join('\n');

function run(files: Record<string, string>, path: string, settings = DEFAULT_SETTINGS) {
  const repo = memoryRepo(files);
  return review([{ path, text: files[path]!, explicit: true }], { settings, repo });
}

function plan(files: Record<string, string>, path: string, settings = DEFAULT_SETTINGS) {
  return analyse(path, files[path]!, settings, { repo: memoryRepo(files) });
}

describe('detectron2 _BASE_ chains', () => {
  test('a config inherits SOLVER from its base (relative to its own folder) and overrides what it writes', () => {
    const files = { 'configs/Base-RCNN.yaml': BASE, 'configs/COCO/faster_3x.yaml': '_BASE_: "../Base-RCNN.yaml"\nSOLVER:\n  STEPS: (210000, 250000)\n  MAX_ITER: 270000\n' };
    const a = plan(files, 'configs/COCO/faster_3x.yaml');
    assert.equal(a.status, 'reviewed', a.context.planProblem?.message);
    const p = a.context.head!.plan;
    assert.equal(p.totalSteps.value, 270000);
    assert.equal(p.optimizer.lr.value, 0.02);
    assert.match(p.optimizer.lr.how, /configs\/Base-RCNN\.yaml line 5/);
    assert.equal(p.schedule.lrAt(209999), 0.02);
    assert.ok(Math.abs(p.schedule.lrAt(210000) - 0.002) < 1e-15);
  });

  test('a list of bases merges in order, later bases winning, the file last', () => {
    const files = { 'a.yaml': 'SOLVER:\n  BASE_LR: 0.01\n  MAX_ITER: 1000\n', 'b.yaml': 'SOLVER:\n  BASE_LR: 0.03\n', 'c.yaml': '_BASE_: ["a.yaml", "b.yaml"]\nSOLVER:\n  STEPS: []\n' };
    const p = plan(files, 'c.yaml').context.head!.plan;
    assert.equal(p.optimizer.lr.value, 0.03);
    assert.equal(p.totalSteps.value, 1000);
  });

  test('a cycle of bases is an error naming the chain (fvcore recurses until RecursionError)', () => {
    const files = { 'x.yaml': '_BASE_: "y.yaml"\nSOLVER:\n  MAX_ITER: 100\n', 'y.yaml': '_BASE_: "x.yaml"\n' };
    const a = plan(files, 'x.yaml');
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /x\.yaml -> y\.yaml -> x\.yaml.*RecursionError/);
  });

  test('a base outside the repository is not followed: refused-path info and no curve', () => {
    const root = mkdtempSync(join(tmpdir(), 'd2-'));
    mkdirSync(join(root, 'configs'));
    const text = '_BASE_: "../../elsewhere/Base.yaml"\nSOLVER:\n  MAX_ITER: 100\n';
    writeFileSync(join(root, 'configs/x.yaml'), text);
    const report = review([{ path: 'configs/x.yaml', text, explicit: true }], { settings: DEFAULT_SETTINGS, repo: workTreeView(root) });
    assert.equal(report.files[0]!.status, 'not-simulated');
    assert.ok(report.findings.some((f) => f.ruleId === 'TL006' && /elsewhere\/Base\.yaml/.test(f.message)), JSON.stringify(report.findings));
  });

  test('a missing base leaves the file not simulated, with the reason', () => {
    const a = plan({ 'x.yaml': '_BASE_: "Base.yaml"\nSOLVER:\n  MAX_ITER: 100\n' }, 'x.yaml');
    assert.equal(a.status, 'not-simulated');
    assert.match(a.context.planProblem!.message, /Base\.yaml.*not in the repository/);
  });

  test('a chain with no SOLVER section is a partial config, not an invented default curve', () => {
    const a = plan({ 'm.yaml': 'MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\n  MASK_ON: True\nINPUT:\n  MIN_SIZE_TRAIN: (800,)\n' }, 'm.yaml');
    assert.equal(a.context.dialectId, 'detectron2');
    assert.equal(a.status, 'not-simulated');
    assert.match(a.context.planProblem!.message, /no SOLVER section/);
  });
});

describe('detectron2 SOLVER values as yacs reads them', () => {
  test('literal_eval: tuples need a comma, 1e-3 is a float, bare words stay strings', () => {
    assert.deepEqual(literalEval('(30,)'), { type: 'tuple', items: [{ type: 'int', value: 30 }] });
    assert.deepEqual(literalEval('(30)'), { type: 'int', value: 30 });
    assert.deepEqual(literalEval('1e-3'), { type: 'float', value: 0.001 });
    assert.equal(literalEval('WarmupCosineLR'), undefined);
  });

  test('an int where defaults.py has a float is the Type mismatch yacs raises', () => {
    const a = plan({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  BASE_LR: 1\n  MAX_ITER: 100\n' }, 'x.yaml');
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /Type mismatch.*SOLVER\.BASE_LR/);
  });

  test('STEPS written as a single number is a type error; 1e-3 (a string to PyYAML) is read as a float', () => {
    assert.match(plan({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  STEPS: 300\n' }, 'x.yaml').context.planProblem!.message, /Type mismatch.*SOLVER\.STEPS/);
    const p = plan({ 'y.yaml': 'VERSION: 2\nSOLVER:\n  BASE_LR: 1e-3\n  MAX_ITER: 2000\n  STEPS: []\n' }, 'y.yaml').context.head!.plan;
    assert.equal(p.optimizer.lr.value, 0.001);
  });

  test('defaults come from config/defaults.py and say so', () => {
    const p = plan({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  IMS_PER_BATCH: 2\n' }, 'x.yaml').context.head!.plan;
    assert.equal(p.totalSteps.value, 40000);
    assert.equal(p.optimizer.lr.value, 0.001);
    assert.match(p.warmup!.steps.how, /defaults\.py/);
  });
});

describe('detectron2 findings', () => {
  test('every STEPS entry past MAX_ITER (written in a base): the LR never decays, an error', () => {
    const files = { 'configs/Base-RCNN.yaml': BASE, 'configs/mine.yaml': '_BASE_: "Base-RCNN.yaml"\nSOLVER:\n  BASE_LR: 0.00025\n  MAX_ITER: 2000\n  WARMUP_ITERS: 100\n' };
    const report = run(files, 'configs/mine.yaml');
    const hit = report.findings.find((f) => f.ruleId === 'TL102');
    assert.ok(hit, JSON.stringify(report.findings.map((f) => f.message)));
    assert.equal(hit.severity, 'error');
    assert.match(hit.message, /never decays/);
  });

  test('a STEPS entry past MAX_ITER with another inside the run: a warning, with the LR reached', () => {
    const files = { 'x.yaml': 'VERSION: 2\nSOLVER:\n  BASE_LR: 0.01\n  STEPS: (3000, 5000)\n  MAX_ITER: 4000\n  WARMUP_ITERS: 100\n' };
    const report = run(files, 'x.yaml');
    const hit = report.findings.find((f) => f.ruleId === 'TL102');
    assert.ok(hit);
    assert.equal(hit.severity, 'warning');
    assert.match(hit.message, /5000/);
    assert.equal(report.findings.filter((f) => f.severity === 'error').length, 0);
  });

  test('the default STEPS past a short run is never asked for: no finding, the plan says why the LR stays flat', () => {
    const a = plan({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  BASE_LR: 0.00025\n  MAX_ITER: 1500\n  WARMUP_ITERS: 100\n' }, 'x.yaml');
    assert.equal(a.context.head!.plan.decay, undefined);
    assert.ok(a.context.head!.plan.assumptions.some((s) => /30000.*beyond MAX_ITER 1500/.test(s)));
  });

  test('WARMUP_ITERS above MAX_ITER: TL103 as a warning (detectron2 clamps the ramp into the whole run on purpose, as its tutorial and smoke tests run), no second finding on the steps', () => {
    const report = run({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  BASE_LR: 0.00025\n  MAX_ITER: 300\n  STEPS: (200,)\n' }, 'x.yaml');
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
    const flagged = report.findings.filter((f) => f.severity === 'warning');
    assert.deepEqual(flagged.map((f) => f.ruleId), ['TL103']);
    assert.match(flagged[0]!.message, /1000.*300/);
    assert.match(flagged[0]!.message, /detectron2 clamps the warmup to the run on purpose .* never trains at the LR it was tuned for/);
  });

  test('a step equal to MAX_ITER is refused as fvcore refuses it', () => {
    const a = plan({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  STEPS: (1000,)\n  MAX_ITER: 1000\n  WARMUP_ITERS: 10\n' }, 'x.yaml');
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /Milestone must be smaller than total number of updates: num_updates=1000, milestone=1000/);
  });

  test('a project scheduler name is not simulated (its trainer builds it)', () => {
    const a = plan({ 'x.yaml': 'VERSION: 2\nSOLVER:\n  LR_SCHEDULER_NAME: "WarmupPolyLR"\n  MAX_ITER: 1000\n' }, 'x.yaml');
    assert.equal(a.status, 'not-simulated');
  });
});

describe('detectron2 REFERENCE_WORLD_SIZE', () => {
  const text = 'VERSION: 2\nSOLVER:\n  IMS_PER_BATCH: 16\n  BASE_LR: 0.1\n  REFERENCE_WORLD_SIZE: 8\n  MAX_ITER: 5000\n  WARMUP_ITERS: 101\n  STEPS: (4001,)\n';
  test('on 16 processes the solver is scaled as auto_scale_workers does (Python round: half to even)', () => {
    const settings = { ...DEFAULT_SETTINGS, worldSizes: { 'x.yaml': 16 } };
    const p = plan({ 'x.yaml': text }, 'x.yaml', settings).context.head!.plan;
    assert.equal(p.optimizer.lr.value, 0.2);
    assert.equal(p.totalSteps.value, 2500);
    assert.equal(p.warmup!.steps.value, 50); // round(50.5) = 50
    assert.equal(p.batchSize!.value, 32);
    // STEPS 4001 / 2 = 2000.5 rounds to 2000: the drop is at iteration 2000.
    assert.equal(p.schedule.lrAt(1999), 0.2);
    assert.ok(Math.abs(p.schedule.lrAt(2000) - 0.02) < 1e-15);
    assert.equal(pyRound(2.5), 2);
    assert.equal(pyRound(3.5), 4);
  });

  test('with the world size unknown, no scaling and the assumption said once', () => {
    const p = plan({ 'x.yaml': text }, 'x.yaml').context.head!.plan;
    assert.equal(p.totalSteps.value, 5000);
    assert.equal(p.assumptions.filter((s) => /REFERENCE_WORLD_SIZE/.test(s)).length, 1);
  });
});

describe('fvcore multiplier', () => {
  test('fixed-interval warmup ends at the cosine value at the warmup end, not at BASE_LR', () => {
    const m: Detectron2Multiplier = { main: { name: 'WarmupCosineLR', endValue: 0 }, warmupFactor: 0.001, warmupLength: 0.1, warmupMethod: 'linear', rescaleInterval: false };
    const lr = detectron2Lr(m, 0.01, 5000);
    assert.equal(lr(0), 0.01 * 0.001);
    assert.ok(lr(499) < 0.01 * (0.5 * (1 + Math.cos(Math.PI * 0.1))));
  });

  test('constant warmup holds BASE_LR x WARMUP_FACTOR', () => {
    const m: Detectron2Multiplier = { main: { name: 'WarmupMultiStepLR', gamma: 0.1, milestones: [], numUpdates: 1000 }, warmupFactor: 0.1, warmupLength: 0.1, warmupMethod: 'constant', rescaleInterval: false };
    const lr = detectron2Lr(m, 1, 1000);
    assert.ok(Math.abs(lr(50) - 0.1) < 1e-15);
    assert.equal(lr(100), 1);
  });
});

describe('detectron2 detection', () => {
  test('lower-case keys or unrelated upper-case YAML are not detectron2', () => {
    assert.notEqual(analyse('x.yaml', 'SOLVER: 1\nNAME: x\n', DEFAULT_SETTINGS).context.dialectId, 'detectron2');
    assert.notEqual(analyse('x.yaml', 'lr: 0.1\nSOLVER:\n  MAX_ITER: 10\n', DEFAULT_SETTINGS).context.dialectId, 'detectron2');
  });
});

describe('detectron2 LazyConfig files', () => {
  test('a LazyConfig training file is recognised and marked not simulated, with the reason', () => {
    const text = 'from detectron2.config import LazyCall as L\nfrom ..common.coco_schedule import lr_multiplier_1x as lr_multiplier\nfrom ..common.train import train\n\ntrain.max_iter = 90000\n';
    const a = analyse('configs/COCO/retinanet.py', text, DEFAULT_SETTINGS);
    assert.equal(a.context.dialectId, 'detectron2');
    assert.equal(a.status, 'not-simulated');
    assert.match(a.context.planProblem!.message, /LazyConfig/);
  });

  test('a Python file that defines schedules for others (no module-level lr_multiplier) is not taken', () => {
    const text = 'from detectron2.config import LazyCall as L\n\ndef default_X_scheduler(n):\n    return n\n\nlr_multiplier_1x = default_X_scheduler(1)\n';
    assert.notEqual(analyse('configs/common/coco_schedule.py', text, DEFAULT_SETTINGS).context.dialectId, 'detectron2');
  });
});

describe('other yacs trainers are not detectron2', () => {
  test('maskrcnn-benchmark (MODEL.BACKBONE.CONV_BODY) and epoch-based SOLVERs (fast-reid MAX_EPOCH / SCHED) are left alone', () => {
    const mrcnn = 'MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\n  BACKBONE:\n    CONV_BODY: "R-50-FPN"\nSOLVER:\n  BASE_LR: 0.02\n  STEPS: (60000, 80000)\n  MAX_ITER: 90000\n';
    assert.notEqual(analyse('e2e_faster_rcnn.yaml', mrcnn, DEFAULT_SETTINGS).context.dialectId, 'detectron2');
    const reid = '_BASE_: ../Base-bagtricks.yml\nSOLVER:\n  OPT: Adam\n  MAX_EPOCH: 120\n  BASE_LR: 0.00035\n  SCHED: MultiStepLR\n  STEPS: [40, 90]\n';
    assert.notEqual(analyse('bagtricks_R50.yml', reid, DEFAULT_SETTINGS).context.dialectId, 'detectron2');
  });
});

describe('detectron2 loads with allow_unsafe=True (sweep of real repositories)', () => {
  const TAGGED = ['_BASE_: "../Base-RCNN.yaml"', 'INPUT:', '  MIN_SIZE_TRAIN: !!python/object/apply:eval ["[x * 32 for x in range(10, 21)]"]', 'SOLVER:', '  BASE_LR: 0.0001', '  STEPS: (40000,)', '  MAX_ITER: 50000', ''].join('\n');

  test('a !!python tag outside SOLVER loads (merge_from_file falls back to yaml.unsafe_load): reviewed, no parse error', () => {
    const files = { 'configs/Base-RCNN.yaml': BASE, 'configs/seg/tagged.yaml': TAGGED };
    const report = run(files, 'configs/seg/tagged.yaml');
    assert.equal(report.files[0]!.status, 'reviewed', JSON.stringify(report.files[0]));
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
    const a = plan(files, 'configs/seg/tagged.yaml');
    assert.equal(a.context.head!.plan.totalSteps.value, 50000);
  });

  test('a !!python tag on a SOLVER value: not simulated, saying why (its value comes from running Python)', () => {
    const text = ['VERSION: 2', 'SOLVER:', '  BASE_LR: 0.01', '  STEPS: !!python/object/apply:eval ["(30000, 40000)"]', '  MAX_ITER: 50000', ''].join('\n');
    const report = run({ 'x.yaml': text }, 'x.yaml');
    assert.equal(report.files[0]!.status, 'not-simulated');
    assert.match(report.files[0]!.note ?? '', /SOLVER\.STEPS.*unsafe_load/);
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });

  test('what unsafe_load refuses too (an unknown local tag) still stops the run', () => {
    const text = ['VERSION: 2', 'INPUT:', '  MIN_SIZE_TRAIN: !custom 640', 'SOLVER:', '  BASE_LR: 0.01', '  MAX_ITER: 5000', ''].join('\n');
    const report = run({ 'x.yaml': text }, 'x.yaml');
    assert.equal(report.files[0]!.status, 'unparsed');
  });
});
