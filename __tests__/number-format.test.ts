// Numbers shown to people are formatted for people: no float noise, exact step counts, `1 step`, `100 - 60`, no NaN,
// and one decay end for the table, the chart and the rules.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { countOf, formatNumber, formatValue, percentText, roundestIn } from '../src/core/access.ts';
import { sumText } from '../src/core/milestones.ts';
import type { FileReport } from '../src/core/report.ts';
import { review } from '../src/pipeline/review.ts';
import { markersFor } from '../src/render/file-chart.ts';
import { milestoneRows } from '../src/render/table.ts';
import { REPO_ROOT, sharedFolder } from './support/shared-data.ts';

describe('number formatting', () => {
  test('float noise is dropped, written values stay exact', () => {
    assert.equal(formatNumber(0.1 * 3e-4), '3e-5');
    assert.equal(formatValue(2.9999999999999997e-5), '3e-5');
    assert.equal(formatNumber(0.1 * 2e-5), '2e-6');
    assert.equal(formatNumber(6.1499e-5), '6.1499e-5');
    assert.equal(formatNumber(0.30000000000000004), '0.3');
    assert.equal(formatNumber(600000), '600000');
    assert.equal(formatNumber(1234567.5), '1234567.5');
    assert.equal(formatNumber(7.448728958032132e-5), '7.448728958032132e-5');
  });

  test('counts say `1 step` and `2 steps`; sums say `100 - 60`', () => {
    assert.equal(countOf(1, 'step'), '1 step');
    assert.equal(countOf(2, 'step'), '2 steps');
    assert.equal(countOf(0, 'step'), '0 steps');
    assert.equal(sumText(100, -60), '100 - 60');
    assert.equal(sumText(100, 60), '100 + 60');
  });

  test('percentages are never rounded to 0 or 100 when they are neither', () => {
    assert.equal(percentText(11, 35773), '<0.1');
    assert.equal(percentText(35772, 35773), '>99.9');
    assert.equal(percentText(1, 8), '12.5');
  });

  test('the roundest value in a range: a token budget that gives the same number of batches', () => {
    assert.equal(roundestIn(3999998672896, 4000000770048), 4e12);
    assert.equal(roundestIn(99, 100), 100);
    assert.equal(roundestIn(1234, 1236), 1236);
  });
});

function reviewed(path: string, text: string): FileReport {
  const file = review([{ path, text, explicit: true }]).files[0];
  assert.ok(file?.head, `${path} is reviewed`);
  return file;
}

const row = (file: FileReport, label: string) => milestoneRows(file).find((r) => r.label === label)?.after ?? '';

describe('the resolved-numbers table', () => {
  test('inverse_sqrt decays: the table shows where, in which style, and how far the LR falls', () => {
    const text = ['learning_rate: 3.0e-4', 'lr_scheduler_type: inverse_sqrt', 'warmup_steps: 200', 'max_steps: 6000', ''].join('\n');
    const file = reviewed('inv.yaml', text);
    assert.match(row(file, 'decay start'), /^200, inverse sqrt$/);
    // lr x sqrt(200 / k) at k = 5999: 3e-4 x 0.1826 = 5.478e-5, 5.48x below the peak.
    assert.match(row(file, 'decay end'), /no end \(inverse sqrt, falls 5\.48x to 5\.478e-5 by the last step\)/);
  });

  test('the steps-at-LR-0 share is never shown as 0.0 %', () => {
    const text = [
      'optimizer:',
      '  optimizer_factory:',
      '    name: adamW',
      '  learning_rate_scheduler:',
      '    learning_rate: 3.0e-4',
      '    lr_warmup_steps: 10',
      '    lr_decay_starting_step: 10',
      '    lr_decay_steps: 99989',
      '    min_decay_lr: 0',
      'tokens:',
      '  train_steps: 100000',
      '',
    ].join('\n');
    assert.match(row(reviewed('tail.yaml', text), 'steps at LR 0'), /^1 \(<0\.1 %\)$/);
  });
});

/** Every text a person reads about a file: findings, fixes, table rows, chart markers, notes. */
function texts(path: string, text: string): string[] {
  const report = review([{ path, text, explicit: true }]);
  const out: string[] = [];
  for (const f of report.findings) out.push(`${f.ruleId}: ${f.message}`, `${f.ruleId} fix: ${f.fix?.description ?? ''}`);
  for (const file of report.files) {
    for (const r of milestoneRows(file)) out.push(`table ${r.label}: ${r.after}`);
    for (const m of markersFor(file)) out.push(`chart: ${m.label}`);
    if (file.note) out.push(`note: ${file.note}`);
  }
  return out;
}

const NOISE: Array<[string, RegExp]> = [
  ['NaN', /\bNaN\b/],
  ['Infinity', /\bInfinity\b/],
  ['float noise', /\d\.\d*(?:0{6,}|9{6,})\d+e[-+]?\d/],
  ['an added negative', /\+ -\d/],
  ['`1 steps`', /(?<![\d.])1 steps\b/],
  ['undefined', /\bundefined\b/],
];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const isConfig = (p: string) => /\.(ya?ml|json|py|toml)$/.test(p) && !/\.base\.\w+$/.test(p) && !p.endsWith('.expect.json');

describe('no NaN, infinities, float noise, `+ -` or `1 steps` in what trainlint prints', () => {
  const roots = [join(REPO_ROOT, '__tests__', 'fixtures'), join(REPO_ROOT, 'examples')];
  const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
  if (corpus.ok) roots.push(corpus.path);
  for (const root of roots) {
    test(relative(REPO_ROOT, root) || root, () => {
      const problems: string[] = [];
      for (const file of walk(root).filter(isConfig)) {
        const path = relative(root, file).split(sep).join('/');
        for (const line of texts(path, readFileSync(file, 'utf8'))) {
          for (const [what, re] of NOISE) if (re.test(line)) problems.push(`${path}: ${what}: ${line}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});

describe('one decay end for the table, the chart and TL101/TL102', () => {
  const olmo = [
    'model:',
    '  max_sequence_length: 4096',
    'optimizer:',
    '  name: adamw',
    '  learning_rate: 4.0e-4',
    'scheduler:',
    '  name: cosine_with_warmup',
    '  units: tokens',
    '  t_warmup: 8388608000',
    '  t_max: 5e12',
    '  alpha_f: 0.1',
    'max_duration: 4e12T',
    'global_train_batch_size: 512',
    '',
  ].join('\n');

  test('OLMo: the TL102 message, the table row and the chart marker name the same step', () => {
    const report = review([{ path: 'olmo.yaml', text: olmo, explicit: true }]);
    const finding = report.findings.find((f) => f.ruleId === 'TL102');
    assert.ok(finding);
    const end = /built to end at step (\d+)/.exec(finding.message)?.[1];
    assert.ok(end, finding.message);
    const file = report.files[0]!;
    assert.ok(row(file, 'decay end').startsWith(`${end} `), `table: ${row(file, 'decay end')}, message: ${finding.message}`);
    assert.equal(finding.data.decayEnd, Number(end));
    assert.ok(markersFor(file).some((m) => m.label.includes('decay would end at 2.4M')));
  });

  test('OLMo: a t_max that ends the decay early gives TL101 the step the table shows', () => {
    const text = olmo.replace('t_max: 5e12', 't_max: 2e12');
    const report = review([{ path: 'olmo.yaml', text, explicit: true }]);
    const finding = report.findings.find((f) => f.ruleId === 'TL101');
    assert.ok(finding);
    const at = /at step (\d+)/.exec(finding.message)?.[1];
    assert.ok(row(report.files[0]!, 'decay end').startsWith(`${at} `), `${row(report.files[0]!, 'decay end')} vs ${finding.message}`);
  });
});

test('two values compared in one sentence get the digits that tell them apart (TL108: not "from 6e-5 to 6e-5")', async () => {
  const { formatPair } = await import('../src/core/access.ts');
  assert.deepEqual(formatPair(6e-5, 6.0001e-5), ['6e-5', '6.0001e-5']);
  assert.deepEqual(formatPair(1e-4, 3e-4), ['1e-4', '3e-4']);
  assert.deepEqual(formatPair(2, 2), ['2', '2']);
});
