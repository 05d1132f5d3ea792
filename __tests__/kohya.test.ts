// The kohya sd-scripts dialect (kohya-ss/sd-scripts @48d368fa): transformers' goldens through kohya TOML text,
// get_scheduler_fix's step counts (num_training_steps = max_train_steps x num_processes, an int lr_warmup_steps not
// multiplied, a float one a share), the max_train_epochs override counted from image folders, read_config_from_file's
// merge of a --config_file TOML with the command line, argparse's int_or_float, and detection limits.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import type { TrainingPlan } from '../src/core/plan.ts';
import { memoryRepo } from './support/memory-repo.ts';
import { readGoldenFiles, sharedFolder, toleranceRatio, type GoldenCase } from './support/shared-data.ts';

type Repo = Record<string, string>;

function reviewed(path: string, text: string, files: Repo = {}) {
  const repo = memoryRepo({ ...files, [path]: text });
  const a = analyse(path, text, DEFAULT_SETTINGS, { repo });
  return a;
}

function planOf(path: string, text: string, files: Repo = {}): TrainingPlan {
  const a = reviewed(path, text, files);
  assert.equal(a.context.dialectId, 'kohya', `not detected as kohya: ${a.status}`);
  assert.ok(a.context.head, `no plan: ${a.context.planProblem?.message ?? a.status}`);
  return a.context.head.plan;
}

function findings(path: string, text: string, files: Repo = {}) {
  const repo = memoryRepo({ ...files, [path]: text });
  return review([{ path, text, explicit: true }], { repo }).findings;
}

const HEAD = 'pretrained_model_name_or_path = "runwayml/stable-diffusion-v1-5"\nnetwork_module = "networks.lora"\noutput_name = "test"\n';

function toml(keys: Record<string, string | number>): string {
  const lines = Object.entries(keys).map(([k, v]) => `${k} = ${typeof v === 'string' && !/^[\d.e+-]+$/.test(v) && !v.startsWith('[') ? JSON.stringify(v) : String(v)}`);
  return `${HEAD}${lines.join('\n')}\n`;
}

const images = (dir: string, n: number, ext = 'png'): Repo => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${dir}/img${i}.${ext}`, '']));

// ---------------------------------------------------------------------------------------------------------------
// transformers goldens written as kohya configs (one process: kohya's step counts equal the Trainer's)

/** A transformers golden case as the kohya TOML that builds the same scheduler, or why it cannot be written. */
function asKohya(c: GoldenCase): string | { skip: string } {
  const cfg = c.config;
  const kwargs = (cfg.lr_scheduler_kwargs ?? {}) as Record<string, unknown>;
  if (typeof cfg.max_steps !== 'number') return { skip: 'an epoch-based Trainer run (dataset size, ceil rounding): kohya counts epochs from image folders' };
  const type = String(cfg.lr_scheduler_type);
  if (type === 'cosine_warmup_with_min_lr') return { skip: 'get_scheduler_fix passes num_decay_steps to this schedule, which it does not take' };
  const keys: Record<string, string | number> = { learning_rate: String(cfg.learning_rate), lr_scheduler: type, max_train_steps: cfg.max_steps };
  if (typeof cfg.warmup_steps === 'number') keys.lr_warmup_steps = cfg.warmup_steps;
  if (typeof cfg.warmup_ratio === 'number') keys.lr_warmup_steps = String(cfg.warmup_ratio); // a TOML float: a share
  const extra: string[] = [];
  for (const [k, v] of Object.entries(kwargs)) {
    if (k === 'num_cycles' && type === 'cosine_with_restarts') keys.lr_scheduler_num_cycles = Number(v);
    else if (k === 'min_lr_rate' || k === 'min_lr_ratio') keys.lr_scheduler_min_lr_ratio = String(v);
    else if (k === 'num_decay_steps') keys.lr_decay_steps = Number(v);
    else extra.push(`"${k}=${typeof v === 'string' ? `'${v}'` : String(v)}"`);
  }
  if (extra.length) keys.lr_scheduler_args = `[${extra.join(', ')}]`;
  return toml(keys);
}

describe('kohya: transformers goldens through kohya TOML text', () => {
  const folder = sharedFolder('TRAINLINT_GOLDENS', '../shared/goldens');
  if (!folder.ok) {
    test('goldens folder', (t) => t.skip(folder.reason));
    return;
  }
  const file = readGoldenFiles(folder.path).find((f) => 'framework' in f && f.framework === 'transformers');
  const cases = file && 'cases' in file ? file.cases : [];
  for (const c of cases) {
    test(c.name, (t) => {
      const text = asKohya(c);
      if (typeof text !== 'string') return t.skip(text.skip);
      const plan = planOf(`goldens/kohya/${c.name}.toml`, text);
      assert.equal(plan.totalSteps.value, c.derived?.total_steps);
      for (const [k, want] of c.lr ?? []) {
        const got = plan.schedule.lrAt(k);
        assert.ok(toleranceRatio(got, want, 1e-12, 1e-18) <= 1, `${c.name} step ${k}: trainlint ${got}, golden ${want}\n${text}`);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// get_scheduler_fix step counts

describe('kohya: warmup and training steps across processes (get_scheduler_fix, kohya_ss#1394)', () => {
  const launch = (nproc: number, flags: string) => `#!/bin/bash\naccelerate launch --num_processes ${nproc} train_network.py --pretrained_model_name_or_path m.safetensors --network_module networks.lora --learning_rate 1e-4 --max_train_steps 1000 ${flags}\n`;

  test('an int warmup is not multiplied by the processes: 100 scheduler steps = 25 updates on 4 GPUs', () => {
    const plan = planOf('train.sh', launch(4, '--lr_scheduler linear --lr_warmup_steps 100'));
    assert.equal(plan.totalSteps.value, 1000);
    assert.equal(plan.warmup?.steps.value, 25);
    assert.match(plan.warmup!.steps.how, /NOT multiplied by the 4 processes/);
    // update u runs at scheduler step 4u of num_training_steps 4000: warmup 4u / 100, then (4000 - 4u) / 3900.
    assert.equal(plan.schedule.lrAt(10), 1e-4 * (40 / 100));
    assert.equal(plan.schedule.lrAt(25), 1e-4 * ((4000 - 100) / 3900));
    assert.equal(plan.schedule.lrAt(500), 1e-4 * ((4000 - 2000) / 3900));
  });

  test('the same warmup on one process lasts 100 updates', () => {
    const plan = planOf('train.sh', launch(1, '--lr_scheduler linear --lr_warmup_steps 100'));
    assert.equal(plan.warmup?.steps.value, 100);
    assert.equal(plan.schedule.lrAt(50), 1e-4 * 0.5);
  });

  test('a float warmup is int(ratio x max_train_steps x processes) scheduler steps: the same share on any GPU count', () => {
    const plan = planOf('train.sh', launch(4, '--lr_scheduler cosine --lr_warmup_steps 0.05'));
    // int(0.05 x 4000) = 200 scheduler steps = 50 updates
    assert.equal(plan.warmup?.steps.value, 50);
    assert.equal(planOf('train.sh', launch(1, '--lr_scheduler cosine --lr_warmup_steps 0.05')).warmup?.steps.value, 50);
    assert.equal(planOf('train.sh', launch(1, '--lr_scheduler cosine --lr_warmup_steps 5%')).warmup?.steps.value, 50);
  });

  test('argparse int_or_float: a value of 1 or more must be an integer literal', () => {
    const a = reviewed('train.sh', launch(1, '--lr_scheduler cosine --lr_warmup_steps 1.5'));
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /--lr_warmup_steps: '1.5' is not an int or float/);
  });

  test('lr_decay_steps: warmup_stable_decay gets num_stable_steps = training - warmup - decay (float decay a share)', () => {
    const plan = planOf('train.sh', launch(2, '--lr_scheduler warmup_stable_decay --lr_warmup_steps 100 --lr_decay_steps 0.25'));
    // T = 2000 scheduler steps, W = 100, D = int(0.25 x 2000) = 500: decay from scheduler step 1500 = update 750
    assert.equal(plan.decay?.start.value, 750);
    assert.equal(plan.schedule.lrAt(700), 1e-4);
    assert.equal(plan.schedule.lrAt(999) < 1e-6, true);
  });

  test('constant with a warmup: get_scheduler_fix raises', () => {
    const a = reviewed('train.sh', launch(1, '--lr_scheduler constant --lr_warmup_steps 10'));
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /does not require `num_warmup_steps`/);
  });

  test('cosine_with_min_lr without lr_scheduler_min_lr_ratio: transformers raises', () => {
    const a = reviewed('train.sh', launch(1, '--lr_scheduler cosine_with_min_lr'));
    assert.equal(a.context.planProblem?.kind, 'invalid');
    const plan = planOf('train.sh', launch(1, '--lr_scheduler cosine_with_min_lr --lr_scheduler_min_lr_ratio 0.1'));
    assert.ok(Math.abs(plan.schedule.lrAt(1000) - 1e-5) < 1e-18);
  });

  test('max_train_steps defaults to 1600', () => {
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4' }));
    assert.equal(plan.totalSteps.value, 1600);
    assert.match(plan.totalSteps.how, /default/);
  });

  test('a warmup longer than the run is TL103 with both counts', () => {
    const hits = findings('train.sh', launch(1, '--lr_scheduler cosine --lr_warmup_steps 2000'));
    const hit = hits.find((f) => f.ruleId === 'TL103');
    assert.ok(hit, hits.map((f) => f.ruleId).join(' '));
    assert.equal(hit.severity, 'error');
  });

  test('a TOML float of 1 or more is multiplied by the training steps (toml.load keeps it a float)', () => {
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4', lr_scheduler: 'linear', max_train_steps: 500, lr_warmup_steps: '10.0' }));
    assert.equal(plan.warmup?.steps.value, 5000);
    assert.ok(findings('lora.toml', toml({ learning_rate: '1e-4', lr_scheduler: 'linear', max_train_steps: 500, lr_warmup_steps: '10.0' })).some((f) => f.ruleId === 'TL103'));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// max_train_epochs: epochs x ceil(len(train_dataloader) / processes / gradient_accumulation_steps)

describe('kohya: max_train_epochs counted from the image folders', () => {
  test('train_data_dir with <repeats>_<name> folders', () => {
    const files = { ...images('data/10_dog', 12), 'data/10_dog/img0.txt': '', ...images('data/noprefix', 5) };
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4', max_train_epochs: 3, train_batch_size: 4, gradient_accumulation_steps: 2, train_data_dir: 'data' }), files);
    // 12 x 10 = 120 images, ceil(120 / 4) = 30 batches, ceil(30 / 1 / 2) = 15 updates per epoch
    assert.equal(plan.totalSteps.value, 45);
  });

  test('dataset_config: subsets, fallbacks and regularisation images', () => {
    const dataset = '[general]\nbatch_size = 2\n\n[[datasets]]\n\n  [[datasets.subsets]]\n  image_dir = "img/a"\n  num_repeats = 3\n\n  [[datasets.subsets]]\n  image_dir = "img/reg"\n  is_reg = true\n';
    const files = { 'dataset.toml': dataset, ...images('img/a', 7, 'jpg'), ...images('img/reg', 50, 'webp') };
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4', max_train_epochs: 2, dataset_config: 'dataset.toml' }), files);
    // 7 x 3 = 21 training entries, regularisation images until 21 more: 42 entries, ceil(42 / 2) = 21 batches
    assert.equal(plan.totalSteps.value, 42);
  });

  test('a recursive image folder larger than the walk bound is not counted: the epoch length is unknown, never a partial count', () => {
    const dataset = '[general]\nbatch_size = 1\n\n[[datasets]]\n\n  [[datasets.subsets]]\n  image_dir = "img"\n  recursive = true\n';
    const deep: Repo = {};
    for (let i = 0; i < 600; i++) deep[`img/f${i}/a.png`] = '';
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4', max_train_epochs: 1, dataset_config: 'dataset.toml' }), { 'dataset.toml': dataset, ...deep });
    assert.ok(plan.assumedLength, `counted ${plan.totalSteps.value} updates from part of the tree`);
    assert.ok(plan.assumptions.some((a) => /holds more folders than trainlint walks \(500\)/.test(a)), plan.assumptions.join('\n'));
  });

  test('validation_split keeps ceil(n x (1 - split)) training images (split_train_val)', () => {
    const dataset = '[general]\nvalidation_split = 0.1\n\n[[datasets]]\nbatch_size = 1\n\n  [[datasets.subsets]]\n  image_dir = "img/a"\n  num_repeats = 2\n';
    const files = { 'dataset.toml': dataset, ...images('img/a', 25) };
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4', max_train_epochs: 1, dataset_config: 'dataset.toml' }), files);
    // ceil(25 x 0.9) = 23 images x 2 repeats = 46 batches of 1
    assert.equal(plan.totalSteps.value, 46);
  });

  test('processes divide the batches of an epoch', () => {
    const files = { ...images('data/1_x', 100), 'lora.toml': toml({ learning_rate: '1e-4', max_train_epochs: 2, train_data_dir: 'data' }) };
    const sh = '#!/bin/bash\naccelerate launch --num_processes 8 train_network.py --config_file lora.toml\n';
    // ceil(100 / 8 / 1) = 13 updates per epoch
    assert.equal(planOf('train.sh', sh, files).totalSteps.value, 26);
  });

  test('missing images: the length is assumed, and the note says what is missing', () => {
    const plan = planOf('lora.toml', toml({ learning_rate: '1e-4', max_train_epochs: 2, train_data_dir: '/home/me/data' }));
    assert.ok(plan.assumedLength);
    assert.ok(plan.assumptions.some((a) => a.includes('train_data_dir /home/me/data is not in the repository')));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// read_config_from_file

describe('kohya: --config_file TOML merged with the command line', () => {
  const cfg = '[model_arguments]\npretrained_model_name_or_path = "m"\n\n[optimizer_arguments]\nlearning_rate = 2e-4\nlr_scheduler = "cosine"\nlr_warmup_steps = 50\n\n[training_arguments]\nmax_train_steps = 400\noutput_name = "x"\n';

  test('TOML sections are flattened; flags on the command line win; `.toml` is appended to the name', () => {
    const sh = '#!/bin/bash\naccelerate launch --num_processes 1 sdxl_train_network.py --config_file cfg/run --lr_warmup_steps 20\n';
    const plan = planOf('train.sh', sh, { 'cfg/run.toml': cfg });
    assert.equal(plan.optimizer.lr.value, 2e-4);
    assert.equal(plan.totalSteps.value, 400);
    assert.equal(plan.warmup?.steps.value, 20);
  });

  test('reviewing the TOML itself: a launch line that overrides its values is named', () => {
    const sh = '#!/bin/bash\naccelerate launch --num_processes 2 train_network.py --config_file run.toml --max_train_steps 900\n';
    const plan = planOf('run.toml', cfg, { 'train.sh': sh });
    assert.equal(plan.totalSteps.value, 400);
    assert.ok(plan.assumptions.some((a) => a.includes('train.sh:2 runs this file with --max_train_steps')), plan.assumptions.join('\n'));
    // the world size of that launch line is used: 2 processes, warmup 50 scheduler steps = 25 updates
    assert.equal(plan.warmup?.steps.value, 25);
  });

  test('a --config_file that is not in the repository: not simulated, with the reason', () => {
    const a = reviewed('train.sh', '#!/bin/bash\naccelerate launch train_network.py --config_file /abs/run.toml\n');
    assert.equal(a.context.dialectId, 'kohya');
    assert.equal(a.status, 'not-simulated');
    assert.match(a.context.planProblem!.message, /not in the repository/);
  });

  test('a TOML string where a number belongs is passed on unconverted', () => {
    const a = reviewed('lora.toml', toml({ learning_rate: '"1e-4"'.replace(/"/g, '') }).replace('learning_rate = 1e-4', 'learning_rate = "1e-4"'));
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /not converted/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// detection

describe('kohya: detection', () => {
  const detected = (path: string, text: string) => analyse(path, text, DEFAULT_SETTINGS).context.dialectId;

  test('a torchtitan TOML is not kohya', () => {
    assert.notEqual(detected('train.toml', '[job]\ndump_folder = "./outputs"\n[optimizer]\nname = "AdamW"\nlr = 8e-4\n[lr_scheduler]\nwarmup_steps = 200\n[training]\nsteps = 1000\n'), 'kohya');
  });

  test('a kohya dataset_config or another TOML with a model path alone is not a training config of kohya', () => {
    assert.equal(detected('dataset.toml', '[general]\nbatch_size = 2\n[[datasets]]\n[[datasets.subsets]]\nimage_dir = "a"\n'), null);
    assert.notEqual(detected('x.toml', 'pretrained_model_name_or_path = "m"\n'), 'kohya');
    assert.notEqual(detected('pyproject.toml', '[project]\nname = "x"\n'), 'kohya');
  });

  test('diffusers example scripts are not kohya; the names both use need a kohya-only flag', () => {
    assert.notEqual(detected('run.sh', 'accelerate launch train_dreambooth_lora.py --pretrained_model_name_or_path m --learning_rate 1e-4\n'), 'kohya');
    assert.notEqual(detected('run.sh', 'accelerate launch textual_inversion/train_textual_inversion.py --pretrained_model_name_or_path m --learning_rate 1e-4\n'), 'kohya');
    assert.equal(detected('run.sh', 'accelerate launch train_textual_inversion.py --pretrained_model_name_or_path m --dataset_config d.toml\n'), 'kohya');
  });

  test('the kohya launch is found among other commands', () => {
    const sh = '#!/bin/bash\npython tools/resize.py --src a --dst b\naccelerate launch --num_processes 2 flux_train_network.py --pretrained_model_name_or_path flux.safetensors --learning_rate 1e-4 --max_train_steps 300 --lr_scheduler cosine --lr_warmup_steps 30\n';
    const plan = planOf('run.sh', sh);
    assert.equal(plan.totalSteps.value, 300);
    assert.equal(plan.warmup?.steps.value, 15);
  });
});
