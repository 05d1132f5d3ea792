// torchtitan's TOML job configs (releases before the config registries of 9810191b, 2026-02-23): `[lr_scheduler]` +
// `[training] steps`, defaults from torchtitan/config/job_config.py @238fa995 (the last TOML-config release), read with
// tomllib into dataclasses (config/manager.py: unknown keys raise ValueError).
// The 2024 format (`[training] warmup_steps`, no `[lr_scheduler]`) follows torchtitan/optimizer.py
// linear_warmup_linear_decay @eef8bb2b.
import { defaulted, formatNumber, type DocReader } from '../../../core/access.ts';
import type { PlanResult, TrainingPlan } from '../../../core/plan.ts';
import type { ParsedDoc } from '../../../core/parse.ts';
import { makeSchedule } from '../../../core/schedule.ts';
import type { Resolved } from '../../../core/types.ts';
import { isObject } from '../../shared.ts';
import { titanLegacyFactor, wsdPlan } from './wsd.ts';

export const TOML_VERSION = 'torchtitan@238fa995';
const LEGACY = 'torchtitan@eef8bb2b';

export function detectToml(doc: ParsedDoc): number {
  const d = doc.data;
  if (doc.format !== 'toml' || !isObject(d)) return 0;
  const training = isObject(d.training) ? d.training : undefined;
  const scheduled = isObject(d.lr_scheduler) || (training !== undefined && ('steps' in training || 'warmup_steps' in training));
  if (!scheduled) return 0;
  if (isObject(d.optimizer) || isObject(d.job) || isObject(d.model)) return 1;
  return 0.6;
}

/** `training.steps` as a run length, or why it is not one. */
export function trainingSteps(r: DocReader, fallback: Resolved): { ok: true; steps: Resolved } | { ok: false; result: PlanResult } {
  const steps = r.number(['training', 'steps']) ?? fallback;
  if (!Number.isInteger(steps.value) || steps.value < 1) {
    return { ok: false, result: { ok: false, problem: { at: r.origin(['training', 'steps']), message: `training.steps ${formatNumber(steps.value)} is not a positive whole number of steps`, kind: 'invalid' } } };
  }
  return { ok: true, steps };
}

export function planToml(r: DocReader): PlanResult {
  const lr = r.number(['optimizer', 'lr']) ?? defaulted(8e-4, `optimizer.lr unset: 8e-4 (${TOML_VERSION} default)`);
  const optimizerName = r.string(['optimizer', 'name']) ?? defaulted('AdamW', `optimizer.name unset: AdamW (${TOML_VERSION} default)`);
  const run = trainingSteps(r, defaulted(10000, `training.steps unset: 10000 (${TOML_VERSION} default)`));
  if (!run.ok) return run.result;
  const legacy = !r.has(['lr_scheduler']) && r.has(['training', 'warmup_steps']);
  return { ok: true, plan: legacy ? legacyPlan(r, lr, optimizerName, run.steps) : wsdPlan(r, lr, optimizerName, run.steps, TOML_VERSION) };
}

function legacyPlan(r: DocReader, lr: Resolved, optimizerName: Resolved<string>, steps: Resolved): TrainingPlan {
  const warmupGiven = r.number(['training', 'warmup_steps']) ?? defaulted(200, `training.warmup_steps unset: 200 (${LEGACY} default)`);
  const warmup = Math.trunc(warmupGiven.value);
  const decaySteps = Math.max(1, steps.value - warmup);
  const run = steps.value;
  return {
    dialect: 'torchtitan',
    semantics: LEGACY,
    optimizer: { name: optimizerName, lr },
    totalSteps: steps,
    totalStepsSource: 'explicit',
    warmup: { steps: { ...warmupGiven, value: warmup }, style: 'linear' },
    decay: {
      style: 'linear',
      start: { value: warmup, how: `decay starts when warmup ends (step ${warmup})`, from: warmupGiven.from },
      steps: { value: decaySteps, how: `max(1, training.steps - warmup_steps) = max(1, ${run} - ${warmup}) = ${decaySteps}`, from: [...steps.from, ...warmupGiven.from] },
      minLr: defaulted(0, 'linear decay to 0 (no floor in the 2024 scheduler)'),
    },
    schedule: makeSchedule({
      totalSteps: run,
      peakLr: lr.value,
      lrAt: (k) => lr.value * titanLegacyFactor(warmup, decaySteps, k),
      phases: [
        { kind: 'warmup', start: 0, end: warmup, style: 'linear' },
        { kind: 'decay', start: warmup, end: warmup + decaySteps, style: 'linear' },
      ],
    }),
    assumptions: ['2024 config format (`[training] warmup_steps`): warmup (k+1)/(warmup+1), then linear decay to 0 over the remaining steps'],
    fixes: {
      totalStepsTo: (n) => ({ at: r.origin(['training', 'steps']), value: n }),
      warmupTo: (n) => ({ at: r.origin(['training', 'warmup_steps']), value: n }),
    },
  };
}
