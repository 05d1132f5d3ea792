// TL106's optimizer families: which names map to which family, the bands (with the batch size where the family
// scales with it), and the rule's findings for plans built directly (no dialect fills plan.batchSize yet everywhere).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TrainingPlan } from '../src/core/plan.ts';
import type { Origin, RuleHit } from '../src/core/types.ts';
import { lrBandFor } from '../src/rules/lr-ranges.ts';
import type { FileContext } from '../src/rules/rule.ts';
import { lrOutOfRange } from '../src/rules/TL106-lr-out-of-range.ts';

const AT: Origin = { path: 'config.json', pointer: '/optimizer/params/lr', span: { line: 9, column: 7 } } as unknown as Origin;

function check(name: string, lr: number, options: { batchSize?: number; dialectId?: string; data?: unknown; nameFromFile?: boolean } = {}): RuleHit[] {
  const plan = {
    optimizer: { name: { value: name, how: options.nameFromFile === false ? 'no optimizer block: the training script passes its own optimizer' : `type: ${name}`, from: options.nameFromFile === false ? [] : [AT] }, lr: { value: lr, how: `lr: ${lr}`, from: [AT] } },
    ...(options.batchSize !== undefined ? { batchSize: { value: options.batchSize, how: `train_batch_size: ${options.batchSize}`, from: [] } } : {}),
  } as unknown as TrainingPlan;
  const context: FileContext = {
    path: 'config.json',
    dialectId: options.dialectId ?? 'deepspeed',
    loaderDifferences: [],
    schemaProblems: [],
    head: { plan, curve: {} as never },
    ...(options.data !== undefined ? { doc: { data: options.data } as never } : {}),
  };
  return lrOutOfRange.check(context);
}

describe('optimizer names of every dialect map to their family', () => {
  const cases: Array<[string, string]> = [
    // HF Trainer `optim` values (transformers OptimizerNames) and axolotl's own
    ['adamw_torch', 'adam'], ['adamw_torch_fused', 'adam'], ['adamw_hf', 'adam'], ['paged_adamw_8bit', 'adam'], ['adamw_bnb_8bit', 'adam'],
    ['adamw_torch_4bit', 'adam'], ['ademamix_8bit', 'adam'], ['adamw_anyprecision', 'adam'], ['grokadamw', 'adam'], ['stable_adamw', 'adam'],
    ['optimi_adamw', 'adam'], ['ao_adamw_fp8', 'adam'], ['adopt_adamw', 'adam'], ['flash_adamw', 'adam'],
    ['adafactor', 'adafactor'], ['came_pytorch', 'adafactor'], ['adalomo', 'adafactor'],
    ['lion_8bit', 'lion'], ['paged_lion_32bit', 'lion'], ['flash_lion', 'lion'],
    ['sgd', 'sgd'], ['flash_sgdw', 'sgd'], ['lomo', 'sgd'], ['adagrad', 'adagrad'], ['rmsprop', 'rmsprop'], ['rmsprop_bnb_8bit', 'rmsprop'],
    ['galore_adamw_8bit_layerwise', 'low-rank'], ['galore_adafactor', 'low-rank'], ['apollo_adamw', 'low-rank'], ['q_galore_adamw8bit', 'low-rank'],
    ['schedule_free_adamw', 'schedule-free-adam'], ['schedule_free_radam', 'schedule-free-adam'], ['schedule_free_sgd', 'schedule-free-sgd'],
    ['muon', 'muon'], ['dion', 'muon'],
    // DeepSpeed optimizer types (lower-cased by DeepSpeed itself)
    ['Adam', 'adam'], ['AdamW', 'adam'], ['OneBitAdam', 'adam'], ['OnebitAdam', 'adam'], ['ZeroOneAdam', 'adam'], ['MuAdamW', 'adam'],
    ['Lamb', 'lamb'], ['OneBitLamb', 'lamb'], ['Lion', 'lion'], ['Muon', 'muon'], ['MuSGD', 'sgd'], ['Adagrad', 'adagrad'],
    // torchtune `_component_` paths, litgpt class_path
    ['torch.optim.AdamW', 'adam'], ['bitsandbytes.optim.PagedAdamW8bit', 'adam'], ['torchao.optim.AdamW8bit', 'adam'], ['torch.optim.SGD', 'sgd'],
    ['lion_pytorch.Lion', 'lion'], ['prodigyopt.Prodigy', 'lr-free'], ['schedulefree.AdamWScheduleFree', 'schedule-free-adam'], ['schedulefree.SGDScheduleFree', 'schedule-free-sgd'],
    // OneTrainer's Optimizer enum
    ['ADAMW', 'adam'], ['ADAMW_8BIT', 'adam'], ['ADAMW_ADV', 'adam'], ['AdEMAMix', 'adam'], ['ADOPT_ADV', 'adam'], ['ADABELIEF', 'adam'], ['YOGI', 'adam'],
    ['LAMB_8BIT', 'lamb'], ['LARS', 'lars'], ['LARS_8BIT', 'lars'], ['LION_ADV', 'lion'], ['RMSPROP_8BIT', 'rmsprop'], ['SGD_8BIT', 'sgd'],
    ['SCHEDULE_FREE_ADAMW', 'schedule-free-adam'], ['SCHEDULE_FREE_SGD', 'schedule-free-sgd'],
    ['DADAPT_ADAM', 'lr-free'], ['DADAPT_LION', 'lr-free'], ['DADAPT_SGD', 'lr-free'], ['PRODIGY', 'lr-free'], ['PRODIGY_PLUS_SCHEDULE_FREE', 'lr-free'],
    ['ADAFACTOR', 'adafactor'], ['CAME_8BIT', 'adafactor'], ['MUON_ADV', 'muon'], ['ADAMUON_ADV', 'muon'], ['ADAGRAD_8BIT', 'adagrad'],
    // OLMo, nanotron, torchtitan, LLaMA-Factory v1, minimind
    ['lionw', 'lion'], ['adamw', 'adam'], ['adamW', 'adam'], ['Adafactor', 'adafactor'],
  ];
  for (const [name, family] of cases) test(`${name} -> ${family}`, () => assert.equal(lrBandFor(name)?.id, family));

  test('names of no known family stay unknown', () => {
    for (const name of ['client optimizer', 'sinkgd', 'SIGNSGD_ADV', 'TIGER', 'AIDA', 'my_optimizer']) assert.equal(lrBandFor(name), undefined, name);
  });
});

describe('bands', () => {
  test('LAMB grows with the square root of the batch, from 0.011 at 65536', () => {
    const at64k = lrBandFor('Lamb', 65536)!;
    assert.equal(at64k.suggest, 0.011);
    assert.equal(at64k.warnAbove, 0.022);
    assert.deepEqual(at64k.batch, { size: 65536, assumed: false });
    const at256k = lrBandFor('Lamb', 262144)!;
    assert.equal(at256k.suggest, 0.022);
    assert.equal(at256k.warnAbove, 0.044);
    // Never stricter than Adam's level at small batches.
    assert.equal(lrBandFor('Lamb', 512)!.warnAbove, 0.01);
    assert.equal(lrBandFor('Lamb', 512)!.suggest, 0.00097);
  });

  test('LAMB without a batch size is judged at the largest published batch', () => {
    const band = lrBandFor('Lamb')!;
    assert.deepEqual(band.batch, { size: 65536, assumed: true });
    assert.equal(band.warnAbove, 0.022);
  });

  test('SGD follows Goyal et al.: 0.1 per 256 samples', () => {
    const band = lrBandFor('sgd', 8192)!;
    assert.equal(band.suggest, 3.2);
    assert.equal(band.warnAbove, 32);
    assert.equal(band.errorAt, 320);
    assert.equal(lrBandFor('sgd', 256)!.warnAbove, 1);
    assert.equal(lrBandFor('sgd', 256)!.errorAt, 10);
  });

  test('every fix lies inside its own band', () => {
    for (const name of ['adamw', 'Lamb', 'lion', 'sgd', 'LARS', 'muon', 'prodigy', 'adafactor', 'galore_adamw', 'adagrad', 'rmsprop', 'schedule_free_adamw', 'schedule_free_sgd']) {
      for (const batch of [undefined, 32, 256, 4096, 65536]) {
        const band = lrBandFor(name, batch)!;
        assert.ok(band.suggest > 0 && band.suggest <= band.warnAbove, `${name} at ${batch}: suggests ${band.suggest}, warns above ${band.warnAbove}`);
        assert.ok(band.warnAbove < band.errorAt, `${name} at ${batch}`);
      }
    }
  });
});

describe('TL106 on plans built directly', () => {
  test('LAMB at 0.011 with a 64K batch (DeepSpeed\'s BERT recipe) passes', () => {
    assert.deepEqual(check('Lamb', 0.011, { batchSize: 65536 }), []);
    assert.deepEqual(check('OneBitLamb', 0.011, { batchSize: 65536 }), []);
  });

  test('LAMB at 0.011 without a batch size passes (a large batch could justify it)', () => {
    assert.deepEqual(check('Lamb', 0.011), []);
  });

  test('LAMB at 0.011 with a 512 batch warns, with the batch in the message and a LAMB fix', () => {
    const [hit] = check('Lamb', 0.011, { batchSize: 512 });
    assert.equal(hit?.severity, 'warning');
    assert.match(hit!.message, /peak LR 0\.011 for Lamb \(LAMB\) at a batch of 512 samples is above 0\.01, unusually high/);
    assert.match(hit!.message, /square root of the batch/);
    assert.equal(hit!.fix?.edits[0]?.value, 0.00097);
    assert.equal(hit!.data.batchSize, 512);
  });

  test('LAMB at 0.05 without a batch size warns, saying the batch was assumed; the fix is a LAMB value, never Adam\'s', () => {
    const [hit] = check('Lamb', 0.05);
    assert.equal(hit?.severity, 'warning');
    assert.match(hit!.message, /even at a batch of 65536 samples \(the batch size is not known here/);
    assert.equal(hit!.fix?.edits[0]?.value, 0.011);
  });

  test('LAMB at 1 is an error', () => {
    assert.equal(check('Lamb', 1, { batchSize: 65536 })[0]?.severity, 'error');
  });

  test('AdamW at 0.1 is an error, at 0.02 a warning, at 3e-4 nothing', () => {
    assert.equal(check('AdamW', 0.1)[0]?.severity, 'error');
    assert.equal(check('AdamW', 0.02)[0]?.severity, 'warning');
    assert.deepEqual(check('AdamW', 3e-4), []);
    // Adam's range does not move with the batch.
    assert.equal(check('AdamW', 0.1, { batchSize: 65536 })[0]?.severity, 'error');
  });

  test('Lion warns above 1e-3 and errs at 1e-2; SGD at 0.1 passes', () => {
    assert.deepEqual(check('Lion', 1e-3), []);
    assert.equal(check('Lion', 2e-3)[0]?.severity, 'warning');
    assert.equal(check('Lion', 2e-3)[0]?.fix?.edits[0]?.value, 1e-4);
    assert.equal(check('Lion', 1e-2)[0]?.severity, 'error');
    assert.deepEqual(check('sgd', 0.1), []);
    assert.deepEqual(check('sgd', 0.1, { batchSize: 32 }), []);
    assert.deepEqual(check('sgd', 3.2, { batchSize: 8192 }), []);
    assert.equal(check('sgd', 5, { batchSize: 256 })[0]?.severity, 'warning');
  });

  test('an unknown optimizer is never judged: silent at usual LRs, info above Adam\'s level', () => {
    assert.deepEqual(check('sinkgd', 1e-3), []);
    const [hit] = check('sinkgd', 0.05);
    assert.equal(hit?.severity, 'info');
    assert.match(hit!.message, /peak LR 0\.05 for sinkgd was not checked: trainlint knows no usual LR range for this optimizer/);
    assert.equal(hit!.fix, undefined);
    const [client] = check('client optimizer', 0.05, { nameFromFile: false });
    assert.match(client!.message, /client optimizer \(no optimizer block: the training script passes its own optimizer\)/);
  });

  test('a non-positive or non-finite LR is an error for every optimizer, known or not', () => {
    for (const name of ['AdamW', 'Lamb', 'sinkgd']) for (const lr of [0, -1e-4, Number.NaN, Infinity]) assert.equal(check(name, lr)[0]?.severity, 'error', `${name} ${lr}`);
  });

  test('OneTrainer\'s Adafactor with relative_step true ignores the LR: nothing to judge', () => {
    assert.deepEqual(check('ADAFACTOR', 1, { dialectId: 'onetrainer', data: { optimizer: { optimizer: 'ADAFACTOR', relative_step: true } } }), []);
    assert.equal(check('ADAFACTOR', 1, { dialectId: 'onetrainer', data: { optimizer: { optimizer: 'ADAFACTOR', relative_step: false } } })[0]?.severity, 'error');
  });
});
