// The handful of numbers a reviewer compares between two versions of a schedule. Used by the
// schedule-changed rule and by the before/after table, so both always say the same thing.
import { formatNumber, formatValue, percentText } from './access.ts';
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
  return `${formatValue(value)}${unit}${howSuffix(value, how)}`;
}

function howSuffix(value: number, how: string): string {
  const m = /^([\w.-]+): (.+)$/.exec(how);
  return m && m[2] === formatNumber(value) ? ` (\`${m[1]}\`)` : ` (${how})`;
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

/**
 * Where the decay ends, the one number every text shows for it (table, chart, TL101, TL102): the first update at the
 * decay's end value as the simulation has it (the end of the last finite decay phase, 0-based as `lrAt`), so a run of
 * that many updates ends with the decay. A wave that would end past its schedule's span (a fractional number of hard
 * restarts) ends where that wave would. Null without a decay, or for one that has no end.
 */
export function decayEnd(plan: TrainingPlan): number | null {
  if (!plan.decay) return null;
  const finite = plan.schedule.phases.filter((p) => p.kind === 'decay' && Number.isFinite(p.end));
  const last = finite[finite.length - 1];
  return last ? last.end : plan.decay.start.value + plan.decay.steps.value;
}

/** `100 + 60`, `100 - 60`: a sum as a person writes it. */
export function sumText(a: number | string, b: number): string {
  return b < 0 ? `${a} - ${formatValue(-b)}` : `${a} + ${formatValue(b)}`;
}

/** A decay the plan does not model as one (inverse sqrt: no end value): where it starts, and how far the run takes it. */
function openDecay(plan: TrainingPlan, curve: CurveStats): { start: number; style: string; text: string } | undefined {
  const total = plan.schedule.totalSteps;
  const phase = plan.schedule.phases.find((p) => p.kind === 'decay' && p.start < total);
  if (!phase) return undefined;
  const peak = plan.schedule.peakLr;
  const ratio = curve.finalLr > 0 && peak > 0 ? peak / curve.finalLr : null;
  const fall = ratio !== null && ratio > 1 ? `, falls ${formatValue(Number(ratio.toPrecision(3)))}x to ${formatValue(curve.finalLr)} by the last step` : '';
  return { start: phase.start, style: phase.style, text: `no end (${phase.style}${fall})` };
}

/** An LR for the table: `not a number` rather than `NaN` where the schedule's formula gives none (TL106 says why). */
function lrText(value: number): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? 'infinite' : 'minus infinity';
  return formatValue(value);
}

export function milestones(plan: TrainingPlan, curve: CurveStats): Milestone[] {
  const total = plan.schedule.totalSteps;
  const end = decayEnd(plan);
  const endEpochs = end === null ? undefined : epochsText(plan, end);
  const open = plan.decay ? undefined : openDecay(plan, curve);
  const m = (id: Milestone['id'], label: string, value: number | null, text: string, at?: Origin): Milestone =>
    at ? { id, label, value, text, at } : { id, label, value, text };
  const decayEndText = (): string => {
    if (open) return open.text;
    if (end === null || !plan.decay) return '-';
    const { start, steps } = plan.decay;
    const where = `${end}${endEpochs ? ` (at ${endEpochs})` : ''}`;
    // The derivation is shown when it adds up to the number; otherwise how the end came about says it.
    return start.value + steps.value === end ? `${where} = ${sumText(start.value, steps.value)}${howSuffix(steps.value, steps.how)}` : `${where} (${steps.how})`;
  };
  const decayStartText = plan.decay
    ? `${withHow(plan.decay.start.value, plan.decay.start.how, epochsOf(plan, plan.decay.start.value))}, ${plan.decay.style}`
    : open
      ? `${open.start}${epochsOf(plan, open.start)}, ${open.style}`
      : 'no decay';
  return [
    m('peakLr', 'peak LR', plan.optimizer.lr.value, lrText(plan.optimizer.lr.value), plan.optimizer.lr.from[0]),
    m('totalSteps', 'optimizer steps', total, withHow(total, plan.totalSteps.how, epochsOf(plan, total)), plan.totalSteps.from[0]),
    m(
      'warmup',
      'warmup',
      plan.warmup?.steps.value ?? 0,
      plan.warmup ? `${withHow(plan.warmup.steps.value, plan.warmup.steps.how, ` ${plan.warmup.steps.value === 1 ? 'step' : 'steps'}${epochsOf(plan, plan.warmup.steps.value)}`)}, ${plan.warmup.style}` : 'none',
      plan.warmup?.steps.from[0],
    ),
    m('decayStart', 'decay start', plan.decay?.start.value ?? open?.start ?? null, decayStartText, plan.decay?.start.from[0]),
    m('decayEnd', 'decay end', end, decayEndText(), plan.decay?.steps.from[0]),
    m('minLr', 'min LR', plan.decay?.minLr.value ?? null, plan.decay ? withHow(plan.decay.minLr.value, plan.decay.minLr.how) : '-', plan.decay?.minLr.from[0]),
    m('finalLr', 'LR at the last step', curve.finalLr, lrText(curve.finalLr)),
    m('zeroLrSteps', 'steps at LR 0', curve.zeroLrSteps, curve.zeroLrSteps === 0 ? '0' : `${curve.zeroLrSteps}${epochsOf(plan, curve.zeroLrSteps)} (${percentText(curve.zeroLrSteps, total)} %)`),
  ];
}

