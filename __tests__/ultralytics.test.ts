// Ultralytics YOLO: train YAMLs and `yolo train k=v` launches, the dataset YAML read through the repository, and the
// files of a YOLO repository that are not train configs (dataset, model, tracker YAMLs, YOLOv5 hyps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { memoryRepo } from './support/memory-repo.ts';
import { simulateYolo } from '../src/dialects/vision/ultralytics/simulate.ts';

const TRAIN = ['model: yolo11n.pt', 'data: data/parts.yaml', 'epochs: 20', 'batch: 16', 'imgsz: 640', 'optimizer: SGD', 'lr0: 0.02', 'lrf: 0.05', 'warmup_epochs: 2', 'mosaic: 1.0', ''].join('\n');
const DATASET = ['path: data/parts', 'train: images/train', 'val: images/val', 'names:', '  0: bolt', '  1: nut', ''].join('\n');

function imagesRepo(count: number, extra: Record<string, string> = {}): ReturnType<typeof memoryRepo> {
  const files: Record<string, string> = { 'data/parts.yaml': DATASET, ...extra };
  for (let i = 0; i < count; i++) files[`data/parts/images/train/${i % 2 ? 'a' : 'b'}/img${i}.jpg`] = 'x';
  files['data/parts/images/train/readme.md'] = 'not an image';
  return memoryRepo(files);
}

test('a train YAML whose dataset YAML lists 100 images in the repository: 7 batches per epoch and the exact updates', () => {
  const a = analyse('train.yaml', TRAIN, DEFAULT_SETTINGS, { repo: imagesRepo(100) });
  assert.equal(a.context.dialectId, 'ultralytics');
  const plan = a.context.head!.plan;
  const expected = simulateYolo({ version: '8.4', lr0: 0.02, lrf: 0.05, cosLr: false, warmupEpochs: 2, epochs: 20, batch: 16, nbs: 64, nb: 7 });
  assert.ok(!('tooLong' in expected));
  assert.equal(plan.totalSteps.value, expected.totalSteps);
  assert.equal(plan.assumedLength, undefined);
  assert.equal(plan.schedule.lrAt(0), 0);
  assert.equal(plan.schedule.lrAt(plan.totalSteps.value - 1), expected.lrAt(expected.totalSteps - 1));
  assert.match(plan.assumptions.join(' '), /7 batches per epoch = ceil\(100 images \/ batch 16\)/);
});

test('without the images the curve is drawn per batch on the epoch axis and the plan says the batch count is unknown', () => {
  const a = analyse('train.yaml', TRAIN, DEFAULT_SETTINGS, { repo: memoryRepo({ 'data/parts.yaml': DATASET }) });
  const plan = a.context.head!.plan;
  assert.ok(plan.assumedLength);
  assert.equal(plan.assumedLength.epochs, 20);
  assert.match(plan.assumptions.join(' '), /image count is unknown/);
  assert.match(plan.assumptions.join(' '), /at least 100 batches/);
});

test('optimizer=auto with a configured lr0: a TL106 warning with the numbers, and the AdamW LR fit from the class count', () => {
  const text = TRAIN.replace('optimizer: SGD', 'optimizer: auto').replace('lr0: 0.02', 'lr0: 0.0005');
  const repo = imagesRepo(100);
  const a = analyse('train.yaml', text, DEFAULT_SETTINGS, { repo });
  const plan = a.context.head!.plan;
  // iterations = ceil(100 / 64) x 20 = 40 <= 10000: AdamW at round(0.01 / (4 + 2), 6) = 0.001667
  assert.equal(plan.optimizer.name.value, 'AdamW');
  assert.equal(plan.optimizer.lr.value, 0.001667);
  const report = review([{ path: 'train.yaml', text, explicit: true }], { settings: DEFAULT_SETTINGS, repo });
  const hit = report.findings.find((f) => f.ruleId === 'TL106');
  assert.ok(hit, JSON.stringify(report.findings.map((f) => f.message)));
  assert.equal(hit.severity, 'warning');
  assert.match(hit.message, /lr0 5e-4 is ignored/);
  assert.ok(!report.findings.some((f) => f.severity === 'error'));
});

test('optimizer=auto with an unknown image count: not simulated, and the ignored lr0 is still reported', () => {
  const text = TRAIN.replace('optimizer: SGD', 'optimizer: auto').replace('lr0: 0.02', 'lr0: 0.0005');
  const a = analyse('train.yaml', text, DEFAULT_SETTINGS);
  assert.equal(a.status, 'not-simulated');
  const report = review([{ path: 'train.yaml', text, explicit: true }], { settings: DEFAULT_SETTINGS });
  assert.ok(report.findings.some((f) => f.ruleId === 'TL106' && f.severity === 'warning'));
});

test('a text list of images counts its lines; fraction keeps round(n x fraction)', () => {
  const dataset = ['train: lists/train.txt', 'val: lists/val.txt', 'names: [a, b, c]', ''].join('\n');
  const list = Array.from({ length: 64 }, (_, i) => `./images/${i}.jpg`).join('\n');
  const repo = memoryRepo({ 'd.yaml': dataset, 'lists/train.txt': `${list}\n` });
  const text = ['data: d.yaml', 'epochs: 10', 'batch: 16', 'optimizer: SGD', 'lr0: 0.01', 'lrf: 0.01', 'warmup_epochs: 1', 'fraction: 0.5', ''].join('\n');
  const a = analyse('cfg.yaml', text, DEFAULT_SETTINGS, { repo });
  assert.match(a.context.head!.plan.assumptions.join(' '), /2 batches per epoch = ceil\(32 images/);
});

test('8.3 (pinned) warms up at least 100 batches: a short run is all warmup (TL103)', () => {
  const text = ['data: data/parts.yaml', 'epochs: 5', 'batch: 16', 'optimizer: SGD', 'lr0: 0.01', 'lrf: 0.01', 'warmup_epochs: 3', 'imgsz: 640', ''].join('\n');
  const settings = { ...DEFAULT_SETTINGS, frameworks: { ultralytics: '8.3' } };
  const report = review([{ path: 'train.yaml', text, explicit: true }], { settings, repo: imagesRepo(100) });
  assert.ok(report.findings.some((f) => f.ruleId === 'TL103'), report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  const latest = review([{ path: 'train.yaml', text, explicit: true }], { settings: DEFAULT_SETTINGS, repo: imagesRepo(100) });
  assert.ok(!latest.findings.some((f) => f.ruleId === 'TL103'));
});

test('a `yolo detect train k=v` launch line is read as the run, with its overrides on the defaults', () => {
  const script = ['#!/bin/bash', 'pip install ultralytics', 'yolo detect train data=data/parts.yaml model=yolo11n.pt epochs=20 batch=16 optimizer=SGD lr0=0.02 lrf=0.05 warmup_epochs=2', ''].join('\n');
  const a = analyse('train.sh', script, DEFAULT_SETTINGS, { repo: imagesRepo(100) });
  assert.equal(a.context.dialectId, 'ultralytics');
  assert.equal(a.context.head!.plan.optimizer.lr.value, 0.02);
  assert.equal(a.context.head!.plan.optimizer.lr.from[0]?.span.line, 3);
});

test('time= and AutoBatch are not simulated, with the reason', () => {
  const timed = analyse('t.yaml', ['lr0: 0.01', 'lrf: 0.01', 'warmup_epochs: 3', 'optimizer: SGD', 'time: 2.5', ''].join('\n'), DEFAULT_SETTINGS);
  assert.equal(timed.status, 'not-simulated');
  const auto = analyse('b.yaml', ['lr0: 0.01', 'lrf: 0.01', 'warmup_epochs: 3', 'optimizer: SGD', 'batch: -1', ''].join('\n'), DEFAULT_SETTINGS);
  assert.equal(auto.status, 'not-simulated');
});

test('dataset, model, tracker YAMLs and YOLOv5 hyps are not YOLO train configs', () => {
  const files: Record<string, string> = {
    'coco8.yaml': DATASET,
    'yolo11.yaml': ['nc: 80', 'scales:', '  n: [0.50, 0.25, 1024]', 'backbone:', '  - [-1, 1, Conv, [64, 3, 2]]', 'head:', '  - [-1, 1, Detect, [nc]]', ''].join('\n'),
    'botsort.yaml': ['tracker_type: botsort', 'track_high_thresh: 0.25', ''].join('\n'),
    'hyp.scratch-low.yaml': ['lr0: 0.01', 'lrf: 0.01', 'momentum: 0.937', 'warmup_epochs: 3.0', 'warmup_bias_lr: 0.1', 'obj_pw: 1.0', 'iou_t: 0.2', 'anchor_t: 4.0', 'mosaic: 1.0', ''].join('\n'),
  };
  for (const [path, text] of Object.entries(files)) assert.notEqual(analyse(path, text, DEFAULT_SETTINGS).context.dialectId, 'ultralytics', path);
});
