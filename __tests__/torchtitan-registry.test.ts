// torchtitan's Python config registries (config_registry.py, torchtitan @b5bcd76c): each registered config is read
// without running it, reviewed on its own, and reported under its name; findings point at the line that sets the value.
// Every registry here is written for the test.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseConfigs, review } from '../src/pipeline/review.ts';
import { toJsonReport } from '../src/core/report.ts';
import { applyEdits } from '../src/core/edit-text.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { titanFactor } from '../src/dialects/torch/torchtitan/index.ts';

const PATH = 'mymodels/llama/config_registry.py';

const HEADER = `from torchtitan.components.optimizer import default_adamw, LRSchedulersContainer
from torchtitan.config import TrainingConfig
from torchtitan.trainer import Trainer
`;

const registry = (body: string) => `${HEADER}\n${body}`;

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line holds ${needle}`);
  return i + 1;
}

function plans(text: string) {
  return new Map(analyseConfigs(PATH, text, DEFAULT_SETTINGS).map((a) => [a.context.config, a]));
}

const BASE = `def small() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(
            warmup_steps=100,
            decay_ratio=0.5,
            decay_type="cosine",
            min_lr_factor=0.1,
        ),
        training=TrainingConfig(steps=1000),
    )


def small_long() -> Trainer.Config:
    config = small()
    config.training.steps = 4000
    return config


def _helper() -> Trainer.Config:
    return small()


def needs_args(n) -> Trainer.Config:
    return small()
`;

describe('torchtitan config registries', () => {
  test('each public zero-argument function returning a job config is one config, by name', () => {
    const found = plans(registry(BASE));
    assert.deepEqual([...found.keys()], ['small', 'small_long']);
    for (const a of found.values()) assert.equal(a.status, 'reviewed', a.context.planProblem?.message);
  });

  test('the plan follows LRSchedulersContainer.Config.build and the lambda over training.steps', () => {
    const text = registry(BASE);
    const plan = plans(text).get('small')!.context.head!.plan;
    assert.equal(plan.semantics, 'torchtitan@b5bcd76c');
    assert.equal(plan.optimizer.lr.value, 3e-4);
    assert.equal(plan.totalSteps.value, 1000);
    assert.equal(plan.warmup?.steps.value, 100);
    // decay = round(1000 x 0.5) = 500, stable = 1000 + 1 - 100 - 500 = 401.
    assert.equal(plan.decay?.steps.value, 500);
    assert.equal(plan.decay?.start.value, 501);
    const args = { warmup: 100, stable: 401, decay: 500, decayType: 'cosine' as const, minLrFactor: 0.1 };
    for (const k of [0, 99, 100, 500, 501, 750, 999]) assert.equal(plan.schedule.lrAt(k), 3e-4 * titanFactor(args, k), `k=${k}`);
    // Every number points at the line of its keyword in the registry.
    assert.equal(plan.optimizer.lr.from[0]?.span.line, lineOf(text, 'default_adamw(lr=3e-4)'));
    assert.equal(plan.warmup?.steps.from[0]?.span.line, lineOf(text, 'warmup_steps=100'));
    assert.equal(plan.totalSteps.from[0]?.span.line, lineOf(text, 'steps=1000'));
  });

  test('a config that calls another and overrides a field inherits the rest (the override at its own line)', () => {
    const text = registry(BASE);
    const plan = plans(text).get('small_long')!.context.head!.plan;
    assert.equal(plan.totalSteps.value, 4000);
    assert.equal(plan.totalSteps.from[0]?.span.line, lineOf(text, 'config.training.steps = 4000'));
    assert.equal(plan.warmup?.steps.value, 100);
    assert.equal(plan.warmup?.steps.from[0]?.span.line, lineOf(text, 'warmup_steps=100'));
    assert.equal(plan.decay?.steps.value, 2000); // round(4000 x 0.5)
  });

  test('the report lists one entry per config, with its name; findings carry it in data and message', () => {
    const text = registry(`def tiny() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(warmup_steps=10, total_steps=500),
        training=TrainingConfig(steps=1000),
    )


def tiny_copy() -> Trainer.Config:
    config = tiny()
    config.lr_scheduler.total_steps = 1000
    return config
`);
    const report = review([{ path: PATH, text }]);
    const json = toJsonReport(report) as { files: Array<{ path: string; config?: string; status: string }> };
    assert.deepEqual(
      json.files.map((f) => [f.path, f.config, f.status]),
      [
        [PATH, 'tiny', 'reviewed'],
        [PATH, 'tiny_copy', 'reviewed'],
      ],
    );
    const horizon = report.findings.filter((f) => f.severity === 'error');
    assert.ok(horizon.length > 0, 'a scheduler built for 500 of 1000 steps is an error');
    for (const f of horizon) {
      assert.equal(f.data.config, 'tiny');
      assert.match(f.message, /^config `tiny`: /);
      assert.equal(f.path, PATH);
    }
    assert.ok(!report.findings.some((f) => f.data.config === 'tiny_copy' && f.severity === 'error'), 'the override to 1000 fixes tiny_copy');
    // Two configs on the same line keep apart fingerprints.
    const prints = report.findings.map((f) => f.fingerprint);
    assert.equal(new Set(prints).size, prints.length);
  });

  test('a fix edits the keyword on its line, and is shown only after it works', () => {
    const text = registry(`def short() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(
            warmup_steps=10,
            total_steps=500,
        ),
        training=TrainingConfig(steps=1000),
    )
`);
    const report = review([{ path: PATH, text }]);
    const fixed = report.findings.find((f) => f.severity === 'error' && f.fix?.edits.length);
    assert.ok(fixed, `an error with a fix: ${report.findings.map((f) => `${f.ruleId} ${f.message}`).join(' | ')}`);
    for (const e of fixed.fix!.edits) {
      assert.equal(e.path, PATH);
      assert.ok(text.split('\n')[e.line - 1]!.includes(`${e.key}=`), `edit of ${e.key} at line ${e.line}`);
    }
  });

  test('an edit of a keyword argument on a line of its own keeps its comma', () => {
    const text = 'x = f(\n    total_steps=500,  # note\n    steps=10,\n)\n';
    assert.equal(applyEdits(text, [{ line: 2, key: 'total_steps', value: 1000 }], 'python'), 'x = f(\n    total_steps=1000,  # note\n    steps=10,\n)\n');
  });

  test('a fix of an inherited value that would break the config it comes from is not shown', () => {
    const text = registry(`def base() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(
            warmup_steps=10,
            total_steps=500,
        ),
        training=TrainingConfig(steps=500),
    )


def longer() -> Trainer.Config:
    config = base()
    config.training.steps = 800
    return config
`);
    const report = review([{ path: PATH, text }]);
    const error = report.findings.find((f) => f.severity === 'error' && f.data.config === 'longer');
    assert.ok(error, report.findings.map((f) => f.message).join(' | '));
    assert.equal(error.line, lineOf(text, 'total_steps=500'));
    // Raising total_steps on that line would make \`base\` stop before its schedule ends: no fix is offered.
    assert.equal(error.fix, undefined);
  });

  test('an inherited finding is reported once, naming every config it applies to', () => {
    const text = registry(`def base() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=3e-4),
        lr_scheduler=LRSchedulersContainer.Config(warmup_steps=10, total_steps=500),
        training=TrainingConfig(steps=1000),
    )


def variant_a() -> Trainer.Config:
    config = base()
    return config


def variant_b() -> Trainer.Config:
    config = base()
    return config
`);
    const report = review([{ path: PATH, text }]);
    const errors = report.findings.filter((f) => f.severity === 'error' && f.ruleId === 'TL107');
    assert.equal(errors.length, 1, errors.map((f) => f.message).join('\n'));
    assert.match(errors[0]!.message, /^configs `base`, `variant_a`, `variant_b`: /);
    assert.equal(errors[0]!.data.configs, 'base, variant_a, variant_b');
  });

  test('defaults: no lr_scheduler and no training give warmup 200 over 10000 steps; default_adamw() gives 8e-4', () => {
    const plan = plans(registry(`def plain() -> Trainer.Config:
    return Trainer.Config(optimizer=default_adamw())
`)).get('plain')!.context.head!.plan;
    assert.equal(plan.optimizer.lr.value, 8e-4);
    assert.equal(plan.totalSteps.value, 10000);
    assert.equal(plan.warmup?.steps.value, 200);
    assert.match(plan.optimizer.lr.how, /default_adamw/);
  });

  test('param groups: the catch-all group gives the LR drawn', () => {
    const text = `from torchtitan.components.optimizer import LRSchedulersContainer, OptimizersContainer, ParamGroupConfig
from torchtitan.config import TrainingConfig
from torchtitan.trainer import Trainer


def grouped() -> Trainer.Config:
    return Trainer.Config(
        optimizer=OptimizersContainer.Config(
            param_groups=[
                ParamGroupConfig(pattern=r"\\.bias$", optimizer_name="AdamW", optimizer_kwargs={"lr": 1e-5}),
                ParamGroupConfig(pattern=r".*", optimizer_name="AdamW", optimizer_kwargs={"lr": 2e-4}),
            ],
        ),
        lr_scheduler=LRSchedulersContainer.Config(warmup_steps=5),
        training=TrainingConfig(steps=50),
    )
`;
    const plan = plans(text).get('grouped')!.context.head!.plan;
    assert.equal(plan.optimizer.lr.value, 2e-4);
    assert.ok(plan.assumptions.some((a) => /2 parameter groups/.test(a)));
  });

  test('what cannot be known is said, not guessed: not simulated, with the reason', () => {
    const text = registry(`from torchtitan.experiments.other import convert


def converted() -> Trainer.Config:
    return convert(Trainer.Config(optimizer=default_adamw(lr=1e-4)))


def conditional() -> Trainer.Config:
    config = Trainer.Config(optimizer=default_adamw(lr=1e-4), training=TrainingConfig(steps=100))
    if FLAG:
        config.training.steps = 200
    return config


def no_optimizer() -> Trainer.Config:
    return Trainer.Config(training=TrainingConfig(steps=100))
`);
    const found = plans(text);
    const converted = found.get('converted')!;
    assert.equal(converted.status, 'not-simulated');
    assert.match(converted.context.planProblem!.message, /convert\(\)` comes from torchtitan\.experiments\.other/);
    assert.equal(found.get('conditional')!.status, 'not-simulated');
    assert.match(found.get('conditional')!.context.planProblem!.message, /training\.steps .*`if` block/);
    assert.equal(found.get('no_optimizer')!.status, 'not-simulated');
  });

  test('an unknown LRSchedulersContainer.Config field is refused as torchtitan refuses it', () => {
    const text = registry(`def old_key() -> Trainer.Config:
    return Trainer.Config(
        optimizer=default_adamw(lr=1e-4),
        lr_scheduler=LRSchedulersContainer.Config(warmup_steps=5, lr_min=0.1),
        training=TrainingConfig(steps=100),
    )
`);
    const a = plans(text).get('old_key')!;
    assert.equal(a.status, 'reviewed');
    assert.equal(a.context.planProblem?.kind, 'invalid');
    assert.match(a.context.planProblem!.message, /no field `lr_min`/);
    const report = review([{ path: PATH, text }]);
    const error = report.findings.find((f) => f.severity === 'error');
    assert.ok(error, 'the refused config is an error');
    assert.equal(error.line, lineOf(text, 'lr_min=0.1'));
  });

  test('an RL controller config (a trainer inside another loop) is not simulated', () => {
    const text = registry(`from torchtitan.experiments.rl.controller import Controller
from torchtitan.experiments.rl.actors.trainer import PolicyTrainer


def rl_run() -> Controller.Config:
    return Controller.Config(
        trainer=PolicyTrainer.Config(
            optimizer=default_adamw(lr=1e-6),
            lr_scheduler=LRSchedulersContainer.Config(warmup_steps=0, min_lr_factor=1.0),
            training=TrainingConfig(),
        ),
    )
`);
    const a = plans(text).get('rl_run')!;
    assert.equal(a.status, 'not-simulated');
    assert.match(a.context.planProblem!.message, /trainer/);
  });

  test('a module that registers no job config is not a training config; a helper module is not a registry', () => {
    const helpers = registry(`def make_optimizer(lr: float = 1e-3):
    return default_adamw(lr=lr)
`);
    assert.equal(review([{ path: 'pkg/helpers.py', text: helpers }]).files.length, 0);
  });

  test('TOML job configs of older releases are still read', () => {
    const text = '[optimizer]\nlr = 3e-4\n\n[lr_scheduler]\nwarmup_steps = 10\n\n[training]\nsteps = 100\n';
    const [a] = analyseConfigs('train_configs/x.toml', text, DEFAULT_SETTINGS);
    assert.equal(a!.status, 'reviewed');
    assert.equal(a!.context.config, undefined);
    assert.equal(a!.context.head!.plan.semantics, 'torchtitan@238fa995');
  });
});
