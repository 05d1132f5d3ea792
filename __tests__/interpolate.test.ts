// `${...}` as each framework's config layer reads it (core/interpolate.ts, core/omegaconf.ts): OmegaConf interpolation
// for torchtune and OLMo, template placeholders for loaders that read `${...}` as text. Configs are written for these
// tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveInterpolations } from '../src/core/interpolate.ts';
import type { LoaderModel } from '../src/core/loaders.ts';
import { pythonStr } from '../src/core/omegaconf.ts';
import { parseText, type ParsedDoc } from '../src/core/parse.ts';
import { review } from '../src/pipeline/review.ts';

const OMEGACONF: LoaderModel = { yaml: 'omegaconf', stringForNumber: 'passed-on', interpolation: 'omegaconf', citation: 'test' };

function parse(text: string): ParsedDoc {
  const parsed = parseText(text, 'yaml');
  assert.ok(parsed.ok);
  return parsed.doc;
}

/** The resolved data, with deferred values read as the error they throw. */
function resolved(text: string): Record<string, unknown> {
  const doc = parse(text);
  return resolveInterpolations(doc, doc.data, OMEGACONF) as Record<string, unknown>;
}

/** 1-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function check(path: string, text: string) {
  const report = review([{ path, text, explicit: true }]);
  return { file: report.files[0]!, findings: report.findings, errors: report.findings.filter((f) => f.severity === 'error') };
}

const torchtune = (...lines: string[]) =>
  ['model:', '  _component_: torchtune.models.llama3_2.lora_llama3_2_1b', 'optimizer:', '  _component_: torch.optim.AdamW', '  lr: 3.0e-4', 'epochs: 1', 'batch_size: 2', ...lines, ''].join('\n');

describe('OmegaConf interpolation (grammar and resolution)', () => {
  test('absolute, relative, nested, indexed and string interpolation', () => {
    const data = resolved(
      [
        'warmup: 100',
        'name: run',
        'which: warmup',
        'sizes: [8, 16]',
        'a:',
        '  b: 3',
        '  sibling: ${.b}',
        '  inner:',
        '    parent: ${..b}',
        'absolute: ${a.b}',
        'nested: ${${which}}',
        'nested_key: ${a.${name_key}}',
        'name_key: b',
        'text: ${name}_x${warmup}',
        'first: ${sizes.0}',
        'second: ${sizes[1]}',
        'escaped: \\${warmup}',
        'chain: ${absolute}',
      ].join('\n'),
    );
    const a = data.a as Record<string, unknown>;
    assert.equal(a.sibling, 3);
    assert.equal((a.inner as Record<string, unknown>).parent, 3);
    assert.equal(data.absolute, 3);
    assert.equal(data.nested, 100);
    assert.equal(data.nested_key, 3);
    assert.equal(data.text, 'run_x100');
    assert.equal(data.first, 8);
    assert.equal(data.second, 16);
    assert.equal(data.escaped, '${warmup}');
    assert.equal(data.chain, 3);
  });

  test('resolvers: oc.select with its default, oc.decode, oc.deprecated', () => {
    const data = resolved(['w: 5', 'picked: ${oc.select:w,1}', 'fallback: ${oc.select:nothing,7}', 'decoded: ${oc.decode:"12"}', 'old: ${oc.deprecated:w}'].join('\n'));
    assert.equal(data.picked, 5);
    assert.equal(data.fallback, 7);
    assert.equal(data.decoded, 12);
    assert.equal(data.old, 5);
  });

  test('a missing key, an environment variable, an unknown resolver and a cycle are deferred: reading them throws, nothing hangs', () => {
    const data = resolved(['missing: ${nowhere}', 'env: ${oc.env:WARMUP,100}', 'custom: ${eval:1+1}', 'x: ${y}', 'y: ${x}', 'fine: 1'].join('\n'));
    for (const key of ['missing', 'env', 'custom', 'x', 'y']) assert.throws(() => data[key], Error, key);
    assert.equal(data.fine, 1);
  });

  test('Python str() of values inside a longer string', () => {
    assert.equal(pythonStr(1e-5, true), '1e-05');
    assert.equal(pythonStr(0.0001, true), '0.0001');
    assert.equal(pythonStr(10, true), '10.0');
    assert.equal(pythonStr(10), '10');
    assert.equal(pythonStr(true), 'True');
    assert.equal(pythonStr(null), 'None');
  });
});

describe('torchtune reads its configs with OmegaConf: interpolations resolve before planning', () => {
  const scheduler = ['lr_scheduler:', '  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup', '  num_warmup_steps: ${warmup}'];

  test('`num_warmup_steps: ${warmup}` is the referenced value, its derivation says so, and findings point at the line written', () => {
    const { file, errors } = check('torchtune/interp.yaml', torchtune('warmup: 100', 'max_steps_per_epoch: 1000', ...scheduler));
    assert.deepEqual(errors.map((e) => e.message), []);
    assert.equal(file.status, 'reviewed');
    assert.equal(file.head?.plan.warmup?.steps.value, 100);
    assert.match(file.head?.plan.warmup?.steps.how ?? '', /num_warmup_steps: \$\{warmup\} = 100/);

    const text = torchtune('warmup: 100', 'max_steps_per_epoch: 50', ...scheduler);
    const long = check('torchtune/interp-long.yaml', text);
    const tl103 = long.findings.find((f) => f.ruleId === 'TL103');
    assert.ok(tl103, JSON.stringify(long.findings));
    assert.equal(tl103.line, lineOf(text, 'num_warmup_steps: ${warmup}'));
  });

  test('relative interpolation inside the scheduler block', () => {
    const { file, errors } = check('torchtune/relative.yaml', torchtune('max_steps_per_epoch: 1000', 'lr_scheduler:', '  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup', '  warm: 20', '  num_warmup_steps: ${.warm}'));
    assert.deepEqual(errors.map((e) => e.message), []);
    assert.equal(file.head?.plan.warmup?.steps.value, 20);
  });

  test('a missing key the planner does not read says nothing; one it reads is an error at the referring key', () => {
    const unread = check('torchtune/unread.yaml', torchtune('max_steps_per_epoch: 1000', 'output_dir: ${base}/out', 'metric_logger:', '  log_dir: ${nowhere}/logs'));
    assert.deepEqual(unread.findings.filter((f) => f.severity !== 'info'), []);
    const text = torchtune('max_steps_per_epoch: 1000', 'lr_scheduler:', '  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup', '  num_warmup_steps: ${warmup_steps}');
    const read = check('torchtune/read.yaml', text);
    const error = read.errors.find((e) => e.ruleId === 'TL002');
    assert.ok(error, JSON.stringify(read.findings));
    assert.match(error.message, /refers to `warmup_steps`, which the file does not define/);
    assert.equal(error.line, lineOf(text, 'num_warmup_steps: ${warmup_steps}'));
  });

  test('an interpolation cycle is an error, found without hanging', () => {
    const { errors } = check('torchtune/cycle.yaml', torchtune('max_steps_per_epoch: 1000', 'a: ${b}', 'b: ${a}'));
    assert.ok(errors.some((e) => e.ruleId === 'TL002' && /interpolation cycle/.test(e.message)), JSON.stringify(errors));
  });

  test('a value from the environment is not simulated, never an error', () => {
    const { file, errors } = check('torchtune/env.yaml', torchtune('max_steps_per_epoch: 1000', 'lr_scheduler:', '  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup', '  num_warmup_steps: ${oc.env:WARMUP,100}'));
    assert.deepEqual(errors, []);
    assert.equal(file.status, 'not-simulated');
    assert.match(file.note ?? '', /environment variable WARMUP/);
  });
});

describe('loaders that read `${...}` as text: a file of placeholders is a template', () => {
  const template = ['base_model: ${BASE_MODEL}', 'learning_rate: ${LEARNING_RATE}', 'warmup_steps: ${WARMUP_STEPS}', 'micro_batch_size: ${MICRO_BATCH_SIZE}', 'num_epochs: ${NUM_EPOCHS}', 'lr_scheduler: ${LR_SCHEDULER}', 'sample_packing: ${SAMPLE_PACKING}', ''].join('\n');

  test('axolotl: not-simulated with the placeholders named, no TL002 for them', () => {
    const { file, findings } = check('axolotl/template.yml', template);
    assert.equal(file.dialect, 'axolotl');
    assert.equal(file.status, 'not-simulated');
    assert.match(file.note ?? '', /^learning_rate, warmup_steps, num_epochs, lr_scheduler, .* are \$\{\.\.\.\} placeholders filled in by the launcher \(\$\{LEARNING_RATE\}, \$\{WARMUP_STEPS\}/);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'TL002'), []);
  });

  test('a placeholder the planner does not read only silences its own type check', () => {
    const { file, findings } = check('axolotl/one-placeholder.yml', ['base_model: m', 'learning_rate: 0.0002', 'max_steps: 100', 'adam_beta2: ${ADAM_BETA2}', ''].join('\n'));
    assert.equal(file.status, 'reviewed');
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  });

  test('in an OmegaConf dialect the same text is an interpolation, not a placeholder', () => {
    const { errors } = check('torchtune/env-style.yaml', torchtune('max_steps_per_epoch: 1000', 'output_dir: ${OUTPUT_DIR}'));
    assert.deepEqual(errors, []);
  });
});
