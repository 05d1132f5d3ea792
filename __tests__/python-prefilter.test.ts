// A discovered `.py` file is parsed only when a Python-reading dialect may claim it (Dialect.mayDetectPython) or it
// would be plausibly a config were it unreadable: a repository's other Python files are passed over without the cost
// of parsing and evaluating them. A user must not be able to tell but by the time a run takes: every file a dialect
// claims still passes its dialect's check, and what is reported is what was reported before.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePython } from '../src/core/parse-python.ts';
import { DIALECTS } from '../src/dialects/index.ts';
import { review } from '../src/pipeline/review.ts';
import { REPO_ROOT, sharedFolder } from './support/shared-data.ts';

const PYTHON_DIALECTS = DIALECTS.filter((d) => d.formats?.includes('python'));

function pythonFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) pythonFiles(path, out);
    else if (entry.name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** The files a dialect claims whose text its pre-filter turns away (each would no longer be reviewed when discovered). */
function missedClaims(files: Array<{ path: string; text: string }>): string[] {
  const missed: string[] = [];
  for (const { path, text } of files) {
    const parsed = parsePython(text);
    if (!parsed.ok) continue;
    for (const dialect of PYTHON_DIALECTS) {
      if (dialect.detect(parsed.doc, path) > 0 && !dialect.mayDetectPython?.(text)) missed.push(`${dialect.id}: ${path}`);
    }
  }
  return missed;
}

test('every Python-reading dialect has a pre-filter (else every discovered .py file is parsed)', () => {
  assert.ok(PYTHON_DIALECTS.length >= 5);
  assert.deepEqual(PYTHON_DIALECTS.filter((d) => !d.mayDetectPython).map((d) => d.id), []);
});

test("each dialect's pre-filter lets through every example and fixture it claims", () => {
  const files = [...pythonFiles(join(REPO_ROOT, 'examples')), ...pythonFiles(join(REPO_ROOT, '__tests__/fixtures'))].map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  assert.ok(files.length > 5);
  assert.deepEqual(missedClaims(files), []);
});

const corpus = sharedFolder('TRAINLINT_CORPUS', '../shared/corpus');
test("each dialect's pre-filter lets through every corpus file it claims", { skip: corpus.ok ? false : `corpus not available: ${corpus.reason}` }, () => {
  const files = pythonFiles(corpus.path).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
  assert.deepEqual(missedClaims(files), []);
});

// Python built from the names, calls and imports the Python dialects look for, in every combination and spelling.
const LINES = [
  'peak_lr = 0.001', 'initial_lr = 1e-5', 'min_lr = 1e-6', 'warmup_steps = 20', 'total_steps = 100', 'n_epochs = 2', 'num_epochs = 3',
  'max_iters = 5000', 'lr_decay_iters = 5000', 'warmup_iters = 100', 'decay_lr = True', 'learning_rate = 6e-4', 'eval_iters = 200', 'eval_interval = 250',
  'log_interval = 10', 'out_dir = "out"', 'wandb_log = False', 'init_from = "scratch"', 'batch_size = 12', 'block_size = 1024', 'n_layer = 12',
  'def get_lr(it):\n    if it < warmup_iters:\n        return learning_rate * it / warmup_iters\n    return min_lr',
  'def get_lr(current_step, total_steps, lr):\n    return lr',
  'import argparse\nparser = argparse.ArgumentParser()',
  'parser.add_argument("--learning_rate", type=float, default=5e-4)', 'parser.add_argument("--learning-rate", type=float, default=5e-4)',
  'parser.add_argument("--epochs", type=int, default=1)', 'parser.add_argument("--accumulation_steps", type=int, default=8)', 'parser.add_argument("--batch_size", type=int, default=32)',
  'args = parser.parse_args()', 'lr = get_lr(step, total, args.learning_rate)', 'lr = get_lr(step, total, args . learning_rate)',
  'from detectron2.config import LazyCall as L', 'from ..common.optim import SGD as optimizer', 'from ..common.coco_schedule import lr_multiplier_1x as lr_multiplier', 'lr_multiplier = L(WarmupParamScheduler)()',
  'from torchtitan.trainer import Trainer', 'from torchtitan.components.lr_scheduler import LRSchedulersContainer', 'def llama3_debugmodel():\n    return Trainer.Config(lr_scheduler=LRSchedulersContainer.Config(warmup_steps=2))',
  'x = TrainingConfig(steps=10)', 'opt = default_adamw(lr=8e-4)', 'class Config:\n    pass', 'import torch', 'y = 1',
];

test('on generated Python, a dialect claims a file only when its pre-filter lets the text through', () => {
  const texts = fc.sample(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 14 }).map((lines) => `${lines.join('\n')}\n`), { numRuns: 3000, seed: 17 });
  const files = texts.map((text, i) => ({ path: i % 2 ? `config/train_${i}.py` : `train_${i}.py`, text }));
  let claimed = 0;
  for (const { path, text } of files) {
    const parsed = parsePython(text);
    if (parsed.ok && PYTHON_DIALECTS.some((d) => d.detect(parsed.doc, path) > 0)) claimed++;
  }
  assert.ok(claimed > 100, `the generator reaches the dialects (${claimed} of ${texts.length} texts claimed)`);
  assert.deepEqual(missedClaims(files).slice(0, 5), []);
});

test('a discovered Python file no dialect may claim is passed over; named, it is still listed as not recognised', () => {
  const helper = 'import torch\n\ndef collate(batch):\n    return torch.stack(batch)\n';
  assert.equal(review([{ path: 'utils/collate.py', text: helper, explicit: false }]).files.length, 0);
  const named = review([{ path: 'utils/collate.py', text: helper, explicit: true }]);
  assert.deepEqual(named.files.map((f) => [f.status, f.note]), [['unknown-dialect', 'not recognised as a training config of a supported framework']]);
  // A nanoGPT config is still found among them.
  const nano = review([{ path: 'config/train_small.py', text: "out_dir = 'out-small'\neval_interval = 250\neval_iters = 200\nlog_interval = 10\nmax_iters = 5000\nlr_decay_iters = 5000\nlearning_rate = 1e-3\nbatch_size = 64\nblock_size = 256\n", explicit: false }]);
  assert.deepEqual(nano.files.map((f) => f.dialect), ['nanogpt']);
});
