// verl (src/dialects/rl/verl.ts, src/dialects/rl/verl/*): configs written for these tests. What a user sees: which files
// are taken as verl runs, what the launch and the config it composes onto say, and the actor's LR per optimizer update
// with the scheduler stepping once per trainer step.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/pipeline/settings.ts';
import type { TrainingPlan, RepoView } from '../src/core/plan.ts';
import { memoryRepo } from './support/memory-repo.ts';
import { assertTraced } from './support/reviewed-plan.ts';
import { checkFix } from './support/apply-fix.ts';
import { ratioFor } from '../src/dialects/rl/verl/fixes.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const settingsWith = (frameworks: Record<string, string> = {}): Settings => ({ ...DEFAULT_SETTINGS, frameworks });

function analysed(path: string, text: string, options: { repo?: RepoView; frameworks?: Record<string, string> } = {}) {
  return analyse(path, text, settingsWith(options.frameworks), options.repo ? { repo: options.repo } : {});
}

function planOf(path: string, text: string, options: { repo?: RepoView; frameworks?: Record<string, string> } = {}): TrainingPlan {
  const a = analysed(path, text, options);
  assert.equal(a.dialect?.id, 'verl', `${path} is not read as verl`);
  const plan = a.context.head?.plan;
  assert.ok(plan, `no plan: ${JSON.stringify(a.context.planProblem)}`);
  return plan!;
}

/** A main_ppo launch with one override per line. */
const launch = (...overrides: string[]) => ['#!/bin/bash', 'set -x', 'python3 -m verl.trainer.main_ppo \\', ...overrides.map((o) => `    ${o} \\`), '    trainer.logger=console', ''].join('\n');

const lrs = (plan: TrainingPlan, ks: number[]) => ks.map((k) => plan.schedule.lrAt(k));
const traced = assertTraced;

describe('verl: which files are verl runs', () => {
  test('a main_ppo launch, a recipe main and a YAML with actor_rollout_ref.actor are verl', () => {
    assert.equal(analysed('scripts/run.sh', launch('data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=16', 'trainer.total_training_steps=20')).dialect?.id, 'verl');
    const recipe = ['set -e', 'python3 -m recipe.dapo.main_dapo \\', '    data.train_batch_size=64 \\', '    actor_rollout_ref.actor.ppo_mini_batch_size=16 \\', '    trainer.total_training_steps=20'].join('\n');
    assert.equal(analysed('recipe/dapo/run.sh', recipe).dialect?.id, 'verl');
    const yaml = ['data:', '  train_batch_size: 64', 'actor_rollout_ref:', '  actor:', '    ppo_mini_batch_size: 16', '    optim:', '      lr: 2e-6', 'trainer:', '  total_training_steps: 20', ''].join('\n');
    assert.equal(analysed('config/grpo.yaml', yaml).dialect?.id, 'verl');
  });

  test('an unrelated shell script and a LLaMA-Factory YAML are not taken as verl', () => {
    const unrelated = analysed('tools/serve.sh', ['#!/bin/bash', 'export PORT=8000', 'python3 -m http.server $PORT', 'python3 serve.py --model ckpt/ --host 0.0.0.0'].join('\n'));
    assert.notEqual(unrelated.dialect?.id, 'verl');
    const lf = ['model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct', 'stage: sft', 'do_train: true', 'finetuning_type: lora', 'dataset: identity', 'template: llama3', 'per_device_train_batch_size: 1', 'gradient_accumulation_steps: 8', 'learning_rate: 1.0e-4', 'num_train_epochs: 3.0', 'lr_scheduler_type: cosine', 'warmup_ratio: 0.1', ''].join('\n');
    assert.equal(analysed('examples/train_lora/llama3_lora_sft.yaml', lf).dialect?.id, 'llama-factory');
  });
});

describe('verl: what the launch and its config say', () => {
  test('overrides inside an unquoted $VAR (in a bash array) are split as bash splits them', () => {
    // verl's own scripts group overrides so: a double-quoted value over several lines (here holding a path under $HOME),
    // expanded unquoted inside an array.
    const text = [
      'model_path=${model_path:-$HOME/models/qwen}',
      'ACTOR="',
      '    actor_rollout_ref.actor.optim.lr=3e-6 \\',
      '    actor_rollout_ref.model.path=$model_path \\',
      '    actor_rollout_ref.actor.ppo_mini_batch_size=32 \\',
      '    actor_rollout_ref.rollout.n=4"',
      'ARGS=(',
      '    data.train_batch_size=128',
      '    trainer.total_training_steps=10',
      '    $ACTOR',
      ')',
      'python3 -m verl.trainer.main_ppo "${ARGS[@]}"',
    ].join('\n');
    const plan = planOf('run.sh', text);
    assert.equal(plan.optimizer.lr.value, 3e-6);
    // 128 // 32 = 4 updates per trainer step, 10 trainer steps.
    assert.equal(plan.schedule.totalSteps, 40);
    assert.equal(plan.batchSize?.value, 128, '32 prompts x rollout.n 4 responses');
  });

  test('--config-path/--config-name: the named config is read from the repository, and its keys apply under the overrides', () => {
    const base = ['data:', '  train_batch_size: 96', 'actor_rollout_ref:', '  actor:', '    ppo_mini_batch_size: 24', '    optim:', '      lr: 5e-7', '      lr_warmup_steps: 3', 'trainer:', '  total_training_steps: 50', ''].join('\n');
    const repo = memoryRepo({ 'recipe/mine/config/my_trainer.yaml': base });
    const text = ['python3 -m verl.trainer.main_ppo \\', '    --config-path=recipe/mine/config \\', '    --config-name=my_trainer \\', '    actor_rollout_ref.actor.optim.lr=1e-6'].join('\n');
    const plan = planOf('recipe/mine/run.sh', text, { repo });
    assert.equal(plan.optimizer.lr.value, 1e-6, 'the override wins over the config file');
    // 96 // 24 = 4 updates per trainer step, 50 trainer steps from the config, a warmup of 3 trainer steps = 12 updates.
    assert.equal(plan.schedule.totalSteps, 200);
    assert.equal(plan.warmup?.steps.value, 12);
    traced(plan, /recipe\/mine\/config\/my_trainer\.yaml/);
  });

  test('a --config-name that is not in the repository is not simulated, and the note says which file is missing', () => {
    const text = ['python3 -m verl.trainer.main_ppo \\', '    --config-path=recipe/mine/config \\', '    --config-name=my_trainer \\', '    actor_rollout_ref.actor.optim.lr=1e-6'].join('\n');
    const a = analysed('recipe/mine/run.sh', text, { repo: memoryRepo({}) });
    assert.equal(a.dialect?.id, 'verl');
    assert.equal(a.status, 'not-simulated');
    assert.equal(a.context.head, undefined);
    assert.match(a.context.planProblem?.message ?? '', /recipe\/mine\/config\/my_trainer\.yaml .*not in the repository/);
  });

  test("a relative --config-path is the launched module's folder (Hydra reads it relative to the file declaring @hydra.main)", () => {
    const base = ['data:', '  train_batch_size: 64', 'actor_rollout_ref:', '  actor:', '    ppo_mini_batch_size: 16', 'trainer:', '  total_training_steps: 12', ''].join('\n');
    const repo = memoryRepo({ 'verl/experimental/one_step_off_policy/config/one_step_off_ppo_trainer.yaml': base });
    const text = ['python3 -m verl.experimental.one_step_off_policy.main_ppo \\', '    --config-path=config \\', '    --config-name=one_step_off_ppo_trainer \\', '    actor_rollout_ref.actor.optim.lr=1e-6'].join('\n');
    const plan = planOf('verl/experimental/one_step_off_policy/shell/run.sh', text, { repo });
    // 64 // 16 = 4 updates per trainer step, 12 trainer steps from the module's config.
    assert.equal(plan.schedule.totalSteps, 48);
  });

  test("the fully async trainer's launch and config are verl's but not simulated (its steps are not one scheduler step per trainer step)", () => {
    const text = ['python3 -m verl.experimental.fully_async_policy.fully_async_main \\', '    data.train_batch_size=0 \\', '    actor_rollout_ref.actor.ppo_mini_batch_size=32 \\', '    actor_rollout_ref.actor.optim.lr=1e-6 \\', '    async_training.trigger_parameter_sync_step=4'].join('\n');
    const launched = analysed('async/run.sh', text);
    assert.equal(launched.dialect?.id, 'verl');
    assert.equal(launched.status, 'not-simulated');
    assert.match(launched.context.planProblem?.message ?? '', /fully_async_main runs a training loop of its own/);
    const yaml = ['async_training:', '  trigger_parameter_sync_step: 4', 'data:', '  train_batch_size: 0', 'actor_rollout_ref:', '  actor:', '    ppo_mini_batch_size: 32', ''].join('\n');
    const config = analysed('async/config.yaml', yaml);
    assert.equal(config.dialect?.id, 'verl');
    assert.equal(config.status, 'not-simulated');
    const report = review([{ path: 'async/run.sh', text, explicit: true }]);
    assert.deepEqual(report.findings.filter((f) => f.severity === 'error').map((f) => f.message), []);
  });

  test('${...} in the config file is resolved against the launch overrides, as OmegaConf does on access', () => {
    const base = ['data:', '  train_batch_size: 64', 'actor_rollout_ref:', '  actor:', '    ppo_mini_batch_size: ${data.train_batch_size}', '    optim:', '      lr: 1e-6', 'trainer:', '  total_training_steps: 30', ''].join('\n');
    const repo = memoryRepo({ 'cfg/one_update.yaml': base });
    const text = ['python3 -m verl.trainer.main_ppo --config-path=cfg --config-name=one_update \\', '    data.train_batch_size=256'].join('\n');
    const plan = planOf('run.sh', text, { repo });
    // ppo_mini_batch_size follows train_batch_size 256 (the override): one update per trainer step.
    assert.equal(plan.schedule.totalSteps, 30);
    assert.equal(plan.batchSize?.value, 256);
  });

  test('frameworks: { verl: legacy } reads lr_scheduler_type and ignores warmup_style; the engine maps warmup_style onto it', () => {
    const text = launch('data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=64', 'actor_rollout_ref.actor.optim.warmup_style=cosine', 'trainer.total_training_steps=100');
    const engine = planOf('run.sh', text);
    assert.equal(engine.decay?.style, 'cosine');
    assert.ok(engine.schedule.lrAt(99) < 0.1 * engine.optimizer.lr.value, 'cosine to 0 at the end');
    const legacy = planOf('run.sh', text, { frameworks: { verl: 'legacy' } });
    assert.equal(legacy.decay, undefined);
    assert.equal(legacy.schedule.lrAt(99), legacy.optimizer.lr.value, 'constant LR');
    traced(legacy, /warmup_style cosine is ignored by the legacy fsdp_workers/);
  });
});

describe('verl: the actor LR per optimizer update', () => {
  test('updates per trainer step are ppo_epochs x (train_batch_size // ppo_mini_batch_size), and the LR changes only between trainer steps', () => {
    const text = launch(
      'data.train_batch_size=96',
      'actor_rollout_ref.actor.ppo_mini_batch_size=40',
      'actor_rollout_ref.actor.ppo_epochs=2',
      'actor_rollout_ref.actor.optim.lr=1e-6',
      'actor_rollout_ref.actor.optim.lr_warmup_steps=5',
      'trainer.total_training_steps=25',
    );
    const plan = planOf('run.sh', text);
    // u = 2 x (96 // 40) = 4: 25 trainer steps are 100 updates, the 5-step warmup 20 of them.
    assert.equal(plan.schedule.totalSteps, 100);
    assert.equal(plan.warmup?.steps.value, 20);
    const [a, b, c, d, e] = lrs(plan, [4, 5, 6, 7, 8]);
    assert.equal(a, 1e-6 / 5);
    assert.deepEqual([b, c, d], [a, a, a], 'the four updates of trainer step 1 share its LR');
    assert.equal(e, (2 * 1e-6) / 5);
    assert.equal(plan.schedule.lrAt(0), 0);
    assert.equal(plan.schedule.lrAt(99), 1e-6);
  });

  test('trainer.critic_warmup delays the actor: it is updated from that trainer step on only', () => {
    const common = ['data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'trainer.total_training_steps=10'];
    assert.equal(planOf('run.sh', launch(...common)).schedule.totalSteps, 20);
    const delayed = planOf('run.sh', launch(...common, 'trainer.critic_warmup=4'));
    // Global steps 4..10: 7 actor updates of 2 optimizer updates each.
    assert.equal(delayed.schedule.totalSteps, 14);
    traced(delayed, /critic_warmup 4: the actor is first updated at trainer step 4, so it makes 7 of the run's 10 trainer steps/);
  });

  test("a run with a critic (adv_estimator gae) is two reviews, `actor` and `critic`, each with its own numbers", () => {
    const common = ['data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'critic.ppo_mini_batch_size=16', 'critic.ppo_epochs=2', 'critic.optim.lr=1e-5', 'critic.optim.lr_scheduler_type=cosine', 'critic.optim.lr_warmup_steps_ratio=0.8', 'trainer.total_training_steps=50'];
    const text = launch('algorithm.adv_estimator=gae', ...common);
    const report = review([{ path: 'run.sh', text, explicit: true }]);
    assert.deepEqual(report.files.map((f) => [f.path, f.config, f.status]), [['run.sh', 'actor', 'reviewed'], ['run.sh', 'critic', 'reviewed']]);
    const [actor, critic] = report.files.map((f) => f.head!.plan);
    // The actor: 50 trainer steps x (64 // 32 = 2) updates, its constant LR, no warmup.
    assert.equal(actor!.schedule.totalSteps, 100);
    assert.equal(actor!.optimizer.lr.value, 1e-6);
    assert.equal(actor!.warmup, undefined);
    traced(actor!, /a critic is used \(adv_estimator gae\): its schedule is reviewed on its own, as `critic`/);
    // The critic: 50 trainer steps x critic.ppo_epochs 2 x (64 // 16) = 8 updates = 400; warmup int(0.8 x 50) = 40 trainer steps = 320 updates.
    assert.equal(critic!.schedule.totalSteps, 400);
    assert.equal(critic!.optimizer.lr.value, 1e-5);
    assert.equal(critic!.warmup?.steps.value, 320);
    assert.match(critic!.totalSteps.how, /critic\.ppo_epochs 2 x \(train_batch_size 64 \/\/ critic\.ppo_mini_batch_size 16\) = 8 optimizer updates per trainer step/);
    assert.equal(critic!.schedule.lrAt(7), 0, 'the 8 updates of trainer step 0 share its LR');
    assert.equal(critic!.schedule.lrAt(8), 1e-5 / 40);
    assert.equal(critic!.schedule.lrAt(399), critic!.schedule.lrAt(392));
    // TL109 judges the critic's warmup on the critic's key, and names the review.
    const tl109 = report.findings.filter((f) => f.ruleId === 'TL109');
    assert.deepEqual(tl109.map((f) => [f.data.config, f.key, f.line]), [['critic', 'critic.optim.lr_warmup_steps_ratio', 11]], report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.match(tl109[0]!.message, /^config `critic`: warmup is 320 of 400 steps \(80 %\)/);
  });

  test('a run without a critic (GRPO) stays one review of the actor, as before', () => {
    const common = ['data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'critic.ppo_mini_batch_size=16', 'critic.optim.lr=1e-5', 'critic.optim.lr_scheduler_type=cosine', 'critic.optim.lr_warmup_steps_ratio=0.8', 'trainer.total_training_steps=50'];
    for (const text of [launch('algorithm.adv_estimator=grpo', ...common), launch('algorithm.adv_estimator=gae', 'critic.enable=False', ...common)]) {
      const report = review([{ path: 'run.sh', text, explicit: true }]);
      assert.deepEqual(report.files.map((f) => [f.path, f.config]), [['run.sh', undefined]]);
      const plan = report.files[0]!.head!.plan;
      assert.equal(plan.schedule.totalSteps, 100);
      assert.ok(!plan.assumptions.some((a) => /critic/.test(a)), plan.assumptions.join('\n'));
      assert.ok(!report.findings.some((f) => f.data.config !== undefined || /critic/.test(f.key ?? '')), report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    }
    // critic.enable=True builds a critic whatever the estimator.
    const forced = review([{ path: 'run.sh', text: launch('algorithm.adv_estimator=grpo', 'critic.enable=True', ...common), explicit: true }]);
    assert.deepEqual(forced.files.map((f) => f.config), ['actor', 'critic']);
  });

  test('a critic run that is not simulated at all (unmodelled backend, a value set outside the script) stays one entry', () => {
    const yaml = ['algorithm:', '  adv_estimator: gae', 'data:', '  train_batch_size: 64', 'actor_rollout_ref:', '  actor:', '    strategy: veomni', '    ppo_mini_batch_size: 16', 'trainer:', '  total_training_steps: 20', ''].join('\n');
    const unmodelled = review([{ path: 'config/ppo.yaml', text: yaml, explicit: true }]);
    assert.deepEqual(unmodelled.files.map((f) => [f.config, f.status]), [[undefined, 'not-simulated']]);
    const outside = review([{ path: 'run.sh', text: launch('algorithm.adv_estimator=$ADV', 'data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'trainer.total_training_steps=10'), explicit: true }]);
    assert.deepEqual(outside.files.map((f) => f.config), [undefined]);
    traced(outside.files[0]!.head!.plan, /whether verl builds a critic is not known \(algorithm\.adv_estimator=\$ADV is set outside the script\)/);
  });

  test('trainer.critic_warmup holds back the actor only: the critic is updated from the first trainer step', () => {
    const text = launch('algorithm.adv_estimator=gae', 'data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'trainer.total_training_steps=10', 'trainer.critic_warmup=4');
    const report = review([{ path: 'run.sh', text, explicit: true }]);
    const [actor, critic] = report.files.map((f) => f.head!.plan);
    // Actor: trainer steps 4..10 = 7 updates x 2. Critic (its mini-batch and epochs follow the actor's): 10 x 2.
    assert.equal(actor!.schedule.totalSteps, 14);
    assert.equal(critic!.schedule.totalSteps, 20);
    traced(critic!, /updated at every trainer step, before the actor; trainer\.critic_warmup 4 holds back only the actor \(first updated at trainer step 4\)/);
  });

  test('a README launch with a critic gives `line N::actor` and `line N::critic`', () => {
    const text = ['# PPO', '', '```bash', 'python3 -m verl.trainer.main_ppo \\', '  algorithm.adv_estimator=gae \\', '  data.train_batch_size=64 \\', '  actor_rollout_ref.actor.ppo_mini_batch_size=32 \\', '  critic.optim.lr_warmup_steps=60 \\', '  trainer.total_training_steps=50', '```', ''].join('\n');
    const report = review([{ path: 'docs/README.md', text, explicit: true }]);
    assert.deepEqual(report.files.map((f) => f.config), ['line 4::actor', 'line 4::critic']);
    const tl103 = report.findings.find((f) => f.ruleId === 'TL103');
    assert.ok(tl103, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.deepEqual([tl103!.data.config, tl103!.line], ['line 4::critic', 8]);
  });

  test('the dataset size comes from a local train file; a missing one gives TL006 and an epoch axis, not an invented length', () => {
    const rows = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ prompt: `q${i}`, answer: String(i) })));
    const text = launch('data.train_files=data/train.json', 'data.train_batch_size=128', 'actor_rollout_ref.actor.ppo_mini_batch_size=64', 'trainer.total_epochs=3');
    const known = planOf('run.sh', text, { repo: memoryRepo({ 'data/train.json': rows }) });
    // 1000 // 128 = 7 trainer steps per epoch (the partial batch is dropped), x 3 epochs = 21, x 2 updates = 42.
    assert.equal(known.assumedLength, undefined);
    assert.equal(known.schedule.totalSteps, 42);
    assert.match(known.totalSteps.how, /1000 rows .* \/\/ train_batch_size 128 = 7 trainer steps per epoch/);

    const report = review([{ path: 'run.sh', text, explicit: true }], { repo: memoryRepo({}) });
    const unknown = report.files[0]!.head?.plan;
    assert.ok(unknown?.assumedLength, 'the length is marked as assumed');
    assert.equal(unknown!.assumedLength!.epochs, 3);
    const tl006 = report.findings.find((f) => f.ruleId === 'TL006');
    assert.ok(tl006, report.findings.map((f) => f.ruleId).join(', '));
    assert.match(tl006!.message, /data\/train\.json is not in the repository/);
  });

  test('examples/verl/grpo-broken.sh: TL109 warns with the trainer-step and optimizer-update counts', () => {
    const path = 'examples/verl/grpo-broken.sh';
    const report = review([{ path, text: readFileSync(join(REPO_ROOT, path), 'utf8'), explicit: true }]);
    const tl109 = report.findings.find((f) => f.ruleId === 'TL109');
    assert.ok(tl109);
    assert.equal(tl109!.severity, 'warning');
    assert.equal(tl109!.line, 13);
    // 0.95 x 140 trainer steps = 133, x 4 updates (512 // 128) = 532 of the run's 560 updates.
    assert.match(tl109!.message, /^warmup is 532 of 560 steps \(95 %\)/);
    assert.match(tl109!.message, /0\.95 x total_training_steps 140 = int\(133\) = 133 trainer steps/);
    assert.match(tl109!.message, /so the warmup lasts 133 x 4 = 532 optimizer updates/);
  });
});

describe('verl: the warmup fix, in trainer steps where the file writes the warmup', () => {
  /** The fix of `ruleId`'s finding on `text`, checked: shown, applied, reviewed again, and the finding gone. */
  function fixed(path: string, text: string, ruleId: string, options: { repo?: RepoView; frameworks?: Record<string, string> } = {}) {
    const reviewOptions = { settings: settingsWith(options.frameworks), ...(options.repo ? { repo: options.repo } : {}) };
    const input = { path, text, explicit: true };
    const report = review([input], reviewOptions);
    const finding = report.findings.find((f) => f.ruleId === ruleId);
    assert.ok(finding, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.ok(finding!.fix && finding!.fix.edits.length > 0, `no fix shown on ${ruleId}: ${finding!.message}`);
    const check = checkFix(input, finding!, reviewOptions, report);
    assert.equal(check.verdict, 'ok', check.detail);
    return { finding: finding!, text: check.fixedText! };
  }

  test('the broken example: TL109 sets the ratio to 7 of 140 trainer steps (28 of 560 updates), which clears it', () => {
    const path = 'examples/verl/grpo-broken.sh';
    const { finding, text } = fixed(path, readFileSync(join(REPO_ROOT, path), 'utf8'), 'TL109');
    assert.match(finding.fix!.description, /`actor_rollout_ref\.actor\.optim\.lr_warmup_steps_ratio=0\.05`/);
    assert.match(text, /^    actor_rollout_ref\.actor\.optim\.lr_warmup_steps_ratio=0\.05 \\$/m);
    assert.equal(planOf(path, text).warmup?.steps.value, 28);
  });

  test('lr_warmup_steps is rewritten as a trainer-step count: n updates / u, rounded down', () => {
    const text = launch('data.train_batch_size=300', 'actor_rollout_ref.actor.ppo_mini_batch_size=100', 'actor_rollout_ref.actor.optim.lr_scheduler_type=cosine', 'actor_rollout_ref.actor.optim.lr_warmup_steps=60', 'trainer.total_training_steps=200');
    // u = 3: 60 trainer steps = 180 of 600 updates (30 %); 5 % of 600 = 30 updates = 10 trainer steps.
    const { finding, text: after } = fixed('run.sh', text, 'TL109');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.fix!.edits.map((e) => [e.key, e.value]), [['lr_warmup_steps', 10]]);
    assert.match(after, /actor_rollout_ref\.actor\.optim\.lr_warmup_steps=10 \\/);
  });

  test('a warmup as long as the run (TL103) in a YAML file, with critic_warmup shortening the actor run, is fixed in the YAML', () => {
    const yaml = [
      'data:',
      '  train_batch_size: 128',
      'actor_rollout_ref:',
      '  actor:',
      '    ppo_mini_batch_size: 32',
      '    optim:',
      '      lr: 1e-6',
      '      lr_scheduler_type: cosine',
      '      lr_warmup_steps_ratio: 0.9  # meant for updates',
      'trainer:',
      '  total_training_steps: 100',
      '  critic_warmup: 20',
      '',
    ].join('\n');
    // The actor steps at trainer steps 20..100 (81 of them, 324 updates); its warmup is int(0.9 x 100) = 90 trainer steps.
    const before = planOf('config/grpo.yaml', yaml);
    assert.equal(before.schedule.totalSteps, 324);
    assert.equal(before.warmup?.steps.value, 324);
    const { finding, text } = fixed('config/grpo.yaml', yaml, 'TL103');
    assert.equal(finding.severity, 'error');
    // 5 % of 324 = 16 updates = 4 trainer steps = a ratio of 0.04 of the 100 trainer steps.
    assert.match(text, /^      lr_warmup_steps_ratio: 0\.04  # meant for updates$/m);
  });

  test("a critic warmup longer than the run is TL103 on the critic's key, fixed in critic.optim", () => {
    const text = launch('algorithm.adv_estimator=gae', 'data.train_batch_size=256', 'actor_rollout_ref.actor.ppo_mini_batch_size=64', 'critic.ppo_mini_batch_size=128', 'critic.optim.lr=1e-5', 'critic.optim.lr_warmup_steps=80', 'trainer.total_training_steps=50');
    // The critic: 50 trainer steps x (256 // 128 = 2) = 100 updates; its 80-step warmup is 160 updates: the LR never peaks.
    const { finding, text: after } = fixed('run.sh', text, 'TL103');
    assert.equal(finding.data.config, 'critic');
    assert.equal(finding.key, 'critic.optim.lr_warmup_steps');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /^config `critic`: warmup lasts 100 steps .*critic\.optim\.lr_warmup_steps 80 trainer steps/);
    // 5 % of 100 updates = 5 updates = 2 trainer steps of 2 updates; the actor's keys are left alone.
    assert.deepEqual(finding.fix!.edits.map((e) => [e.key, e.value]), [['lr_warmup_steps', 2]]);
    assert.match(after, /^    critic\.optim\.lr_warmup_steps=2 \\$/m);
    assert.doesNotMatch(after, /actor_rollout_ref\.actor\.optim\.lr_warmup/);
  });

  test('Megatron: the ratio is of lr_decay_steps', () => {
    const text = launch('--config-name ppo_megatron_trainer', 'data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=16', 'actor_rollout_ref.actor.optim.lr_decay_style=cosine', 'actor_rollout_ref.actor.optim.lr_decay_steps=80', 'actor_rollout_ref.actor.optim.lr_warmup_steps_ratio=0.5', 'trainer.total_training_steps=100');
    // u = 4; warmup int(0.5 x 80) = 40 trainer steps = 160 of 400 updates; 5 % = 20 updates = 5 trainer steps = 5/80 of the decay.
    const { finding } = fixed('run.sh', text, 'TL109');
    assert.deepEqual(finding.fix!.edits.map((e) => [e.key, e.value]), [['lr_warmup_steps_ratio', 0.0625]]);
  });

  test('no edit is offered where the file does not write the warmup itself (it comes from the composed config)', () => {
    const base = ['actor_rollout_ref:', '  actor:', '    optim:', '      lr_scheduler_type: cosine', '      lr_warmup_steps_ratio: 0.8', ''].join('\n');
    const text = ['python3 -m verl.trainer.main_ppo --config-path=cfg --config-name=mine \\', '    data.train_batch_size=64 \\', '    actor_rollout_ref.actor.ppo_mini_batch_size=32 \\', '    trainer.total_training_steps=50'].join('\n');
    const report = review([{ path: 'run.sh', text, explicit: true }], { repo: memoryRepo({ 'cfg/mine.yaml': base }) });
    const tl109 = report.findings.find((f) => f.ruleId === 'TL109');
    assert.ok(tl109);
    assert.equal(tl109!.fix, undefined);
  });

  test('the ratio written is one verl turns into exactly the trainer steps meant', () => {
    for (const [steps, base] of [[7, 140], [1, 3], [10, 30], [29, 100], [57, 1000], [3, 7]] as const) {
      const r = ratioFor(steps, base)!;
      assert.equal(Math.floor(r * base), steps, `${r} x ${base}`);
    }
  });
});
