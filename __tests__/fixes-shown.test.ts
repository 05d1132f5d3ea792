// A fix is tried before it is shown: its edits are written into the file, the file is reviewed again, and the fix
// appears only when its finding is gone and no new error or warning came with it. The property is checked here
// independently of the pipeline, over every example, rule fixture and corpus file.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { applyEdits } from '../src/core/edit-text.ts';
import { formatOf } from '../src/core/parse.ts';
import { review } from '../src/pipeline/review.ts';
import type { Finding } from '../src/core/types.ts';
import { REPO_ROOT, sharedFolder } from './support/shared-data.ts';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else if (formatOf(path)) out.push(path);
  }
  return out;
}

const identity = (f: Finding) => `${f.ruleId} ${f.key ?? ''}`;

/** Every shown fix of one file, applied and reviewed again: what still fires or newly fires, in words. */
function brokenFixes(path: string, text: string): string[] {
  const problems: string[] = [];
  const { findings } = review([{ path, text, explicit: true }]);
  const before = new Set(findings.map(identity));
  const format = formatOf(path)!;
  for (const finding of findings) {
    const edits = finding.fix?.edits ?? [];
    if (edits.length === 0) continue;
    const fixed = applyEdits(text, edits, format);
    const shown = `${finding.ruleId} at line ${finding.line} (${edits.map((e) => `${e.key}=${e.value}`).join(', ')})`;
    if (fixed === null || fixed === text) {
      problems.push(`${shown}: the edit cannot be written into the file or changes nothing`);
      continue;
    }
    const after = review([{ path, text: fixed, explicit: true }]).findings;
    if (after.some((f) => identity(f) === identity(finding))) problems.push(`${shown}: the finding is still there after the fix`);
    for (const f of after) {
      if (f.severity !== 'info' && !f.ruleId.startsWith('TL2') && !before.has(identity(f))) problems.push(`${shown}: the fix brings a new ${f.severity} ${f.ruleId}: ${f.message}`);
    }
  }
  return problems;
}

function checkFolder(root: string, label: string): void {
  const files = filesUnder(root);
  test(`${label}: every fix shown on ${files.length} files removes its finding and brings no new error or warning`, () => {
    const problems = files.flatMap((file) => brokenFixes(relative(root, file), readFileSync(file, 'utf8')).map((p) => `${relative(root, file)}: ${p}`));
    assert.deepEqual(problems, []);
  });
}

describe('fixes are verified before they are shown', () => {
  checkFolder(join(REPO_ROOT, 'examples'), 'examples/');
  checkFolder(join(REPO_ROOT, '__tests__', 'fixtures'), 'rule fixtures');
  const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
  if (corpus.ok) checkFolder(corpus.path, 'corpus');
  else test('corpus', { skip: `corpus not available: ${corpus.reason}` }, () => {});

  test('a fix whose edit cannot be written on its line (a flow mapping) is withheld; the finding stays', () => {
    const text = [
      'optimizer:',
      '  optimizer_factory: {name: adamW}',
      '  learning_rate_scheduler: {learning_rate: 0.003, lr_warmup_steps: 2500, lr_warmup_style: linear, lr_decay_style: linear, lr_decay_starting_step: 250000, lr_decay_steps: 50000, min_decay_lr: 0}',
      'tokens:',
      '  sequence_length: 2048',
      '  train_steps: 600000',
      '  micro_batch_size: 8',
      '  batch_accumulation_per_replica: 4',
      'parallelism: {dp: 8, pp: 1, tp: 1}',
      '',
    ].join('\n');
    const { findings } = review([{ path: 'flow.yaml', text, explicit: true }]);
    const decay = findings.find((f) => f.ruleId === 'TL101');
    assert.ok(decay, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.equal(decay.fix, undefined);
  });

  test('the same file in block style gets the fix, and applying it clears the error', () => {
    const text = readFileSync(join(REPO_ROOT, 'examples/nanotron/pretrain-135m-decay-too-early.yaml'), 'utf8');
    const { findings } = review([{ path: 'bad.yaml', text, explicit: true }]);
    const decay = findings.find((f) => f.ruleId === 'TL101');
    assert.deepEqual(decay?.fix?.edits.map((e) => [e.key, e.value]), [['lr_decay_steps', 350000]]);
    assert.deepEqual(brokenFixes('bad.yaml', text), []);
  });
});
