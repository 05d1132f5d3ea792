// Megatron-LM launch scripts (core/shell.ts, core/parse-shell.ts, dialects/megatron/megatron-lm.ts) and GPT-NeoX YAML
// (dialects/megatron/gpt-neox.ts): configs written for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseShell } from '../src/core/parse-shell.ts';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';

function shellDoc(text: string) {
  const parsed = parseShell(text);
  assert.ok(parsed.ok);
  return parsed.doc;
}

const check = (path: string, text: string, frameworks: Record<string, string> = {}) => review([{ path, text, explicit: true }], { settings: { ...DEFAULT_SETTINGS, frameworks } });

describe('shell launch reader', () => {
  test('flags from bash arrays, variables, ${VAR:-default}, $((...)) and continuations', () => {
    const doc = shellDoc(
      [
        'NODES=2',
        'ITERS=${ITERS:-1000}',
        'GBS=$((NODES*64))',
        'ARGS=(',
        '  --lr 2e-4   # peak',
        '  --train-iters $ITERS',
        ')',
        'torchrun --nnodes $NODES pretrain_gpt.py "${ARGS[@]}" \\',
        '  --global-batch-size=$GBS --lr-decay-style cosine',
      ].join('\n'),
    );
    assert.deepEqual(doc.data, { '--lr': 2e-4, '--train-iters': 1000, '--global-batch-size': 128, '--lr-decay-style': 'cosine' });
    assert.equal(doc.shell?.script, 'pretrain_gpt.py');
    assert.equal(doc.nodes.get('/--lr')?.keySpan?.line, 5, 'a flag from an array is placed where the array writes it');
    assert.equal(doc.shell?.values.get('/--train-iters')?.variable, 'ITERS');
    assert.equal(doc.shell?.values.get('/--train-iters')?.environmentDefault, true);
  });

  test('values bash cannot know stay unresolved with their expression', () => {
    const doc = shellDoc('python pretrain_gpt.py --lr $LR --train-iters $(cat iters.txt) --min-lr 0 "$@"');
    assert.equal(doc.shell?.unresolved.get('/--lr')?.expression, '$LR');
    assert.equal(doc.shell?.unresolved.get('/--train-iters')?.expression, '$(cat iters.txt)');
    assert.ok(doc.shell?.open.some((o) => o.expression === '$@'));
  });

  test('a variable set differently under a condition is not guessed; here-documents are not commands', () => {
    const doc = shellDoc(['LR=1e-4', 'if [ "$BIG" = 1 ]; then', '  LR=3e-4', 'fi', 'cat <<EOF', 'python pretrain_gpt.py --lr 9', 'EOF', 'python pretrain_bert.py --lr $LR'].join('\n'));
    assert.equal(doc.shell?.script, 'pretrain_bert.py');
    assert.match(doc.shell?.unresolved.get('/--lr')?.expression ?? '', /depending on a condition/);
  });

  test('a script that launches no Python training script has no flags and no dialect', () => {
    const report = review([{ path: 'setup.sh', text: 'pip install -r requirements.txt\nexport LR=1\n' }]);
    assert.equal(report.files.length, 0);
  });
});

const GOOD = [
  '#!/bin/bash',
  'GPT_ARGS=(',
  '  --lr 3e-4 --min-lr 3e-5 --lr-decay-style cosine',
  '  --lr-warmup-iters 2000 --train-iters 100000 --lr-decay-iters 100000',
  '  --global-batch-size 512 --micro-batch-size 4',
  ')',
  'torchrun --nproc_per_node 8 pretrain_gpt.py "${GPT_ARGS[@]}"',
].join('\n');

describe('Megatron-LM dialect', () => {
  test('a consistent launch is reviewed without findings above info', () => {
    const report = check('train.sh', GOOD);
    assert.equal(report.files[0]?.dialect, 'megatron-lm');
    assert.equal(report.files[0]?.status, 'reviewed');
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
  });

  test('a decay horizon shorter than the run is TL101 with the steps at min_lr, fixed by --lr-decay-iters', () => {
    const report = check('train.sh', GOOD.replace('--lr-decay-iters 100000', '--lr-decay-iters 80000'));
    const hit = report.findings.find((f) => f.ruleId === 'TL101');
    assert.ok(hit, JSON.stringify(report.findings));
    assert.match(hit.message, /80000/);
    assert.match(hit.message, /20000 steps/);
    assert.equal(hit.fix?.edits[0]?.key, '--lr-decay-iters');
    assert.equal(hit.fix?.edits[0]?.value, 100000);
  });

  test('a fix edits the variable that holds the value', () => {
    const text = ['DECAY=80000', GOOD.replace('--lr-decay-iters 100000', '--lr-decay-iters $DECAY')].join('\n');
    const hit = check('train.sh', text).findings.find((f) => f.ruleId === 'TL101');
    assert.equal(hit?.fix?.edits[0]?.key, 'DECAY');
    assert.equal(hit?.fix?.edits[0]?.line, 1);
  });

  test('--lr-warmup-fraction is a fraction of the decay horizon, and the derivation says so', () => {
    const text = GOOD.replace('--lr-warmup-iters 2000', '--lr-warmup-fraction 0.3').replace('--lr-decay-iters 100000', '--lr-decay-iters 50000');
    const context = analyse('train.sh', text, DEFAULT_SETTINGS).context;
    assert.equal(context.head?.plan.warmup?.steps.value, 15000);
    assert.match(context.head?.plan.warmup?.steps.how ?? '', /fraction of the decay horizon/);
  });

  test('iterations and samples mixed: Megatron refuses the launch', () => {
    const report = check('train.sh', GOOD.replace('--lr-decay-iters 100000', '--lr-decay-samples 51200000'));
    assert.equal(report.files[0]?.status, 'reviewed');
    assert.ok(report.findings.some((f) => f.ruleId === 'TL002' && /expected iteration-based learning rate decay/.test(f.message)));
  });

  test('a sample count smaller than a batch is TL110', () => {
    const text = GOOD.replace('--train-iters 100000 --lr-decay-iters 100000', '--train-samples 51200000').replace('--lr-warmup-iters 2000', '--lr-warmup-samples 300');
    const hit = check('train.sh', text).findings.find((f) => f.ruleId === 'TL110');
    assert.ok(hit);
    assert.match(hit.message, /512/);
  });

  test('an unresolvable schedule flag makes the file not-simulated and names the expression', () => {
    const report = check('train.sh', GOOD.replace('--lr 3e-4', '--lr $LR'));
    assert.equal(report.files[0]?.status, 'not-simulated');
    assert.match(report.files[0]?.note ?? '', /--lr \$LR/);
  });

  test('argparse refuses an int written as 1e5', () => {
    const report = check('train.sh', GOOD.replace('--train-iters 100000', '--train-iters 1e5'));
    assert.ok(report.findings.some((f) => f.ruleId === 'TL002' && /invalid int value: '1e5'/.test(f.message)));
  });

  test('WSD anneals over --lr-wsd-decay-iters before the decay horizon', () => {
    const text = GOOD.replace('--lr-decay-style cosine', '--lr-decay-style WSD --lr-wsd-decay-style linear --lr-wsd-decay-iters 10000');
    const plan = analyse('train.sh', text, DEFAULT_SETTINGS).context.head!.plan;
    assert.equal(plan.decay?.start.value, 90001);
    assert.equal(plan.schedule.lrAt(90000), 3e-4);
    assert.ok(Math.abs(plan.schedule.lrAt(95000) - (3e-5 + 0.5 * 2.7e-4)) < 1e-15);
  });
});

const NEOX = [
  '{',
  '  "pipe-parallel-size": 1,',
  '  "model_parallel_size": 1,',
  '  "optimizer": { "type": "Adam", "params": { "lr": 0.0006 } },',
  '  "min_lr": 0.00006,',
  '  "train-iters": 10000,',
  '  "lr_decay_iters": 10000,',
  '  "lr_decay_style": "cosine",',
  '  "warmup": 0.01,',
  '}',
].join('\n');

describe('GPT-NeoX dialect', () => {
  test('both key spellings are read; a consistent config has no findings above info', () => {
    const report = check('configs/small.yml', NEOX);
    assert.equal(report.files[0]?.dialect, 'gpt-neox');
    assert.equal(report.files[0]?.head?.plan.totalSteps.value, 10000);
    assert.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
  });

  test('a cosine horizon shorter than the run climbs back: TL108, fixed by lr_decay_iters', () => {
    const report = check('configs/small.yml', NEOX.replace('"lr_decay_iters": 10000', '"lr_decay_iters": 8000'));
    const hit = report.findings.find((f) => f.ruleId === 'TL108');
    assert.ok(hit, JSON.stringify(report.findings.map((f) => f.ruleId)));
    assert.equal(hit.fix?.edits[0]?.key, 'lr_decay_iters');
    assert.equal(hit.fix?.edits[0]?.value, 10000);
  });

  test('lr_decay_iters wins over lr_decay_fraction', () => {
    const plan = analyse('c.yml', NEOX.replace('"warmup": 0.01,', '"warmup": 0.01, "lr_decay_fraction": 0.5,'), DEFAULT_SETTINGS).context.head!.plan;
    assert.equal(plan.decay?.steps.value, 10000 - 100);
    assert.match(plan.decay?.steps.how ?? '', /ignored/);
  });

  test('the first update: current code vs a checkout before 19f294d5', () => {
    const now = analyse('c.yml', NEOX, DEFAULT_SETTINGS).context.head!.plan.schedule;
    const before = analyse('c.yml', NEOX, { ...DEFAULT_SETTINGS, frameworks: { 'gpt-neox': '2025-01-01' } }).context.head!.plan.schedule;
    assert.equal(now.lrAt(0), now.lrAt(1));
    assert.equal(before.lrAt(0), 0);
    assert.equal(before.lrAt(1), now.lrAt(1));
  });

  test('a key written with - after its _ spelling stops NeoX (from_ymls duplicate keys)', () => {
    const report = check('c.yml', NEOX.replace('"warmup": 0.01,', '"warmup": 0.01, "lr-decay-style": "linear",').replace('"train-iters": 10000', '"train_iters": 10000, "train-iters": 10000'));
    assert.equal(report.files[0]?.dialect, 'gpt-neox');
    // "train-iters" after "train_iters" overwrites silently; the ValueError needs the _ spelling second.
    const swapped = check('c.yml', NEOX.replace('"train-iters": 10000', '"train-iters": 10000, "train_iters": 10000'));
    assert.ok(swapped.findings.some((f) => f.ruleId === 'TL002' && /duplicate keys/.test(f.message)));
    assert.ok(report.findings.every((f) => !/duplicate keys/.test(f.message)));
  });
});
