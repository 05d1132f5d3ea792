// GPT-NeoX configs merged by a deepy.py launch (dialects/megatron/neox-merge.ts): NeoXArgs.from_ymls reads the files in
// the order the launch names them. A model YAML and a schedule YAML written for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { deepyConfigFiles } from '../src/dialects/megatron/neox-merge.ts';
import { memoryRepo } from './support/memory-repo.ts';

const MODEL = [
  '{',
  '  "pipe_parallel_size": 1,',
  '  "model_parallel_size": 1,',
  '  "num_layers": 12,',
  '  "hidden_size": 768,',
  '  "optimizer": { "type": "Adam", "params": { "lr": 0.0006 } },',
  '  "min_lr": 0.00006,',
  '  "lr_decay_style": "cosine",',
  '  "warmup": 0.01,',
  '}',
].join('\n');

const SCHEDULE = ['{', '  "train_iters": 10000,', '  "lr_decay_iters": 10000,', '}'].join('\n');
const SCRIPT = '#!/bin/bash\npython ./deepy.py train.py configs/model.yml configs/schedule.yml\n';

function run(files: Record<string, string>, reviewed: string[] = ['configs/model.yml', 'configs/schedule.yml']) {
  const repo = memoryRepo(files);
  return review(
    reviewed.map((path) => ({ path, text: files[path]!, explicit: true })),
    { settings: DEFAULT_SETTINGS, repo },
  );
}

describe('deepy.py launch lines', () => {
  test('config files in order, -d prefixes them, a name without .yml gets it', () => {
    assert.deepEqual(deepyConfigFiles(['python', './deepy.py', 'train.py', 'configs/a.yml', 'configs/b.yml']), ['configs/a.yml', 'configs/b.yml']);
    assert.deepEqual(deepyConfigFiles(['python3', 'deepy.py', 'train.py', '-d', 'configs', 'a.yml', 'b']), ['configs/a.yml', 'configs/b.yml']);
    assert.deepEqual(deepyConfigFiles(['python', 'deepy.py', 'train.py', '--wandb_group', 'g', 'a.yml', '-H', 'hosts']), ['a.yml']);
    assert.equal(deepyConfigFiles(['python', 'train.py', 'a.yml']), undefined);
  });
});

describe('GPT-NeoX configs merged by a launch', () => {
  test('the model YAML alone has no run length; merged with the schedule YAML it is reviewed once', () => {
    const alone = review([{ path: 'configs/model.yml', text: MODEL, explicit: true }], { settings: DEFAULT_SETTINGS });
    assert.equal(alone.files[0]?.status, 'not-simulated');
    const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': SCHEDULE, 'run.sh': SCRIPT });
    const model = report.files.find((f) => f.path === 'configs/model.yml')!;
    assert.equal(model.status, 'reviewed', JSON.stringify(model.note ?? model));
    assert.equal(model.head?.plan.totalSteps.value, 10000);
    assert.match(model.head?.plan.totalSteps.how ?? '', /configs\/schedule\.yml line 2/);
    assert.ok(model.head?.plan.assumptions.some((a) => /run\.sh line 2/.test(a) && /configs\/schedule\.yml/.test(a)));
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
  });

  test('a launch naming a file by an absolute path or outside the repository is not merged: that file is not read', () => {
    for (const other of ['/configs/schedule.yml', '../configs/schedule.yml']) {
      const script = `#!/bin/bash\npython ./deepy.py train.py configs/model.yml ${other}\n`;
      const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': SCHEDULE, 'run.sh': script }, ['configs/model.yml']);
      assert.equal(report.files[0]?.status, 'not-simulated', other);
    }
  });

  test('a finding on a key of the other file names that file and points at no line of this one', () => {
    const short = SCHEDULE.replace('"lr_decay_iters": 10000', '"lr_decay_iters": 8000');
    const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': short, 'run.sh': SCRIPT });
    const hit = report.findings.find((f) => f.ruleId === 'TL108');
    assert.ok(hit, JSON.stringify(report.findings.map((f) => [f.ruleId, f.message])));
    assert.equal(hit.path, 'configs/model.yml');
    assert.match(hit.message, /configs\/schedule\.yml/);
    for (const f of report.findings) {
      if (f.path !== 'configs/model.yml' || !f.line) continue;
      assert.ok(f.line <= MODEL.split('\n').length, `finding ${f.ruleId} points at line ${f.line} past the end of model.yml`);
    }
    assert.ok(!hit.fix?.edits.some((e) => e.key === 'lr_decay_iters'), 'no edit of a key that lives in another file');
  });

  test('a key given again by a later file stops NeoX (from_ymls duplicate keys)', () => {
    const again = SCHEDULE.replace('"train_iters": 10000,', '"train_iters": 10000, "warmup": 0.02,');
    const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': again, 'run.sh': SCRIPT });
    assert.ok(report.findings.some((f) => f.ruleId === 'TL002' && /duplicate keys/.test(f.message) && /configs\/schedule\.yml/.test(f.message)), JSON.stringify(report.findings.map((f) => f.message)));
  });

  test('the - spelling in a later file overrides the earlier _ key, as from_ymls stores it', () => {
    const override = SCHEDULE.replace('"train_iters": 10000,', '"train_iters": 10000, "min-lr": 0.00003,');
    const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': override, 'run.sh': SCRIPT });
    const model = report.files.find((f) => f.path === 'configs/model.yml')!;
    assert.equal(model.head?.plan.decay?.minLr.value, 0.00003);
  });

  test('-d names the folder; a README code block counts as a launch', () => {
    const readme = 'Train:\n\n```bash\npython deepy.py train.py -d configs model.yml schedule.yml\n```\n';
    const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': SCHEDULE, 'README.md': readme }, ['configs/model.yml']);
    assert.equal(report.files[0]?.status, 'reviewed');
    assert.equal(report.files[0]?.head?.plan.totalSteps.value, 10000);
  });

  test('without a launch the model YAML stays not-simulated', () => {
    const report = run({ 'configs/model.yml': MODEL, 'configs/schedule.yml': SCHEDULE }, ['configs/model.yml']);
    assert.equal(report.files[0]?.status, 'not-simulated');
  });

  test('when the run length is in another NeoX file, that file reviews the merge and this one says so', () => {
    const model = ['{', '  "pipe_parallel_size": 1,', '  "model_parallel_size": 1,', '  "num_layers": 12,', '  "hidden_size": 768,', '  "lr_decay_style": "cosine",', '}'].join('\n');
    const schedule = ['{', '  "optimizer": { "type": "Adam", "params": { "lr": 0.0006 } },', '  "train_iters": 10000,', '  "lr_decay_iters": 10000,', '  "min_lr": 0.00006,', '  "warmup": 0.01,', '}'].join('\n');
    const report = run({ 'configs/model.yml': model, 'configs/schedule.yml': schedule, 'run.sh': SCRIPT });
    const first = report.files.find((f) => f.path === 'configs/model.yml')!;
    const second = report.files.find((f) => f.path === 'configs/schedule.yml')!;
    assert.equal(first.status, 'not-simulated');
    assert.match(first.note ?? '', /reviewed with configs\/schedule\.yml/);
    assert.equal(second.status, 'reviewed');
    assert.equal(second.head?.plan.decay?.style, 'cosine', 'lr_decay_style comes from the model file');
  });
});
