// torchtitan (pytorch/torchtitan): Python config registries (`config_registry.py`, since 9810191b, 2026-02-23), each
// registered config reviewed on its own, and the TOML job configs of older releases. Both feed the same
// warmup-stable-decay plan (wsd.ts).
import schema from '../../../../schemas/torchtitan.schema.json' with { type: 'json' };
import { defaulted, type DocReader } from '../../../core/access.ts';
import type { Dialect, PlanContext, PlanResult } from '../../../core/plan.ts';
import type { ParsedDoc } from '../../../core/parse.ts';
import { looksLikeRegistry, mayBeRegistry, registeredConfigs, registryInfo, REGISTRY_COMMIT, type RegistryInfo } from './registry.ts';
import { detectToml, planToml, trainingSteps } from './toml.ts';
import { wsdPlan } from './wsd.ts';

export { titanFactor, titanLegacyFactor, type TitanDecayType, type TitanWsd } from './wsd.ts';
// build() rounds decay_ratio x total_steps with Python's round().
export { roundHalfEven } from '../../../core/python-numbers.ts';

const REGISTRY_VERSION = `torchtitan@${REGISTRY_COMMIT}`;

function detect(doc: ParsedDoc): number {
  if (doc.format === 'toml') return detectToml(doc);
  return doc.format === 'python' && looksLikeRegistry(doc) ? 0.9 : 0;
}

/**
 * One registered config: defaults of LRSchedulersContainer.Config and TrainingConfig at b5bcd76c (warmup_steps 200,
 * decay_ratio None, decay_type linear, min_lr_factor 0; training.steps 10000, config/configs.py), the trainer building
 * the scheduler with training_steps=config.training.steps (trainer.py).
 */
function planRegistry(r: DocReader, info: RegistryInfo): PlanResult {
  if (info.problem) return { ok: false, problem: info.problem };
  const lr = r.number(['optimizer', 'lr']) ?? (info.lrDefault ? defaulted(info.lrDefault.value, info.lrDefault.how) : undefined);
  if (!lr) return { ok: false, problem: { kind: 'not-simulated', message: `\`${info.name}()\`: the optimizer's lr is not known` } };
  const optimizerName = defaulted(info.optimizerName ?? 'AdamW', `optimizer: ${info.optimizerName ?? 'AdamW'}`, r.has(['optimizer']) ? [r.origin(['optimizer'])] : []);
  const run = trainingSteps(r, defaulted(10000, `training.steps unset: 10000 (TrainingConfig default, ${REGISTRY_VERSION})`));
  if (!run.ok) return run.result;
  const plan = wsdPlan(r, lr, optimizerName, run.steps, REGISTRY_VERSION);
  plan.assumptions.unshift(...info.notes);
  return { ok: true, plan };
}

function plan(r: DocReader, _context: PlanContext): PlanResult {
  const info = registryInfo(r.doc);
  return info ? planRegistry(r, info) : planToml(r);
}

export const torchtitan: Dialect = {
  id: 'torchtitan',
  title: 'torchtitan',
  follows:
    'pytorch/torchtitan @b5bcd76c (config_registry.py, components/optimizer/lr_scheduler.py, config/configs.py, trainer.py); ' +
    'TOML configs @238fa995 (components/lr_scheduler.py, config/job_config.py; same lambda); 2024 format @eef8bb2b',
  schema,
  // tomllib reads a TOML file; values go into the dataclasses as they are (no conversion), so a string where a number
  // belongs is passed on and fails where it is used. A registry passes Python values straight to the dataclasses.
  loader: { yaml: 'yaml12', stringForNumber: 'passed-on', citation: 'tomllib + dataclasses, torchtitan @238fa995; Python registries @b5bcd76c' },
  formats: ['toml', 'python'],
  detect,
  mayDetectPython: mayBeRegistry,
  configsOf: (doc) => (doc.format === 'python' ? registeredConfigs(doc) : undefined),
  plan,
};
