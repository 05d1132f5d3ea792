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
    assert.ok(plan!.assumptions.some((s) => /verl 0\.1/.test(s) && /one mini-batch/.test(s)), plan!.assumptions.join('\n'));
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
