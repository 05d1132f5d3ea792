// The OneTrainer dialect: the seed case (OneTrainer issue 433) before and after fix 2678f667, dataset counting through
// a RepoView, warmup semantics, version selection, every scheduler, TL107 as a general mechanism, and the chart.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RepoView, TrainingPlan } from '../src/core/plan.ts';
import { review, type ReviewOptions } from '../src/pipeline/review.ts';
import { curveStats, makeSchedule } from '../src/core/schedule.ts';
import { DEFAULT_SETTINGS, type Settings } from '../src/pipeline/settings.ts';
import { run } from '../src/cli/main.ts';
import { chartFor } from '../src/render/file-chart.ts';
import { schedulerHorizonMismatch } from '../src/rules/TL107-scheduler-horizon-mismatch.ts';
import { REPO_ROOT } from './support/shared-data.ts';

const PATH = 'configs/cat-lora.json';

/** A repository held in memory: file paths (folders are implied) and the texts of the ones that are read. */
function memoryRepo(files: Record<string, string>): RepoView {
  const paths = Object.keys(files);
  return {
    list(dir) {
      const prefix = dir === '.' || dir === '' ? '' : `${dir.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const p of paths) {
        if (!p.startsWith(prefix)) continue;
        const rest = p.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
      }
      return names.size ? [...names].sort() : null;
    },
    read: (path) => files[path] ?? null,
  };
}

const catFolder = (n: number, dir = 'data/cat'): Record<string, string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`${dir}/cat-${String(i + 1).padStart(2, '0')}.png`, '']));

function seed(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    training_method: 'LORA',
    model_type: 'STABLE_DIFFUSION_15',
    concepts: [{ name: 'cat', path: 'data/cat' }],
    learning_rate_scheduler: 'COSINE_WITH_HARD_RESTARTS',
    learning_rate: 0.0001,
    learning_rate_warmup_steps: 0,
    learning_rate_cycles: 4,
    epochs: 10,
    batch_size: 1,
    gradient_accumulation_steps: 2,
    ...extra,
  };
}

function check(config: Record<string, unknown>, options: { version?: string; repo?: RepoView; datasetSize?: number } = {}) {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    frameworks: options.version ? { onetrainer: options.version } : {},
    datasets: options.datasetSize !== undefined ? { [PATH]: options.datasetSize } : {},
  };
  const reviewOptions: ReviewOptions = { settings, ...(options.repo ? { repo: options.repo } : {}) };
  const report = review([{ path: PATH, text: JSON.stringify(config, null, 4), explicit: true }], reviewOptions);
  const file = report.files[0]!;
  assert.equal(file.dialect, 'onetrainer', `not detected: ${file.status} ${file.note ?? ''}`);
  return { report, file, plan: file.head?.plan as TrainingPlan, findings: report.findings };
}

const repo15 = memoryRepo({ ...catFolder(15), 'data/cat/cat-01.txt': '', 'data/cat/cat-01-masklabel.png': '', 'data/cat/cat-02-condlabel.png': '' });

describe('seed: OneTrainer issue 433 (4 hard-restart cycles, batch 1, accumulation 2, 15 images)', () => {
  test('before fix 2678f667: TL108 error at the fifth cycle’s restart, with its step, LR and a fix', () => {
    const { plan, findings, file } = check(seed(), { version: 'pre-fix', repo: repo15 });
    assert.equal(file.semantics, 'onetrainer@714d7a48 (before fix 2678f667)');
    assert.equal(plan.totalSteps.value, 75);
    assert.equal(plan.horizon?.value, 75);
    assert.match(plan.totalSteps.how, /15 images in data\/cat\/ = 15 samples per epoch; floor\(15 \/ batch_size 1\) = 15 batches per epoch; 15 x 10 epochs = 150 micro-batches, one update per 2: floor\(150 \/ 2\) = 75/);
    assert.match(plan.horizon!.how, /int\(approximate_epoch_length 15 x epochs 10 \/ gradient_accumulation_steps 2\) = 75/);
    const errors = findings.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.ruleId), ['TL108']);
    const spike = errors[0]!;
    assert.equal(spike.data.toStep, 75);
    assert.equal(spike.data.toLr, 0.0001);
    assert.equal(spike.line, JSON.stringify(seed(), null, 4).split('\n').findIndex((l) => l.includes('"learning_rate_scheduler"')) + 1, 'at learning_rate_scheduler');
    assert.match(spike.message, /at step 75 \(100 % of peak\).*after the last update \(74\)/);
    assert.match(spike.fix!.description, /upgrade OneTrainer to 2678f667/);
    assert.deepEqual(spike.fix!.edits.map((e) => [e.key, e.value]), [['learning_rate_cycles', 3.99]]);
    // The suggested cycle count does avoid the restart under the same semantics.
    assert.deepEqual(check(seed({ learning_rate_cycles: 3.99 }), { version: 'pre-fix', repo: repo15 }).findings.filter((f) => f.ruleId === 'TL108'), []);
  });

  test('after the fix: the same config is clean; the LR every update uses is the same', () => {
    const before = check(seed(), { version: 'pre-fix', repo: repo15 }).plan.schedule;
    const { plan, findings, file } = check(seed(), { version: 'post-fix', repo: repo15 });
    assert.equal(file.semantics, 'onetrainer@23df3832');
    assert.deepEqual(findings, []);
    for (let k = 0; k < 75; k++) assert.equal(plan.schedule.lrAt(k), before.lrAt(k));
    assert.equal(plan.schedule.lrAt(75), plan.schedule.lrAt(74), 'held at the last step');
    assert.equal(before.lrAt(75), 0.0001, 'before the fix: a fifth cycle at full LR');
  });

  test('epochs cannot avoid it before the fix: progress is 1.0 at the horizon whatever the step count', () => {
    for (const epochs of [3, 7, 10, 11]) {
      const { findings } = check(seed({ epochs }), { version: 'pre-fix', repo: repo15 });
      assert.ok(findings.some((f) => f.ruleId === 'TL108'), `epochs ${epochs}`);
    }
    // A fractional cycle count ends mid-cycle at the horizon: no restart there.
    assert.deepEqual(check(seed({ learning_rate_cycles: 2.5 }), { version: 'pre-fix', repo: repo15 }).findings, []);
  });

  test('the chart shows the end of training and the horizon, with the restart past the last update', () => {
    const pre = check(seed(), { version: 'pre-fix', repo: repo15 }).file;
    const post = check(seed(), { version: 'post-fix', repo: repo15 }).file;
    const chart = (file: typeof pre) => chartFor(file, { head: 'LR', base: 'base' })!;
    const lastColumn = (c: string) => c.split('\n').filter((l) => l.includes('┤')).map((l) => l.slice(-2, -1));
    assert.match(chart(pre), /\| end of training \(75\)/);
    assert.match(chart(pre), /H scheduler horizon \(75\)/);
    assert.deepEqual(lastColumn(chart(pre)), Array(10).fill('█'), 'the restart fills the last column');
    assert.equal(lastColumn(chart(post)).filter((c) => c === '█').length, 1);
  });
});

describe('dataset size', () => {
  test('counts image files by extension, without masks, condition images or captions; subfolders only when asked', () => {
    const files = { ...catFolder(4), 'data/cat/a.JPG': '', 'data/cat/b.webp': '', 'data/cat/c.avif': '', 'data/cat/notes.md': '', ...catFolder(3, 'data/cat/more'), ...catFolder(5, 'data/cat/.cache') };
    const count = (extra: Record<string, unknown>, version = 'post-fix') =>
      check(seed({ concepts: [{ path: 'data/cat', ...extra }] }), { version, repo: memoryRepo(files) }).plan.totalSteps.how.match(/= (\d+) samples per epoch/)![1];
    assert.equal(count({}), '7');
    assert.equal(count({}, 'pre-fix'), '6', '.avif is not an image extension at 714d7a48');
    assert.equal(count({ include_subdirectories: true }), '10', 'hidden folders are skipped');
  });

  test('balancing, disabled and validation concepts, and the concept file', () => {
    const files = { ...catFolder(15), ...catFolder(8, 'data/dog'), ...catFolder(9, 'data/val') };
    const concepts = [
      { path: 'data/cat', balancing: 1.5 },
      { path: 'data/dog', balancing: 3, balancing_strategy: 'SAMPLES' },
      { path: 'data/val', type: 'VALIDATION' },
      { path: 'data/val', enabled: false },
    ];
    const inline = check(seed({ concepts }), { repo: memoryRepo(files) }).plan;
    assert.match(inline.totalSteps.how, /floor\(15 x balancing 1\.5\) = 22 \+ .*SAMPLES: 3 = 25 samples per epoch; 2 disabled or validation concepts not counted/);
    const fromFile = check(seed({ concepts: null, concept_file_name: 'concepts.json' }), { repo: memoryRepo({ ...files, 'configs/concepts.json': JSON.stringify(concepts) }) }).plan;
    assert.equal(fromFile.totalSteps.value, inline.totalSteps.value, 'the concept file, found beside the config');
    assert.match(fromFile.totalSteps.how, /counted in the repository \(configs\/concepts\.json\)/);
  });

  test("a negative balancing: mgds's epoch length is max(0, sum), so a sum below 0 is an epoch of 0 samples (repository fuzz, seed 21)", () => {
    const files = { ...catFolder(15), ...catFolder(10, 'data/dog') };
    const empty = check(seed({ concepts: [{ path: 'data/cat', balancing: -1 }] }), { repo: memoryRepo(files) });
    const error = empty.findings.find((f) => f.severity === 'error');
    assert.ok(error, 'the run makes no update: an error');
    assert.match(error.message, /floor\(15 x balancing -1\) = -15.*mgds's epoch length is max\(0, -15\) = 0 \(LoadingPipeline\.approximate_length.*floor\(0 \/ batch_size 1\) = 0 batches per epoch.*the run makes no optimizer update/);
    assert.doesNotMatch(error.message, /floor\(-15 \//, 'the clamped length is what is divided');
    // A negative concept beside a positive one lowers the summed length the scheduler is built with, as mgds sums it.
    const mixed = check(seed({ concepts: [{ path: 'data/cat', balancing: 1 }, { path: 'data/dog', balancing: -0.5 }] }), { repo: memoryRepo(files) }).plan;
    assert.match(mixed.totalSteps.how, /15 images .* \+ 10 images .*floor\(10 x balancing -0\.5\) = -5 = 10 samples per epoch/);
    assert.equal(mixed.totalSteps.value, 50);
  });

  test('else .trainlint.yml datasets, else concept_stats, else a stated assumption naming the setting that settles it', () => {
    const away = seed({ concepts: [{ path: '/mnt/data/cat', concept_stats: { image_count: 15 } }] });
    assert.equal(check(away, { datasetSize: 30, repo: repo15 }).plan.totalSteps.value, 150);
    const stats = check(away, { repo: repo15 }).plan;
    assert.equal(stats.totalSteps.value, 75);
    assert.ok(stats.assumptions.some((a) => /concept_stats.*datasets: \{ "configs\/cat-lora\.json"/.test(a)));
    const unknown = check(seed({ concepts: [{ path: '/mnt/data/cat' }] }), { repo: repo15 }).plan;
    assert.equal(unknown.totalSteps.value, 500);
    assert.match(unknown.totalSteps.how, /^assumed 100 samples per epoch \(dataset size unknown\)/);
    // Drawn over the config's 10 epochs; the checks against the run's length wait for the real size.
    assert.deepEqual(unknown.assumedLength && [unknown.assumedLength.epochs, unknown.assumedLength.updatesPerEpoch], [10, 50]);
    assert.match(unknown.assumedLength!.why, /dataset size N is unknown \(the folder of concept .* is not in the repository\).*datasets: \{ "configs\/cat-lora\.json"/);
  });

  test('at an assumed size a warmup in micro-batches longer than the assumed run is not an error; a full-run warmup fraction still is', () => {
    const unknownSize = { concepts: [{ path: '/mnt/data/cat' }] };
    const long = check(seed({ ...unknownSize, learning_rate_scheduler: 'COSINE', learning_rate_warmup_steps: 2000 }), { repo: repo15 });
    assert.deepEqual(long.findings.filter((f) => f.severity === 'error'), []);
    assert.ok(long.findings.some((f) => f.ruleId === 'TL006'));
    const known = check(seed({ ...unknownSize, learning_rate_scheduler: 'COSINE', learning_rate_warmup_steps: 2000 }), { repo: repo15, datasetSize: 100 });
    assert.ok(known.findings.some((f) => f.ruleId === 'TL103' && f.severity === 'error'));
    const whole = review([{ path: 'configs/cat-lora.json', text: JSON.stringify(seed({ ...unknownSize, learning_rate_scheduler: 'COSINE', learning_rate_warmup_steps: 1 })), explicit: true }], { repo: repo15 });
    const crash = whole.findings.find((f) => f.ruleId === 'TL002');
    assert.match(crash?.message ?? '', /whatever the dataset size: OneTrainer's COSINE scheduler is left 0 steps.*ZeroDivisionError/);
  });
});

describe('warmup and the run length', () => {
  test('a warmup of exactly 1 is 100 %: TL103 error saying OneTrainer divides by zero after the last update', () => {
    const { findings, plan } = check(seed({ learning_rate_scheduler: 'COSINE', learning_rate_warmup_steps: 1, gradient_accumulation_steps: 1, epochs: 2 }), { repo: memoryRepo(catFolder(30)) });
    assert.equal(plan.warmup?.steps.value, 60);
    const hit = findings.find((f) => f.ruleId === 'TL103')!;
    assert.equal(hit.severity, 'error');
    assert.match(hit.message, /int\(1 x 60\) = 60 \(100 %\); OneTrainer's COSINE scheduler is then left 0 steps, and its step after the last update raises ZeroDivisionError/);
    assert.deepEqual(hit.fix!.edits.map((e) => [e.key, e.value]), [['learning_rate_warmup_steps', 3]]);
    // REX and CONSTANT do not divide by scheduler_steps: a full-run warmup is still TL103, without a crash.
    const rex = check(seed({ learning_rate_scheduler: 'REX', learning_rate_warmup_steps: 1 }), { repo: repo15 }).findings.find((f) => f.ruleId === 'TL103')!;
    assert.doesNotMatch(rex.message, /ZeroDivisionError/);
  });

  test('values above 1 count micro-batches (divided by accumulation); (0, 1) is a fraction; 0 or less is none', () => {
    const warm = (w: number) => check(seed({ learning_rate_warmup_steps: w }), { repo: repo15 }).plan.warmup?.steps.value ?? 0;
    assert.equal(warm(10), 5);
    assert.equal(warm(0.1), 7, 'int(0.1 x 75)');
    assert.equal(warm(-3), 0);
  });

  test('an odd count with accumulation: updates and horizon agree, leftover micro-batches are stated', () => {
    const { plan, findings } = check(seed({ epochs: 1 }), { repo: repo15 });
    assert.equal(plan.totalSteps.value, 7);
    assert.equal(plan.horizon?.value, 7);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'TL107'), []);
    assert.ok(plan.assumptions.some((a) => /1 last micro-batch's gradients are accumulated but never applied/.test(a)));
  });

  test('fewer micro-batches than one update: the plan is refused', () => {
    const { file, findings } = check(seed({ batch_size: 16 }), { repo: repo15 });
    assert.match(file.note ?? '', /no optimizer update/);
    assert.ok(findings.some((f) => f.ruleId === 'TL002' && f.severity === 'error'));
  });
});

describe('schedulers', () => {
  // Values from running lr_scheduler_util.py of each commit (Python 3.11, by hand): lr 3e-4, scheduler_steps 40.
  const lr = (config: Record<string, unknown>, version: string, ks: number[]) => {
    const plan = check(seed({ learning_rate: 3e-4, epochs: 1, gradient_accumulation_steps: 1, ...config }), { version, datasetSize: 40 + Number(config.learning_rate_warmup_steps ?? 0) }).plan;
    return ks.map((k) => plan.schedule.lrAt(k));
  };
  const close = (got: number[], want: number[]) => got.forEach((g, i) => assert.ok(Math.abs(g - want[i]!) <= 1e-12 * Math.abs(want[i]!) + 1e-18, `${i}: ${g} vs ${want[i]}`));

  test('REX before and after the fix (min factor 0.1 after)', () => {
    close(lr({ learning_rate_scheduler: 'REX' }, 'pre-fix', [0, 1, 17, 39, 40]), [0.0003, 0.00029923273657289, 0.00027935222672064775, 6.122448979591842e-5, 0]);
    close(lr({ learning_rate_scheduler: 'REX', learning_rate_min_factor: 0.1 }, 'post-fix', [0, 1, 17, 39, 40]), [0.0003, 0.000299309462915601, 0.000281417004048583, 8.510204081632658e-5, 2.9999999999999997e-5]);
  });

  test('COSINE_WITH_RESTARTS is a wave: it climbs back by design (no TL108), and the fix holds it at the horizon', () => {
    const ks = [0, 3, 8, 9, 18, 28, 38, 47, 48];
    const cfg = { learning_rate_scheduler: 'COSINE_WITH_RESTARTS', learning_rate_cycles: 2, learning_rate_warmup_steps: 8 };
    close(lr(cfg, 'pre-fix', ks), [0, 0.0001125, 0.0003, 0.00029265847744427303, 0, 0.0003, 0, 0.000292658477444273, 0.0003]);
    close(lr(cfg, 'post-fix', ks), [0, 0.0001125, 0.0003, 0.00029265847744427303, 0, 0.0003, 0, 0.000292658477444273, 0.000292658477444273]);
    assert.deepEqual(check(seed(cfg), { version: 'pre-fix', repo: repo15 }).findings.filter((f) => f.ruleId === 'TL108'), []);
  });

  test('LINEAR with a min factor; schedule-free optimizers run CONSTANT without warmup', () => {
    close(lr({ learning_rate_scheduler: 'LINEAR', learning_rate_min_factor: 0.25 }, 'post-fix', [0, 1, 39, 40, 41]), [0.0003, 0.000294375, 8.0625e-5, 7.5e-5, 7.5e-5]);
    const free = check(seed({ optimizer: { optimizer: 'SCHEDULE_FREE_ADAMW' }, learning_rate_warmup_steps: 10 }), { repo: repo15 }).plan;
    assert.equal(free.warmup, undefined);
    assert.equal(free.schedule.lrAt(0), 0.0001);
    assert.ok(free.assumptions.some((a) => /schedule-free/.test(a)));
  });

  test('ADAFACTOR and CUSTOM schedulers are not simulated (TL006); an unknown name falls back to CONSTANT with TL002', () => {
    const ada = check(seed({ learning_rate_scheduler: 'ADAFACTOR' }), { repo: repo15 });
    assert.deepEqual(ada.findings.map((f) => f.ruleId), ['TL006']);
    const typo = check(seed({ learning_rate_scheduler: 'COSINE_HARD_RESTARTS' }), { repo: repo15 });
    assert.ok(typo.findings.some((f) => f.ruleId === 'TL002'));
    assert.equal(typo.plan.schedule.lrAt(40), 0.0001);
  });
});

describe('which OneTrainer', () => {
  const semantics = (config: Record<string, unknown>, version?: string) => check(config, { repo: repo15, ...(version ? { version } : {}) });
  test('settings win; aliases and known commits; anything else falls back to the current code and says so', () => {
    for (const v of ['pre-fix', 'before-fix', '714d7a48', '714d7a481825970c90f65ec0c70d15f711c1c89a']) assert.match(semantics(seed(), v).file.semantics!, /@714d7a48/, v);
    for (const v of ['post-fix', 'current', '2678f667', '23df3832']) assert.match(semantics(seed({ __version: 5 }), v).file.semantics!, /@23df3832/, v);
    const unknown = semantics(seed(), 'abcdef1234');
    assert.match(unknown.file.semantics!, /@23df3832/);
    assert.ok(unknown.plan.assumptions.some((a) => /abcdef1234.*is not one trainlint can place/.test(a)));
  });

  test('the config’s __version and learning_rate_min_factor, else the current code, stated in the assumptions', () => {
    assert.match(semantics(seed({ __version: 5 })).file.semantics!, /@714d7a48/);
    assert.match(semantics(seed({ __version: 8 })).file.semantics!, /@23df3832/);
    assert.match(semantics(seed({ learning_rate_min_factor: 0 })).file.semantics!, /@23df3832/);
    const six = semantics(seed({ __version: 6 }));
    assert.ok(six.plan.assumptions.some((a) => /__version 6 .*includes fix 2678f667.*frameworks: \{ onetrainer: pre-fix \}/.test(a)));
    const none = semantics(seed());
    assert.ok(none.plan.assumptions.some((a) => /following the current code \(@23df3832/.test(a)));
  });

  test('TL005 where the release changes what the config does and nothing pinned it', () => {
    const unpinned = semantics(seed({ learning_rate_warmup_steps: 0.1 })).findings.filter((f) => f.ruleId === 'TL005');
    assert.deepEqual(unpinned.map((f) => f.severity), ['warning', 'warning']);
    assert.match(unpinned[0]!.message, /before fix 2678f667 .* after the last update \(step 75\) jumps back to 1e-4/);
    assert.match(unpinned[1]!.message, /int\(0\.1 x 75\) = 7 warmup steps; before, it counted micro-batches: int\(0\.1 \/ 2\) = 0/);
    assert.deepEqual(unpinned[1]!.fix!.edits.map((e) => [e.key, e.value]), [['learning_rate_warmup_steps', 14]]);
    assert.deepEqual(semantics(seed({ learning_rate_warmup_steps: 0.1 }), 'post-fix').findings.filter((f) => f.ruleId === 'TL005'), []);
  });
});

describe('TL107 scheduler-horizon-mismatch (any dialect with plan.horizon)', () => {
  const origin = { key: 'epochs', pointer: '/epochs', span: { line: 3, column: 5, endLine: 3, endColumn: 11 } };
  function hit(total: number, horizon: number, lrAt: (k: number) => number) {
    const schedule = makeSchedule({ totalSteps: total, peakLr: 1, lrAt, phases: [{ kind: 'decay', start: 0, end: horizon, style: 'x' }], horizon });
    const plan: TrainingPlan = {
      dialect: 'test',
      semantics: 'test',
      optimizer: { name: { value: 'adamw', how: '', from: [] }, lr: { value: 1, how: '', from: [] } },
      totalSteps: { value: total, how: `${total} from the data`, from: [origin] },
      totalStepsSource: 'derived',
      horizon: { value: horizon, how: `${horizon} from the scheduler`, from: [origin] },
      schedule,
      assumptions: [],
      fixes: { totalStepsTo: (n) => ({ at: origin, value: n }) },
    };
    return schedulerHorizonMismatch.check({ path: 'x', dialectId: 'test', loaderDifferences: [], schemaProblems: [], head: { plan, curve: curveStats(schedule) } });
  }
  const linear = (h: number) => (k: number) => 1 - k / h;
  test('both counts, how each was computed, and what the LR does past the horizon', () => {
    assert.deepEqual(hit(100, 100, linear(100)), []);
    const negative = hit(120, 100, linear(100))[0]!;
    assert.match(negative.message, /built for 100 steps \(100 from the scheduler\) but the run makes 120 optimizer updates \(120 from the data\): past the horizon the LR goes negative, down to -0\.19 at update 119/);
    assert.match(hit(120, 100, (k) => (k < 100 ? linear(100)(k) : 1 - (k - 100) / 100))[0]!.message, /restarts: it jumps from 0\.01 at update 99 to 1 \(100 % of peak\) at update 100/);
    assert.match(hit(150, 100, (k) => 0.5 * (1 + Math.cos((Math.PI * k) / 100)))[0]!.message, /climbs back from 0 to 0\.4843 \(48\.4 % of peak\) by update 149/);
    assert.match(hit(120, 100, (k) => Math.max(0.1, linear(100)(k)))[0]!.message, /the last 20 of 120 updates stay at the schedule's end value 0\.1 \(10 % of peak\)/);
    const early = hit(80, 100, linear(100))[0]!;
    assert.match(early.message, /the run stops 20 updates before the schedule ends: its last update uses LR 0\.21/);
    assert.match(early.fix!.description, /epochs: 100/);
  });
});

test('`trainlint check examples/onetrainer` reports the seed before the fix and passes the current config', () => {
  let out = '';
  const code = run(['check', 'examples/onetrainer', '--format', 'text'], { cwd: REPO_ROOT, stdout: (t: string) => (out += t), stderr: (t: string) => (out += t), isTty: false, env: {} } as unknown as Parameters<typeof run>[1]);
  assert.equal(code, 1, out);
  assert.match(out, /examples\/onetrainer\/sd15-lora-hard-restarts-before-fix\.json:\d+:\d+: error \[TL108 lr-spike\] .*to 1e-4 at step 75/);
  assert.doesNotMatch(out, /sd15-lora-hard-restarts\.json:\d+/);
  assert.match(out, /1 error, 0 warnings, 0 info in 2 reviewed training configs/);
});
