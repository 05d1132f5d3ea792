// torch's schedulers (src/schedules/torch.ts) against the torch goldens, the TOML parser, and the torchtune,
// DeepSpeed, torchtitan and litgpt dialects end to end (the goldens and corpus suites cover their goldens and
// real configs; this file covers what those cannot: TOML, dataset sizes from settings, TL107 horizons).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '../src/core/parse.ts';
import { parseToml } from '../src/core/parse-toml.ts';
import { review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS, settingsFromText, type Settings } from '../src/pipeline/settings.ts';
import type { Finding } from '../src/core/types.ts';
import { roundHalfEven } from '../src/dialects/torch/torchtitan/index.ts';
import { CosineRecursion, cosineClosedForm, RECURSION_LIMIT, torchLr, type TorchScheduler } from '../src/schedules/torch.ts';
import { readGoldenFiles, sharedFolder, toleranceRatio, type GoldenFile } from './support/shared-data.ts';

// ---------------------------------------------------------------------------------------------------
// torch goldens: scheduler-level cases (no config file), checked against the schedulers directly.

/** A torch golden case's config (named as torch's constructor arguments) as a TorchScheduler. */
function torchSpec(c: Record<string, unknown>): TorchScheduler {
  const n = (k: string) => c[k] as number;
  switch (c.scheduler) {
    case 'StepLR':
      return { type: 'StepLR', stepSize: n('step_size'), gamma: n('gamma') };
    case 'MultiStepLR':
      return { type: 'MultiStepLR', milestones: c.milestones as number[], gamma: n('gamma') };
    case 'ExponentialLR':
      return { type: 'ExponentialLR', gamma: n('gamma') };
    case 'CosineAnnealingLR':
      return { type: 'CosineAnnealingLR', tMax: n('T_max'), etaMin: n('eta_min') };
    case 'CosineAnnealingWarmRestarts':
      return { type: 'CosineAnnealingWarmRestarts', t0: n('T_0'), tMult: n('T_mult'), etaMin: n('eta_min') };
    case 'LinearLR':
      return { type: 'LinearLR', startFactor: n('start_factor'), endFactor: n('end_factor'), totalIters: n('total_iters') };
    case 'ConstantLR':
      return { type: 'ConstantLR', factor: n('factor'), totalIters: n('total_iters') };
    case 'OneCycleLR':
      return {
        type: 'OneCycleLR',
        maxLr: n('max_lr'),
        totalSteps: typeof c.total_steps === 'number' ? n('total_steps') : n('epochs') * n('steps_per_epoch'),
        pctStart: n('pct_start'),
        annealStrategy: c.anneal_strategy === 'linear' ? 'linear' : 'cos',
        divFactor: n('div_factor'),
        finalDivFactor: n('final_div_factor'),
        threePhase: c.three_phase === true,
      };
    case 'SequentialLR':
      return { type: 'SequentialLR', schedulers: (c.schedulers as Array<Record<string, unknown>>).map(torchSpec), milestones: c.milestones as number[] };
  }
  throw new Error(`torch golden names scheduler ${String(c.scheduler)}, which the test does not map`);
}

const goldens = sharedFolder('TRAINLINT_GOLDENS', '../shared/goldens');
const torchFile = goldens.ok ? readGoldenFiles(goldens.path).find((f): f is GoldenFile => f.file === 'torch.json' && 'cases' in f) : undefined;

describe('torch 1.13 schedulers against torch.json', { skip: torchFile ? false : 'torch goldens not available' }, () => {
  for (const c of torchFile?.cases ?? []) {
    test(c.name, () => {
      const lrAt = torchLr(torchSpec(c.config), c.config.lr as number);
      const points: Array<[number, number]> = [...(c.lr ?? [])];
      const after = c.derived?.lr_after_last_scheduler_step;
      // The value after the last scheduler step is the LR of one more step (not for OneCycleLR past total_steps).
      if (typeof after === 'number' && typeof c.derived?.total_steps === 'number') points.push([c.derived.total_steps, after]);
      assert.ok(points.length > 0);
      for (const [k, want] of points) {
        const got = lrAt(k);
        assert.ok(toleranceRatio(got, want) <= 1, `${c.name} step ${k}: trainlint ${got}, golden ${want}`);
      }
    });
  }
});

test('CosineAnnealingLR: the recursion is cached, so a late step after an early one costs at most one checkpoint interval', () => {
  const recursion = new CosineRecursion(3e-4, 3e-5, 1_000_000, 3e-4);
  const late = recursion.at(999_999);
  // Same value from a fresh instance: the cache does not change results.
  assert.equal(new CosineRecursion(3e-4, 3e-5, 1_000_000, 3e-4).at(999_999), late);
  assert.ok(Math.abs(late - cosineClosedForm(3e-4, 3e-5, 1_000_000, 999_999)) / late < 1e-9);
  // Past the recursion limit the closed form stands in.
  assert.equal(recursion.at(RECURSION_LIMIT + 5), cosineClosedForm(3e-4, 3e-5, 1_000_000, RECURSION_LIMIT + 5));
});

test('Python round(): halves to even', () => {
  assert.deepEqual([0.5, 1.5, 2.5, 2.4, 2.6, 150.5, 151.5].map(roundHalfEven), [0, 2, 2, 2, 3, 150, 152]);
});

// ---------------------------------------------------------------------------------------------------
// TOML parsing

describe('parseToml', () => {
  test('data and 1-based positions of keys, dotted keys, sub-tables and arrays of tables', () => {
    const r = parseToml('title = "x"\n[lr_scheduler]\nwarmup_steps = 200\na.b = 1\n[[runs]]\nn = 1\n[[runs]]\nn = 2\n');
    assert.ok(r.ok);
    assert.deepEqual(r.doc.data, { title: 'x', lr_scheduler: { warmup_steps: 200, a: { b: 1 } }, runs: [{ n: 1 }, { n: 2 }] });
    assert.deepEqual(r.doc.nodes.get('/lr_scheduler/warmup_steps')?.keySpan, { line: 3, column: 1, endLine: 3, endColumn: 13 });
    assert.deepEqual(r.doc.nodes.get('/lr_scheduler/warmup_steps')?.valueSpan, { line: 3, column: 16, endLine: 3, endColumn: 19 });
    assert.equal(r.doc.nodes.get('/lr_scheduler')?.keySpan?.line, 2);
    assert.equal(r.doc.nodes.get('/runs/1/n')?.keySpan?.line, 8);
    assert.equal(r.doc.format, 'toml');
  });

  test('syntax errors (duplicate keys included) are parse problems with a position', () => {
    const dup = parseToml('[a]\nx = 1\nx = 2\n');
    assert.ok(!dup.ok && dup.problem.kind === 'syntax' && dup.problem.line === 3);
    const bad = parseToml('a = "unterminated\n');
    assert.ok(!bad.ok && bad.problem.kind === 'syntax' && bad.problem.line === 1);
  });

  test('hostile input is refused, never a crash: nesting, size, prototype keys', () => {
    const deep = parseToml(`x = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    assert.ok(!deep.ok && deep.problem.kind === 'unsafe');
    const tables = parseToml(`[${Array.from({ length: LIMITS.maxDepth + 2 }, (_, i) => `k${i}`).join('.')}]\nx = 1\n`);
    assert.ok(!tables.ok && tables.problem.kind === 'unsafe');
    const big = parseToml(`# ${'x'.repeat(LIMITS.maxBytes)}\n`);
    assert.ok(!big.ok && big.problem.kind === 'unsafe');
    const proto = parseToml('__proto__ = 1\n[constructor]\nx = 2\n');
    assert.ok(proto.ok);
    assert.equal(Object.getPrototypeOf(proto.doc.data), Object.prototype);
    assert.equal((proto.doc.data as Record<string, unknown>)['__proto__'], 1);
  });
});

// ---------------------------------------------------------------------------------------------------
// Dialects end to end

function check(path: string, text: string, settings: Partial<Settings> = {}) {
  const report = review([{ path, text, explicit: true }], { settings: { ...DEFAULT_SETTINGS, ...settings } });
  const file = report.files[0]!;
  return { file, findings: report.findings, ids: report.findings.map((f: Finding) => `${f.ruleId}:${f.line}`).sort() };
}

describe('torchtitan', () => {
  const base = (scheduler: string, steps = 1000) => `[optimizer]\nname = "AdamW"\nlr = 3e-4\n\n[lr_scheduler]\n${scheduler}\n[training]\nsteps = ${steps}\n`;

  test('a scheduler built for fewer steps than the run: TL107 with the negative LR, at lr_scheduler.total_steps', () => {
    const { file, findings } = check('train_configs/a.toml', base('warmup_steps = 100\ntotal_steps = 800\n'));
    assert.equal(file.dialect, 'torchtitan');
    const tl107 = findings.find((f) => f.ruleId === 'TL107');
    assert.ok(tl107, JSON.stringify(findings));
    assert.equal(tl107.line, 7);
    assert.match(tl107.message, /800/);
    assert.match(tl107.message, /negative/);
    assert.ok(file.head && file.head.plan.schedule.lrAt(999) < 0);
  });

  test('warmup longer than the run is clamped by build() and reported (TL103)', () => {
    const { file, ids } = check('a.toml', base('warmup_steps = 500\n', 300));
    assert.equal(file.head?.plan.warmup?.steps.value, 300);
    assert.ok(ids.includes('TL103:6'), ids.join(' '));
  });

  test('decay_ratio: round(total x ratio) with Python rounding, the virtual step, and no finding for a sound WSD config', () => {
    const { file, findings } = check('a.toml', base('warmup_steps = 50\ndecay_ratio = 0.2505\ndecay_type = "cosine"\nmin_lr_factor = 0.1\n'));
    assert.deepEqual(findings, []);
    assert.equal(file.head?.plan.decay?.steps.value, 250); // 1000 x 0.2505 = 250.49999999999997 -> 250
    assert.match(file.head?.plan.decay?.steps.how ?? '', /round\(1000 x 0\.2505\) = 250/);
  });

  test('unknown lr_scheduler key: TL002 with the key that was meant', () => {
    const { findings } = check('a.toml', base('warmup_steps = 50\ndecay_raito = 0.2\n'));
    const tl002 = findings.find((f) => f.ruleId === 'TL002');
    assert.ok(tl002 && tl002.line === 7 && /decay_ratio/.test(JSON.stringify(tl002)), JSON.stringify(findings));
  });

  test('the 2024 format ([training] warmup_steps) follows linear_warmup_linear_decay', () => {
    const { file } = check('a.toml', '[optimizer]\nlr = 8e-4\n[training]\nwarmup_steps = 2\nsteps = 10\n');
    const lrAt = file.head!.plan.schedule.lrAt;
    assert.equal(lrAt(0), (8e-4 * 1) / 3);
    assert.equal(lrAt(9), 8e-4 * (1 - 7 / 8));
  });

  test('inline suppression works in TOML comments', () => {
    const text = base('# trainlint-disable-next-line TL103\nwarmup_steps = 500\n', 300);
    assert.ok(!check('a.toml', text).findings.some((f) => f.ruleId === 'TL103'));
  });

  test('a TOML file that is no training config is skipped', () => {
    const report = review([{ path: 'pyproject.toml', text: '[project]\nname = "x"\n' }]);
    assert.equal(report.files.length, 0);
  });
});

describe('torchtune', () => {
  const recipe = (extra: string) =>
    `model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\nbatch_size: 2\noptimizer:\n  _component_: torch.optim.AdamW\n  lr: 3e-4\nlr_scheduler:\n  _component_: torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup\n  num_warmup_steps: 100\n${extra}`;

  test('without a dataset size or max_steps_per_epoch the run is drawn over its epochs at an assumed 1000 updates each (TL006 with the formula), and `3e-4` is a float to OmegaConf (no TL004)', () => {
    const { file, ids, findings } = check('configs/a.yaml', recipe('epochs: 2\ngradient_accumulation_steps: 8\n'));
    assert.equal(file.dialect, 'torchtune');
    assert.deepEqual(ids, ['TL006:10']);
    const plan = file.head?.plan;
    assert.deepEqual(plan?.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [2, 1000]);
    assert.equal(plan?.totalSteps.value, 2000);
    assert.equal(plan?.totalStepsSource, 'derived');
    assert.match(plan?.totalSteps.how ?? '', /assumed/);
    assert.match(plan?.decay?.steps.how ?? '', /2000 - 100 = 1900 \(num_training_steps assumed/);
    assert.ok(plan?.assumptions.some((a) => /drawn over 2 epochs of an assumed 1000 updates each/.test(a) && a.includes('"configs/a.yaml": N')));
    const tl006 = findings.find((f) => f.ruleId === 'TL006');
    assert.match(tl006?.message ?? '', /epochs 2 x \(len\(dataloader\) \/\/ gradient_accumulation_steps 8\).*floor\(N samples \/ batch_size 2\).*`datasets: \{ "configs\/a\.yaml": N \}`.*drawn over 2 epochs at an assumed 1000 updates per epoch/);
  });

  test('max_steps_per_epoch bounds the run without a dataset size: epochs x the cap (optimizer steps) is drawn as a known bound, not an assumed length, so TL103 still speaks', () => {
    const { file, ids } = check('configs/a.yaml', recipe('epochs: 2\ngradient_accumulation_steps: 8\nmax_steps_per_epoch: 40\n'));
    assert.equal(file.head?.plan.assumedLength, undefined);
    assert.equal(file.head?.plan.totalSteps.value, 80);
    assert.match(file.head?.plan.totalSteps.how ?? '', /max_steps_per_epoch: 40 \(the dataset size is not known: assumed to give at least that many steps\)/);
    assert.ok(ids.includes('TL103:9'), ids.join(' '));
  });

  test('a warmup longer than the run: TL103 is withheld at the assumed length and fires once `datasets` gives the size', () => {
    const text = recipe('epochs: 1\ngradient_accumulation_steps: 8\n').replace('num_warmup_steps: 100', 'num_warmup_steps: 1500');
    const ids = (settings: Settings) => review([{ path: 'configs/a.yaml', text, explicit: true }], { settings }).findings.map((f) => f.ruleId);
    // 1500 warmup steps exceed even the assumed 1000: only the withholding keeps TL103 quiet.
    assert.deepEqual(ids(DEFAULT_SETTINGS), ['TL006']);
    // 4000 samples / batch_size 2 = 2000 batches // 8 = 250 updates.
    const known = review([{ path: 'configs/a.yaml', text, explicit: true }], { settings: settingsFromText('datasets:\n  configs/a.yaml: 4000\n', '.trainlint.yml') });
    assert.equal(known.files[0]?.head?.plan.assumedLength, undefined);
    assert.equal(known.files[0]?.head?.plan.totalSteps.value, 250);
    assert.ok(known.findings.some((f) => f.ruleId === 'TL103' && /250/.test(f.message)), JSON.stringify(known.findings.map((f) => f.ruleId)));
    assert.ok(!known.findings.some((f) => f.ruleId === 'TL006'));
  });

  test('with the dataset size: steps_per_epoch = (samples // batch_size) // gradient_accumulation_steps, capped by max_steps_per_epoch', () => {
    const text = recipe('epochs: 2\ngradient_accumulation_steps: 8\nmax_steps_per_epoch: 60\n');
    const small = check('configs/a.yaml', text, { datasets: { 'configs/a.yaml': 1003 * 2 } });
    assert.equal(small.file.head?.plan.totalSteps.value, 2 * 60);
    const tiny = check('configs/a.yaml', text, { datasets: { 'configs/a.yaml': 800 } });
    assert.equal(tiny.file.head?.plan.totalSteps.value, 2 * Math.floor(400 / 8));
    assert.match(tiny.file.head?.plan.totalSteps.how ?? '', /floor\(800 samples \/ batch_size 2\) = 400/);
  });

  test('GRPO: a scheduler built for epochs x len(dataloader) but a run of num_steps x ppo_epochs updates is TL107', () => {
    const text = recipe('epochs: 10\nnum_steps: 200\nppo_epochs: 1\ngrpo_samples: 16\n');
    const { findings } = check('configs/grpo.yaml', text, { datasets: { 'configs/grpo.yaml': 7473 } });
    const tl107 = findings.find((f) => f.ruleId === 'TL107');
    assert.ok(tl107, JSON.stringify(findings.map((f) => f.ruleId)));
    assert.match(tl107.message, /37360/); // 10 x floor(7473 / 2)
  });
});

describe('litgpt', () => {
  const finetune = (train: string) =>
    `checkpoint_dir: checkpoints/x\ndevices: 1\ntrain:\n  global_batch_size: 8\n  micro_batch_size: 1\n${train}optimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 0.0002\n`;

  test('finetune: the micro-batch counter runs across epochs, so with len % ga != 0 the run outlives lr_max_steps (TL107, TL108)', () => {
    const text = finetune('  lr_warmup_steps: 10\n  epochs: 3\n  min_lr: 6.0e-05\n');
    // 1003 samples, micro-batch 1, ga 8: 125 steps per epoch -> lr_max_steps 375, but floor(3009 / 8) = 376 updates.
    const { file, findings } = check('ft.yaml', text, { datasets: { 'ft.yaml': 1003 } });
    assert.equal(file.head?.plan.totalSteps.value, 376);
    assert.equal(file.head?.plan.horizon?.value, 375);
    const ids = findings.map((f) => f.ruleId);
    assert.ok(ids.includes('TL107'), ids.join(' '));
    // The cosine reaches 0 at update 375 and climbs back at 376 (CosineAnnealingLR past T_max).
    const lrAt = file.head!.plan.schedule.lrAt;
    assert.equal(lrAt(375), 0);
    assert.equal(lrAt(374) > 0, true);
    assert.ok(file.head!.plan.assumptions.some((a) => /min_lr 6e-5 is not used/.test(a)));
  });

  test('finetune without a dataset size or max_steps is drawn over its epochs at an assumed 1000 updates each (TL006 with the formula); lr_warmup_steps 0 divides by zero (TL002)', () => {
    const { file, ids, findings } = check('ft.yaml', finetune('  lr_warmup_steps: 10\n  epochs: 3\n'));
    assert.deepEqual(ids, ['TL006:7']);
    const plan = file.head?.plan;
    assert.deepEqual(plan?.assumedLength && [plan.assumedLength.epochs, plan.assumedLength.updatesPerEpoch], [3, 1000]);
    assert.equal(plan?.totalSteps.value, 3000);
    assert.equal(plan?.horizon?.value, 3000);
    assert.match(plan?.totalSteps.how ?? '', /assumed/);
    assert.match(plan?.horizon?.how ?? '', /steps_per_epoch assumed/);
    assert.match(plan?.decay?.steps.how ?? '', /3000 - 10 = 2990 \(lr_max_steps assumed/);
    const tl006 = findings.find((f) => f.ruleId === 'TL006');
    assert.match(tl006?.message ?? '', /floor\(epochs 3 x len\(train_dataloader\) \/ gradient_accumulation_iters 8\).*micro_batch_size 1.*`datasets: \{ "ft\.yaml": N \}`.*drawn over 3 epochs at an assumed 1000 updates per epoch/);
    // max_steps bounds the run: drawn at max_steps as before, not at an assumed length.
    const capped = check('ft.yaml', finetune('  lr_warmup_steps: 10\n  epochs: 3\n  max_steps: 100\n'));
    assert.equal(capped.file.head?.plan.assumedLength, undefined);
    assert.equal(capped.file.head?.plan.totalSteps.value, 100);
    const zero = check('ft.yaml', finetune('  lr_warmup_steps: 0\n  epochs: 1\n  max_steps: 100\n'));
    assert.ok(zero.findings.some((f) => f.ruleId === 'TL002' && /divides by zero/.test(f.message)), JSON.stringify(zero.findings));
  });

  test('finetune: a warmup longer than the run is TL103 once `datasets` gives the size, withheld at the assumed length', () => {
    const text = finetune('  lr_warmup_steps: 1500\n  epochs: 1\n');
    const run = (settings: Settings) => review([{ path: 'ft.yaml', text, explicit: true }], { settings });
    // 1500 warmup steps exceed even the assumed 1000: only the withholding keeps TL103 quiet.
    assert.deepEqual(run(DEFAULT_SETTINGS).findings.map((f) => f.ruleId), ['TL006']);
    // 4000 samples, micro_batch_size 1, ga 8: 500 updates.
    const known = run(settingsFromText('datasets:\n  ft.yaml: 4000\n', '.trainlint.yml'));
    assert.equal(known.files[0]?.head?.plan.totalSteps.value, 500);
    assert.ok(known.findings.some((f) => f.ruleId === 'TL103' && /500/.test(f.message)), JSON.stringify(known.findings.map((f) => f.ruleId)));
  });

  test('finetune: lr_warmup_fraction is refused by the fine-tuning scripts (TL002), not read as a fraction of an epoch', () => {
    const { file, findings } = check('ft.yaml', finetune('  lr_warmup_steps: null\n  lr_warmup_fraction: 0.1\n  epochs: 1\n'));
    assert.equal(file.head, undefined);
    assert.ok(findings.some((f) => f.ruleId === 'TL002' && f.line === 7 && /lr_warmup_fraction/.test(f.message)), JSON.stringify(findings));
  });

  test('pretrain: LR per micro-batch, update j at micro-batch (j+1) x ga - 1', () => {
    const text = 'model_name: pythia-14m\ndevices: 2\ntrain:\n  global_batch_size: 64\n  micro_batch_size: 4\n  lr_warmup_steps: 10\n  max_tokens: 50000000\n  max_seq_length: 1024\n  min_lr: 0.0001\noptimizer:\n  class_path: torch.optim.AdamW\n  init_args:\n    lr: 0.001\n';
    const { file, findings } = check('pre.yaml', text);
    assert.equal(file.head?.plan.totalSteps.value, 762);
    assert.equal(file.head!.plan.schedule.lrAt(0), (0.001 * 7) / 80);
    assert.deepEqual(findings.filter((f) => f.severity === 'error'), []);
  });

  test('unknown train key: TL002 (jsonargparse rejects it) with the key that was meant', () => {
    const { findings } = check('ft.yaml', finetune('  lr_warmup_step: 10\n  epochs: 1\n  max_steps: 100\n'));
    assert.ok(findings.some((f) => f.ruleId === 'TL002' && /lr_warmup_steps/.test(JSON.stringify(f))), JSON.stringify(findings));
  });
});

describe('deepspeed', () => {
  const ds = (scheduler: object, extra = {}) => JSON.stringify({ train_batch_size: 32, optimizer: { type: 'AdamW', params: { lr: 1e-4 } }, scheduler, ...extra }, null, 2);

  test('WarmupLR has no horizon: a window is shown and no length-dependent rule fires', () => {
    const { file, findings } = check('ds_config.json', ds({ type: 'WarmupLR', params: { warmup_min_lr: 0, warmup_max_lr: 1e-4, warmup_num_steps: 1000 } }));
    assert.equal(file.dialect, 'deepspeed');
    assert.deepEqual(findings, []);
    assert.ok(file.head!.plan.totalSteps.value >= 10_000);
    assert.ok(file.head!.plan.assumptions.some((a) => /not in the config/.test(a)));
  });

  test('WarmupDecayLR with total_num_steps below warmup: TL103; warmup_num_steps 0 is read as 2', () => {
    const short = check('ds.json', ds({ type: 'WarmupDecayLR', params: { total_num_steps: 300, warmup_max_lr: 1e-4, warmup_num_steps: 500, warmup_type: 'linear' } }));
    assert.ok(short.findings.some((f) => f.ruleId === 'TL103'), JSON.stringify(short.findings));
    const zero = check('ds.json', ds({ type: 'WarmupDecayLR', params: { total_num_steps: 100, warmup_num_steps: 0 } }));
    assert.equal(zero.file.head?.plan.warmup?.steps.value, 2);
    assert.match(zero.file.head?.plan.warmup?.steps.how ?? '', /max\(2, 0\) = 2/);
  });

  test('"auto" params are the HF Trainer\'s to fill: TL006, not an error', () => {
    const { ids } = check('ds.json', ds({ type: 'WarmupDecayLR', params: { total_num_steps: 'auto', warmup_max_lr: 'auto' } }));
    assert.deepEqual(ids.map((i) => i.split(':')[0]), ['TL006']);
  });

  test('torch scheduler names fall back to torch.optim.lr_scheduler; unknown names are TL002', () => {
    const torchCos = check('ds.json', ds({ type: 'CosineAnnealingLR', params: { T_max: 100, eta_min: 0 } }));
    assert.equal(torchCos.file.head?.plan.schedule.lrAt(100), 0);
    const unknown = check('ds.json', ds({ type: 'NoSuchLR', params: {} }));
    assert.ok(unknown.findings.some((f) => f.ruleId === 'TL002' && /NoSuchLR/.test(f.message)));
  });
});
