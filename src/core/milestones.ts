// The handful of numbers a reviewer compares between two versions of a schedule. Used by the
// schedule-changed rule and by the before/after table, so both always say the same thing.
import { formatNumber, formatValue } from './access.ts';
import { formatEpochs, type TrainingPlan } from './plan.ts';
import type { CurveStats } from './schedule.ts';
import type { Origin } from './types.ts';

export interface Milestone {
  id: 'peakLr' | 'totalSteps' | 'warmup' | 'decayStart' | 'decayEnd' | 'minLr' | 'finalLr' | 'zeroLrSteps';
  label: string;
  value: number | null;
  /** The value with how it came about, for the table (`600000 (train_steps)`). */
  text: string;
  at?: Origin;
}

/** `600000 (train_steps: 600000)` says the number twice: a value read as written shows just its key. */
function withHow(value: number, how: string, unit = ''): string {
  const m = /^([\w.-]+): (.+)$/.exec(how);
  return m && m[2] === formatNumber(value) ? `${formatValue(value)}${unit} (\`${m[1]}\`)` : `${formatValue(value)}${unit} (${how})`;
}

/** `0.3 epochs` for a step count when the run's length is assumed (the steps then only place things in epochs). */
function epochsText(plan: TrainingPlan, steps: number): string | undefined {
  const per = plan.assumedLength?.updatesPerEpoch;
  return per ? formatEpochs(steps / per) : undefined;
}

function epochsOf(plan: TrainingPlan, steps: number): string {
  const text = epochsText(plan, steps);
  return text ? ` = ${text}` : '';
}

export function milestones(plan: TrainingPlan, curve: CurveStats): Milestone[] {
  const total = plan.schedule.totalSteps;
  const decayEnd = plan.decay ? plan.decay.start.value + plan.decay.steps.value : null;
  const decayEndEpochs = decayEnd === null ? undefined : epochsText(plan, decayEnd);
  const m = (id: Milestone['id'], label: string, value: number | null, text: string, at?: Origin): Milestone =>
    at ? { id, label, value, text, at } : { id, label, value, text };
  return [
    m('peakLr', 'peak LR', plan.optimizer.lr.value, formatValue(plan.optimizer.lr.value), plan.optimizer.lr.from[0]),
    m('totalSteps', 'optimizer steps', total, withHow(total, plan.totalSteps.how, epochsOf(plan, total)), plan.totalSteps.from[0]),
    m(
      'warmup',
      'warmup',
      plan.warmup?.steps.value ?? 0,
      plan.warmup ? `${withHow(plan.warmup.steps.value, plan.warmup.steps.how, ` steps${epochsOf(plan, plan.warmup.steps.value)}`)}, ${plan.warmup.style}` : 'none',
      plan.warmup?.steps.from[0],
    ),
    m('decayStart', 'decay start', plan.decay?.start.value ?? null, plan.decay ? `${withHow(plan.decay.start.value, plan.decay.start.how, epochsOf(plan, plan.decay.start.value))}, ${plan.decay.style}` : 'no decay', plan.decay?.start.from[0]),
    m('decayEnd', 'decay end', decayEnd, decayEnd === null || !plan.decay ? '-' : `${decayEnd}${decayEndEpochs ? ` (at ${decayEndEpochs})` : ''} = ${plan.decay.start.value} + ${withHow(plan.decay.steps.value, plan.decay.steps.how)}`, plan.decay?.steps.from[0]),
    m('minLr', 'min LR', plan.decay?.minLr.value ?? null, plan.decay ? withHow(plan.decay.minLr.value, plan.decay.minLr.how) : '-', plan.decay?.minLr.from[0]),
    m('finalLr', 'LR at the last step', curve.finalLr, formatValue(curve.finalLr)),
    m('zeroLrSteps', 'steps at LR 0', curve.zeroLrSteps, curve.zeroLrSteps === 0 ? '0' : `${curve.zeroLrSteps}${epochsOf(plan, curve.zeroLrSteps)} (${pct(curve.zeroLrSteps, total)} %)`),
  ];
}

function pct(part: number, whole: number): string {
  const v = (100 * part) / whole;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
