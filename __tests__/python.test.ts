// Python configs and training scripts, read without running them: the reader (core/parse-python.ts,
// python-eval.ts), the nanogpt / minimind / llms-from-scratch dialects, and launch lines beside a script
// that override its defaults. Every input here is written for the test; no Python is imported or run.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { parsePython, pythonModule, rewriteTrailingDotNumbers } from '../src/core/parse-python.ts';
import type { RepoView } from '../src/core/plan.ts';
import type { Binding } from '../src/core/python-eval.ts';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/pipeline/settings.ts';
import { findLaunchLines, shellWords } from '../src/resolve/launch-lines.ts';
import { nanogptSemanticsFor } from '../src/dialects/scripts/nanogpt.ts';
import { minimindEraFor } from '../src/dialects/scripts/minimind.ts';

function module(text: string) {
  const parsed = parsePython(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem.message);
  return { doc: parsed.doc, module: pythonModule(parsed.doc)! };
}

function binding(text: string, name: string): Binding {
  const b = module(text).module.evaluation.bindings.get(name);
  assert.ok(b, `${name} is not bound`);
  return b;
}

function value(text: string, name: string): unknown {
  return (module(text).doc.data as Record<string, unknown>)[name];
}

function repo(files: Record<string, string>): RepoView {
  return {
    read: (path) => files[path] ?? null,
    list(dir) {
      const prefix = dir ? `${dir}/` : '';
      const names = new Set<string>();
      for (const path of Object.keys(files)) {
        if (!path.startsWith(prefix)) continue;
        const rest = path.slice(prefix.length);
        names.add(rest.includes('/') ? `${rest.split('/')[0]}/` : rest);
      }
      return names.size ? [...names].sort() : null;
    },
  };
}

function settings(extra: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, ...extra };
}

describe('Python reader: what it evaluates', () => {
  test('literals, names bound earlier and simple arithmetic, with CPython number semantics', () => {
    const text = [
      'lr = 6e-4',
      'max_iters = 600_000',
      'decay = max_iters // 10',
      'total_steps = 9 * 15',
      'warmup = int(0.2 * total_steps)',
      'half = total_steps / 2',
      'neg_floor = -7 // 2',
      'neg_mod = -7 % 3',
      'fmod = -7.5 % 2',
      'power = 2 ** 10',
      'inverse = 2 ** -1',
      'banker = round(2.5)',
      'trunc = int(-2.7)',
      'pick = max(1, 3, 2)',
      'flag = True',
      "name = 'gpt' + \"2\"",
      'hexa = 0x10',
      'settings = {"peak_lr": 5e-4, "epochs": 2}',
      'peak = settings["peak_lr"] * 2',
      'pair = (1, 2.5)',
      'a, b = 3, 4',
      'x = y = 7',
      'acc = 1; acc += 2',
    ].join('\n');
    const { doc } = module(text);
    assert.deepEqual(doc.data, {
      lr: 6e-4,
      max_iters: 600000,
      decay: 60000,
      total_steps: 135,
      warmup: 27,
      half: 67.5,
      neg_floor: -4,
      neg_mod: 2,
      fmod: 0.5,
      power: 1024,
      inverse: 0.5,
      banker: 2,
      trunc: -2,
      pick: 3,
      flag: true,
      name: 'gpt2',
      hexa: 16,
      settings: { peak_lr: 5e-4, epochs: 2 },
      peak: 1e-3,
      pair: [1, 2.5],
      a: 3,
      b: 4,
      x: 7,
      y: 7,
      acc: 3,
    });
  });

  test('the arithmetic is shown with its numbers, and keeps where each value came from', () => {
    const b = binding('n_epochs = 15\nbatches = 9\ntotal_steps = batches * n_epochs\nwarmup_steps = int(0.2 * total_steps)\n', 'warmup_steps');
    assert.ok(b.result.ok);
    assert.equal(b.result.shown, 'int(0.2 x 135)');
    assert.deepEqual(b.origin.span, { line: 4, column: 1, endLine: 4, endColumn: 13 });
    assert.deepEqual(b.result.from.map((o) => `${o.key}@${o.span.line}`), ['total_steps@3', 'batches@2', 'n_epochs@1']);
  });

  test('anything else is unknown with the reason, never a guess', () => {
    const text = [
      'import torch',
      "dtype = 'bfloat16' if torch.cuda.is_available() else 'float16'",
      'steps = len(train_loader) * 3',
      'later = steps + 1',
      'device = torch.device("cuda")',
      'squares = [i * i for i in range(3)]',
      'boom = 1 / 0',
      'if big:',
      '    lr = 1e-3',
      'name = f"run-{lr}"',
      'cmp = 1 < 2',
    ].join('\n');
    const { module: m, doc } = module(text);
    const reason = (name: string) => {
      const b = m.evaluation.bindings.get(name)!;
      assert.equal(b.result.ok, false, `${name} should be unknown`);
      return (b.result as { reason: string }).reason;
    };
    assert.match(reason('dtype'), /conditional expression/);
    assert.match(reason('steps'), /train_loader.*not defined|len/);
    assert.match(reason('later'), /depends on `steps` \(line 3\)/);
    assert.match(reason('device'), /attribute|call of torch\.device/);
    assert.match(reason('squares'), /comprehension/);
    assert.match(reason('boom'), /ZeroDivisionError/);
    assert.match(reason('lr'), /inside a `if` block \(line 8\)/);
    assert.match(reason('name'), /f-string/);
    assert.match(reason('cmp'), /comparison/);
    for (const name of ['dtype', 'steps', 'later', 'device', 'squares', 'boom', 'lr', 'name', 'cmp']) assert.equal(name in (doc.data as object), false, name);
    assert.ok(m.evaluation.skipped.some((s) => s.line === 8 && /`if` block/.test(s.reason)));
  });

  test('the `__main__` block counts as top level; calls anywhere are recorded with their arguments', () => {
    const text = [
      'import argparse',
      'def main():',
      "    p.add_argument('--warmup', type=int, default=WARMUP)",
      'WARMUP = 100',
      'if __name__ == "__main__":',
      '    parser = argparse.ArgumentParser()',
      "    parser.add_argument('--learning_rate', type=float, default=5e-4 * 2)",
      '    epochs = 3',
    ].join('\n');
    const { module: m, doc } = module(text);
    assert.equal((doc.data as Record<string, unknown>).epochs, 3);
    const adds = m.evaluation.calls.filter((c) => c.callee.endsWith('add_argument'));
    assert.equal(adds.length, 2);
    const lr = adds[1]!.kwargs.get('default')!;
    assert.ok(lr.ok && lr.value.t === 'float' && lr.value.v === 1e-3);
    assert.equal(adds[1]!.kwargSources.get('type'), 'float');
    assert.equal(adds[1]!.span.line, 7);
    const warmup = adds[0]!.kwargs.get('default')!;
    assert.ok(warmup.ok && warmup.value.t === 'int' && warmup.value.v === 100);
    assert.deepEqual(m.evaluation.functions.get('main')?.params, []);
  });

  test('number literals ending in a dot (0., 1.e-3) read as CPython reads them; strings and comments are left alone', () => {
    const text = "a = 0.\nb = 1.e-3\nc = 3. * 2\ns = 'x = 1.'  # 2.\n";
    assert.deepEqual(module(text).doc.data, { a: 0, b: 1e-3, c: 6, s: 'x = 1.' });
    assert.equal(binding(text, 'a').result.ok && (binding(text, 'a').result as { value: { t: string } }).value.t, 'float');
    const rewritten = rewriteTrailingDotNumbers(text);
    assert.equal(rewritten.text.length, text.length);
    assert.deepEqual([...rewritten.literals.values()], ['0.', '1.e-3', '3.']);
  });

  test('a statement the parser cannot read is skipped and said so; the rest is still read', () => {
    const { module: m, doc } = module('lr = 3e-4\nwarmup = (1 +\nmax_iters = 100\n');
    assert.equal((doc.data as Record<string, unknown>).lr, 3e-4);
    assert.ok(m.evaluation.skipped.some((s) => /could not parse/.test(s.reason)));
  });

  test('hostile input: size and NUL bytes are parse problems, deep nesting and long chains do not crash', () => {
    const big = parsePython(`x = 1\n${'#'.repeat(2 * 1024 * 1024)}`);
    assert.equal(big.ok, false);
    assert.equal(!big.ok && big.problem.kind, 'unsafe');
    const nul = parsePython('x = 1\n\0');
    assert.equal(!nul.ok && nul.problem.kind, 'syntax');
    // Past CPython's own limits (a SyntaxError there as well), refused before the parser recurses into it.
    const deep = parsePython(`x = ${'('.repeat(5000)}1${')'.repeat(5000)}\ny = 2\n`);
    assert.deepEqual(!deep.ok && [deep.problem.kind, deep.problem.message, deep.problem.line], ['syntax', 'too many nested parentheses (CPython allows 200)', 1]);
    const indented = parsePython(`${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n')}\n${' '.repeat(150)}y = 1\n`);
    assert.equal(!indented.ok && indented.problem.message, 'too many levels of indentation (CPython allows 100)');
    const nested = module(`x = ${'('.repeat(150)}1${')'.repeat(150)}\ny = 2\n`);
    assert.equal((nested.doc.data as Record<string, unknown>).y, 2);
    // Long chains: read, or (when the parser runs out of stack) an `unsafe` parse problem; never a crash.
    for (const text of [`x = ${Array(20000).fill('1').join(' + ')}\ny = 2\n`, `x = ${'-'.repeat(100000)}1\n`]) {
      const parsed = parsePython(text);
      assert.ok(parsed.ok || parsed.problem.kind === 'unsafe', parsed.ok ? '' : parsed.problem.message);
    }
    assert.equal(value('z = 10 ** 400', 'z'), undefined);
  });

  test('nothing in the file is run', () => {
    const marker = `/tmp/trainlint-python-never-runs-${process.pid}`;
    module(`import os\nos.makedirs('${marker}')\nopen('${marker}', 'w').write('x')\nlearning_rate = 1e-3\n`);
    assert.equal(existsSync(marker), false);
  });
});

describe('discovery: Python files that are not training configs are skipped silently', () => {
  const files: Record<string, string> = {
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n\n@app.route("/")\ndef index():\n    return "ok"\n',
    'setup.py': "from setuptools import setup\nsetup(name='x', version='0.1')\n",
    'gpt.py': 'import torch\nbatch_size = 64\nmax_iters = 5000\neval_interval = 500\nlearning_rate = 3e-4\n\nclass Head(torch.nn.Module):\n    pass\n\nfor it in range(max_iters):\n    pass\n',
    'finetune.py': "import argparse\np = argparse.ArgumentParser()\np.add_argument('--learning_rate', type=float, default=5e-5)\np.add_argument('--epochs', type=int, default=3)\nargs = p.parse_args()\n",
    'constants.py': 'learning_rate = 0.1\nwarmup = 10\n',
    'settings.py': 'max_iters = 5000\nbatch_size = 32\nlearning_rate = 1e-3\nseed = 0\n',
    'broken.py': 'def f(:\n  learning_rate = 1\n',
  };
  test('none of them is reported', () => {
    const report = review(Object.entries(files).map(([path, text]) => ({ path, text })));
    assert.deepEqual(report.files.map((f) => `${f.path}: ${f.status}`), []);
    assert.deepEqual(report.findings, []);
  });
  test('named explicitly, they are listed as unknown-dialect without findings', () => {
    const report = review(Object.entries(files).map(([path, text]) => ({ path, text, explicit: true })));
    assert.ok(report.files.every((f) => f.status === 'unknown-dialect'), report.files.map((f) => `${f.path}: ${f.status}`).join(', '));
    assert.deepEqual(report.findings, []);
  });
});

const TRAIN_PY_OLD = [
  '# a nanoGPT train.py as of the old warmup (written for this test)',
  'import math',
  'learning_rate = 6e-4',
  'max_iters = 600000',
  'decay_lr = True',
  'warmup_iters = 2000',
  'lr_decay_iters = 600000',
  'min_lr = 6e-5',
  "exec(open('configurator.py').read())",
  'def get_lr(it):',
  '    if it < warmup_iters:',
  '        return learning_rate * it / warmup_iters',
  '    if it > lr_decay_iters:',
  '        return min_lr',
  '    decay_ratio = (it - warmup_iters) / (lr_decay_iters - warmup_iters)',
  '    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))',
  '    return min_lr + coeff * (learning_rate - min_lr)',
  'iter_num = 0',
  'while True:',
  '    lr = get_lr(iter_num) if decay_lr else learning_rate',
  '    iter_num += 1',
  '    if iter_num > max_iters:',
  '        break',
  '',
].join('\n');

describe('nanogpt', () => {
  test('a config is exec\'d over the repository\'s train.py: its defaults and its get_lr (old warmup: LR 0 at update 0)', () => {
    const config = 'dataset = "shakespeare_char"\nmax_iters = 5000\nlr_decay_iters = max_iters\nlearning_rate = 1e-3\nmin_lr = 1e-4\n';
    const view = repo({ 'train.py': TRAIN_PY_OLD, 'config/small.py': config });
    const a = analyse('config/small.py', config, settings(), { repo: view });
    assert.equal(a.context.dialectId, 'nanogpt');
    const plan = a.context.head!.plan;
    assert.equal(plan.semantics, 'train.py get_lr (as nanoGPT@5156fef9)');
    assert.equal(plan.totalSteps.value, 5001);
    assert.equal(plan.warmup!.steps.how, 'warmup_iters unset: 2000 (train.py line 6)');
    assert.equal(plan.decay!.steps.value, 3000);
    assert.equal(plan.schedule.lrAt(0), 0);
    assert.equal(plan.schedule.lrAt(5000), 1e-4);
  });

  test("a default train.py computes at run time is not replaced by nanoGPT's own", () => {
    const train = TRAIN_PY_OLD.replace('min_lr = 6e-5', "min_lr = float(os.environ['MIN_LR'])");
    const config = 'max_iters = 100\nlr_decay_iters = 100\nwarmup_iters = 10\n';
    const problem = analyse('config/x.py', config, settings(), { repo: repo({ 'train.py': train }) }).context.planProblem;
    assert.equal(problem?.kind, 'needs-data');
    assert.match(problem?.message ?? '', /`min_lr` is not set here and its default in train\.py \(line 8\) cannot be evaluated without running the code/);
  });

  test('train.py itself is reviewed with its own defaults', () => {
    const a = analyse('train.py', TRAIN_PY_OLD, settings());
    assert.equal(a.context.dialectId, 'nanogpt');
    assert.equal(a.context.head!.plan.totalSteps.value, 600001);
    assert.equal(a.context.head!.plan.schedule.lrAt(0), 0);
  });

  test('which get_lr applies: a pinned commit or date, else HEAD', () => {
    assert.equal(nanogptSemanticsFor('5156fef93c15ef7e0dcdb35b4581a1dcd9c4d72e')?.warmup, 'old');
    assert.equal(nanogptSemanticsFor('3adf61e1')?.warmup, 'new');
    assert.equal(nanogptSemanticsFor('2024-06-01')?.warmup, 'old');
    assert.equal(nanogptSemanticsFor('2022-12-30')?.inclusive, false);
    assert.equal(nanogptSemanticsFor('v1.0'), undefined);
    const text = 'max_iters = 100\nlr_decay_iters = 100\nwarmup_iters = 10\n';
    const pinned = analyse('config/x.py', text, settings({ frameworks: { nanogpt: '2024-06-01' } })).context.head!.plan;
    assert.equal(pinned.schedule.lrAt(0), 0);
    const head = analyse('config/x.py', text, settings()).context.head!.plan;
    assert.equal(head.schedule.lrAt(0), 6e-4 / 11);
    assert.ok(head.assumptions.some((a) => /following nanoGPT@3adf61e1/.test(a)));
  });

  test('a launch line that runs this config overrides it, and says where', () => {
    const config = 'max_iters = 5000\nlr_decay_iters = 5000\nwarmup_iters = 100\n';
    const view = repo({ 'config/small.py': config, 'run.sh': 'torchrun --standalone --nproc_per_node=8 train.py config/small.py --max_iters=1000 --compile=False\n' });
    const plan = analyse('config/small.py', config, settings(), { repo: view }).context.head!.plan;
    assert.equal(plan.totalSteps.value, 1001);
    const report = review([{ path: 'config/small.py', text: config }], { repo: view });
    const tl102 = report.findings.find((f) => f.ruleId === 'TL102');
    assert.ok(tl102, JSON.stringify(report.findings));
    // configurator.py asserts the type: a float for an int key stops the run.
    const bad = repo({ 'config/small.py': config, 'run.sh': 'python train.py config/small.py --max_iters=1e3\n' });
    const refused = analyse('config/small.py', config, settings(), { repo: bad }).context.planProblem;
    assert.match(refused?.message ?? '', /run\.sh:1 passes `--max_iters=1e3` \(a float\) but max_iters is a int/);
  });

  test('decay_lr = False is a constant LR; a config with functions is not a nanoGPT config', () => {
    const plan = analyse('config/ft.py', 'max_iters = 20\nlearning_rate = 3e-5\ndecay_lr = False\n', settings()).context.head!.plan;
    assert.equal(plan.warmup, undefined);
    assert.equal(plan.schedule.lrAt(0), 3e-5);
    assert.equal(analyse('x.py', 'max_iters = 20\nwarmup_iters = 2\nlearning_rate = 1e-3\ndef f():\n    pass\n', settings()).status, 'unknown-dialect');
  });

  test('code the reader does not run is skipped, and the plan says what was skipped', () => {
    const text = "import time\nwandb_run_name = 'ft-' + str(time.time())\ndataset = 'shakespeare'\nmax_iters = 20\nlearning_rate = 3e-5\ndecay_lr = False\n";
    const report = review([{ path: 'config/finetune.py', text }]);
    assert.deepEqual(report.findings, []);
    const plan = report.files[0]!.head!.plan;
    assert.ok(plan.assumptions.some((a) => /not evaluated.*`wandb_run_name` \(line 2: call of str\(\) is not evaluated\)/.test(a)), plan.assumptions.join(' | '));
  });

  test('a setting the reader cannot evaluate stops the plan with the reason (info), not a guess', () => {
    const report = review([{ path: 'config/x.py', text: 'import os\nmax_iters = int(os.environ["ITERS"])\nwarmup_iters = 10\nlr_decay_iters = 100\n', explicit: true }]);
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.severity, f.line]), [['TL006', 'info', 2]]);
    assert.match(report.findings[0]!.message, /`max_iters` \(line 2\) cannot be evaluated without running the code: attribute `os\.environ` is not evaluated/);
  });
});

const MINIMIND_SCRIPT = [
  'import argparse',
  'from trainer.trainer_utils import get_lr',
  'def train_epoch(epoch, loader, iters, start_step=0):',
  '    for step, batch in enumerate(loader, start=start_step + 1):',
  '        lr = get_lr(epoch * iters + step, args.epochs * iters, args.learning_rate)',
  '        if step % args.accumulation_steps == 0:',
  '            optimizer.step()',
  'if __name__ == "__main__":',
  '    parser = argparse.ArgumentParser()',
  '    parser.add_argument("--epochs", type=int, default=2)',
  '    parser.add_argument("--batch_size", type=int, default=32)',
  '    parser.add_argument("--learning_rate", type=float, default=5e-4)',
  '    parser.add_argument("--accumulation_steps", type=int, default=8)',
  '    args = parser.parse_args()',
  '    optimizer = optim.AdamW(model.parameters(), lr=args.learning_rate)',
  '',
].join('\n');

describe('minimind', () => {
  test('a launch line passing --learning_rate 0.1 is an error at the argument, naming the override and the default as the fix', () => {
    const view = repo({ 'trainer/train_pretrain.py': MINIMIND_SCRIPT, 'scripts/pretrain.sh': '#!/bin/sh\ncd trainer && \\\n  python train_pretrain.py --epochs 1 --learning_rate 0.1 > log.txt\n' });
    const report = review([{ path: 'trainer/train_pretrain.py', text: MINIMIND_SCRIPT }], { repo: view });
    const f = report.findings.find((x) => x.ruleId === 'TL106');
    assert.ok(f, JSON.stringify(report.findings));
    assert.equal(f.severity, 'error');
    assert.equal(f.line, 12);
    assert.match(f.message, /peak LR 0\.1 for AdamW/);
    assert.match(f.message, /--learning_rate 0\.1 at scripts\/pretrain\.sh:2, which overrides the default 5e-4 at trainer\/train_pretrain\.py:12; the project's default is 5e-4/);
    assert.match(f.fix?.description ?? '', /project's default LR 5e-4/);
    assert.deepEqual(f.fix?.edits, []);
    assert.equal(report.files[0]!.head!.plan.totalSteps.value, 1000); // --epochs 1 from the same line
  });

  test('the script\'s defaults review clean; the run length comes from the dataset size', () => {
    const report = review([{ path: 'trainer/train_pretrain.py', text: MINIMIND_SCRIPT }], { settings: settings({ datasets: { 'trainer/train_pretrain.py': 32000 } }) });
    assert.deepEqual(report.findings, []);
    const plan = report.files[0]!.head!.plan;
    assert.equal(plan.totalSteps.value, 250);
    assert.match(plan.totalSteps.how, /ceil\(32000 samples \/ batch_size 32\) = 1000 micro-batches per epoch/);
    assert.equal(plan.schedule.lrAt(249), 5e-4 * 0.1);
  });

  test('without a dataset size the curve is drawn over the epochs at an assumed length, and TL006 says how to give the real one', () => {
    const report = review([{ path: 'trainer/train_pretrain.py', text: MINIMIND_SCRIPT }], { settings: settings() });
    const plan = report.files[0]!.head!.plan;
    assert.deepEqual(plan.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [2, 1000]); // --epochs default 2
    assert.deepEqual(report.findings.map((f) => f.ruleId), ['TL006']);
    assert.match(report.findings[0]!.message, /ceil\(N samples \/ batch_size 32\).*"trainer\/train_pretrain\.py": N.*drawn over 2 epochs at an assumed 1000 updates per epoch/);
  });

  test('get_lr is read from trainer/trainer_utils.py when the script imports it (the 1.1 x lr version)', () => {
    const utils = 'import math\n\ndef get_lr(current_step, total_steps, lr):\n    return lr / 10 + 0.5 * lr * (1 + math.cos(math.pi * current_step / total_steps))\n';
    const view = repo({ 'trainer/train_pretrain.py': MINIMIND_SCRIPT, 'trainer/trainer_utils.py': utils });
    const plan = analyse('trainer/train_pretrain.py', MINIMIND_SCRIPT, settings(), { repo: view }).context.head!.plan;
    assert.ok(plan.schedule.lrAt(0) > 5e-4);
    assert.ok(plan.assumptions.some((a) => /get_lr read from trainer\/trainer_utils\.py/.test(a)));
    assert.ok(plan.assumptions.some((a) => /1\.1 x learning_rate/.test(a)));
    assert.equal(minimindEraFor('04b56ea86c48411c7c83914cd2a81a1f7a5ad522')?.formula, 'lr/10 + cosine');
    assert.equal(minimindEraFor('2026-08-21')?.loop.flush, true);
  });

  test('values argparse refuses, or a shell variable, stop the plan with the reason', () => {
    const bad = repo({ 'train.sh': 'python trainer/train_pretrain.py --learning_rate abc\n' });
    assert.match(analyse('trainer/train_pretrain.py', MINIMIND_SCRIPT, settings(), { repo: bad }).context.planProblem?.message ?? '', /invalid float value: 'abc'/);
    const variable = repo({ 'train.sh': 'python trainer/train_pretrain.py --learning_rate $LR\n' });
    const problem = analyse('trainer/train_pretrain.py', MINIMIND_SCRIPT, settings(), { repo: variable }).context.planProblem;
    assert.equal(problem?.kind, 'needs-data');
  });
});

describe('llms-from-scratch', () => {
  const text = 'n_epochs = 15\ninitial_lr = 0.0001\npeak_lr = 0.01\ntrain_loader = create_dataloader_v1(txt, batch_size=2, drop_last=True)\ntotal_steps = len(train_loader) * n_epochs\nwarmup_steps = int(0.2 * total_steps)\nmin_lr = 0.1 * initial_lr\n';
  test('len(train_loader) from the dataset size; TL109 shows int(0.2 x 135) = 27', () => {
    const report = review([{ path: 'appendix_d.py', text }], { settings: settings({ datasets: { 'appendix_d.py': 18 } }) });
    const plan = report.files[0]!.head!.plan;
    assert.equal(plan.totalSteps.value, 135);
    assert.equal(plan.warmup!.steps.value, 27);
    assert.ok(plan.assumptions.includes('len(train_loader) = floor(18 samples / batch_size 2) = 9 batches per epoch (drop_last=True)'));
    assert.deepEqual(report.findings.map((f) => [f.ruleId, f.severity, f.line, f.message]), [['TL109', 'info', 6, 'warmup is 27 of 135 steps (20 %): warmup_steps = int(0.2 x 135) = 27.']]);
  });
});

describe('launch lines', () => {
  test('shell words, continuations, chained commands and workflow run: lines', () => {
    assert.deepEqual(shellWords(`python "train x.py" --name 'a b' --x=1 # comment`), ['python', 'train x.py', '--name', 'a b', '--x=1']);
    const view = repo({
      'trainer/train_pretrain.py': '',
      'scripts/a.sh': 'echo hi; python ../trainer/train_pretrain.py \\\n  --learning_rate 1e-3 && echo done\n',
      '.github/workflows/ci.yml': 'jobs:\n  t:\n    steps:\n      - run: python trainer/train_pretrain.py --epochs 1\n',
      'notes.sh': 'cat trainer/train_pretrain.py\n',
    });
    const lines = findLaunchLines(view, 'trainer/train_pretrain.py');
    assert.deepEqual(lines.map((l) => [l.file, l.line, l.args.join(' ')]), [
      ['.github/workflows/ci.yml', 4, '--epochs 1'],
      ['scripts/a.sh', 1, '--learning_rate 1e-3'],
    ]);
  });
});
