// verl's `train_batch_size >= ppo_mini_batch_size` check: an error only where the verl that runs makes it.
// It came with volcengine/verl #559 (v0.3.0) and is skipped under use_dynamic_bsz; a repository that ships its own
// older verl package (the v0.1/v0.2 forks many RL recipes are built on) runs without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { memoryRepo } from './support/memory-repo.ts';

const launch = (...overrides: string[]) => ['#!/bin/bash', 'python3 -m verl.trainer.main_ppo \\', ...overrides.map((o) => `    ${o} \\`), '    trainer.logger=console', ''].join('\n');

// Batch of 8 prompts, mini-batch of 32: one mini-batch holds the whole batch.
const small = launch('data.train_batch_size=8', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'actor_rollout_ref.actor.optim.lr=3e-7', 'actor_rollout_ref.actor.optim.lr_warmup_steps_ratio=0.1', 'trainer.total_training_steps=40');

const errors = (files: { path: string; text: string }[], files2: Record<string, string> = {}) =>
  review(files.map((f) => ({ ...f, explicit: true })), { repo: memoryRepo({ ...Object.fromEntries(files.map((f) => [f.path, f.text])), ...files2 }) }).findings.filter((f) => f.severity === 'error');

describe('verl: a mini-batch larger than the batch', () => {
  test('is an error with the current verl (its config check raises)', () => {
    const found = errors([{ path: 'scripts/run.sh', text: small }]);
    assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
    assert.match(found[0]!.message, /ppo_mini_batch_size 32 is larger than data.train_batch_size 8/);
  });

  test('is no error when the repository ships a verl older than 0.3 (no such check; the batch is one mini-batch)', () => {
    const repo = { 'verl/version/version': '0.1', 'verl/trainer/main_ppo.py': '# the fork\n' };
    assert.deepEqual(errors([{ path: 'scripts/run.sh', text: small }], repo).map((f) => f.message), []);
    const a = analyse('scripts/run.sh', small, DEFAULT_SETTINGS, { repo: memoryRepo({ ...repo, 'scripts/run.sh': small }) });
    const plan = a.context.head?.plan;
    assert.ok(plan, JSON.stringify(a.context.planProblem));
    // ppo_epochs 1 x one mini-batch per trainer step: 40 updates, warmup int(0.1 x 40) = 4.
    assert.equal(plan!.totalSteps.value, 40);
    assert.equal(plan!.warmup?.steps.value, 4);
    assert.ok(plan!.assumptions.some((s) => /verl 0\.1/.test(s)), plan!.assumptions.join('\n'));
    assert.ok(plan!.assumptions.some((s) => /one mini-batch/.test(s)), plan!.assumptions.join('\n'));
  });

  test('a shipped verl 0.3 or later still makes the check', () => {
    const repo = { 'verl/version/version': '0.3.1.dev\n', 'verl/trainer/main_ppo.py': '# the fork\n' };
    assert.equal(errors([{ path: 'scripts/run.sh', text: small }], repo).length, 1);
  });

  test('is no error under use_dynamic_bsz, which skips the check (the run is then not simulated)', () => {
    const text = launch('data.train_batch_size=8', 'actor_rollout_ref.actor.ppo_mini_batch_size=32', 'actor_rollout_ref.actor.use_dynamic_bsz=True', 'trainer.total_training_steps=40');
    assert.deepEqual(errors([{ path: 'run.sh', text }]).map((f) => f.message), []);
    const a = analyse('run.sh', text, DEFAULT_SETTINGS, { repo: memoryRepo({ 'run.sh': text }) });
    assert.equal(a.status, 'not-simulated');
    assert.match(a.context.planProblem?.message ?? '', /use_dynamic_bsz/);
  });
});

describe('verl: a repository that ships its own older verl is read as that release', () => {
  const planIn = (repo: Record<string, string>, text: string) => {
    const a = analyse('scripts/run.sh', text, DEFAULT_SETTINGS, { repo: memoryRepo({ ...repo, 'scripts/run.sh': text }) });
    assert.ok(a.context.head?.plan, JSON.stringify(a.context.planProblem));
    return a.context.head!.plan;
  };
  const run = launch('data.train_batch_size=64', 'actor_rollout_ref.actor.ppo_mini_batch_size=64', 'actor_rollout_ref.actor.optim.lr=1e-6', 'actor_rollout_ref.actor.optim.lr_warmup_steps_ratio=0.2', 'actor_rollout_ref.actor.optim.lr_warmup_steps=3', 'actor_rollout_ref.actor.optim.warmup_style=cosine', 'trainer.total_training_steps=50');

  test('verl 0.2 builds a constant schedule from the warmup ratio only (no lr_warmup_steps, no warmup_style)', () => {
    const plan = planIn({ 'verl/version/version': '0.2\n' }, run);
    assert.equal(plan.warmup?.steps.value, 10); // int(0.2 x 50)
    assert.equal(plan.decay, undefined);
    assert.equal(plan.schedule.lrAt(49), 1e-6);
    assert.ok(plan.assumptions.some((s) => /verl 0\.2/.test(s) && /ships/.test(s)), plan.assumptions.join('\n'));
    assert.ok(!plan.assumptions.some((s) => /the current code/.test(s)), plan.assumptions.join('\n'));
    assert.ok(plan.assumptions.some((s) => /warmup_style cosine is ignored/.test(s)), plan.assumptions.join('\n'));
    assert.ok(plan.assumptions.some((s) => /lr_warmup_steps 3 is ignored/.test(s)), plan.assumptions.join('\n'));
  });

  test('verl 0.3 reads lr_warmup_steps but still no warmup_style', () => {
    const plan = planIn({ 'verl/version/version': '0.3.0.post1' }, run);
    assert.equal(plan.warmup?.steps.value, 3);
    assert.equal(plan.decay, undefined);
  });

  test('verl 0.4 reads warmup_style too; a .trainlint.yml pin still decides over the shipped copy', () => {
    const plan = planIn({ 'verl/version/version': '0.4.1' }, run);
    assert.equal(plan.decay?.style, 'cosine');
    const a = analyse('scripts/run.sh', run, { ...DEFAULT_SETTINGS, frameworks: { verl: 'engine' } }, { repo: memoryRepo({ 'verl/version/version': '0.2', 'scripts/run.sh': run }) });
    assert.equal(a.context.head?.plan?.decay?.style, 'cosine');
  });
});
