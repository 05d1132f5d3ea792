// torchtitan's goldens (../shared/goldens/torchtitan.json, LR values of its own LRSchedulersContainer lambda) through
// registry text: each case written as a config_registry.py, once as one registered config and once as a config that
// inherits from another and overrides every schedule key, and the simulated lrAt(k) of both must match to 1e-12.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseConfigs } from '../src/pipeline/review.ts';
import { DEFAULT_SETTINGS } from '../src/pipeline/settings.ts';
import { readGoldenFiles, sharedFolder, toleranceRatio, type GoldenCase } from './support/shared-data.ts';

const py = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v));
const kwargs = (o: Record<string, unknown> | undefined): string =>
  Object.entries(o ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${py(v)}`)
    .join(', ');

/** The golden's config as a registry: `golden` sets it directly; `golden_inherited` overrides a different base. */
export function registryText(c: GoldenCase): string {
  const config = c.config as { optimizer?: { lr?: number }; lr_scheduler?: Record<string, unknown>; training?: Record<string, unknown> };
  const lr = config.optimizer?.lr;
  const adamw = lr === undefined ? 'default_adamw()' : `default_adamw(lr=${py(lr)})`;
  const lines = [
    'from torchtitan.components.optimizer import default_adamw, LRSchedulersContainer',
    'from torchtitan.config import TrainingConfig',
    'from torchtitan.trainer import Trainer',
    '',
    '',
    'def golden() -> Trainer.Config:',
    '    return Trainer.Config(',
    `        optimizer=${adamw},`,
    `        lr_scheduler=LRSchedulersContainer.Config(${kwargs(config.lr_scheduler)}),`,
    `        training=TrainingConfig(${kwargs(config.training)}),`,
    '    )',
    '',
    '',
    'def other_base() -> Trainer.Config:',
    '    return Trainer.Config(',
    '        optimizer=default_adamw(lr=1.0),',
    '        lr_scheduler=LRSchedulersContainer.Config(warmup_steps=1, decay_ratio=0.5, decay_type="cosine", min_lr_factor=0.5),',
    '        training=TrainingConfig(steps=7),',
    '    )',
    '',
    '',
    'def golden_inherited() -> Trainer.Config:',
    '    config = other_base()',
    `    config.optimizer = ${adamw}`,
    `    config.lr_scheduler = LRSchedulersContainer.Config(${kwargs(config.lr_scheduler)})`,
    ...Object.entries(config.training ?? {}).map(([k, v]) => `    config.training.${k} = ${py(v)}`),
    '    return config',
    '',
  ];
  return lines.join('\n');
}

const folder = sharedFolder('TRAINLINT_GOLDENS', '../shared/goldens');
const file = folder.ok ? readGoldenFiles(folder.path).find((f) => 'framework' in f && f.framework === 'torchtitan') : undefined;

if (!file || !('cases' in file)) {
  test('torchtitan goldens through registry text', { skip: folder.ok ? 'no torchtitan golden file' : folder.reason }, () => {});
} else {
  describe('torchtitan goldens through config_registry.py text', () => {
    for (const c of file.cases) {
      test(c.name, () => {
        const text = registryText(c);
        const analyses = new Map(analyseConfigs('torchtitan/models/golden/config_registry.py', text, DEFAULT_SETTINGS).map((a) => [a.context.config, a]));
        for (const name of ['golden', 'golden_inherited']) {
          const a = analyses.get(name);
          assert.ok(a?.context.head, `${c.name} ${name}: no plan (${a?.status}: ${a?.context.planProblem?.message})\n${text}`);
          const plan = a.context.head.plan;
          const training = c.derived?.training_steps;
          if (typeof training === 'number') assert.equal(plan.totalSteps.value, training, `${c.name} ${name}: training steps`);
          if (typeof c.derived?.warmup_steps === 'number') assert.equal(plan.warmup?.steps.value, c.derived.warmup_steps, `${c.name} ${name}: warmup`);
          let bad = 0;
          let first = '';
          for (const [k, want] of c.lr ?? []) {
            const got = plan.schedule.lrAt(k);
            if (toleranceRatio(got, want) > 1) {
              bad++;
              first ||= `step ${k}: trainlint ${got}, golden ${want}`;
            }
          }
          assert.equal(bad, 0, `${c.name} ${name}: ${bad} LR points out of tolerance, first ${first}`);
        }
      });
    }
  });
}
