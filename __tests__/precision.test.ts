// Precision on repositories trainlint has never seen: a file that configures no training is never reviewed as a
// config, and a file whose schedule does not follow from the files says what is missing instead of a curve.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { review } from '../src/pipeline/review.ts';

const TRAINER_STATE = JSON.stringify({
  best_metric: 0.91, best_model_checkpoint: 'out/checkpoint-400', epoch: 3.0, global_step: 1200, is_hyper_param_search: false,
  log_history: [{ epoch: 0.01, learning_rate: 2e-5, loss: 2.1, step: 10 }], logging_steps: 10, max_steps: 1200, num_train_epochs: 3,
  save_steps: 400, train_batch_size: 16,
});

describe('files that configure no training', () => {
  test('a saved trainer_state.json named explicitly is not-a-training-config with the reason, and has no finding', () => {
    const report = review([{ path: 'out/trainer_state.json', text: TRAINER_STATE, explicit: true }]);
    assert.equal(report.files[0]?.status, 'not-a-training-config');
    assert.match(report.files[0]?.note ?? '', /Trainer state/);
    assert.deepEqual(report.findings, []);
    assert.equal(report.summary.reviewed, 0);
  });

  test('LLaMA-Factory chat, merge and predict configs (no do_train) are not training configs; a train config is reviewed', () => {
    const chat = 'model_name_or_path: Qwen/Qwen3-4B\nadapter_name_or_path: saves/lora\ntemplate: qwen3\ninfer_backend: huggingface\n';
    const predict = 'model_name_or_path: m\nstage: sft\ndo_predict: true\nfinetuning_type: lora\ntemplate: llama3\neval_dataset: alpaca\nper_device_eval_batch_size: 1\n';
    const train = 'model_name_or_path: m\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: llama3\ndataset: alpaca\nlearning_rate: 1.0e-4\nmax_steps: 100\nper_device_train_batch_size: 1\n';
    const report = review([
      { path: 'chat.yaml', text: chat, explicit: true },
      { path: 'predict.yaml', text: predict, explicit: true },
      { path: 'train.yaml', text: train, explicit: true },
    ]);
    assert.deepEqual(report.files.map((f) => [f.path, f.status]), [['chat.yaml', 'not-a-training-config'], ['predict.yaml', 'not-a-training-config'], ['train.yaml', 'reviewed']]);
    assert.match(report.files[1]!.note ?? '', /do_train is not true/);
    assert.deepEqual(report.findings.filter((f) => f.path !== 'train.yaml'), []);
    assert.deepEqual(review([{ path: 'chat.yaml', text: chat }]).files, [], 'discovery leaves them out');
  });

  test('discovery leaves a trainer_state.json out entirely', () => {
    const report = review([{ path: 'out/trainer_state.json', text: TRAINER_STATE }]);
    assert.deepEqual(report.files, []);
    assert.deepEqual(report.findings, []);
  });

  test("trainlint's own JSON report is not reviewed, at any size", () => {
    const own = review([{ path: 'cfg.yaml', text: 'learning_rate: 2e-5\nlr_scheduler_type: cosine\nper_device_train_batch_size: 8\nmax_steps: 100\n', explicit: true }]);
    const text = JSON.stringify({ version: 1, tool: { name: 'trainlint', version: '0.1.0' }, summary: own.summary, files: [], findings: [] }, null, 2);
    const small = review([{ path: 'report.json', text, explicit: true }]);
    assert.equal(small.files[0]?.status, 'not-a-training-config');
    assert.deepEqual(small.findings, []);
    const padding = Array.from({ length: 40_000 }, (_, i) => ({ path: `configs/lr_${i}.yaml`, derivation: ['learning_rate: 2e-5'] }));
    const huge = JSON.stringify({ version: 1, tool: { name: 'trainlint', version: '0.1.0' }, summary: {}, files: padding, findings: [] });
    assert.ok(huge.length > 2 * 1024 * 1024);
    const discovered = review([{ path: 'trainlint-report.json', text: huge }]);
    assert.deepEqual(discovered.findings, [], 'a report too large to parse is still no TL003 error in discovery');
  });

  test('discovery: an unparsable file that mentions schedule words only inside text is left out', () => {
    const report = review([{ path: 'notes/log.yaml', text: 'summary: "warmup: 100 steps at learning_rate 3e-4\n  more: [\n' }]);
    assert.deepEqual(report.findings, []);
  });

  test('discovery: a broken file that writes schedule keys as keys is still a parse error', () => {
    const report = review([{ path: 'ds_config.json', text: '{\n  "train_batch_size": 32,\n  "scheduler": {"type": "WarmupLR",\n}\n' }]);
    assert.equal(report.findings[0]?.ruleId, 'TL001');
  });
});

describe('repeated noise: one finding per cause', () => {
  const recipe = (lr: string, ratio: string) =>
    `model_name_or_path: m\nlearning_rate: ${lr}\nlr_scheduler_type: cosine\nper_device_train_batch_size: 4\ngradient_accumulation_steps: 2\nmax_steps: 1000\nwarmup_ratio: ${ratio}\n`;

  test('the same unpinned-version note on three files is one TL005 finding naming all three and the settings line', () => {
    const report = review([
      { path: 'recipes/a/sft.yaml', text: recipe('2.0e-5', '0.1') },
      { path: 'recipes/b/sft.yaml', text: recipe('1.0e-5', '0.1') },
      { path: 'recipes/c/dpo.yaml', text: recipe('5.0e-7', '0.1') },
    ]);
    const notes = report.findings.filter((f) => f.ruleId === 'TL005');
    assert.equal(notes.length, 1, notes.map((f) => f.path).join(', '));
    assert.equal(notes[0]!.path, 'recipes/a/sft.yaml');
    assert.match(notes[0]!.message, /2 more files: recipes\/b\/sft\.yaml:7, recipes\/c\/dpo\.yaml:7/);
    assert.match(notes[0]!.message, /frameworks: \{ hf-trainer: "<version>" \}/);
    assert.equal(notes[0]!.data.fileCount, 3);
  });

  test('a value only some releases misread is TL004 (warning), not TL005', () => {
    const lf = 'model_name_or_path: m\nstage: sft\ndo_train: true\nfinetuning_type: lora\ntemplate: qwen\ndataset: d\nlearning_rate: 2e-5\nnum_train_epochs: 1\nmax_steps: 100\nper_device_train_batch_size: 1\n';
    const report = review([{ path: 'lf.yaml', text: lf, explicit: true }]);
    const mismatch = report.findings.filter((f) => f.ruleId === 'TL004');
    assert.equal(mismatch.length, 1, report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
    assert.equal(mismatch[0]!.severity, 'warning');
    assert.equal(report.findings.filter((f) => f.ruleId === 'TL005').length, 0);
    assert.deepEqual(mismatch[0]!.fix?.edits.map((e) => e.value), ['2.0e-5']);
  });
});

describe('YAML read as the framework reads it', () => {
  test('a duplicate anchor, which PyYAML refuses, is a parse error for a PyYAML-loaded dialect', () => {
    const text = 'optimizer:\n  learning_rate_scheduler:\n    learning_rate: &lr 0.0003\n    min_decay_lr: &lr 0.00003\n    lr_warmup_steps: 10\n    lr_warmup_style: linear\n    lr_decay_style: cosine\ntokens:\n  train_steps: 1000\n';
    const report = review([{ path: 'n.yaml', text, explicit: true }]);
    assert.equal(report.files[0]?.status, 'unparsed');
    assert.equal(report.findings[0]?.ruleId, 'TL001');
    assert.equal(report.findings[0]?.line, 4);
  });

  test('a multi-line quoted scalar continued at the key indentation, which PyYAML loads, is no parse error', () => {
    const text = 'optimizer:\n  learning_rate_scheduler:\n    learning_rate: 0.0003\n    note: \'[a,\n    b,\n    ]\'\n    lr_warmup_steps: 10\n    lr_warmup_style: linear\n    lr_decay_style: cosine\n    lr_decay_steps: 990\n    min_decay_lr: 0.00003\ntokens:\n  train_steps: 1000\n';
    const report = review([{ path: 'n.yaml', text, explicit: true }]);
    assert.ok(!report.findings.some((f) => f.ruleId === 'TL001'), report.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'));
  });
});

describe('fixes that fix', () => {
  test('TL106 lowers an absolute floor with the peak, so the fix does not leave min_decay_lr above the new LR', () => {
    const text = 'optimizer:\n  optimizer_factory:\n    name: adamW\n  learning_rate_scheduler:\n    learning_rate: 0.1\n    lr_warmup_steps: 100\n    lr_warmup_style: linear\n    lr_decay_style: cosine\n    min_decay_lr: 0.01\ntokens:\n  train_steps: 2000\n';
    const finding = review([{ path: 'n.yaml', text, explicit: true }]).findings.find((f) => f.ruleId === 'TL106');
    assert.deepEqual(finding?.fix?.edits.map((e) => [e.key, e.value]), [['learning_rate', 0.001], ['min_decay_lr', 0.0001]]);
  });
});

describe('discovery never errs on a file no dialect would read', () => {
  test("a tokenizer.json over the size limit (its vocabulary has \"lr\" and \"warmup\" entries) is left out, not a TL003 error", () => {
    const vocab: Record<string, number> = { lr: 1, warmup: 2, learning: 3, rate: 4 };
    for (let i = 0; i < 200_000; i++) vocab[`tok${i}`] = i + 5;
    const text = JSON.stringify({ version: '1.0', model: { type: 'BPE', vocab } }, null, 2);
    assert.ok(text.length > 2 * 1024 * 1024);
    assert.deepEqual(review([{ path: 'tokenizer/tokenizer.json', text }]).findings, []);
  });

  test('an oversized file that names schedule keys of its own is still reported (TL003)', () => {
    const text = `learning_rate: 3.0e-4\nlr_scheduler_type: cosine\nwarmup_steps: 100\n# ${'x'.repeat(2_200_000)}\n`;
    assert.equal(review([{ path: 'big.yaml', text }]).findings[0]?.ruleId, 'TL003');
  });
});

describe('no invented numbers', () => {
  test('a ZeRO-only DeepSpeed JSON (no optimizer, no scheduler) gets no curve and no made-up peak LR', () => {
    const text = '{\n  "train_micro_batch_size_per_gpu": 4,\n  "gradient_accumulation_steps": 8,\n  "zero_optimization": { "stage": 2 },\n  "bf16": { "enabled": true }\n}\n';
    const report = review([{ path: 'ds_zero2.json', text, explicit: true }]);
    assert.equal(report.files[0]?.status, 'not-simulated');
    assert.equal(report.files[0]?.head, undefined);
    assert.match(report.files[0]?.note ?? '', /training script/);
    assert.deepEqual(report.findings, []);
  });

  test('"auto" values the Trainer fills in: not simulated, no error', () => {
    const text = '{\n  "train_batch_size": "auto",\n  "optimizer": { "type": "AdamW", "params": { "lr": "auto" } },\n  "scheduler": { "type": "WarmupDecayLR", "params": { "warmup_num_steps": "auto", "total_num_steps": "auto", "warmup_max_lr": "auto" } },\n  "zero_optimization": { "stage": 3 }\n}\n';
    const report = review([{ path: 'zero3.json', text, explicit: true }]);
    assert.equal(report.files[0]?.status, 'not-simulated');
    assert.equal(report.findings.filter((f) => f.severity !== 'info').length, 0);
  });
});

describe('epochs that are not a positive number (found by npm run fuzz, seed 1700764392)', () => {
  for (const epochs of ['-.inf', '.nan', '-2']) {
    test(`litgpt train.epochs: ${epochs} is an error on its key and no non-finite number reaches the report`, async () => {
      const { toJsonReport } = await import('../src/core/report.ts');
      const text = `checkpoint_dir: checkpoints/x\ntrain:\n  global_batch_size: 8\n  micro_batch_size: 1\n  lr_warmup_steps: 10\n  epochs: ${epochs}\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 0.0002\n`;
      const report = review([{ path: 'finetune.yaml', text, explicit: true }]);
      assert.ok(report.findings.some((f) => f.severity === 'error' && f.line === 6), report.findings.map((f) => `${f.ruleId} ${f.line} ${f.message}`).join('\n'));
      assert.doesNotMatch(JSON.stringify(toJsonReport(report)), /Infinity|NaN|null,"updatesPerEpoch"/);
      assert.equal(report.files[0]?.head, undefined);
    });
  }
});

test('a DeepSpeed torch scheduler argument json.load reads as inf (power 1e400, found by npm run fuzz with seed 486433744) is an error naming it, with no inf in the output', () => {
  const text = '{\n  "train_batch_size": 64,\n  "optimizer": { "type": "AdamW", "params": { "lr": 2e-4 } },\n  "scheduler": { "type": "PolynomialLR", "params": { "total_iters": 12000, "power": 1e400 } }\n}\n';
  const report = review([{ path: 'ds.json', text, explicit: true }]);
  const error = report.findings.find((f) => f.severity === 'error');
  assert.match(error?.message ?? '', /scheduler\.params\.power is inf/);
  assert.equal(report.files[0]?.head, undefined);
});

test('a kohya_ss GUI preset (JSON of sd-scripts arguments) is not taken for an axolotl config; an axolotl config still is', () => {
  const preset = JSON.stringify({ learning_rate: 1, lr_scheduler: 'adafactor', lr_warmup: 0, train_batch_size: 1, max_train_epochs: 10, optimizer: 'Adafactor', save_every_n_epochs: 1 });
  const report = review([{ path: 'presets/finetune/adafactor.json', text: preset, explicit: true }]);
  assert.notEqual(report.files[0]!.dialect, 'axolotl');
  assert.deepEqual(report.findings.filter((f) => f.severity === 'error'), []);
  const axolotl = review([{ path: 'qlora.yml', text: 'lr_scheduler: cosine\nlearning_rate: 2e-4\nsequence_len: 2048\nmicro_batch_size: 2\nnum_epochs: 1\n', explicit: true }]);
  assert.equal(axolotl.files[0]!.dialect, 'axolotl');
});
