// Every fix trainlint proposes must be correct when applied: the edit is made in the config text the way a person would
// make it, the result is reviewed again, and the finding must be gone with no new error or warning. Run over every rule
// fixture, every example and every corpus file, plus configs written here for the cases that once went wrong.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { review, type ReviewInput, type ReviewOptions } from '../src/pipeline/review.ts';
import type { Finding } from '../src/core/types.ts';
import { workTreeView } from '../src/cli/repo-view.ts';
import { applyEdit, checkAllFixes, checkFix, type FixCheck } from './support/apply-fix.ts';
import { REPO_ROOT, sharedFolder } from './support/shared-data.ts';

/** Fixes other rules' owners are changing, with what is wrong; each is reported as TODO until it passes. */
const KNOWN_WRONG_FIXES: Record<string, string> = {};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const isConfig = (p: string) => /\.(ya?ml|json|py|toml)$/.test(p) && !/\.base\.\w+$/.test(p) && !p.endsWith('.expect.json');

function show(c: FixCheck): string {
  return `${c.finding.ruleId} at ${c.finding.path}:${c.finding.line}: ${c.finding.message}\n  ${c.verdict}: ${c.detail}`;
}

function checkSet(label: string, inputs: Array<{ input: ReviewInput; options?: ReviewOptions }>): void {
  describe(`fixes of ${label} are correct when applied`, () => {
    for (const { input, options } of inputs) {
      const checks = checkAllFixes(input, options ?? {});
      if (checks.length === 0) continue;
      for (const c of checks) {
        const known = KNOWN_WRONG_FIXES[`${input.path} ${c.finding.ruleId}`];
        test(`${input.path} ${c.finding.ruleId}:${c.finding.line}`, known && c.verdict !== 'ok' ? { todo: known } : {}, () => {
          assert.equal(c.verdict, 'ok', show(c));
          if (known) assert.fail(`${input.path} ${c.finding.ruleId} passes now: remove it from KNOWN_WRONG_FIXES`);
        });
      }
    }
  });
}

const FIXTURES = join(REPO_ROOT, '__tests__', 'fixtures');
checkSet(
  'the rule fixtures',
  walk(FIXTURES)
    .filter(isConfig)
    .sort()
    .map((file) => {
      const path = relative(FIXTURES, file).split(sep).join('/');
      const base = file.replace(/\.(ya?ml|json|py|toml)$/, '.base.$1');
      return { input: { path, text: readFileSync(file, 'utf8'), explicit: true, ...(existsSync(base) ? { baseText: readFileSync(base, 'utf8') } : {}) } };
    }),
);

checkSet(
  'the examples',
  walk(join(REPO_ROOT, 'examples'))
    .filter(isConfig)
    .sort()
    .map((file) => ({ input: { path: relative(REPO_ROOT, file).split(sep).join('/'), text: readFileSync(file, 'utf8'), explicit: true }, options: { repo: workTreeView(REPO_ROOT) } })),
);

const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
if (corpus.ok) {
  checkSet(
    'the corpus',
    walk(corpus.path)
      .filter(isConfig)
      .sort()
      .map((file) => ({ input: { path: relative(corpus.path, file).split(sep).join('/'), text: readFileSync(file, 'utf8'), explicit: true } })),
  );
} else test('fixes of the corpus', { skip: `corpus not available: ${corpus.reason}` }, () => {});

// ---------------------------------------------------------------------------------------------------------------
// The cases that once proposed a fix that did not fix

function only(input: ReviewInput, ruleId: string): Finding {
  const found = review([input]).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(found.length, 1, `one ${ruleId} finding expected, got ${found.length}`);
  return found[0]!;
}

describe('fixes that account for how the schedule depends on the edited key', () => {
  test('cosine_with_restarts with num_cycles 2.5: a whole number of cycles, not a max_steps the cycles would follow', () => {
    const text = ['learning_rate: 3.0e-5', 'lr_scheduler_type: cosine_with_restarts', 'lr_scheduler_kwargs:', '  num_cycles: 1.5', 'warmup_steps: 50', 'max_steps: 1200', ''].join('\n');
    const input = { path: 'train.yaml', text, explicit: true };
    const finding = only(input, 'TL102');
    assert.ok(finding.fix, 'a fix is proposed');
    assert.deepEqual(finding.fix.edits.map((e) => [e.key, e.value]), [['num_cycles', 2]]);
    assert.doesNotMatch(finding.fix.description, /max_steps/, 'max_steps moves the cycles with it: not a fix');
    assert.equal(checkFix(input, finding).verdict, 'ok');
  });

  test('max_steps is offered where the phases stay put (warmup_stable_decay with its stable and decay lengths given)', () => {
    const text = [
      'learning_rate: 1.0e-4',
      'lr_scheduler_type: warmup_stable_decay',
      'lr_scheduler_kwargs:',
      '  num_stable_steps: 600',
      '  num_decay_steps: 200',
      'warmup_steps: 100',
      'max_steps: 1500',
      '',
    ].join('\n');
    const input = { path: 'wsd.yaml', text, explicit: true };
    const finding = only(input, 'TL101');
    assert.match(finding.fix?.description ?? '', /`max_steps: 900`/);
    assert.equal(checkFix(input, finding).verdict, 'ok');
  });

  test('a warmup longer than the run (the decay pushed past it) is shortened to 5 % of the run', () => {
    const text = ['learning_rate: 5.0e-5', 'lr_scheduler_type: cosine', 'warmup_steps: 450', 'max_steps: 300', ''].join('\n');
    const input = { path: 'long-warmup.yaml', text, explicit: true };
    const finding = only(input, 'TL103');
    assert.deepEqual(finding.fix?.edits.map((e) => [e.key, e.value]), [['warmup_steps', 15]]);
    assert.equal(checkFix(input, finding).verdict, 'ok');
  });

  test('nanotron: moving the decay start out of the warmup keeps the decay ending with the run', () => {
    const text = [
      'optimizer:',
      '  optimizer_factory:',
      '    name: adamW',
      '  learning_rate_scheduler:',
      '    learning_rate: 2.0e-4',
      '    lr_warmup_steps: 800',
      '    lr_warmup_style: linear',
      '    lr_decay_style: cosine',
      '    lr_decay_starting_step: 300',
      '    lr_decay_steps: 4700',
      '    min_decay_lr: 2.0e-5',
      'tokens:',
      '  train_steps: 5000',
      '',
    ].join('\n');
    const input = { path: 'nanotron.yaml', text, explicit: true };
    const finding = only(input, 'TL104');
    assert.deepEqual(finding.fix?.edits.map((e) => [e.key, e.value]), [['lr_warmup_steps', 300]], 'the one-edit fix comes first');
    assert.match(finding.fix?.description ?? '', /`lr_decay_starting_step: 800` and `lr_decay_steps: 4200`/);
    assert.equal(checkFix(input, finding).verdict, 'ok');
    // The two-edit alternative works too.
    const both = applyEdit(applyEdit(text, 'nanotron.yaml', { path: 'nanotron.yaml', line: 9, key: 'lr_decay_starting_step', value: 800 })!, 'nanotron.yaml', { path: 'nanotron.yaml', line: 10, key: 'lr_decay_steps', value: 4200 })!;
    assert.deepEqual(review([{ ...input, text: both }]).findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
  });
});

describe('fixes that change nothing or remove the feature are not offered', () => {
  test('a warmup_ratio of 0.1 in a 10-step run gets no `warmup_ratio: 0.1` and no warmup of 0', () => {
    const text = ['learning_rate: 2.0e-5', 'lr_scheduler_type: linear', 'warmup_ratio: 0.15', 'max_steps: 10', 'per_device_train_batch_size: 4', ''].join('\n');
    const finding = only({ path: 'short.yaml', text, explicit: true }, 'TL109');
    assert.equal(finding.fix, undefined, finding.fix?.description);
  });

  test('a suggested value that is the current one is dropped, the other alternatives stay', () => {
    const text = ['learning_rate: 2.0e-5', 'lr_scheduler_type: linear', 'warmup_ratio: 0.3', 'max_steps: 400', ''].join('\n');
    const input = { path: 'ratio.yaml', text, explicit: true };
    const finding = only(input, 'TL109');
    assert.deepEqual(finding.fix?.edits.map((e) => [e.key, e.value]), [['warmup_ratio', 0.05]]);
    assert.equal(checkFix(input, finding).verdict, 'ok');
  });
});

describe('OLMo token budgets get round token counts', () => {
  const text = [
    'model:',
    '  max_sequence_length: 2048',
    'optimizer:',
    '  name: adamw',
    '  learning_rate: 4.0e-4',
    'scheduler:',
    '  name: cosine_with_warmup',
    '  units: tokens',
    '  t_warmup: 4194304000',
    '  t_max: 3e12',
    '  alpha_f: 0.1',
    'max_duration: 2e12T',
    'global_train_batch_size: 1024',
    '',
  ].join('\n');
  const input = { path: 'olmo.yaml', text, explicit: true };

  test('TL102 sets t_max to the max_duration budget, or max_duration to the t_max budget', () => {
    const finding = only(input, 'TL102');
    assert.deepEqual(finding.fix?.edits.map((e) => [e.key, e.value]), [['t_max', 2e12]]);
    assert.match(finding.fix?.description ?? '', /`max_duration: 3e12T`/);
    assert.equal(checkFix(input, finding).verdict, 'ok');
  });
});

describe('comparing with a base: restoring the base value comes first', () => {
  const base = [
    'optimizer:',
    '  optimizer_factory:',
    '    name: adamW',
    '  learning_rate_scheduler:',
    '    learning_rate: 3.0e-4',
    '    lr_warmup_steps: 1000',
    '    lr_decay_style: linear',
    '    lr_decay_starting_step: 8000',
    '    lr_decay_steps: 2000',
    '    min_decay_lr: 0',
    'tokens:',
    '  train_steps: 10000',
    '',
  ].join('\n');

  test('a PR that moved the decay start earlier is offered the base value before anything else', () => {
    const head = base.replace('lr_decay_starting_step: 8000', 'lr_decay_starting_step: 6000');
    const input = { path: 'run.yaml', text: head, baseText: base, explicit: true };
    const finding = only(input, 'TL101');
    assert.deepEqual(finding.fix?.edits.map((e) => [e.key, e.value]), [['lr_decay_starting_step', 8000]]);
    assert.match(finding.fix?.description ?? '', /^Set `lr_decay_starting_step: 8000` \(the base version's value, which had no such problem\), or `lr_decay_steps: 4000`/);
    assert.equal(checkFix(input, finding).verdict, 'ok');
  });

  test('no restoration when the base had the same finding', () => {
    const broken = base.replace('lr_decay_steps: 2000', 'lr_decay_steps: 1000');
    const head = base.replace('lr_decay_steps: 2000', 'lr_decay_steps: 500');
    const finding = only({ path: 'run.yaml', text: head, baseText: broken, explicit: true }, 'TL101');
    assert.doesNotMatch(finding.fix?.description ?? '', /base version/);
  });
});
