// The OpenRLHF dialect: `openrlhf.cli.train_*` launches in shell scripts, their step counts against the formulas in
// OpenRLHF's own code (openrlhf/cli/train_sft.py @c1ba971c and @3c3be623:
// max_steps = ceil(max_epochs x (min(max_samples, rows) // train_batch_size)), warmup = ceil(max_steps x lr_warmup_ratio)),
// and the transformers goldens passed through OpenRLHF launch lines.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, review } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { readGoldenFiles, sharedFolder, type GoldenFile } from './support/shared-data.ts';
import { openrlhfLaunchOf } from './support/openrlhf-goldens.ts';

const withSize = (path: string, n?: number) => ({ ...DEFAULT_SETTINGS, ...(n === undefined ? {} : { datasets: { [path]: n } }) });

function heredoc(module: string, flags: string[], launcher = 'deepspeed --module $training_commands'): string {
  return ["read -r -d '' training_commands <<EOF", `${module} \\`, ...flags.map((f, i) => `   ${f}${i < flags.length - 1 ? ' \\' : ''}`), 'EOF', '', launcher, ''].join('\n');
}

test('flat-flag SFT: run length, warmup and the 0.1 x lr floor follow train_sft.py @c1ba971c', () => {
  const path = 'scripts/sft.sh';
  const text = heredoc('openrlhf.cli.train_sft', ['--learning_rate 2e-5', '--train_batch_size 64', '--micro_train_batch_size 4', '--max_epochs 3', '--max_samples 50000', '--lr_warmup_ratio 0.05', '--dataset my/data']);
  const a = analyse(path, text, withSize(path, 80000));
  assert.equal(a.status, 'reviewed', a.context.planProblem?.message);
  assert.equal(a.context.dialectId, 'openrlhf');
  const plan = a.context.head!.plan;
  const total = Math.ceil(3 * Math.floor(Math.min(50000, 80000) / 64));
  assert.equal(plan.totalSteps.value, total);
  assert.equal(plan.warmup?.steps.value, Math.ceil(total * 0.05));
  assert.match(plan.totalSteps.how, /capped by --max_samples 50000/);
  // cosine_with_min_lr with min_lr = 2e-5 x 0.1: the last update sits just above the floor, the peak at warmup end.
  assert.equal(plan.schedule.lrAt(Math.ceil(total * 0.05)), 2e-5);
  assert.ok(Math.abs(plan.schedule.lrAt(total) - 2e-6) < 1e-18);
  assert.equal(plan.optimizer.lr.from[0]?.span.line, 3);
});

test('dotted-flag DPO: --min_lr_ratio is the min_lr_rate of cosine_with_min_lr; defaults of train_dpo.py @3c3be623', () => {
  const path = 'dpo.sh';
  const text = heredoc('openrlhf.cli.train_dpo', ['--train.batch_size 32', '--min_lr_ratio 0.2', '--model.beta 0.1']);
  const a = analyse(path, text, withSize(path, 1000));
  const plan = a.context.head!.plan;
  const total = Math.ceil(1 * Math.floor(1000 / 32));
  assert.equal(plan.totalSteps.value, total);
  assert.equal(plan.optimizer.lr.value, 1e-5);
  assert.equal(plan.warmup?.steps.value, Math.ceil(total * 0.03));
  assert.ok(Math.abs(plan.decay!.minLr.value - 2e-6) < 1e-18);
});

test('python -m and ray job submit launches are read; train_ppo_ray is not simulated, with the reason', () => {
  const sft = analyse('a.sh', 'python -m openrlhf.cli.train_sft --adam.lr 1e-5 --train.batch_size 8 --train.max_epochs 2\n', withSize('a.sh', 100));
  assert.equal(sft.context.head?.plan.totalSteps.value, 2 * Math.floor(100 / 8));
  const ppo = analyse('p.sh', 'ray job submit --address=http://127.0.0.1:8265 -- python3 -m openrlhf.cli.train_ppo_ray --actor.adam.lr 5e-7 --train.batch_size 128\n', DEFAULT_SETTINGS);
  assert.equal(ppo.context.dialectId, 'openrlhf');
  assert.equal(ppo.status, 'not-simulated');
  assert.match(ppo.context.planProblem!.message, /rollout/);
});

test('flat flags with --lr_scheduler linear stop the launch: min_lr is passed to every scheduler before c3188af3', () => {
  const path = 'lin.sh';
  const text = heredoc('openrlhf.cli.train_sft', ['--learning_rate 1e-5', '--lr_scheduler linear', '--train_batch_size 8']);
  const report = review([{ path, text, explicit: true }], { settings: withSize(path, 800) });
  const errors = report.findings.filter((f) => f.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(report.findings.map((f) => f.message)));
  assert.match(errors[0]!.message, /TypeError/);
  assert.equal(errors[0]!.line, 4); // the --lr_scheduler line
  // The dotted releases pass no kwargs to linear: the same schedule runs.
  const dotted = analyse(path, heredoc('openrlhf.cli.train_sft', ['--adam.lr 1e-5', '--lr_scheduler linear', '--train.batch_size 8']), withSize(path, 800));
  assert.equal(dotted.status, 'reviewed');
  assert.equal(dotted.context.head!.plan.schedule.lrAt(2 * 100), 0);
  // constant_with_warmup takes no kwargs from get_scheduler in any release.
  const cw = analyse(path, heredoc('openrlhf.cli.train_sft', ['--learning_rate 1e-5', '--lr_scheduler constant_with_warmup']), withSize(path, 800));
  assert.equal(cw.status, 'reviewed', cw.context.planProblem?.message);
});

test('without a dataset size the run is drawn in epochs, with --max_samples giving only an upper bound', () => {
  const a = analyse('b.sh', heredoc('openrlhf.cli.train_rm', ['--train.batch_size 100', '--data.max_samples 5000', '--data.dataset Org/prefs']), DEFAULT_SETTINGS);
  const plan = a.context.head!.plan;
  assert.ok(plan.assumedLength);
  assert.ok(plan.assumptions.some((s) => s.includes('at most 50 updates')), plan.assumptions.join('\n'));
});

test('flags the script cannot fix, and launches that mix both flag spellings, are not simulated', () => {
  const u = analyse('c.sh', heredoc('openrlhf.cli.train_sft', ['--learning_rate $LR', '--train_batch_size 8']), withSize('c.sh', 100));
  assert.equal(u.status, 'not-simulated');
  assert.match(u.context.planProblem!.message, /--learning_rate \$LR/);
  const m = analyse('d.sh', heredoc('openrlhf.cli.train_sft', ['--learning_rate 1e-5', '--train.batch_size 8']), withSize('d.sh', 100));
  assert.equal(m.status, 'not-simulated');
  assert.match(m.context.planProblem!.message, /mixes/);
});

test('a Megatron launch stays Megatron-LM; an OpenRLHF launch among other commands is the one read', () => {
  const meg = analyse('m.sh', 'torchrun pretrain_gpt.py --lr 3e-4 --train-iters 100 --global-batch-size 8\n', DEFAULT_SETTINGS);
  assert.equal(meg.context.dialectId, 'megatron-lm');
  const both = analyse('e.sh', ['python prepare.py --out data', 'deepspeed --module openrlhf.cli.train_sft --train.batch_size 4 --adam.lr 3e-6'].join('\n'), withSize('e.sh', 40));
  assert.equal(both.context.dialectId, 'openrlhf');
  assert.equal(both.context.head?.plan.optimizer.lr.value, 3e-6);
  assert.equal(both.context.head?.plan.totalSteps.value, 2 * 10);
});

// transformers goldens through OpenRLHF launch lines: the simulated lrAt(k) must equal transformers' LR of update k.
const folder = sharedFolder('TRAINLINT_GOLDENS', '../shared/goldens');
describe('transformers goldens as OpenRLHF launches', () => {
  if (!folder.ok) {
    test('goldens folder', { skip: folder.reason }, () => {});
    return;
  }
  const file = readGoldenFiles(folder.path).find((f): f is GoldenFile => 'framework' in f && f.framework === 'transformers');
  if (!file) {
    test('transformers.json', { skip: 'no transformers golden file' }, () => {});
    return;
  }
  let passed = 0;
  for (const c of file.cases) {
    const prepared = openrlhfLaunchOf(c);
    test(c.name, { skip: prepared.ok ? false : prepared.reason }, () => {
      if (!prepared.ok) return;
      const path = `goldens/openrlhf/${c.name}.sh`;
      const a = analyse(path, prepared.text, withSize(path, prepared.datasetSize));
      assert.equal(a.context.dialectId, 'openrlhf');
      assert.equal(a.status, 'reviewed', a.context.planProblem?.message);
      const plan = a.context.head!.plan;
      assert.equal(plan.totalSteps.value, c.derived!.total_steps);
      assert.equal(plan.warmup?.steps.value ?? 0, c.derived!.warmup_steps);
      for (const [k, want] of c.lr ?? []) {
        const got = plan.schedule.lrAt(k);
        const ok = want === 0 ? Math.abs(got) <= 1e-18 : Math.abs(got - want) <= 1e-12 * Math.abs(want);
        assert.ok(ok, `${c.name} step ${k}: trainlint ${got}, transformers ${want}`);
      }
      passed++;
    });
  }
  test('most transformers cases pass through an OpenRLHF launch', () => assert.ok(passed >= 8, `only ${passed} cases expressed`));
});

test('an unwritten --max_samples gives no bound (its default differs by release)', () => {
  const a = analyse('g.sh', heredoc('openrlhf.cli.train_sft', ['--train_batch_size 100', '--learning_rate 1e-5']), DEFAULT_SETTINGS);
  const plan = a.context.head!.plan;
  assert.ok(plan.assumedLength);
  assert.ok(!plan.assumptions.some((s) => s.startsWith('at most')), plan.assumptions.join('\n'));
});
