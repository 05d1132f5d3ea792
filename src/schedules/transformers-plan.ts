// The TrainingPlan of a schedule built as transformers' get_scheduler builds it (schedules/transformers.ts): the curve,
// and its warmup and decay described with where each number came from. Shared by the dialects whose runs step a
// transformers scheduler (the Trainer family, axolotl, OpenRLHF).
import { formatNumber } from '../core/access.ts';
import type { PlanFixes, TrainingPlan } from '../core/plan.ts';
import { makeSchedule } from '../core/schedule.ts';
import type { Origin, Resolved } from '../core/types.ts';
import type { HfSchedule } from './transformers.ts';

export interface AssembleInput {
  dialect: string;
  semantics: string;
  lr: Resolved;
  optimizer: Resolved<string>;
  total: Resolved;
  totalSource: 'explicit' | 'derived';
  warmup: Resolved;
  built: HfSchedule;
  kwargsOrigin: Origin | undefined;
  assumptions: string[];
  fixes?: PlanFixes;
  horizon?: Resolved;
  finalTailSteps?: number;
}

/** A TrainingPlan from a built schedule: warmup and decay with how each number came about. */
export function assemblePlan(a: AssembleInput): TrainingPlan {
  const { built, lr, total, warmup } = a;
  const plan: TrainingPlan = {
    dialect: a.dialect,
    semantics: a.semantics,
    optimizer: { name: a.optimizer, lr },
    totalSteps: total,
    totalStepsSource: a.totalSource,
    schedule: makeSchedule({ totalSteps: total.value, peakLr: lr.value, lrAt: built.lrAt, phases: built.phases, declaredRestarts: built.declaredRestarts, ...(a.horizon ? { horizon: a.horizon.value } : {}) }),
    assumptions: a.assumptions,
    ...(a.fixes ? { fixes: a.fixes } : {}),
    ...(a.horizon ? { horizon: a.horizon } : {}),
    ...(a.finalTailSteps ? { finalTailSteps: a.finalTailSteps } : {}),
  };
  if (built.warmup) {
    const startLr = built.warmup.startFactor * lr.value;
    plan.warmup = {
      steps: warmup,
      style: built.warmup.style,
      startLr: { value: startLr, how: startLr === 0 ? 'warmup starts at 0' : `warmup starts at ${formatNumber(Number(built.warmup.startFactor.toPrecision(6)))} x learning_rate = ${formatNumber(startLr)}`, from: lr.from },
    };
  }
  if (built.decay) {
    const d = built.decay;
    const minLr = d.endFactor * lr.value;
    plan.decay = {
      style: d.style,
      start: { value: d.start, how: d.startHow ?? (d.start === warmup.value ? `decay starts when warmup ends (step ${d.start})` : `decay starts at step ${d.start}`), from: d.startHow && a.kwargsOrigin ? [a.kwargsOrigin, ...warmup.from] : warmup.from },
      steps: { value: d.steps, how: `decay ends at step ${d.start + d.steps} (${total.value} steps in the run)`, from: a.kwargsOrigin ? [a.kwargsOrigin, ...total.from] : total.from },
      minLr: { value: minLr, how: minLr === 0 ? `decays to 0 (${d.style})` : `${formatNumber(Number(d.endFactor.toPrecision(6)))} x learning_rate ${formatNumber(lr.value)} = ${formatNumber(minLr)}`, from: a.kwargsOrigin ? [a.kwargsOrigin, ...lr.from] : lr.from },
    };
  }
  return plan;
}
