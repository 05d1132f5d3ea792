// The timm dialect: train.py's `--config` YAML and launch lines (distributed_train.sh N, train.py), merged as train.py
// merges them; lr from lr_base and the global batch; per-epoch vs per-update stepping; the run's real epoch count
// (cycles + cooldown, warmup_prefix); findings on configs written for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RepoView, TrainingPlan } from '../src/core/plan.ts';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/pipeline/settings.ts';
import { memoryRepo } from './support/memory-repo.ts';

function check(path: string, text: string, options: { datasetSize?: number; repo?: RepoView; worldSize?: number } = {}) {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    datasets: options.datasetSize !== undefined ? { [path]: options.datasetSize } : {},
    worldSizes: options.worldSize !== undefined ? { [path]: options.worldSize } : {},
  };
  const report = review([{ path, text, explicit: true }], { settings, ...(options.repo ? { repo: options.repo } : {}) });
  const file = report.files[0]!;
  return { file, plan: file.head?.plan as TrainingPlan | undefined, findings: report.findings };
}

const yaml = (lines: string[]) => `${lines.join('\n')}\n`;

describe('timm: --config YAML', () => {
  test('a hand-written config is read with train.py defaults; PyYAML\'s string "1e-3" is converted by argparse', () => {
    const { file, plan, findings } = check('configs/vit.yaml', yaml(['model: vit_small_patch16_224', 'sched: cosine', 'opt: adamw', 'lr: 1e-3', 'epochs: 100', 'warmup_epochs: 5', 'min_lr: 1.0e-5']), { datasetSize: 12800 });
    assert.equal(file.dialect, 'timm');
    assert.equal(file.status, 'reviewed');
    // floor(12800 / 128) = 100 batches per epoch; 100 epochs.
    assert.equal(plan!.totalSteps.value, 10000);
    assert.equal(plan!.optimizer.lr.value, 1e-3);
    // Per epoch: every update of epoch 0 uses warmup_lr 1e-5, epoch 1 the next warmup value.
    assert.equal(plan!.schedule.lrAt(0), 1e-5);
    assert.equal(plan!.schedule.lrAt(99), 1e-5);
    assert.equal(plan!.schedule.lrAt(100), 1e-5 + (1e-3 - 1e-5) / 5);
    assert.equal(plan!.warmup!.steps.value, 500);
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
  });

  test('without a dataset size the curve is drawn on an epoch axis and says so', () => {
    const { plan } = check('configs/r50.yaml', yaml(['model: resnet50', 'sched: step', 'epochs: 90', 'decay_epochs: 30', 'lr: 0.1', 'warmup_epochs: 0']));
    assert.ok(plan!.assumedLength);
    assert.equal(plan!.assumedLength!.epochs, 90);
    assert.ok(plan!.assumptions.some((a) => /dataset size is unknown/.test(a)));
    assert.equal(plan!.schedule.lrAt(29 * 1000), 0.1);
    assert.ok(Math.abs(plan!.schedule.lrAt(30 * 1000) - 0.01) < 1e-15);
  });

  test('the real epoch count: cycles and cooldown lengthen the run beyond `epochs`, and the plan says so with the numbers', () => {
    const { plan, findings } = check('configs/cycles.yaml', yaml(['model: resnet50', 'sched: cosine', 'lr: 0.1', 'epochs: 10', 'warmup_epochs: 0', 'lr_cycle_limit: 3', 'cooldown_epochs: 5', 'min_lr: 1.0e-5']), { datasetSize: 1280 });
    // 10 + 10 + 10 cycle epochs + 5 cooldown = 35 epochs of 10 updates.
    assert.equal(plan!.totalSteps.value, 350);
    assert.ok(plan!.assumptions.some((a) => /train\.py runs 35 epochs, not epochs 10/.test(a)), plan!.assumptions.join('\n'));
    assert.deepEqual(plan!.schedule.declaredRestarts, [100, 200]);
    // The cooldown at min_lr is deliberate: not a decay that ended early.
    assert.deepEqual(findings.filter((f) => f.ruleId === 'TL101' || f.ruleId === 'TL108'), []);
  });

  test('lr unset: lr_base x global batch / lr_base_size, sqrt for adamw, with the world size from .trainlint.yml', () => {
    const { plan } = check('configs/base.yaml', yaml(['model: resnet50', 'sched: cosine', 'opt: adamw', 'lr: null', 'lr_base: 5.0e-4', 'batch_size: 256', 'grad_accum_steps: 2']), { worldSize: 8 });
    // global batch 256 x 8 x 2 = 4096; sqrt(4096 / 256) = 4.
    assert.equal(plan!.optimizer.lr.value, 5e-4 * 4);
    assert.match(plan!.optimizer.lr.how, /sqrt/);
  });

  test('warmup longer than the run: TL103 with both counts', () => {
    const { findings } = check('configs/short.yaml', yaml(['model: resnet18', 'sched: cosine', 'lr: 0.01', 'epochs: 4', 'warmup_epochs: 6']), { datasetSize: 1280 });
    const hit = findings.find((f) => f.ruleId === 'TL103');
    assert.ok(hit, findings.map((f) => f.ruleId).join(','));
    assert.equal(hit!.severity, 'error');
    assert.match(hit!.message, /60/);
    assert.match(hit!.message, /40/);
  });

  test('sched_on_updates: the scheduler counts updates; multistep decays one epoch early', () => {
    const upd = check('configs/upd.yaml', yaml(['model: resnet50', 'sched: cosine', 'lr: 0.001', 'epochs: 10', 'warmup_epochs: 1', 'warmup_lr: 0.0', 'sched_on_updates: true']), { datasetSize: 1280 });
    assert.equal(upd.plan!.schedule.lrAt(5), 0.001 * 5 / 10);
    const ms = check('configs/ms.yaml', yaml(['model: resnet50', 'sched: multistep', 'lr: 0.1', 'epochs: 6', 'warmup_epochs: 0', 'decay_milestones: [3, 5]']), { datasetSize: 1280 });
    assert.equal(ms.plan!.schedule.lrAt(19), 0.1);
    assert.ok(Math.abs(ms.plan!.schedule.lrAt(20) - 0.01) < 1e-15, 'decayed at epoch 2 = milestone 3 - 1');
  });

  test('plateau is not simulated; an unknown sched builds no scheduler and the LR stays constant (stated)', () => {
    assert.equal(check('configs/p.yaml', yaml(['model: resnet50', 'sched: plateau', 'lr: 0.1', 'epochs: 10'])).file.status, 'not-simulated');
    const none = check('configs/n.yaml', yaml(['model: resnet50', 'sched: none', 'opt: sgd', 'lr: 0.1', 'epochs: 10']), { datasetSize: 1280 });
    assert.equal(none.plan!.schedule.lrAt(50), 0.1);
    assert.ok(none.plan!.assumptions.some((a) => /builds no scheduler for sched "none"/.test(a)));
  });

  test('an args.yaml train.py wrote (every argument, lr null) is detected and read', () => {
    const keys = ['aa: null', 'amp: true', 'batch_size: 64', 'bce_loss: false', 'channels_last: false', 'checkpoint_hist: 10', 'clip_grad: null', 'cooldown_epochs: 10', 'data_dir: /data', 'decay_epochs: 90', 'decay_milestones:', '- 90', '- 180', 'decay_rate: 0.1', 'drop: 0.0', 'drop_path: 0.1', 'epochs: 100', 'grad_accum_steps: 1', 'lr: null', 'lr_base: 0.1', 'lr_base_scale: \'\'', 'lr_base_size: 256', 'lr_cycle_decay: 0.5', 'lr_cycle_limit: 1', 'lr_cycle_mul: 1.0', 'lr_k_decay: 1.0', 'lr_noise: null', 'min_lr: 1.0e-05', 'model: resnet50', 'momentum: 0.9', 'opt: sgd', 'sched: cosine', 'sched_on_updates: false', 'seed: 42', 'warmup_epochs: 5', 'warmup_lr: 1.0e-05', 'warmup_prefix: false', 'weight_decay: 2.0e-05', 'workers: 4'];
    const { file, plan } = check('output/train/20240101-resnet50/args.yaml', yaml(keys), { datasetSize: 6400 });
    assert.equal(file.dialect, 'timm');
    assert.equal(plan!.optimizer.lr.value, 0.1 * (64 / 256));
    assert.equal(plan!.totalSteps.value, 110 * 100);
  });
});

describe('timm: launch lines', () => {
  test('distributed_train.sh N passes N processes; -c YAML then the flags, as train.py merges them', () => {
    const repo = memoryRepo({ 'scripts/cfg.yaml': yaml(['model: resnet50', 'sched: cosine', 'epochs: 50', 'lr: 0.5', 'warmup_epochs: 2']) });
    const text = ['#!/bin/bash', './distributed_train.sh 4 --data-dir /imagenet -c cfg.yaml --lr-base 0.1 --lr 0 -b 64 --epochs 20', ''].join('\n');
    const { file, plan } = check('scripts/run.sh', text, { repo, datasetSize: 25600 });
    assert.equal(file.dialect, 'timm', file.note);
    // --lr 0 means "not set": lr = 0.1 x (64 x 4 / 256) = 0.1 (linear for sgd).
    assert.equal(plan!.optimizer.lr.value, 0.1);
    // The flag's epochs win over the YAML's; per process floor(ceil(25600 / 4) / 64) = 100 batches.
    assert.equal(plan!.totalSteps.value, 20 * 100);
    assert.equal(plan!.warmup!.steps.value, 200);
  });

  test('a -c file that is not in the repository: not simulated, saying which', () => {
    const { file } = check('run.sh', './distributed_train.sh 8 -c missing.yaml --model resnet50 --sched cosine\n');
    assert.equal(file.status, 'not-simulated');
    assert.match(file.note ?? '', /missing\.yaml/);
  });

  test('torchrun ... train.py with timm flags; an unresolvable --lr is not simulated', () => {
    const ok = check('train.sh', 'torchrun --nproc_per_node=2 train.py --model resnet50 --sched step --decay-epochs 2.4 --decay-rate .97 --opt rmsproptf --lr .016 --epochs 10 --warmup-epochs 0\n', { datasetSize: 2560 });
    assert.equal(ok.file.dialect, 'timm');
    // decay_epochs is a float: t // 2.4 moves at epoch 3.
    assert.equal(ok.plan!.schedule.lrAt(2 * 10 + 9), 0.016);
    assert.ok(Math.abs(ok.plan!.schedule.lrAt(3 * 10) - 0.016 * 0.97) < 1e-15);
    const open = check('t2.sh', 'torchrun --nproc_per_node=2 train.py --model resnet50 --sched cosine --opt sgd --lr $(cat lr.txt)\n');
    assert.equal(open.file.status, 'not-simulated');
  });
});

describe('timm: detection takes only timm files', () => {
  test('other YAMLs with epochs / model / warmup_epochs are not timm', () => {
    const ultra = yaml(['model: yolo11n.pt', 'data: coco8.yaml', 'epochs: 100', 'lr0: 0.01', 'lrf: 0.01', 'warmup_epochs: 3.0', 'optimizer: auto', 'batch: 16']);
    assert.notEqual(check('cfg/default.yaml', ultra).file.dialect, 'timm');
    const hf = yaml(['model_name_or_path: gpt2', 'learning_rate: 2.0e-5', 'lr_scheduler_type: cosine', 'num_train_epochs: 3', 'warmup_ratio: 0.1']);
    assert.notEqual(check('sft.yaml', hf).file.dialect, 'timm');
    assert.notEqual(check('x.yaml', yaml(['sched: cosine', 'lr: 0.1'])).file.dialect, 'timm');
  });

  test('a train.py launch of other flags, and timm\'s own distributed_train.sh, are not timm configs', () => {
    assert.notEqual(check('a.sh', 'python train.py --lr 3e-4 --epochs 10 --batch_size 32\n').file.dialect, 'timm');
    assert.notEqual(check('distributed_train.sh', '#!/bin/bash\nNUM_PROC=$1\nshift\ntorchrun --nproc_per_node=$NUM_PROC train.py "$@"\n').file.dialect, 'timm');
  });
});

describe('timm: the training images of an ImageFolder data_dir are the dataset size', () => {
  test('train/ under data_dir is walked recursively for .png/.jpg/.jpeg files, as ReaderImageFolder does', () => {
    const repo = memoryRepo({ 'imgs/train/a/1.JPG': '', 'imgs/train/a/2.png': '', 'imgs/train/b/sub/3.jpeg': '', 'imgs/train/b/notes.txt': '', 'imgs/val/a/4.jpg': '' });
    const { plan } = check('cfg.yaml', yaml(['model: resnet18', 'sched: cosine', 'lr: 0.01', 'epochs: 10', 'warmup_epochs: 1', 'data_dir: imgs', 'batch_size: 1']), { repo });
    assert.equal(plan!.assumedLength, undefined);
    // 3 images, batch 1: 3 updates per epoch.
    assert.equal(plan!.totalSteps.value, 30);
  });
});

describe('timm: TF-style RMSprop recipes', () => {
  test("timm's documented EfficientNet launch (rmsproptf, lr .064 at 8 x 128) draws no LR-range warning; 4x that does", () => {
    const line = (lr: string) => `./distributed_train.sh 8 --data-dir /imagenet --model efficientnet_es -b 128 --sched step --epochs 450 --decay-epochs 2.4 --decay-rate .97 --opt rmsproptf --opt-eps .001 --warmup-lr 1e-6 --lr ${lr}\n`;
    assert.deepEqual(check('effnet.sh', line('.064')).findings.filter((f) => f.ruleId === 'TL106'), []);
    assert.equal(check('effnet.sh', line('.256')).findings.find((f) => f.ruleId === 'TL106')?.severity, 'warning');
  });
});
