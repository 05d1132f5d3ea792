// Launch lines read out of READMEs' shell code blocks and notebooks' `!` / `%%bash` cells (core/launch-blocks.ts,
// core/parse-launch-blocks.ts, pipeline/launch-configs.ts): positions are the .md / .ipynb file's, each launch a
// dialect claims is reviewed on its own, and a file with none is silent. All texts are written for these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../src/pipeline/review.ts';
import { applyEdits } from '../src/core/edit-text.ts';
import { parseLaunchBlocks } from '../src/core/parse-launch-blocks.ts';
import { formatOf } from '../src/core/parse.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';

const settings = DEFAULT_SETTINGS;

function check(path: string, text: string, explicit = true) {
  return review([{ path, text, explicit }], { settings });
}

/** 1-based line and column of `needle` in `text` (the `occurrence`-th). */
function where(text: string, needle: string, occurrence = 1): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in the text`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

const README = [
  '# Fine-tuning a LoRA',
  '',
  'Install first:',
  '',
  '```bash',
  'pip install -r requirements.txt',
  '```',
  '',
  "Then launch training (it's quick):",
  '',
  '```bash',
  'export MODEL_NAME="some/model"',
  '$ accelerate launch --num_processes 2 train_dreambooth_lora.py \\',
  '  --pretrained_model_name_or_path=$MODEL_NAME \\',
  '  --lr_scheduler=cosine \\',
  '  --lr_warmup_steps=500 \\',
  '  --max_train_steps=400 \\',
  '  --output_dir=out',
  '```',
  '',
  'Some Python for inference:',
  '',
  '```python',
  'import subprocess',
  'subprocess.run("accelerate launch train_dreambooth_lora.py --lr_warmup_steps=5000 --max_train_steps=10", shell=True)',
  '```',
  '',
].join('\n');

test('formats: .md and .ipynb are read as launch blocks', () => {
  assert.equal(formatOf('examples/lora/README.md'), 'markdown');
  assert.equal(formatOf('notebooks/Train.ipynb'), 'notebook');
});

test('a README launch is reviewed with findings on the README line and column, prompt stripped', () => {
  const report = check('examples/lora/README.md', README);
  const files = report.files.filter((f) => f.path === 'examples/lora/README.md');
  const launchLine = where(README, 'accelerate launch').line;
  assert.deepEqual(files.map((f) => [f.config, f.dialect]), [[`line ${launchLine}`, 'diffusers']], JSON.stringify(report.files));
  const hit = report.findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  const at = where(README, '--lr_warmup_steps=500');
  assert.equal(hit.line, at.line);
  assert.equal(hit.column, at.column);
  // The Python block's string is not a launch: one config only.
  assert.ok(!report.findings.some((f) => /5000/.test(f.message)));
});

test('a fix in a README edits the launch line in place', () => {
  const report = check('examples/lora/README.md', README);
  const fixed = report.findings.find((f) => f.fix?.edits.length);
  assert.ok(fixed, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  const edited = applyEdits(README, fixed.fix!.edits, 'markdown');
  assert.ok(edited);
  const before = README.split('\n');
  const after = edited.split('\n');
  const changed = before.map((l, i) => (l === after[i] ? -1 : i + 1)).filter((i) => i > 0);
  assert.deepEqual(changed, fixed.fix!.edits.map((e) => e.line));
  for (const line of changed) assert.match(after[line - 1]!, new RegExp(`^  --${fixed.fix!.edits[0]!.key.replace(/^--/, '')}=`));
});

test('a console block: prompted lines are commands, the rest is output', () => {
  const text = [
    '```console',
    '$ accelerate launch train_dreambooth_lora.py \\',
    '>   --lr_scheduler=linear --lr_warmup_steps=900 \\',
    '    --max_train_steps=300 --output_dir=out',
    'Steps: 100%|██████| 300/300 --lr_warmup_steps=1',
    '```',
  ].join('\n');
  const report = check('README.md', text);
  assert.deepEqual(report.files.map((f) => f.config), ['line 2']);
  const hit = report.findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.deepEqual([hit.line, hit.column], [3, where(text, '--lr_warmup_steps=900').column]);
});

test('several launches in one README: one review each, named by their line', () => {
  const text = [
    '## Small run',
    '```sh',
    'accelerate launch train_text_to_image.py --learning_rate=1e-4 --lr_scheduler=constant --max_train_steps=100 --output_dir=a',
    '```',
    '## Large run',
    '```shell',
    'accelerate launch --num_processes 8 train_text_to_image.py --learning_rate=1e-5 --lr_scheduler=linear --lr_warmup_steps=10 --max_train_steps=2000 --output_dir=b',
    'python scripts/convert.py --input b --output c',
    '```',
  ].join('\n');
  const report = check('docs/README.md', text);
  assert.deepEqual(report.files.map((f) => [f.config, f.status]), [['line 3', 'reviewed'], ['line 7', 'reviewed']]);
  assert.deepEqual(report.files.map((f) => f.head?.plan.totalSteps.value), [100, 2000]);
  // Each is reviewed on its own: none is "the first of several".
  assert.ok(report.files.every((f) => !f.head?.plan.assumptions.some((x) => /more than once|is reviewed/.test(x))), JSON.stringify(report.files.map((f) => f.head?.plan.assumptions)));
});

test('a README without a launch a dialect claims is silent in discovery, and unknown when named', () => {
  const prose = ['# Project', '', '```bash', 'pip install -e .', 'python setup.py develop --user', '```', '', '```yaml', 'learning_rate: 1e-4', 'lr_scheduler: cosine', '```', '', 'Set `--lr_warmup_steps=100` in the command.'].join('\n');
  const quiet = check('README.md', prose, false);
  assert.deepEqual([quiet.files.length, quiet.findings.length], [0, 0]);
  const named = check('README.md', prose, true);
  assert.deepEqual(named.files.map((f) => f.status), ['unknown-dialect']);
  assert.equal(named.findings.filter((f) => f.severity !== 'info').length, 0);
  // Not even a broken notebook says anything when discovered.
  const broken = check('nb/Train.ipynb', '{"cells": [ {"cell_type": "code", "source": ["!accelerate launch train.py --lr_warmup_steps=1"', false);
  assert.deepEqual([broken.files.length, broken.findings.length], [0, 0]);
});

test('a block left open by a quote is not read (it would swallow the next block)', () => {
  const text = ['```bash', "echo Let's go", '```', '', '```bash', 'accelerate launch train_dreambooth_lora.py --lr_scheduler=cosine --lr_warmup_steps=500 --max_train_steps=400 --output_dir=o', '```'].join('\n');
  const report = check('README.md', text);
  assert.deepEqual(report.files.map((f) => f.config), ['line 6']);
  assert.ok(report.findings.some((f) => f.ruleId === 'TL103' && f.line === 6));
});

test('an unclosed block followed by a fence with a language: the prose between is not read as commands', () => {
  const text = ['```bash', 'pip install x', '', "Then run it, it's fast:", '', '```bash', 'accelerate launch train_dreambooth_lora.py --lr_scheduler="cosine" --lr_warmup_steps=500 --max_train_steps=400 --output_dir=o', '```'].join('\n');
  const report = check('README.md', text);
  assert.deepEqual(report.files.map((f) => f.config), ['line 7']);
  assert.ok(!report.findings.some((f) => f.ruleId === 'TL002'), report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
});

test('placeholders are not errors: the launch is not simulated, and says which value is missing', () => {
  const text = [
    '```sh',
    'accelerate launch train_dreambooth_lora.py \\',
    '    --output_dir <output path> \\',
    '    --train_batch_size <batch size> \\',
    "    --gradient_accumulation_steps '<gradient accumulation steps>' \\",
    '    --learning_rate 1e-4 \\',
    '    --max_train_steps <steps> \\',
    '    --lr_scheduler cosine --lr_warmup_steps 100',
    '```',
  ].join('\n');
  const report = check('examples/x/README.md', text);
  assert.equal(report.findings.filter((f) => f.severity === 'error').length, 0, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.ok(!report.findings.some((f) => f.ruleId === 'TL002'));
  const file = report.files[0]!;
  assert.equal(file.status, 'not-simulated', JSON.stringify(file));
  assert.match(file.note ?? '', /<steps>|<batch size>|<gradient accumulation steps>/);
  const doc = parseLaunchBlocks(text, 'markdown');
  assert.ok(doc.ok);
  const launch = doc.doc.shellLaunches![0]!.launch;
  assert.equal(launch.unresolved.get('/--train_batch_size')?.expression, '<batch size>');
  assert.equal(launch.unresolved.get('/--gradient_accumulation_steps')?.expression, '<gradient accumulation steps>');
  assert.equal(launch.unresolved.get('/--max_train_steps')?.span.line, 7);
  // Redirections are no placeholders.
  const redirect = parseLaunchBlocks(['```bash', 'accelerate launch train_text_to_image.py --max_train_steps=10 > log.txt 2>&1 < /dev/null', '```'].join('\n'), 'markdown');
  assert.ok(redirect.ok);
  assert.equal(redirect.doc.shellLaunches![0]!.launch.unresolved.size, 0);
});

/** A notebook as nbformat 4 writes it: each source line its own JSON string on its own line. */
function notebook(cells: Array<{ type: 'code' | 'markdown'; lines: string[] }>): string {
  const cellText = cells.map((c) =>
    [
      '  {',
      `   "cell_type": ${JSON.stringify(c.type)},`,
      '   "metadata": {},',
      '   "source": [',
      c.lines.map((l, i) => `    ${JSON.stringify(i < c.lines.length - 1 ? `${l}\n` : l)}`).join(',\n'),
      '   ]',
      '  }',
    ].join('\n'),
  );
  return ['{', ' "cells": [', cellText.join(',\n'), ' ],', ' "metadata": {},', ' "nbformat": 4,', ' "nbformat_minor": 5', '}', ''].join('\n');
}

test('a notebook `!accelerate launch` cell: continuation lines joined, findings on the JSON line and column, no fix edit', () => {
  const text = notebook([
    { type: 'markdown', lines: ['Run `!accelerate launch train_dreambooth_lora.py --lr_warmup_steps=1`'] },
    { type: 'code', lines: ['MODEL = "some/model"', '!accelerate launch train_dreambooth_lora.py \\', '  --pretrained_model_name_or_path=$MODEL --instance_prompt="a \\"sks\\" dog" \\', '  --lr_scheduler=cosine --lr_warmup_steps=500 \\', '  --max_train_steps=400 --output_dir=out'] },
  ]);
  const report = check('nb/Train.ipynb', text);
  assert.deepEqual(report.files.map((f) => [f.config, f.dialect]), [[`line ${where(text, '!accelerate', 2).line}`, 'diffusers']]);
  const hit = report.findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.deepEqual([hit.line, hit.column], [where(text, '--lr_warmup_steps=500').line, where(text, '--lr_warmup_steps=500').column]);
  // A value after an escaped quote in the JSON string still points at its own column.
  const doc = parseLaunchBlocks(text, 'notebook');
  assert.ok(doc.ok);
  const node = doc.doc.shellLaunches![0]!.nodes.get('/--lr_scheduler');
  assert.deepEqual([node?.keySpan?.line, node?.keySpan?.column], [where(text, '--lr_scheduler').line, where(text, '--lr_scheduler').column]);
  assert.ok(report.findings.every((f) => !f.fix?.edits.length), 'no edit is written into a notebook');
  assert.equal(applyEdits(text, [{ line: hit.line, key: '--lr_warmup_steps', value: 40 }], 'notebook'), null);
});

test('a notebook `%%bash` cell is a script; `%env` sets a variable; `{expr}` in a ! line is a placeholder', () => {
  const text = notebook([
    { type: 'code', lines: ['%env STEPS=400'] },
    { type: 'code', lines: ['%%bash', 'WARMUP=500', 'accelerate launch train_dreambooth_lora.py --lr_scheduler=cosine \\', '  --lr_warmup_steps=$WARMUP --max_train_steps=$STEPS --output_dir=out'] },
    { type: 'code', lines: ['bs = 4', '!accelerate launch train_dreambooth_lora.py --train_batch_size={bs} --max_train_steps=400 --lr_warmup_steps=10 --output_dir=o2'] },
  ]);
  const report = check('Train.ipynb', text);
  const bashLine = where(text, 'accelerate launch').line;
  const bangLine = where(text, '!accelerate').line;
  assert.deepEqual(report.files.map((f) => f.config), [`line ${bashLine}`, `line ${bangLine}`]);
  const hit = report.findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.match(hit.message, /500/);
  assert.match(hit.message, /400/);
  assert.equal(report.findings.filter((f) => f.ruleId === 'TL002').length, 0);
  const doc = parseLaunchBlocks(text, 'notebook');
  assert.ok(doc.ok);
  assert.equal(doc.doc.shellLaunches![1]!.launch.unresolved.get('/--train_batch_size')?.expression, '{bs}');
});

test('a README launch no shell-reading dialect claims is not reviewed, and a YAML dialect never reads a README', () => {
  const text = ['```bash', 'python train.py --config configs/x.yaml', 'torchrun --nproc_per_node 8 -m mypkg.train lr=3e-4', '```'].join('\n');
  const report = check('README.md', text, false);
  assert.deepEqual([report.files.length, report.findings.length], [0, 0]);
});

test('a notebook cell whose source is one JSON string: each command line still maps to its column on that JSON line', () => {
  const source = '!accelerate launch train_dreambooth_lora.py --lr_scheduler=cosine \\\n  --lr_warmup_steps=500 --max_train_steps=400 --output_dir=out\n';
  const text = `{"cells": [{"cell_type": "code", "metadata": {}, "source": ${JSON.stringify(source)}}], "nbformat": 4, "nbformat_minor": 5}\n`;
  const report = check('one.ipynb', text);
  const hit = report.findings.find((f) => f.ruleId === 'TL103');
  assert.ok(hit, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  assert.deepEqual([hit.line, hit.column], [1, text.indexOf('--lr_warmup_steps=500') + 1]);
});
