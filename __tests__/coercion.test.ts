// pydantic v2's lax coercions (core/pydantic-lax.ts) as axolotl's config layer applies them: values pydantic converts
// are not schema errors, values it refuses still are. Configs are written for these tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pydanticLax } from '../src/core/pydantic-lax.ts';
import { review } from '../src/pipeline/review.ts';

function check(path: string, text: string) {
  const report = review([{ path, text, explicit: true }]);
  const file = report.files[0]!;
  return { file, findings: report.findings, errors: report.findings.filter((f) => f.severity === 'error') };
}

const AXOLOTL_BASE = ['base_model: NousResearch/Llama-2-7b-hf', 'learning_rate: 0.0002', 'lr_scheduler: cosine', 'max_steps: 200'];
const axolotl = (...lines: string[]) => [...AXOLOTL_BASE, ...lines, ''].join('\n');

describe('pydantic lax mode (pydantic-core shared.rs, conversion table)', () => {
  test('int fields take bools, whole floats and integer strings; refuse fractions and words', () => {
    const int = ['integer', 'null'];
    assert.equal(pydanticLax(false, int), 0);
    assert.equal(pydanticLax(true, int), 1);
    assert.equal(pydanticLax(10, int), 10);
    assert.equal(pydanticLax('10', int), 10);
    assert.equal(pydanticLax(' 42 ', int), 42);
    assert.equal(pydanticLax('42.000', int), 42);
    assert.equal(pydanticLax('1_000', int), 1000);
    assert.equal(pydanticLax('+7', int), 7);
    assert.equal(pydanticLax(0.1, int), undefined);
    assert.equal(pydanticLax('0.1', int), undefined);
    assert.equal(pydanticLax('1e2', int), undefined);
    assert.equal(pydanticLax('abc', int), undefined);
    assert.equal(pydanticLax(Infinity, int), undefined);
    assert.equal(pydanticLax(null, int), null);
  });

  test('float fields take bools, ints and float strings', () => {
    const float = ['number', 'null'];
    assert.equal(pydanticLax(true, float), 1);
    assert.equal(pydanticLax('2e-5', float), 2e-5);
    assert.equal(pydanticLax('.5', float), 0.5);
    assert.equal(pydanticLax('1_0.5', float), 10.5);
    assert.equal(pydanticLax('inf', float), Infinity);
    assert.equal(pydanticLax('x1', float), undefined);
  });

  test('bool fields take 0/1 and pydantic\'s words, nothing else', () => {
    const bool = ['boolean', 'null'];
    for (const yes of ['true', 'True', 'yes', 'Y', 'on', 't', '1']) assert.equal(pydanticLax(yes, bool), true, yes);
    for (const no of ['false', 'no', 'N', 'off', 'f', '0']) assert.equal(pydanticLax(no, bool), false, no);
    assert.equal(pydanticLax(1, bool), true);
    assert.equal(pydanticLax(0, bool), false);
    assert.equal(pydanticLax(2, bool), undefined);
    assert.equal(pydanticLax('maybe', bool), undefined);
  });

  test('a str member keeps a string as it is (smart union)', () => {
    assert.equal(pydanticLax('10', ['string', 'null']), '10');
  });
});

describe('axolotl validates with pydantic in lax mode', () => {
  test('`false` for an int | None field is 0, as pydantic reads it: no TL002 (examples/llama-2/relora.yml)', () => {
    const { errors, file } = check('axolotl/relora.yml', axolotl('relora: true', 'jagged_restart_steps: 50', 'jagged_restart_anneal_steps: false'));
    assert.equal(file.status, 'reviewed');
    assert.deepEqual(errors.map((e) => e.message), []);
  });

  test('numeric strings and whole floats for int fields, word booleans: converted, the schedule follows from them', () => {
    const { errors, file } = check('axolotl/strings.yml', axolotl('micro_batch_size: "2"', 'gradient_accumulation_steps: 4.0', 'warmup_steps: "10"', 'sample_packing: "no"', 'lr_quadratic_warmup: 0'));
    assert.deepEqual(errors.map((e) => e.message), []);
    assert.equal(file.head?.plan.warmup?.steps.value, 10);
  });

  test('what pydantic refuses is still an error: a fraction or a word for an int, 2 for a bool', () => {
    const fraction = check('axolotl/fraction.yml', axolotl('micro_batch_size: 1.5'));
    assert.ok(fraction.errors.some((e) => e.ruleId === 'TL002' && /micro_batch_size/.test(e.message)), JSON.stringify(fraction.findings));
    const word = check('axolotl/word.yml', axolotl('gradient_accumulation_steps: abc'));
    assert.ok(word.errors.some((e) => e.ruleId === 'TL002' && /gradient_accumulation_steps/.test(e.message)), JSON.stringify(word.findings));
    const bool = check('axolotl/bool.yml', axolotl('sample_packing: 2'));
    assert.ok(bool.errors.some((e) => e.ruleId === 'TL002' && /sample_packing/.test(e.message)), JSON.stringify(bool.findings));
    const warmup = check('axolotl/warmup.yml', axolotl('warmup_steps: 0.1'));
    assert.ok(warmup.errors.some((e) => /declares warmup_steps an int/.test(e.message)), JSON.stringify(warmup.findings));
    const quoted = check('axolotl/warmup-quoted.yml', axolotl('warmup_steps: "0.5"'));
    assert.ok(quoted.errors.some((e) => e.ruleId === 'TL002' && /warmup_steps/.test(e.message)), JSON.stringify(quoted.findings));
  });

  test('`learning_rate: 2e-5` (a string to PyYAML) is converted by axolotl: no TL004, no TL002', () => {
    const { findings } = check('axolotl/lr.yml', [...AXOLOTL_BASE.filter((l) => !l.startsWith('learning_rate')), 'learning_rate: 2e-5', ''].join('\n'));
    assert.deepEqual(findings.filter((f) => f.ruleId === 'TL004' || f.ruleId === 'TL002'), []);
  });

  test('a dialect without a pydantic layer keeps its strictness: torchtune passes a string on', () => {
    const text = ['optimizer:', '  _component_: torch.optim.AdamW', '  lr: 1.0e-4', 'epochs: 1', 'max_steps_per_epoch: 100', 'batch_size: "2"', 'model:', '  _component_: torchtune.models.llama3_2.llama3_2_1b', ''].join('\n');
    const { errors } = check('torchtune/string-batch.yaml', text);
    assert.ok(errors.some((e) => e.ruleId === 'TL002' && /batch_size/.test(e.message)), JSON.stringify(errors));
  });
});
