// Unit tests of core pieces a user meets indirectly: loader readings, did-you-mean, suppression, globs,
// discovery silence on unparseable non-configs, and the action metadata the runner reads.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parse } from 'yaml';
import { globToRegExp } from '../src/core/glob.ts';
import { readPlainScalar } from '../src/core/loaders.ts';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText } from '../src/pipeline/settings.ts';
import { suppressedRules } from '../src/core/suppress.ts';
import { closest } from '../src/core/validate.ts';

test('PyYAML reads YAML 1.1 scalars: 1e-4 stays a string, 1.0e-4 is a float, on/off are booleans, 010 is octal', () => {
  assert.equal(readPlainScalar('1e-4', 'pyyaml'), '1e-4');
  assert.equal(readPlainScalar('3.0e4', 'pyyaml'), '3.0e4');
  assert.equal(readPlainScalar('1.0e-4', 'pyyaml'), 1e-4);
  assert.equal(readPlainScalar('off', 'pyyaml'), false);
  assert.equal(readPlainScalar('010', 'pyyaml'), 8);
  assert.equal(readPlainScalar('70_000', 'pyyaml'), 70000);
  assert.equal(readPlainScalar('1:30', 'pyyaml'), 90);
});

test("OmegaConf's loader also reads exponents without a dot as floats", () => {
  assert.equal(readPlainScalar('1e-4', 'omegaconf'), 1e-4);
  assert.equal(readPlainScalar('5e12', 'omegaconf'), 5e12);
  assert.equal(readPlainScalar('2000', 'omegaconf'), 2000);
});

test('did-you-mean finds typos, case and separator slips, and nothing for unrelated keys', () => {
  const keys = ['lr_decay_steps', 'lr_decay_starting_step', 'lr_warmup_steps', 'min_decay_lr'];
  assert.equal(closest('lr_decay_step', keys), 'lr_decay_steps');
  assert.equal(closest('LR-WARMUP-STEPS', keys), 'lr_warmup_steps');
  assert.equal(closest('batch_size', keys), undefined);
});

test('inline suppression: next line only, or from the directive on', () => {
  const text = ['a: 1', '# trainlint-disable-next-line TL101', 'b: 2', 'c: 3', '# trainlint-disable decay-ends-before-training', 'd: 4'].join('\n');
  const suppressed = suppressedRules(text, 'yaml');
  const rule = { id: 'TL101', name: 'decay-ends-before-training' };
  assert.equal(suppressed(rule, 3), true);
  assert.equal(suppressed(rule, 4), false);
  assert.equal(suppressed(rule, 6), true);
  assert.equal(suppressed({ id: 'TL109', name: 'warmup-share' }, 3), false);
});

test('globs: ** crosses folders, * does not, a bare name matches at any depth', () => {
  assert.ok(globToRegExp('configs/**/*.yaml').test('configs/a/b/c.yaml'));
  assert.ok(globToRegExp('configs/**/*.yaml').test('configs/c.yaml'));
  assert.ok(!globToRegExp('configs/*.yaml').test('configs/a/c.yaml'));
  assert.ok(globToRegExp('*.yml').test('deep/down/x.yml'));
});

test('discovery stays silent about unparseable files that are not training configs (Helm templates)', () => {
  const helm = 'apiVersion: v1\nkind: ConfigMap\ndata:\n  {{- range .Values.items }}\n  {{ .name }}: {{ .value }}\n  {{- end }}\n';
  const brokenConfig = 'optimizer:\n  learning_rate: [0.1\n';
  const report = review([
    { path: 'charts/templates/cm.yaml', text: helm },
    { path: 'configs/train.yaml', text: brokenConfig },
  ]);
  assert.deepEqual(report.files.map((f) => f.path), ['configs/train.yaml']);
  assert.deepEqual(report.findings.map((f) => f.ruleId), ['TL001']);
  // Named explicitly, the template is reported as what it is.
  const explicit = review([{ path: 'charts/templates/cm.yaml', text: helm, explicit: true }]);
  assert.equal(explicit.files[0]?.status, 'unparsed');
});

test('action.yml is valid YAML with the inputs and outputs of the spec, running the committed bundle', () => {
  const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
  assert.deepEqual(Object.keys(action.inputs).sort(), ['baseline', 'comment', 'config', 'fail-on', 'github-token', 'hub', 'paths', 'suggestions']);
  assert.deepEqual(Object.keys(action.outputs).sort(), ['errors', 'files', 'report', 'warnings']);
  assert.equal(action.runs.main, 'dist/index.js');
  assert.match(action.runs.using, /^node(20|24)$/);
});

test('invalid JSON is located at the first bad token, with what was expected there', () => {
  const template = '{\n  "train_batch_size" : GB_SIZE,\n  "steps_per_print": 10\n}\n';
  const report = review([{ path: 'ds_config.json', text: template, explicit: true }]);
  const finding = report.findings[0];
  assert.equal(finding?.ruleId, 'TL001');
  assert.deepEqual([finding?.line, finding?.column], [2, 24]);
  assert.match(finding?.message ?? '', /expected a value, found `G`/);
  const trailing = review([{ path: 'c.json', text: '{\n  "a": 1,\n}\n', explicit: true }]).findings[0];
  assert.deepEqual([trailing?.line, trailing?.column], [3, 1]);
  assert.match(trailing?.message ?? '', /no trailing comma/);
});

// OLMo `max_duration: Nep` counts epochs of a dataset whose size the config does not give (olmo/train.py max_steps).
const OLMO_PATH = 'configs/olmo-epochs.yaml';
const olmoEpochs = (duration: string, tWarmup = 1000, extra = '') =>
  `model:\n  max_sequence_length: 2048\noptimizer:\n  name: adamw\n  learning_rate: 3.0e-4\nscheduler:\n  name: cosine_with_warmup\n  t_warmup: ${tWarmup}\nmax_duration: ${duration}\nglobal_train_batch_size: 512\n${extra}`;
const reviewOlmo = (text: string, settingsText?: string) =>
  review([{ path: OLMO_PATH, text, explicit: true }], { settings: settingsText ? settingsFromText(settingsText, '.trainlint.yml') : DEFAULT_SETTINGS });

test('OLMo max_duration "2ep" without a dataset size: drawn over 2 epochs at the assumed length, t_warmup keeps its steps, TL006 gives the formula', () => {
  const report = reviewOlmo(olmoEpochs('2ep'));
  const plan = report.files[0]?.head?.plan;
  assert.deepEqual(plan?.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [2, 1000]);
  assert.deepEqual([plan?.totalSteps.value, plan?.totalStepsSource, plan?.warmup?.steps.value], [2000, 'derived', 1000]);
  assert.ok(plan?.assumptions.some((a) => /drawn over 2 epochs of an assumed 1000 updates each/.test(a) && a.includes(`"${OLMO_PATH}": N`)));
  const tl006 = report.findings.find((f) => f.ruleId === 'TL006');
  assert.match(tl006?.message ?? '', /OLMo runs 2 x floor\(N instances \/ global_train_batch_size 512\) steps.*datasets: \{ "configs\/olmo-epochs.yaml": N \}.*drawn over 2 epochs at an assumed 1000 updates per epoch/);
  assert.equal(tl006?.line, 9, 'on max_duration');
  assert.deepEqual(report.findings.map((f) => f.ruleId), ['TL006']);
});

test('OLMo: a warmup as long as the run (TL103) is judged only once the dataset size gives the length', () => {
  const text = olmoEpochs('1ep', 1000);
  assert.deepEqual(reviewOlmo(text).findings.map((f) => f.ruleId), ['TL006'], 't_warmup 1000 = the assumed 1000-step epoch: not judged');
  // 256000 instances / 512 per batch = 500 steps for 1 epoch: the 1000-step warmup outlasts the run.
  const known = reviewOlmo(text, `datasets:\n  ${OLMO_PATH}: 256000\n`);
  assert.equal(known.files[0]?.head?.plan.totalSteps.value, 500);
  assert.equal(known.files[0]?.head?.plan.assumedLength, undefined);
  const ids = known.findings.map((f) => f.ruleId);
  assert.ok(ids.includes('TL103') && !ids.includes('TL006'), ids.join(', '));
});

test('OLMo: int() refuses a fractional epoch count; zero epochs train nothing; stop_at keeps TL006 on max_duration', () => {
  for (const duration of ['1.5ep', '0ep']) {
    const report = reviewOlmo(olmoEpochs(duration));
    assert.equal(report.files[0]?.head, undefined, duration);
    assert.ok(report.findings.some((f) => f.ruleId === 'TL002' && f.line === 9), duration);
  }
  const stopped = reviewOlmo(olmoEpochs('2ep', 100, 'stop_at: 1500\n'));
  const plan = stopped.files[0]?.head?.plan;
  assert.deepEqual([plan?.totalSteps.value, plan?.assumedLength?.epochs], [1500, 2]);
  assert.equal(stopped.findings.find((f) => f.ruleId === 'TL006')?.line, 9);
});

test('OLMo: an epoch duration ends with the data, so stop_at past max_steps (the default max_steps + 10 too) is never reached', () => {
  const settings = `datasets:\n  ${OLMO_PATH}: 256000\n`; // 500 steps per epoch
  const unset = reviewOlmo(olmoEpochs('2ep', 100), settings).files[0]?.head?.plan;
  assert.equal(unset?.totalSteps.value, 1000);
  assert.ok(!unset?.assumptions.some((a) => /10 updates past max_steps/.test(a)), 'no +10 tail after the last epoch');
  const late = reviewOlmo(olmoEpochs('2ep', 100, 'stop_at: 1010\n'), settings).files[0]?.head?.plan;
  assert.deepEqual([late?.totalSteps.value, late?.finalTailSteps], [1000, undefined]);
  assert.match(late?.totalSteps.how ?? '', /the data ends there, before stop_at 1010/);
  const early = reviewOlmo(olmoEpochs('2ep', 100, 'stop_at: 800\n'), settings).files[0]?.head?.plan;
  assert.equal(early?.totalSteps.value, 800);
  // A step duration keeps OLMo's +10 convention: max_steps + 10 is reachable while the data lasts.
  const steps = reviewOlmo(olmoEpochs('1000', 100)).files[0]?.head?.plan;
  assert.ok(steps?.assumptions.some((a) => /10 updates past max_steps/.test(a)));
});
