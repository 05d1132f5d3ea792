import { countOf, formatValue } from '../core/access.ts';
import { fixFrom, restoreBase } from './fix.ts';
import { percent, type Rule } from './rule.ts';

export const decayEndsBeforeTraining: Rule = {
  id: 'TL101',
  name: 'decay-ends-before-training',
  defaultSeverity: 'error',
  summary: 'The schedule reaches its final LR before the last optimizer step.',
  judgesRunLength: true,
  check(context) {
    const { head, doc } = context;
    if (!head) return [];
    const { plan, curve } = head;
    const total = plan.schedule.totalSteps;
    const settles = curve.settlesAt;
    // Reaching the final LR at the last update is how most schedules end; only updates before it are wasted.
    if (settles === null || settles >= total - 1 - (plan.finalTailSteps ?? 0) || !plan.decay) return [];
    // The floor starts where the last decay phase ends: `settles` is the decay end the table shows (milestones decayEnd).
    const floorPhase = plan.schedule.phases.find((p) => p.start === settles && p.kind === 'floor');
    if (!floorPhase) return [];
    const rest = total - settles;
    const zero = curve.finalLr === 0;
    const decay = plan.decay;
    const at = decay.steps.from[0] ?? decay.start.from[0] ?? plan.totalSteps.from[0];
    const fix = fixFrom([
      restoreBase(decayEndsBeforeTraining, context),
      { edit: plan.fixes?.decayEndAt?.(total), why: `so that the decay ends at the last step (${total})` },
      { edit: plan.fixes?.totalStepsTo?.(settles), why: 'to stop training where the decay ends' },
    ], doc);
    // `starts at A and lasts B` only where A + B is the step named; otherwise how the end came about.
    const span = decay.start.value + decay.steps.value === settles ? `decay starts at ${decay.start.value} and lasts ${decay.steps.value}` : `decay starts at ${decay.start.value}; ${decay.steps.how}`;
    const hit = {
      message:
        `LR reaches ${formatValue(curve.finalLr)} at step ${settles} (${span}) ` +
        `but training runs ${countOf(total, 'step')}: ${countOf(rest, 'step')} (${percent(rest, total)} %) ${zero ? `learn${rest === 1 ? 's' : ''} nothing` : `stay${rest === 1 ? 's' : ''} at the floor LR ${formatValue(curve.finalLr)}`}.`,
      data: { decayEnd: settles, totalSteps: total, stepsAtFinalLr: rest, finalLr: curve.finalLr },
      severity: zero ? ('error' as const) : ('warning' as const),
      ...(at ? { at } : {}),
      ...(fix ? { fix } : {}),
    };
    return [hit];
  },
};
