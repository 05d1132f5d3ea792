// diffusers example training scripts (dialects/diffusion/diffusers.ts): launch lines and scripts written for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/pipeline/settings.ts';
import { diffusersLambda } from '../src/schedules/diffusers.ts';
import { readScript } from '../src/dialects/diffusion/diffusers/script-facts.ts';
import { parsePythonModule } from '../src/core/parse-python.ts';
import { memoryRepo } from './support/memory-repo.ts';
import type { RepoView } from '../src/core/plan.ts';

const launch = (head: string, script: string, flags: string[]) => ['#!/bin/bash', `${head} ${script} \\`, '  --pretrained_model_name_or_path=some/model \\', ...flags.map((f) => `  ${f} \\`), '  --output_dir=out', ''].join('\n');

function run(text: string, options: { repo?: RepoView; datasets?: Record<string, number>; worldSize?: number; path?: string } = {}) {
  const path = options.path ?? 'scripts/train.sh';
  const settings: Settings = { ...DEFAULT_SETTINGS, datasets: options.datasets ?? {}, worldSizes: options.worldSize ? { [path]: options.worldSize } : {} };
  const analysis = analyse(path, text, settings, options.repo ? { repo: options.repo } : {});
  const report = review([{ path, text, explicit: true }], { settings, ...(options.repo ? { repo: options.repo } : {}) });
  return { analysis, plan: analysis.context.head?.plan, findings: report.findings };
}

/** A training script in the older style: warmup and run x num_processes, max_train_steps from the unsharded loader. */
const OLDER_SCRIPT = `
import argparse, math
from diffusers.optimization import get_scheduler

def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--learning_rate", type=float, default=2e-6)
    parser.add_argument("--lr_scheduler", type=str, default="linear")
    parser.add_argument("--lr_warmup_steps", type=int, default=50)
    parser.add_argument("--max_train_steps", type=int, default=None)
    parser.add_argument("--num_train_epochs", type=int, default=3)
    parser.add_argument("--gradient_accumulation_steps", type=int, default=1)
    parser.add_argument("--train_batch_size", type=int, default=2)
    return parser.parse_args()

def main(args):
    num_update_steps_per_epoch = math.ceil(len(train_dataloader) / args.gradient_accumulation_steps)
    if args.max_train_steps is None:
        args.max_train_steps = args.num_train_epochs * num_update_steps_per_epoch
    lr_scheduler = get_scheduler(
        args.lr_scheduler,
        optimizer=optimizer,
        num_warmup_steps=args.lr_warmup_steps * accelerator.num_processes,
        num_training_steps=args.max_train_steps * accelerator.num_processes,
    )
`;

describe('diffusers: launch lines', () => {
  test('an accelerate launch of a known example script is detected and read from its flags', () => {
    const { analysis, plan } = run(launch('accelerate launch --num_processes 4', 'train_text_to_image.py', ['--learning_rate=3e-5', '--lr_scheduler=linear', '--lr_warmup_steps=10', '--max_train_steps=200']));
    assert.equal(analysis.context.dialectId, 'diffusers');
    assert.ok(plan);
    assert.equal(plan.totalSteps.value, 200);
    assert.equal(plan.warmup?.steps.value, 10, 'x num_processes in the script, / num_processes by the prepared scheduler');
    assert.equal(plan.schedule.lrAt(5), 3e-5 * 0.5);
    assert.equal(plan.horizon?.value, 200);
  });

  test('the script\'s argparse defaults apply to flags the line does not give (lr_scheduler constant, warmup 500)', () => {
    const { plan } = run(launch('accelerate launch', 'train_text_to_image.py', ['--max_train_steps=1000']));
    assert.ok(plan);
    assert.equal(plan.schedule.peakLr, 1e-4);
    assert.equal(plan.schedule.lrAt(0), 1e-4, 'constant: no warmup even though --lr_warmup_steps defaults to 500');
    assert.ok(plan.assumptions.some((a) => /1 process is assumed/.test(a)), plan.assumptions.join('\n'));
  });

  test('warmup longer than the run is TL103 with both counts', () => {
    const { findings } = run(launch('accelerate launch --num_processes 2', 'train_dreambooth_lora.py', ['--lr_scheduler=cosine', '--lr_warmup_steps=500', '--max_train_steps=400']));
    const hit = findings.find((f) => f.ruleId === 'TL103');
    assert.ok(hit, findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.match(hit.message, /500/);
    assert.match(hit.message, /400/);
  });

  test('a script that multiplies by gradient_accumulation_steps stretches the schedule: TL107 with both counts', () => {
    const { findings, plan } = run(launch('accelerate launch', 'train_text_to_image_lora_sdxl.py', ['--lr_scheduler=linear', '--lr_warmup_steps=0', '--max_train_steps=1000', '--gradient_accumulation_steps=4']));
    assert.equal(plan?.horizon?.value, 4000);
    const hit = findings.find((f) => f.ruleId === 'TL107');
    assert.ok(hit, findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.match(hit.message, /4000/);
    assert.match(hit.message, /1000/);
  });

  test('--scale_lr multiplies the LR by accumulation x batch x processes', () => {
    const { plan } = run(launch('accelerate launch --num_processes 2', 'train_text_to_image.py', ['--learning_rate=1e-6', '--scale_lr', '--train_batch_size=3', '--gradient_accumulation_steps=2', '--max_train_steps=50']));
    assert.ok(plan);
    assert.ok(Math.abs(plan.schedule.peakLr - 1.2e-5) < 1e-18, String(plan.schedule.peakLr));
  });

  test('world size from the accelerate config file the launch names', () => {
    const repo = memoryRepo({ 'scripts/train.sh': '', 'configs/acc.yaml': 'distributed_type: MULTI_GPU\nnum_processes: 8\n' });
    const { plan } = run(launch('accelerate launch --config_file configs/acc.yaml', 'train_text_to_image_sdxl.py', ['--lr_scheduler=constant', '--max_train_steps=100', '--gradient_accumulation_steps=1']), { repo });
    assert.ok(plan?.assumptions.some((a) => /8 times per optimizer update/.test(a)), plan?.assumptions.join('\n'));
  });

  test('epochs without a dataset size: curve over assumed epochs, no run-length findings', () => {
    const { plan, findings } = run(launch('accelerate launch', 'train_text_to_image.py', ['--lr_scheduler=cosine', '--num_train_epochs=2', '--lr_warmup_steps=5000']));
    assert.ok(plan?.assumedLength, 'the length is assumed');
    assert.ok(!findings.some((f) => f.ruleId === 'TL103'));
  });

  test('epochs with the dataset size: the sharded formula (len per process, then accumulation)', () => {
    const text = launch('accelerate launch --num_processes 3', 'train_text_to_image.py', ['--lr_scheduler=linear', '--num_train_epochs=2', '--train_batch_size=4', '--gradient_accumulation_steps=2', '--lr_warmup_steps=0']);
    const { plan } = run(text, { datasets: { 'scripts/train.sh': 100 } });
    // len 25 batches, per process ceil(25/3) = 9, updates/epoch ceil(9/2) = 5, 2 epochs = 10
    assert.equal(plan?.totalSteps.value, 10);
    assert.equal(plan?.horizon?.value, 10);
  });

  test('train_unconditional.py: scheduler built for len(train_dataloader) x --num_epochs micro-batches, the run counts updates', () => {
    const text = ['accelerate launch train_unconditional.py \\', '  --dataset_name=some/flowers --train_batch_size=16 --num_epochs=10 \\', '  --gradient_accumulation_steps=2 --lr_warmup_steps=5 --learning_rate=1e-4', ''].join('\n');
    const { plan, findings } = run(text, { datasets: { 'scripts/train.sh': 1000 } });
    // len 63 batches; 10 x ceil(63 / 2) = 320 updates; scheduler: 63 x 10 = 630 steps, warmup 5 x 2 = 10
    assert.equal(plan?.totalSteps.value, 320);
    assert.equal(plan?.horizon?.value, 630);
    assert.equal(plan?.warmup?.steps.value, 10);
    assert.ok(findings.some((f) => f.ruleId === 'TL107' && /630/.test(f.message) && /320/.test(f.message)), findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  });

  test('a script read from the repository: its defaults and its convention (the older one mis-sizes an epoch run)', () => {
    const repo = memoryRepo({ 'scripts/train.sh': '', 'scripts/train_my_lora.py': OLDER_SCRIPT });
    const text = launch('accelerate launch --num_processes 4', 'train_my_lora.py', ['--train_batch_size=2', '--instance_data_dir=imgs', '--lr_scheduler=linear']);
    const { plan, findings } = run(text, { repo, datasets: { 'scripts/train.sh': 80 } });
    assert.ok(plan, 'planned');
    assert.equal(plan.schedule.peakLr, 2e-6, 'the script\'s own default LR');
    // 40 batches; per process 10; 3 epochs = 30 updates; the scheduler was built for 3 x 40 = 120 updates
    assert.equal(plan.totalSteps.value, 30);
    assert.equal(plan.horizon?.value, 120);
    const hit = findings.find((f) => f.ruleId === 'TL107');
    assert.ok(hit && /120/.test(hit.message) && /30/.test(hit.message), findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  });

  test('an unknown script not in the repository is not simulated, and says why', () => {
    const { analysis } = run(launch('accelerate launch', 'train_something_else.py', ['--learning_rate=1e-4', '--lr_scheduler=cosine', '--max_train_steps=10', '--instance_data_dir=x']));
    assert.equal(analysis.context.dialectId, 'diffusers');
    assert.equal(analysis.status, 'not-simulated');
    assert.match(analysis.context.planProblem?.message ?? '', /train_something_else\.py is not in the repository/);
    const plainPython = run(launch('python', 'train_something_else.py', ['--learning_rate=1e-4', '--max_train_steps=10']));
    assert.notEqual(plainPython.analysis.context.dialectId, 'diffusers', 'an unknown script without diffusers-only flags is not claimed');
  });

  test('a kohya sd-scripts launch is not taken', () => {
    const { analysis } = run(launch('accelerate launch', 'train_network.py', ['--network_module=networks.lora', '--learning_rate=1e-4', '--max_train_steps=1600']));
    assert.notEqual(analysis.context.dialectId, 'diffusers');
    const shared = run(launch('accelerate launch', 'train_controlnet.py', ['--learning_rate=1e-4', '--max_train_steps=1600', '--conditioning_data_dir=c']));
    assert.notEqual(shared.analysis.context.dialectId, 'diffusers');
  });

  test('an unknown scheduler name stops the plan (SchedulerType raises ValueError)', () => {
    const { analysis } = run(launch('accelerate launch', 'train_text_to_image.py', ['--lr_scheduler=cosine_annealing', '--max_train_steps=10']));
    assert.equal(analysis.context.planProblem?.kind, 'invalid');
    assert.match(analysis.context.planProblem?.message ?? '', /cosine_annealing/);
  });
});

describe('diffusers: script reading', () => {
  test('conventions are read from the get_scheduler call', () => {
    const module = parsePythonModule(OLDER_SCRIPT);
    const r = readScript(OLDER_SCRIPT, 'evaluation' in module ? module.evaluation : undefined);
    assert.ok(r.ok);
    assert.equal(r.facts.convention, 'processes');
    assert.equal(r.facts.defaults.lr_warmup_steps, 50);
    const accum = OLDER_SCRIPT.replace(/accelerator\.num_processes/g, 'args.gradient_accumulation_steps');
    const r2 = readScript(accum, undefined);
    assert.ok(r2.ok && r2.facts.convention === 'accumulation');
    assert.equal(readScript('import torch\n', undefined).ok, false);
  });
});

describe('diffusers get_scheduler', () => {
  test('piecewise_constant: v applies while the step is below its bound, the last value after', () => {
    const l = diffusersLambda({ name: 'piecewise_constant', stepRules: '1:10,0.1:20,0.01:30,0.005', lrInit: 1e-4 });
    assert.ok(l.ok);
    assert.deepEqual([0, 9, 10, 19, 20, 29, 30, 99].map((s) => l.factor(s)), [1, 1, 0.1, 0.1, 0.01, 0.01, 0.005, 0.005]);
    assert.equal(diffusersLambda({ name: 'piecewise_constant', lrInit: 1e-4 }).ok, false);
  });

  test('polynomial holds lr_end past the end and refuses lr below lr_end', () => {
    const l = diffusersLambda({ name: 'polynomial', warmup: 0, total: 10, power: 2, lrInit: 1e-3 });
    assert.ok(l.ok);
    assert.equal(l.factor(11) * 1e-3, 1e-7);
    assert.equal(diffusersLambda({ name: 'polynomial', warmup: 0, total: 10, lrInit: 1e-8 }).ok, false);
  });

  test('cosine_with_restarts is 0 once progress reaches 1; cosine climbs again past its end', () => {
    const r = diffusersLambda({ name: 'cosine_with_restarts', warmup: 0, total: 10, numCycles: 2, lrInit: 1 });
    const c = diffusersLambda({ name: 'cosine', warmup: 0, total: 10, lrInit: 1 });
    assert.ok(r.ok && c.ok);
    assert.equal(r.factor(10), 0);
    assert.equal(r.factor(5), 1, 'second cycle starts at its peak');
    assert.ok(c.factor(15) > 0.4);
  });
});
