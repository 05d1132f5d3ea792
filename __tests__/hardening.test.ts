// Issue 17: no input can hang a review. The reproducers the fuzzer found finish well within the per-file budget, a
// step count no framework can count to is an error naming its key (never a NaN or Infinity in the output), and a file
// that needs more than the budget is a TL003 finding naming it while the other files are still reviewed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FILE_BUDGET, firstStepWhere, withBudget } from '../src/core/budget.ts';
import { scanStatements } from '../src/core/shell-scan.ts';
import { review, type ReviewInput } from '../src/pipeline/review.ts';
import { toJsonReport } from '../src/core/report.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const FIXTURES = join(REPO_ROOT, '__tests__/fixtures/TL002');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Generous wall-clock bound for a single file on a loaded 2-core runner; the real bound is the operation budget. */
const SECONDS = 20;

function timed(inputs: ReviewInput[]) {
  const start = performance.now();
  const report = review(inputs);
  const seconds = (performance.now() - start) / 1000;
  assert.ok(seconds < SECONDS, `review took ${seconds.toFixed(1)} s`);
  return report;
}

function assertNoNonFinite(report: ReturnType<typeof review>): void {
  const json = JSON.stringify(toJsonReport(report));
  assert.doesNotMatch(json, /NaN|Infinity/);
  for (const f of report.findings) assert.doesNotMatch(`${f.message} ${f.fix?.description ?? ''}`, /\bNaN\b|Infinity/);
}

describe('bisection over steps', () => {
  test('stops at float resolution past 2^53', () => {
    const target = 2.53e38 / 3;
    const k = firstStepWhere(0, 2.53e38, (x) => x >= target);
    assert.ok(k >= target && k - target <= 2 ** 80, `${k}`);
  });
  test('finds the exact first step below 2^53', () => {
    assert.equal(firstStepWhere(0, 2 ** 52, (x) => x >= 12345), 12345);
    assert.equal(firstStepWhere(10, 20, () => true), 10);
    assert.equal(firstStepWhere(10, 20, () => false), 20);
  });
});

describe('reproducers finish within the budget', () => {
  test('60,000 duplicate keys, each replacing a list, after a list of 60,000 values: the replaced positions cost their own size', () => {
    // Dropping each replaced value's positions from a map of all positions, once per duplicate, took 10 s at 30,000.
    const n = 60_000;
    const text = `big: [${Array.from({ length: n }, (_, i) => i).join(', ')}]\n${'a: [1]\n'.repeat(n)}`;
    const report = timed([{ path: 'dup-keys.yaml', text, explicit: true }]);
    assert.ok(report.files.length === 1);
  });

  test('HF cosine over 2^63 epochs: an error naming num_train_epochs, no curve', () => {
    const path = 'hf-cosine-2pow63-epochs.yaml';
    const report = timed([{ path, text: fixture(path), explicit: true }]);
    const error = report.findings.find((f) => f.severity === 'error');
    assert.ok(error, JSON.stringify(report.findings.map((f) => f.message)));
    assert.equal(error.ruleId, 'TL002');
    assert.match(error.message, /num_train_epochs/);
    assert.match(error.message, /2\^53/);
    assert.equal(error.line, 8);
    assertNoNonFinite(report);
  });

  test('HF cosine with max_steps 2.53e38: an error naming max_steps', () => {
    const path = 'hf-cosine-max-steps-2.53e38.yaml';
    const report = timed([{ path, text: fixture(path), explicit: true }]);
    const error = report.findings.find((f) => f.severity === 'error');
    assert.ok(error);
    assert.match(error.message, /`max_steps`/);
    assert.equal(error.line, 8);
    assertNoNonFinite(report);
  });

  test('GPT-NeoX linear decay with lr_decay_iters 2.53e38: an error naming lr_decay_iters, no curve', () => {
    const report = timed([{ path: 'gpt-neox-linear-decay-iters-2.53e38.yml', text: fixture('gpt-neox-linear-decay-iters-2.53e38.yml'), explicit: true }]);
    const error = report.findings.find((f) => f.severity === 'error');
    assert.ok(error, JSON.stringify(report.findings.map((f) => f.message)));
    assert.equal(error.ruleId, 'TL002');
    assert.match(error.message, /lr_decay_iters 2\.53e\+38/);
    assert.match(error.message, /2\^53/);
    assert.equal(report.files[0]!.head, undefined, 'no curve is drawn');
    assertNoNonFinite(report);
  });

  test('a Python chain of 16,000 names, each defined from the previous one', () => {
    const n = 16_000;
    const lines = ['a0 = 100'];
    for (let i = 1; i < n; i++) lines.push(`a${i} = a${i - 1}`);
    lines.push('learning_rate = 6e-4', `max_iters = 5000 + a${n - 1}`, 'warmup_iters = 100', 'lr_decay_iters = 5100', 'min_lr = 6e-5', 'decay_lr = True');
    const report = timed([{ path: 'config/train_chain.py', text: `${lines.join('\n')}\n`, explicit: true }]);
    const file = report.files[0]!;
    assert.equal(file.status, 'reviewed', JSON.stringify(report.findings.map((f) => f.message)));
    // nanoGPT's loop runs iterations 0..max_iters inclusive: max_iters + 1 updates.
    assert.equal(file.head?.plan.totalSteps.value, 5101);
    assert.ok(!report.findings.some((f) => f.ruleId === 'TL003'));
  });

  test('a 1.9 MB single-line JSON file under the size cap', () => {
    const data = Array.from({ length: 220_000 }, (_, i) => i + 0.5);
    const text = JSON.stringify({ learning_rate: 1e-4, lr_scheduler_type: 'cosine', max_steps: 1000, warmup_steps: 10, output_dir: 'x', data });
    assert.ok(text.length > 1_800_000 && text.length < 2_000_000 && !text.includes('\n'), `${text.length}`);
    const report = timed([{ path: 'trainer_config.json', text, explicit: true }]);
    assert.ok(report.files[0]!.status, 'the file has a status');
    assertNoNonFinite(report);
  });
});

describe('the per-file budget', () => {
  test('is documented with its size', () => {
    assert.ok(FILE_BUDGET.operations >= 1_000_000);
  });

  test('a file that needs more is TL003 naming the budget; the other files are still reviewed', () => {
    const lines = ['a0 = 1'];
    for (let i = 1; i < 3000; i++) lines.push(`a${i} = a${i - 1} + 1`);
    lines.push('learning_rate = 6e-4', 'max_iters = 5000', 'warmup_iters = 100', 'lr_decay_iters = 5000', 'min_lr = 6e-5', 'decay_lr = True');
    const big = `${lines.join('\n')}\n`;
    const good = readFileSync(join(REPO_ROOT, 'examples/nanotron/pretrain-135m-good.yaml'), 'utf8');
    // A smaller budget for the test run (the nesting shares it): the 3000-line chain needs more than 2000 operations.
    const report = withBudget(
      () => review([
        { path: 'config/train_big.py', text: big, explicit: true },
        { path: 'pretrain.yaml', text: good, explicit: true },
      ]),
      2000,
    );
    const budget = report.findings.find((f) => f.path === 'config/train_big.py');
    assert.ok(budget, 'a finding on the file over budget');
    assert.equal(budget.ruleId, 'TL003');
    assert.match(budget.message, /per-file budget of 50,000,000 operations/);
    assert.equal(report.files.find((f) => f.path === 'config/train_big.py')?.status, 'unparsed');
  });
});

describe('every status says why', () => {
  test('an explicitly named file no dialect recognises says so', () => {
    const report = review([{ path: 'notes.yaml', text: 'foo: 1\nbar: 2\n', explicit: true }]);
    assert.equal(report.files[0]?.status, 'unknown-dialect');
    assert.equal(report.files[0]?.note, 'not recognised as a training config of a supported framework');
  });
});

describe('messages', () => {
  test('a range message says "must be" once', () => {
    const text = 'base_model: x\nlearning_rate: 0.0002\nlr_scheduler: cosine\nmax_steps: 400\nmicro_batch_size: 0\n';
    const f = review([{ path: 'axolotl.yaml', text, explicit: true }]).findings.find((x) => x.ruleId === 'TL002');
    assert.ok(f);
    assert.match(f.message, /it must be >= 1/);
    assert.doesNotMatch(f.message, /must be must be/);
  });
  test('the node limit of a JSON file does not speak of aliases', () => {
    const text = JSON.stringify({ learning_rate: 1e-4, data: Array.from({ length: 210_000 }, () => 0) });
    const r = review([{ path: 'trainer_config.json', text, explicit: true }]);
    const f = r.findings.find((x) => x.ruleId === 'TL003');
    assert.ok(f, JSON.stringify(r.files));
    assert.doesNotMatch(f.message, /alias/);
  });
});

describe('shell launches with whitespace bash does not split at (repository fuzz, seed 32)', () => {
  // A vertical tab in a launch line once made the statement scanner push empty words forever (out of memory): the
  // loop skipped only spaces, tabs and carriage returns while words ended at any whitespace. In bash a vertical tab,
  // a form feed or a no-break space is an ordinary character of a word.
  for (const [name, ch] of [['vertical tab', '\v'], ['form feed', '\f'], ['no-break space', '\u00a0'], ['line separator', '\u2028']] as const) {
    test(`a ${name} inside and between words finishes, and stays inside its word`, () => {
      const text = `#!/bin/bash\npython3 -m verl.trainer.main_ppo \\\n    data.${ch}train_batch_size=128 ${ch}trainer.total_training_steps=20\n    actor_rollout_ref.actor.ppo_mini_batch_size=64\n`;
      const report = timed([{ path: 'scripts/run.sh', text, explicit: true }]);
      assert.ok(report.files.length > 0);
      const words = scanStatements(`python3 train.py --lr${ch}3e-4 ${ch} --epochs 2`)[0]!.map((w) => w.raw);
      assert.deepEqual(words, ['python3', 'train.py', `--lr${ch}3e-4`, ch, '--epochs', '2']);
    });
  }
});
